import socket
import uuid

import pytest


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def s3_bucket(settings, monkeypatch):
    """A real S3 API on this machine (moto's server mode, over HTTP) with an empty bucket, set as the storage
    of every file exactly as production's PRIMARIA_S3_* settings set it. Yields a boto3 client of that server."""
    import boto3
    from moto.server import ThreadedMotoServer

    for name, value in {"AWS_ACCESS_KEY_ID": "primaria-test", "AWS_SECRET_ACCESS_KEY": "primaria-test-secret",
                        "AWS_DEFAULT_REGION": "eu-central-1"}.items():
        monkeypatch.setenv(name, value)
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    client = boto3.client("s3", endpoint_url=endpoint, region_name="eu-central-1")
    bucket = f"primaria-fisiere-{uuid.uuid4().hex[:12]}"  # the server's state lives in this process: one bucket per test
    client.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": "eu-central-1"})
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {
            "bucket_name": bucket, "endpoint_url": endpoint, "region_name": "eu-central-1",
            "default_acl": None, "querystring_auth": True, "file_overwrite": False}},
    }
    client.bucket = bucket
    yield client
    server.stop()
