"""The archive's background work runs as outbox deliveries: a worker that dies mid-way loses nothing, a
delivery is never done twice at once, failures are retried with back-off, and a change asked for during a
run is not lost."""

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path
from unittest import mock

import pytest
from django.db import connection
from django.utils import timezone

from primaria.archive import demo, services
from primaria.archive.models import ArchiveDocument, ScanItem
from primaria.archive.selectors import search
from primaria.outbox import runner
from primaria.outbox import services as outbox
from primaria.outbox.models import Delivery
from primaria.outbox.tasks import run_delivery, sweep_deliveries

ROOT = Path(__file__).resolve().parents[2]


def _import_without_workers(folder, actor, city):
    """Import a batch but let no worker start (as if the queue were down): deliveries stay pending."""
    manifest, files = services.read_folder(folder)
    with mock.patch.object(outbox, "wake"):
        batch, _ = services.import_batch(actor=actor, institution=city, title="Lot", manifest=manifest, files=files)
    return batch


@pytest.mark.django_db
def _ocr_of(item) -> Delivery:
    return Delivery.objects.get(handler="archive.ocr", event__payload__item_id=item.pk)


def test_a_delivery_left_running_by_a_dead_worker_is_taken_over_when_its_lease_expires(
        users, city, nomenclator, scanned_binder, run_on_commit):
    batch = _import_without_workers(scanned_binder, users.secretary, city)
    job = _ocr_of(batch.items.get(position=2))
    # A worker of another machine claimed it and died: status "running", lease still valid, then expired.
    Delivery.objects.filter(pk=job.pk).update(status=Delivery.Status.RUNNING, attempts=1, worker="alt-server:1:1:x",
                                              lease_until=timezone.now() + timedelta(minutes=4))
    with run_on_commit():
        sweep_deliveries.call_local()
    job.refresh_from_db()
    assert job.status == Delivery.Status.RUNNING and job.worker == "alt-server:1:1:x"  # the lease holds
    Delivery.objects.filter(pk=job.pk).update(lease_until=timezone.now() - timedelta(seconds=1))
    Delivery.objects.filter(status=Delivery.Status.PENDING).update(available_at=timezone.now() - timedelta(minutes=2))
    with run_on_commit():
        sweep_deliveries.call_local()
    job.refresh_from_db()
    assert job.status == Delivery.Status.DONE and job.attempts == 2
    assert batch.items.get(position=2).status == ScanItem.Status.DONE
    # The other file, never handed to a worker, is done too (pending past the grace period).
    assert set(batch.items.values_list("status", flat=True)) == {ScanItem.Status.DONE}


@pytest.mark.django_db
def test_a_message_delivered_twice_does_the_work_once(users, city, nomenclator, scanned_binder, run_on_commit):
    batch = _import_without_workers(scanned_binder, users.secretary, city)
    job = _ocr_of(batch.items.get(position=3))
    with run_on_commit():
        assert runner.run(job.pk) is True
    with run_on_commit():
        assert runner.run(job.pk) is False
    job.refresh_from_db()
    assert job.attempts == 1 and ArchiveDocument.objects.filter(title__startswith="Hotărârea").count() == 1


@pytest.mark.django_db
def test_failures_back_off_then_stay_failed_and_the_item_shows_it(users, city, nomenclator, scanned_binder, run_on_commit):
    batch = _import_without_workers(scanned_binder, users.secretary, city)
    item = batch.items.get(position=3)
    job = _ocr_of(item)
    with mock.patch("primaria.archive.ocr.run_tesseract", side_effect=RuntimeError("tesseract a murit")):
        for attempt in range(1, Delivery.MAX_ATTEMPTS + 1):
            Delivery.objects.filter(pk=job.pk).update(available_at=timezone.now())
            with run_on_commit():
                runner.run(job.pk)
            job.refresh_from_db()
            assert job.attempts == attempt and "tesseract a murit" in job.last_error
            if attempt < Delivery.MAX_ATTEMPTS:
                assert job.status == Delivery.Status.PENDING and job.available_at > timezone.now()
    assert job.status == Delivery.Status.FAILED
    item.refresh_from_db()
    assert item.status == ScanItem.Status.FAILED and "tesseract a murit" in item.error
    # Importing the same batch again runs the failed file once more.
    with run_on_commit():
        manifest, files = services.read_folder(scanned_binder)
        services.import_batch(actor=users.secretary, institution=city, title="Lot", manifest=manifest, files=files)
    item.refresh_from_db()
    assert item.status == ScanItem.Status.DONE


