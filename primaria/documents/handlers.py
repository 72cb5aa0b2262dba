"""What the events of primaria.documents imply (primaria.outbox)."""

from primaria.outbox.services import handler


@handler("documents.delete_replaced_pdf", on=["document.pdf_replaced"])
def delete_replaced_pdf(event):
    """A signature replaced a document's PDF with the signed one: the unsigned version is removed, unless a
    document still points at it (idempotent: a file already gone is nothing to do)."""
    from .models import OutgoingDocument

    name = event.payload["file"]
    if name and not OutgoingDocument.objects.filter(pdf=name).exists():
        OutgoingDocument._meta.get_field("pdf").storage.delete(name)


@handler("documents.delete_discarded_files", on=["document.discarded"])
def delete_discarded_files(event):
    """Uploads nobody used were discarded (documents.services.discard_drafts): their files go too, unless a
    document still points at one (idempotent: a file already gone is nothing to do)."""
    from .models import Document

    storage = Document._meta.get_field("file").storage
    for name in event.payload.get("files", []):
        if name and not Document.objects.filter(file=name).exists():
            storage.delete(name)
