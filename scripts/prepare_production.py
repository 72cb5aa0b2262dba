"""Before the first start of scripts/run-production.sh: the PostgreSQL database and the S3 bucket exist.

Both are made only when missing; run again, it changes nothing. Reads DATABASE_URL, PRIMARIA_S3_BUCKET,
PRIMARIA_S3_ENDPOINT and PRIMARIA_S3_REGION (credentials: boto3's usual chain).
"""

import os
import sys
import time

import boto3
import dj_database_url
import psycopg
from botocore.exceptions import ClientError, EndpointConnectionError
from psycopg import sql


def database():
    config = dj_database_url.parse(os.environ["DATABASE_URL"])
    if "postgresql" not in config["ENGINE"]:
        sys.exit("DATABASE_URL trebuie să fie o bază PostgreSQL (postgres://...).")
    with psycopg.connect(host=config["HOST"] or None, port=config["PORT"] or None, user=config["USER"] or None,
                         password=config["PASSWORD"] or None, dbname="postgres", autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]]).fetchone()
        if not exists:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(config["NAME"])))
            print(f"Baza de date {config['NAME']} a fost creată.")


def bucket():
    name, region = os.environ["PRIMARIA_S3_BUCKET"], os.environ.get("PRIMARIA_S3_REGION") or None
    client = boto3.client("s3", endpoint_url=os.environ.get("PRIMARIA_S3_ENDPOINT") or None, region_name=region)
    deadline = time.monotonic() + 30
    while True:  # the object store may still be starting
        try:
            client.head_bucket(Bucket=name)
            return
        except EndpointConnectionError:
            if time.monotonic() > deadline:
                sys.exit(f"Depozitul S3 de la {client.meta.endpoint_url} nu răspunde.")
            time.sleep(0.3)
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") not in ("404", "NoSuchBucket"):
                raise
            options = {"CreateBucketConfiguration": {"LocationConstraint": region}} if region else {}
            client.create_bucket(Bucket=name, **options)
            print(f"Containerul S3 {name} a fost creat.")
            return


if __name__ == "__main__":
    database()
    if os.environ.get("PRIMARIA_S3_BUCKET"):
        bucket()