@pytest.mark.django_db
def test_a_change_asked_for_while_a_job_runs_is_not_lost(users, city, nomenclator, scanned_binder, run_on_commit):
    with run_on_commit():
        manifest, files = services.read_folder(scanned_binder)
        services.import_batch(actor=users.secretary, institution=city, title="Lot", manifest=manifest, files=files)
    document = ArchiveDocument.objects.get(title__startswith="Hotărârea")
    original_sync = services.sync_index
    runs = []

    def sync_and_meanwhile_change(ids):
        original_sync(ids)  # indexes the old title...
        runs.append(ids)
        if len(runs) == 1:
            ArchiveDocument.objects.filter(pk=document.pk).update(title="Hotărârea privind grădinița")
            services.request_index(document.pk)  # ...while someone changes it and asks again

    with mock.patch.object(services, "sync_index", side_effect=sync_and_meanwhile_change), run_on_commit():
        services.request_index(document.pk)
    indexing = Delivery.objects.filter(handler="archive.index", event__payload__document_id=document.pk)
    assert set(indexing.values_list("status", flat=True)) == {Delivery.Status.DONE}
    assert len(runs) == 2  # the run that started before the change did not count as the last one
    assert [r.document.pk for r in search(user=users.secretary, text="gradinita").results] == [document.pk]


def _database_url():
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    return f"postgres://{db['USER']}:{db.get('PASSWORD') or ''}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.mark.django_db(transaction=True)
def test_a_killed_huey_worker_job_is_retried_and_completes(users, city, nomenclator, tmp_path, settings):
    """A real `manage.py run_huey` consumer (SQLite queue) is killed with SIGKILL in the middle of an OCR
    job; the periodic job then hands the job to another worker, which completes it."""
    from huey.contrib.djhuey import HUEY
    from huey.storage import SqliteStorage

    folder = tmp_path / "lot"
    folder.mkdir()
    pages = [demo.render_scan(lines, seed=n, font_size=26) for n, lines in enumerate(demo.PERMIT_PAGES * 2)]
    (folder / "dosar.tif").write_bytes(demo.save_scan(pages, "TIFF"))
    (folder / "manifest.csv").write_text("fisier,titlu,indicativ,an\ndosar.tif,Dosarul autorizației 125,II/1,2019\n",
                                         encoding="utf-8")
    batch = _import_without_workers(folder, users.secretary, city)
    job = Delivery.objects.get(handler="archive.ocr")
    assert job.status == Delivery.Status.PENDING

    var = tmp_path / "worker-var"
    var.mkdir()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "DATABASE_URL": _database_url(),
           "PRIMARIA_VAR_DIR": str(var), "PRIMARIA_MEDIA_ROOT": str(settings.MEDIA_ROOT),
           "PRIMARIA_SEARCH_DIR": str(settings.PRIMARIA_SEARCH_DIR), "PRIMARIA_TASKS_IMMEDIATE": "0",
           "PRIMARIA_OUTBOX_LEASE_SECONDS": "2", "PRIMARIA_LOG_LEVEL": "ERROR"}
    # The web process puts the job's message on the worker's SQLite queue, as after a commit.
    SqliteStorage(name="primaria", filename=str(var / "tasks.sqlite3")).enqueue(HUEY.serialize_task(run_delivery.s(job.pk)))
    worker = subprocess.Popen([sys.executable, "manage.py", "run_huey", "--workers", "1"], cwd=ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            job.refresh_from_db()
            if job.status == Delivery.Status.RUNNING:
                break
            time.sleep(0.05)
        assert job.status == Delivery.Status.RUNNING, "the worker never took the job"
        time.sleep(0.3)  # well into the OCR of the 4 pages
    finally:
        os.killpg(worker.pid, signal.SIGKILL)  # the worker (and any OCR child it started) dies at once
        worker.wait(timeout=30)
    job.refresh_from_db()
    assert job.status == Delivery.Status.RUNNING and job.attempts == 1  # left behind by the dead worker
    assert batch.items.get().status == ScanItem.Status.PENDING and not ArchiveDocument.objects.exists()

    # The sweep sees that the worker's process is gone (same machine) without waiting for its lease.
    sweep_deliveries.call_local()  # the periodic sweep, run here by this (immediate) worker
    job.refresh_from_db()
    assert job.status == Delivery.Status.DONE and job.attempts == 2
    document = batch.items.get().document
    assert document.page_count == 4 and ArchiveDocument.objects.count() == 1
    assert {r.page for r in search(user=users.secretary, text="santierului").results} == {2, 4}
