"""What the archive's events imply (primaria.outbox). Every handler is idempotent: each checks what is
already done (natural keys, item status) before doing anything, so a run interrupted anywhere can simply
be run again."""

from primaria.outbox.services import handler

from . import services


@handler("archive.request", on=["request.issue", "request.withdraw", "archive.archive_request"])
def archive_request(event):
    """A resolved or withdrawn request goes to the archive: it waits (NotReady) while no nomenclator entry
    fits it, and is archived once one is saved (services.save_entry retries the waiting ones)."""
    services.archive_request(event.payload["request_id"])


@handler("archive.ocr", on=["archive.ocr"])
def ocr(event):
    try:
        services.digitise_item(event.payload["item_id"])
    except Exception as exc:
        if event.last_attempt:  # the file shows as failed in its batch
            services.mark_item_failed(event.payload["item_id"], f"{type(exc).__name__}: {exc}")
        raise


@handler("archive.index", on=["archive.index"], batch=500)
def index(events):
    """One commit for all the index work due (one writer at a time, see the tantivy engine). With an index per
    node, each node's follower applies the events instead (archive/follower.py)."""
    from .follower import per_node

    if per_node():
        return
    services.sync_index(sorted({e.payload["document_id"] for e in events}))


@handler("archive.delete_files", on=["archive.files_disposed"])
def delete_files(event):
    """The files of the units the archive commission approved for disposal are removed."""
    services.delete_disposed_files(event.payload["names"])
