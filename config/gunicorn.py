"""gunicorn settings for the web processes (`--config python:config.gunicorn`; see docs/deployment.md).

The processes keep no state of their own, so any number of them, on any number of machines, share the
load behind a balancer. Bind address, worker count and class come from the command line.
"""

import ctypes
import ctypes.util
import gc
import os
import signal
import sys
import threading
import time

# A worker whose master is gone (killed, even with SIGKILL) must not keep the listening socket: the next
# master could not bind the port. The kernel sends the worker SIGTERM when the master dies (Linux's
# PR_SET_PDEATHSIG), and a watcher thread in every worker notices the new parent as well (other systems, and
# a master that died before the worker asked the kernel): it closes the worker's copy of the listening
# sockets at once, so the port is free for the next master, and ends the worker MASTER_GONE_GRACE seconds
# later, when gunicorn's own loop has not ended it already (a worker busy with a slow client never would).
PR_SET_PDEATHSIG = 1
MASTER_CHECK_SECONDS = 0.5
MASTER_GONE_GRACE = 2.0


def child_exit(server, worker):
    # A worker that exits leaves its Prometheus gauges behind in the shared directory; they stop counting.
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)


def _die_with_parent(signum) -> bool:
    """Ask the kernel to send `signum` to this process when its parent dies (Linux only)."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        return libc.prctl(PR_SET_PDEATHSIG, int(signum), 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _watch_master(worker, master_pid):
    while os.getppid() == master_pid:
        time.sleep(MASTER_CHECK_SECONDS)
    worker.log.warning("Procesul master %s nu mai există: workerul %s se oprește.", master_pid, os.getpid())
    worker.alive = False
    for sock in list(getattr(worker, "sockets", None) or []):
        try:
            sock.close()
        except OSError:
            pass
    time.sleep(min(MASTER_GONE_GRACE, float(worker.cfg.graceful_timeout)))
    os._exit(0)


def post_fork(server, worker):
    master_pid = server.pid
    _die_with_parent(signal.SIGTERM)
    if os.getppid() != master_pid:  # the master died before the kernel was asked
        os._exit(0)
    threading.Thread(target=_watch_master, args=(worker, master_pid), name="master-watch", daemon=True).start()


def post_worker_init(worker):
    # What the worker has loaded by now (Django, the URL configuration, the views) lives as long as the
    # process: the cyclic garbage collector need not look at it again, so its pauses stay short.
    gc.freeze()
