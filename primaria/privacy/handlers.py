"""What the events of primaria.privacy imply (primaria.outbox)."""

from primaria.outbox.services import handler

from . import services


@handler("privacy.build_export", on=["privacy.export_requested"])
def build_export(event):
    services.build_export(event.payload["export_id"])


@handler("privacy.delete_export_files", on=["privacy.export_expired", "privacy.account_anonymised"])
def delete_export_files(event):
    """An expired export, or the exports of an anonymised account: their files go (idempotent)."""
    from .models import DataExport

    storage = DataExport._meta.get_field("file").storage
    names = event.payload.get("files") or [event.payload.get("file")]
    for name in names:
        if name and not DataExport.objects.filter(file=name).exists():
            storage.delete(name)
