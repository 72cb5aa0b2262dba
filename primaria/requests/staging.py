"""Files kept between two submits of the counter form, so the clerk does not scan and choose them again.

A file that passes the content check is stored once (as every upload, by `prepare_document`) and recorded as a
`StagedUpload`. The re-rendered form refers to it only by a signed token bound to the clerk and valid for
`MAX_AGE` seconds; the file is never served by URL. When the request is filed the kept file becomes the
request's document as it is (no second copy, no new parsing); what is left behind is removed by a periodic job.
"""

import contextlib
from datetime import timedelta

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from primaria.core.validators import safe_filename
from primaria.documents.models import Document
from primaria.documents.services import files_removed_on_error, prepare_document

from .models import StagedUpload

MAX_AGE = 2 * 60 * 60  # seconds a kept file can be reused
SALT = "primaria.requests.counter-staged-upload"
REFUSED = gettext_noop("Fișierul păstrat nu mai poate fi folosit (a expirat sau nu a fost ales de dumneavoastră); alegeți-l din nou.")


def stage(*, clerk, institution, key: str, slot: dict, uploaded) -> StagedUpload:
    """Check a chosen file by its content and keep it; ValidationError (Romanian) when the file is refused."""
    with files_removed_on_error():
        document = prepare_document(
            owner=None, institution=institution, uploaded=uploaded, source=Document.Source.COUNTER,
            document_type=slot["document_type"], created_by=clerk, allowed_kinds=slot["allowed_kinds"],
            max_size_mb=slot["max_size_mb"], title=slot["title"],
        )
        return StagedUpload.objects.create(
            clerk=clerk, institution=institution, slot=key, document_id=document.public_id,
            file_name=document.file.name, original_name=document.original_name, mime=document.mime,
            size=document.size, sha256=document.sha256, pages=document.pages,
        )


def token_for(staged: StagedUpload) -> str:
    return signing.dumps({"s": str(staged.public_id), "u": staged.clerk_id}, salt=SALT, compress=True)


def resolve(token: str, *, clerk, institution, key: str) -> StagedUpload:
    """The kept file a token names, if this clerk kept it for this field less than MAX_AGE ago."""
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature as exc:  # tampered or expired (SignatureExpired is a BadSignature)
        raise ValidationError(_(REFUSED)) from exc
    if not isinstance(data, dict) or data.get("u") != clerk.pk:
        raise ValidationError(_(REFUSED))
    staged = StagedUpload.objects.filter(
        public_id=data.get("s"), clerk=clerk, institution=institution, slot=key,
        created_at__gte=timezone.now() - timedelta(seconds=MAX_AGE),
    ).first() if _is_uuid(data.get("s")) else None
    if staged is None:
        raise ValidationError(_(REFUSED))
    return staged


def as_document(staged: StagedUpload, *, slot: dict, clerk) -> Document:
    """The unsaved document a kept file becomes: the same stored file, nothing read or written again."""
    issued_on = timezone.localdate()
    document_type = slot["document_type"]
    valid_until = None
    if document_type is not None and document_type.validity_days:
        valid_until = issued_on + timedelta(days=document_type.validity_days)
    document = Document(
        public_id=staged.document_id, owner=None, institution_id=staged.institution_id,
        document_type=document_type,
        title=(slot["title"] or (document_type.name if document_type else safe_filename(staged.original_name)))[:250],
        original_name=staged.original_name, mime=staged.mime, size=staged.size, sha256=staged.sha256,
        pages=staged.pages, source=Document.Source.COUNTER, issued_on=issued_on, valid_until=valid_until,
        created_by=clerk,
    )
    document.file.name = staged.file_name
    return document


def consume(staged_ids) -> None:
    """Inside the filing's transaction: the kept files became documents, so their rows go (not their files).
    A kept file already used by a concurrent submit makes the filing fail."""
    from primaria.core.errors import DomainError

    ids = list(staged_ids)
    if not ids:
        return
    rows = list(StagedUpload.objects.select_for_update().filter(pk__in=ids))
    if len(rows) != len(set(ids)):
        raise DomainError(_("Un fișier păstrat a fost deja folosit pentru o altă cerere; alegeți-l din nou."))
    StagedUpload.objects.filter(pk__in=ids).delete()


def describe_size(size: int) -> str:
    """1,2 MB / 340 KB, as a clerk reads it."""
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB".replace(".", ",")
    return f"{max(1, round(size / 1024))} KB"


def remove_abandoned(*, now=None) -> int:
    """Remove kept files no one filed within MAX_AGE: the row, and the file unless a document uses it."""
    cutoff = (now or timezone.now()) - timedelta(seconds=MAX_AGE)
    removed = 0
    for pk in StagedUpload.objects.filter(created_at__lt=cutoff).values_list("pk", flat=True):
        with transaction.atomic():
            staged = StagedUpload.objects.select_for_update(skip_locked=True).filter(pk=pk).first()
            if staged is None:
                continue
            name = staged.file_name
            staged.delete()
            in_use = Document.objects.filter(file=name).exists()
        if not in_use:
            with contextlib.suppress(Exception):
                Document._meta.get_field("file").storage.delete(name)
        removed += 1
    return removed


def _is_uuid(value) -> bool:
    import uuid

    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True
