#!/usr/bin/env bash
# A production-shaped deployment on this one machine, every part a separate process as on many machines:
#   PostgreSQL (the database), Redis (the task queue, the shared cache and the sessions),
#   an S3 API for every stored file (moto's server mode standing in for the object store),
#   WEB_WORKERS web processes (gunicorn, sync workers), WORKERS task workers (huey; the first also runs the
#   periodic jobs), the node's search-index follower and the local SMTP server.
# Usage: make run-production   (or scripts/run-production.sh; the settings below can be given in the environment)
# The S3 stand-in keeps the files in its memory: they are gone when it stops. A real deployment points
# PRIMARIA_S3_ENDPOINT at its object store (MinIO, Ceph, a cloud's S3) and runs the same processes under systemd
# (docs/deployment.md, "Reference layout").
set -euo pipefail
cd "$(dirname "$0")/.."
PY=$PWD/.venv/bin/python

export PRIMARIA_VAR_DIR=${PRIMARIA_VAR_DIR:-$PWD/var/productie}
export DATABASE_URL=${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/primaria_productie}
export REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379/3}
PORT=${PORT:-8080}
S3_PORT=${S3_PORT:-9000}
MAIL_PORT=${MAIL_PORT:-8026}
SMS_PORT=${SMS_PORT:-8028}
WEB_WORKERS=${WEB_WORKERS:-3}
WORKERS=${WORKERS:-2}
DEMO_HISTORY=${DEMO_HISTORY:-2000}
export PRIMARIA_S3_BUCKET=${PRIMARIA_S3_BUCKET:-primaria-documente}
export PRIMARIA_S3_ENDPOINT=${PRIMARIA_S3_ENDPOINT:-http://127.0.0.1:$S3_PORT}
export PRIMARIA_S3_REGION=${PRIMARIA_S3_REGION:-eu-central-1}
export AWS_ACCESS_KEY_ID=${AWS_ACCESS_KEY_ID:-primaria-local}
export AWS_SECRET_ACCESS_KEY=${AWS_SECRET_ACCESS_KEY:-primaria-local-secret}
export PRIMARIA_EMAIL_PORT=$MAIL_PORT
export PRIMARIA_SMS_GATEWAY_PORT=$SMS_PORT
export PRIMARIA_SITE_URL=${PRIMARIA_SITE_URL:-http://127.0.0.1:$PORT}
export PRIMARIA_DEBUG=0
export PRIMARIA_NETOPIA_SANDBOX=${PRIMARIA_NETOPIA_SANDBOX:-1}
# The search index as on many machines: this node's own, kept up to date by its follower (archive_follow).
export PRIMARIA_SEARCH_PER_NODE=${PRIMARIA_SEARCH_PER_NODE:-1}
export PROMETHEUS_MULTIPROC_DIR=${PROMETHEUS_MULTIPROC_DIR:-$PRIMARIA_VAR_DIR/metrics}
mkdir -p "$PRIMARIA_VAR_DIR"
if [ -z "${PRIMARIA_SECRET_KEY:-}" ]; then  # made once, kept with the installation's other state
  [ -s "$PRIMARIA_VAR_DIR/secret_key" ] || (umask 077; $PY -c 'import secrets; print(secrets.token_urlsafe(50))' > "$PRIMARIA_VAR_DIR/secret_key")
  PRIMARIA_SECRET_KEY=$(cat "$PRIMARIA_VAR_DIR/secret_key"); export PRIMARIA_SECRET_KEY
fi
rm -rf "$PROMETHEUS_MULTIPROC_DIR" && mkdir -p "$PROMETHEUS_MULTIPROC_DIR"

pids=()
stop_all() {
  trap - EXIT INT TERM
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap stop_all EXIT INT TERM

# The object store first: migrations and the demo city already store files.
if [ "$PRIMARIA_S3_ENDPOINT" = "http://127.0.0.1:$S3_PORT" ]; then
  .venv/bin/moto_server -H 127.0.0.1 -p "$S3_PORT" > "$PRIMARIA_VAR_DIR/s3.log" 2>&1 & pids+=($!)
fi
$PY scripts/prepare_production.py

$PY manage.py migrate --no-input -v0
$PY manage.py collectstatic --no-input -v0
$PY manage.py create_demo_pki --with-demo-city
$PY manage.py load_demo_city --history "$DEMO_HISTORY"
$PY manage.py archive_reindex

$PY manage.py mailbox --port "$MAIL_PORT" & pids+=($!)
$PY manage.py smsgateway --port "$SMS_PORT" & pids+=($!)  # the local SMS gateway (PRIMARIA_SMS_URL points to it)
[ "$PRIMARIA_SEARCH_PER_NODE" = 1 ] && { nice -n 10 $PY manage.py archive_follow & pids+=($!); }
for i in $(seq 1 "$WORKERS"); do
  periodic=--no-periodic; [ "$i" = 1 ] && periodic=
  nice -n 10 $PY manage.py run_huey --workers 4 --worker-type thread $periodic & pids+=($!)
done
echo "Primăria Digitală (producție, local): $PRIMARIA_SITE_URL/  web: $WEB_WORKERS procese, lucrători: $WORKERS, S3: $PRIMARIA_S3_ENDPOINT  (oprire: Ctrl+C)"
$PY -m gunicorn --config python:config.gunicorn --bind "127.0.0.1:$PORT" --workers "$WEB_WORKERS" \
    --worker-class sync --timeout 60 --graceful-timeout 20 --access-logfile - config.wsgi:application & pids+=($!)
# One part ending ends them all, so that a broken part is seen rather than half a deployment left running.
wait -n "${pids[@]}"
echo "Un proces s-a oprit; se opresc și celelalte." >&2
