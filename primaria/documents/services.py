import contextlib
from datetime import timedelta
from io import BytesIO

from django.core.files.base import ContentFile
from django.utils import timezone

from primaria.core.files import check_upload, sha256_of

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


_written_files: list = []


@contextlib.contextmanager
def files_removed_on_error():
    """Deletes files written inside the block if the block fails, so a rolled-back change leaves no file."""
    mark = len(_written_files)
    try:
        yield
    except BaseException:
        for storage_file in _written_files[mark:]:
            with contextlib.suppress(Exception):
                storage_file.storage.delete(storage_file.name)
        raise
    finally:
        del _written_files[mark:]


def store_document(
    *, owner, institution, uploaded, source, title=None, document_type=None, created_by=None,
    allowed_kinds=None, max_size_mb=None, issued_on=None,
) -> Document:
    """Check an uploaded file by its content and keep it in the owner's folder."""
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
        title=title or (document_type.name if document_type else uploaded.name)[:250],
        original_name=(uploaded.name or "document")[:250],
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
    _written_files.append(document.file)
    document.save()
    return document


def store_generated(*, owner, institution, data: bytes, title, source, document_type=None, created_by=None,
                    filename="document.pdf", mime="application/pdf") -> Document:
    """Keep a document the platform produced itself (an answer, a proof of registration)."""
    import hashlib

    document = Document(
        owner=owner, institution=institution, document_type=document_type, title=title[:250],
        original_name=filename, mime=mime, size=len(data), sha256=hashlib.sha256(data).hexdigest(),
        pages=count_pages(data, mime), source=source,
        created_by=created_by if getattr(created_by, "is_authenticated", False) else None,
    )
    document.file.save(filename, ContentFile(data), save=False)
    _written_files.append(document.file)
    document.save()
    return document
