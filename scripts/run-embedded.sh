#!/usr/bin/env bash
# The embedded default on one machine: the local mail server, the task worker and the web server.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
export PRIMARIA_DEBUG=${PRIMARIA_DEBUG:-0}
# The demo city pays by card through the local stand-in of the card gateway (NETOPIA API v2, /netopia-sandbox/).
export PRIMARIA_NETOPIA_SANDBOX=${PRIMARIA_NETOPIA_SANDBOX:-1}
# The web processes and the worker add up their Prometheus metrics (/metrics) in one directory, emptied here.
export PROMETHEUS_MULTIPROC_DIR=${PROMETHEUS_MULTIPROC_DIR:-var/metrics}
rm -rf "$PROMETHEUS_MULTIPROC_DIR" && mkdir -p "$PROMETHEUS_MULTIPROC_DIR"
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; }
trap cleanup EXIT INT TERM
$PY manage.py mailbox & pids+=($!)
$PY manage.py smsgateway & pids+=($!)  # the local SMS gateway: messages on http://127.0.0.1:8027/
# Background work yields the CPU to the pages: a periodic job never holds a resident's page up.
nice -n 10 $PY manage.py run_huey --workers 2 --worker-type thread & pids+=($!)
echo "Primăria Digitală: http://127.0.0.1:${PORT:-8000}/  (oprire: Ctrl+C)"
# Web processes keep no state, so several share the load; each has a few threads for slow clients.
$PY -m gunicorn --config python:config.gunicorn --bind "127.0.0.1:${PORT:-8000}" --workers "${WEB_WORKERS:-2}" --threads 8 \
    --worker-class gthread --access-logfile - config.wsgi:application
