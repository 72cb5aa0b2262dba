import contextlib
import contextvars
from datetime import timedelta
from io import BytesIO

from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.translation import gettext as _

from primaria.core.files import check_upload, sha256_of
from primaria.core.validators import safe_filename

from .models import Document


def count_pages(data: bytes, mime: str) -> int:
    if mime == "application/pdf":
        from pypdf import PdfReader

        try:
            return max(1, len(PdfReader(BytesIO(data)).pages))
        except Exception:  # noqa: BLE001 - a damaged PDF still counts as one page
            return 1
    if mime == "image/tiff":
        from PIL import Image

        try:
            return max(1, getattr(Image.open(BytesIO(data)), "n_frames", 1))
        except Exception:  # noqa: BLE001
            return 1
    return 1


# The files written by the current change (see files_removed_on_error), per thread and per task: a list in a
# context variable, never one shared by the threads of a process.
_written: contextvars.ContextVar = contextvars.ContextVar("primaria_written_files", default=None)


@contextlib.contextmanager
def files_removed_on_error():
    """Deletes the files written inside the block if the block fails, so a rolled-back change leaves no file.

    Blocks nest: the files of an inner block that succeeded are removed too if the outer one fails.
    """
    outer = _written.get()
    mine: list = []
    token = _written.set(mine)
    try:
        yield
    except BaseException:
        for storage, name in mine:
            with contextlib.suppress(Exception):
                storage.delete(name)
        raise
    else:
        if outer is not None:
            outer.extend(mine)
    finally:
        _written.reset(token)


def track_written(storage, name):
    """Note a file just written to storage, so that a failure of the surrounding change removes it."""
    current = _written.get()
    if current is not None:
        current.append((storage, name))


def store_document(
    *, owner, institution, uploaded, source, title=None, document_type=None, created_by=None,
    allowed_kinds=None, max_size_mb=None, issued_on=None,
) -> Document:
    """Check an uploaded file by its content and keep it in the owner's folder."""
    document = prepare_document(owner=owner, institution=institution, uploaded=uploaded, source=source, title=title,
                                document_type=document_type, created_by=created_by, allowed_kinds=allowed_kinds,
                                max_size_mb=max_size_mb, issued_on=issued_on)
    document.save()
    return document


def prepare_document(
    *, owner, institution, uploaded, source, title=None, document_type=None, created_by=None,
    allowed_kinds=None, max_size_mb=None, issued_on=None,
) -> Document:
    """Check an uploaded file by its content and write it to storage; the row is saved by the caller.

    This is the slow part of an upload (parsing the file, writing it, to S3 perhaps): a domain function does
    it before it locks any row, inside `files_removed_on_error`, and saves the row in its short transaction.
    """
    _kind, mime = check_upload(uploaded, allowed_kinds=allowed_kinds, max_size_mb=max_size_mb)
    uploaded.seek(0)
    data = uploaded.read()
    issued_on = issued_on or timezone.localdate()
    valid_until = None
    if document_type is not None and document_type.validity_days:
        valid_until = issued_on + timedelta(days=document_type.validity_days)
    document = Document(
        owner=owner,
        institution=institution,
        document_type=document_type,
        title=title or (document_type.name if document_type else safe_filename(uploaded.name))[:250],
        original_name=safe_filename(uploaded.name),
        mime=mime,
        size=len(data),
        sha256=sha256_of(uploaded),
        pages=count_pages(data, mime),
        source=source,
        issued_on=issued_on,
        valid_until=valid_until,
        created_by=created_by if getattr(created_by, "is_authenticated", False) else None,
    )
    document.file.save("upload", ContentFile(data), save=False)
    track_written(document.file.storage, document.file.name)
    return document


def store_generated(*, owner, institution, data: bytes, title, source, document_type=None, created_by=None,
                    filename="document.pdf", mime="application/pdf", save=True) -> Document:
    """Keep a document the platform produced itself (an answer, a proof of registration). With `save=False`
    only the file is written (before a short transaction saves the row)."""
    import hashlib

    document = Document(
        owner=owner, institution=institution, document_type=document_type, title=title[:250],
        original_name=filename, mime=mime, size=len(data), sha256=hashlib.sha256(data).hexdigest(),
        pages=count_pages(data, mime), source=source,
        created_by=created_by if getattr(created_by, "is_authenticated", False) else None,
    )
    document.file.save(filename, ContentFile(data), save=False)
    track_written(document.file.storage, document.file.name)
    if save:
        document.save()
    return document


def discard_drafts(*, owner, actor=None, reason: str = "") -> int:
    """Remove the uploads of `owner`'s folder that nobody used: not attached to any request, not issued, not
    registered or archived, not the proof of a mandate. Part of the caller's transaction (with its audit
    entry); the files are removed from storage by the outbox afterwards (handler
    `documents.delete_discarded_files`), so a rolled-back change leaves every file in place."""
    return discard_uploads(owner=owner, actor=actor, reason=reason)


def discard_uploads(*, owner, document_ids=None, actor=None, reason: str = "") -> int:
    """`discard_drafts` for the whole folder, or only for `document_ids` (the files of a discarded draft)."""
    from django.db import transaction

    from primaria.accounts.models import Representation
    from primaria.audit.services import record as audit
    from primaria.outbox.services import record

    with transaction.atomic(savepoint=False):
        folder = Document.objects.select_for_update().filter(owner=owner)
        if document_ids is not None:
            folder = folder.filter(pk__in=list(document_ids))
        drafts = (folder.exclude(pk__in=Document.kept(Document.objects.filter(owner=owner)).values("pk"))
                  .exclude(pk__in=Representation.objects.filter(proof__isnull=False).values("proof")))
        found = list(drafts.values_list("pk", "file"))
        if not found:
            return 0
        Document.objects.filter(pk__in=[pk for pk, _ in found]).delete()
        audit(actor=actor, action="documents.discard_drafts", target=owner, documents=len(found), reason=reason or None)
        record("document.discarded", owner, files=[name for _, name in found if name])
    return len(found)


def remove_upload(*, actor, document_id: int, ip=None) -> None:
    """The owner removes from their folder a file they uploaded that nothing needs (core.rules, "remove").
    The row goes in one transaction with its audit entry; the file is removed from storage by the outbox
    (`document.discarded`), so a rolled-back change leaves it in place."""
    from django.db import transaction

    from primaria.audit.services import record as audit
    from primaria.core import rules
    from primaria.core.errors import DomainError
    from primaria.outbox.services import record

    with transaction.atomic():
        document = Document.objects.select_for_update().filter(pk=document_id).first()
        if document is None:
            raise DomainError(_("Documentul nu mai există în dosar."))
        rules.require(actor, document, "remove")
        owner, name, title = document.owner, document.file.name, document.title
        Document.objects.filter(pk=document.pk).delete()
        audit(actor=actor, action="documents.remove_upload", target=owner, ip_address=ip, document=title)
        record("document.discarded", owner, files=[name] if name else [])
