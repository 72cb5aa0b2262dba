"""`make run-production` on this machine: PostgreSQL, Redis, an S3 API, several web processes and several workers,
each its own process; the site answers, every file is in the bucket, and stopping it leaves nothing behind."""

import os
import signal
import socket
import subprocess
import time
import uuid
from pathlib import Path

import psutil
import pytest
import requests

from tests.deployment.conftest import free_port

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(
    "postgres" in os.environ.get("DATABASE_URL", ""),
    reason="the deployment makes its own PostgreSQL database; run once, with the SQLite suite")


def _wait_ready(url, process, log: Path, seconds=420):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail("run-production.sh stopped before it was ready:\n" + log.read_text(errors="replace")[-3000:])
        try:
            if requests.get(url + "/sanatate/pregatit/", timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(1)
    pytest.fail("the deployment did not become ready")


def _descendants(pid):
    try:
        return psutil.Process(pid).children(recursive=True)
    except psutil.NoSuchProcess:
        return []


def _command(process) -> str:
    try:
        return " ".join(process.cmdline())
    except (psutil.ZombieProcess, psutil.NoSuchProcess):
        return ""


def test_the_production_shaped_deployment_serves_from_separate_processes_and_stops_cleanly(tmp_path):
    import boto3
    import psycopg

    name = f"primaria_deploy_{uuid.uuid4().hex[:8]}"
    port, s3_port, mail_port = free_port(), free_port(), free_port()
    env = {**os.environ, "PRIMARIA_VAR_DIR": str(tmp_path / "var"), "PORT": str(port), "S3_PORT": str(s3_port),
           "MAIL_PORT": str(mail_port), "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{name}",
           "REDIS_URL": "redis://127.0.0.1:6379/11", "DEMO_HISTORY": "0", "WEB_WORKERS": "3", "WORKERS": "2",
           "AWS_ACCESS_KEY_ID": "primaria-test", "AWS_SECRET_ACCESS_KEY": "primaria-test-secret"}
    for key in ("DJANGO_SETTINGS_MODULE", "PRIMARIA_S3_BUCKET", "PRIMARIA_S3_ENDPOINT", "PROMETHEUS_MULTIPROC_DIR"):
        env.pop(key, None)
    log = open(tmp_path / "run.log", "wb")  # noqa: SIM115  (closed after the processes end)
    process = subprocess.Popen([str(ROOT / "scripts/run-production.sh")], cwd=ROOT, env=env, stdout=log,
                               stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_ready(url, process, tmp_path / "run.log")
        commands = [_command(p) for p in _descendants(process.pid)]
        assert sum("gunicorn" in c for c in commands) == 1 + 3  # the master and three web processes
        assert sum("run_huey" in c for c in commands) == 2
        assert sum("run_huey" in c and "--no-periodic" in c for c in commands) == 1  # one runs the periodic jobs
        assert sum("archive_follow" in c for c in commands) == 1  # the node's search index has one writer

        page = requests.get(url + "/servicii/", timeout=10)
        assert page.status_code == 200 and "Primăria" in page.text

        # Every stored file is an object of the bucket; the var directory holds no media.
        s3 = boto3.client("s3", endpoint_url=f"http://127.0.0.1:{s3_port}", region_name="eu-central-1",
                          aws_access_key_id="primaria-test", aws_secret_access_key="primaria-test-secret")
        assert s3.list_objects_v2(Bucket="primaria-documente").get("KeyCount", 0) > 0
        media = tmp_path / "var" / "media"
        assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))
    finally:
        children = _descendants(process.pid)
        if process.poll() is None:
            os.kill(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=60)
        finally:
            log.close()
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
    _gone, alive = psutil.wait_procs(children, timeout=30)
    assert not alive, f"processes left running: {[p.pid for p in alive]}"
    with socket.socket() as s:  # the port is free for the next start: nothing listens on it any more
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as gunicorn binds: closed connections don't count
        s.bind(("127.0.0.1", port))
        s.listen()
    with psycopg.connect("postgres://postgres@127.0.0.1:5432/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
