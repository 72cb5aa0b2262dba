"""A web master killed with SIGKILL leaves no worker behind holding the port: a new master binds it at once.

gunicorn runs with the project's configuration (config/gunicorn.py) on a free port, with the sync workers of
a production deployment and the gthread workers of `make run`. Slow clients have each sent half a request, so
every worker is busy reading (a worker left alone waits for such a client for ever: only the master would
have stopped it). The test kills the master with SIGKILL, as an out-of-memory killer or `kill -9` would, then
checks that every worker is gone within a few seconds and that the port can be bound again.
"""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
WORKERS_GONE_WITHIN = 6.0
SLOW_CLIENTS = 4


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _children(pid: int) -> set[int]:
    children = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                children.add(int(entry.name))
    return children


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in {"Z", "X"}


def _port_free(port: int) -> bool:
    # As a new gunicorn master binds: SO_REUSEADDR set, so only a listening socket held open gets in the way.
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", port))
            s.listen()
        except OSError:
            return False
    return True


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize("worker_class", ["sync", "gthread"])
def test_workers_of_a_killed_master_exit_and_free_the_port(worker_class, tmp_path):
    port = _free_port()
    env = {**os.environ, "PRIMARIA_VAR_DIR": str(tmp_path / "var"), "DJANGO_SETTINGS_MODULE": "config.settings"}
    env.pop("DATABASE_URL", None)
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    master = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--config", "python:config.gunicorn", "--bind", f"127.0.0.1:{port}",
         "--workers", "2", "--worker-class", worker_class, "--threads", "2", "config.wsgi:application"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    workers: set[int] = set()
    slow_clients: list[socket.socket] = []
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            workers = _children(master.pid)
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/sanatate/viu/", timeout=5) as answer:
                    if answer.status == 200 and len(workers) == 2:
                        break
            except OSError:
                pass
            time.sleep(0.2)
        else:
            raise AssertionError("gunicorn did not start")
        assert not _port_free(port)
        for _ in range(SLOW_CLIENTS):
            client = socket.create_connection(("127.0.0.1", port), timeout=5)
            client.sendall(b"GET /sanatate/viu/ HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # the headers never end
            slow_clients.append(client)
        time.sleep(0.5)

        os.kill(master.pid, signal.SIGKILL)
        master.wait(timeout=10)
        deadline = time.monotonic() + WORKERS_GONE_WITHIN
        while time.monotonic() < deadline and any(_alive(pid) for pid in workers):
            time.sleep(0.1)
        survivors = [pid for pid in workers if _alive(pid)]
        assert not survivors, f"workers still running {WORKERS_GONE_WITHIN} s after the master was killed: {survivors}"
        assert _port_free(port)
    finally:
        for client in slow_clients:
            client.close()
        for pid in [master.pid, *workers]:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        if master.poll() is None:
            master.wait(timeout=10)
