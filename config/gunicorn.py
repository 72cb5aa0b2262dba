"""gunicorn settings for the web processes (`--config python:config.gunicorn`; see docs/deployment.md).

The processes keep no state of their own, so any number of them, on any number of machines, share the
load behind a balancer. Bind address, worker count and class come from the command line.
"""

import gc
import os


def child_exit(server, worker):
    # A worker that exits leaves its Prometheus gauges behind in the shared directory; they stop counting.
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)


def post_worker_init(worker):
    # What the worker has loaded by now (Django, the URL configuration, the views) lives as long as the
    # process: the cyclic garbage collector need not look at it again, so its pauses stay short.
    gc.freeze()
