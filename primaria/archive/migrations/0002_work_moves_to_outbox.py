"""The archive's own job table gives way to the outbox: unfinished jobs become events with a delivery."""

from django.db import migrations
from django.utils import timezone

KINDS = {"archive_request": ("archive.archive_request", "archive.request", "request_id", "requests.request"),
         "ocr": ("archive.ocr", "archive.ocr", "item_id", "archive.scanitem"),
         "index": ("archive.index", "archive.index", "document_id", "")}


def unfinished_jobs_to_events(apps, schema_editor):
    Job = apps.get_model("archive", "Job")
    Event = apps.get_model("outbox", "Event")
    Delivery = apps.get_model("outbox", "Delivery")
    now = timezone.now()
    for job in Job.objects.exclude(status="done").order_by("pk"):
        if job.kind not in KINDS:
            continue
        name, handler, key, subject_type = KINDS[job.kind]
        value = job.payload.get(key)
        event = Event.objects.create(name=name, payload={key: value}, created_at=job.created_at,
                                     subject_type=subject_type if subject_type else "",
                                     subject_id=str(value) if subject_type else "")
        Delivery.objects.create(event=event, handler=handler, available_at=now, last_error=job.last_error,
                                status="failed" if job.status == "failed" else "pending",
                                attempts=job.attempts if job.status == "failed" else 0)


class Migration(migrations.Migration):

    dependencies = [
        ("archive", "0001_initial"),
        ("outbox", "0001_outbox"),
    ]

    operations = [
        migrations.RunPython(unfinished_jobs_to_events, migrations.RunPython.noop),
        migrations.DeleteModel(name="Job"),
    ]
