"""What each kind of archive job does. Every handler is idempotent (see jobs.py)."""

from . import services
from .jobs import handler


@handler("archive_request")
def archive_request(job):
    services.archive_request(job.payload["request_id"])


@handler("ocr")
def ocr(job):
    from .models import Job

    try:
        services.digitise_item(job.payload["item_id"])
    except Exception as exc:
        if job.attempts >= Job.MAX_ATTEMPTS:  # the last attempt: the file shows as failed in its batch
            services.mark_item_failed(job.payload["item_id"], f"{type(exc).__name__}: {exc}")
        raise


@handler("index", batch=500)
def index(jobs):
    """One commit for all the index jobs due (one writer at a time, see the tantivy engine)."""
    services.sync_index(sorted({j.payload["document_id"] for j in jobs}))
