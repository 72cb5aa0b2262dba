"""The fault scripts keep working: the smallest scenario of benchmarks/faults.py (the task queue unreachable for a
while, under a low load) runs end to end on its own deployment and finds nothing acknowledged or implied missing.

The script makes its own PostgreSQL database and its own processes, whatever database the suite runs on: it
runs once, with the SQLite suite (as tests/deployment/test_run_production.py). Its first run on a machine also
prepares the template it starts from later (var/faults-template), which takes a minute more.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest

ROOT = Path(__file__).resolve().parents[2]
DATABASE = "primaria_faults_test"
pytestmark = pytest.mark.skipif(
    "postgres" in os.environ.get("DATABASE_URL", ""),
    reason="the script makes its own PostgreSQL database; run once, with the SQLite suite")


def test_the_broker_scenario_runs_and_loses_nothing(tmp_path):
    results = tmp_path / "results.json"
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL")}
    try:
        finished = subprocess.run(
            [sys.executable, "benchmarks/faults.py", "broker", "--rate", "1", "--seconds", "18", "--drain", "25",
             "--quick", "--web-workers", "2", "--database", DATABASE, "--redis-db", "14",
             "--var-dir", str(tmp_path / "var"), "--results", str(results)],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=400)
    finally:
        with psycopg.connect("postgres://postgres@127.0.0.1:5432/postgres", autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
    assert finished.returncode == 0, finished.stdout[-4000:] + finished.stderr[-4000:]
    found = json.loads(results.read_text())
    assert found["acknowledged"] > 5 and found["in_database"] == found["acknowledged"] and not found["missing"]
    assert found["duplicate_numbers"] == 0
    started = found["effects"]["workflow.start"]  # each filing's process: started, or left to the next sweep
    assert started["recorded"] == started.get("done", 0) + started.get("scheduled", 0) == found["acknowledged"]
    assert started.get("done", 0) > 0
    assert not any(row.get("missing") for row in found["effects"].values())
    assert "queue unreachable" in " ".join(found["fault"]) and "reachable again" in " ".join(found["fault"])
    assert "| **acknowledged but missing** | **0** |" in finished.stdout
