"""The scanned files of a digitisation batch: how large they may be and what they must contain.

Shared by the upload page (which checks the sizes the browser sent before reading any file into memory)
and by `services.import_batch` (which checks every file's content, whichever way the batch came in: the
page or `manage.py archive_import`). A file that would later break OCR is refused here, with every
problem of the batch listed at once, and nothing of the batch is stored.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from primaria.core.errors import DomainError
from primaria.core.files import check_bytes

SCAN_KINDS = ("pdf", "tiff", "jpeg", "png")
MAX_LISTED = 30  # problems named in one message; a batch of hundreds of bad files needs no longer list


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".replace(".", ",")


def check_sizes(sizes: dict[str, int]) -> None:
    """`sizes` maps each file name to its size in bytes; DomainError on the field "files" if any file, or
    the batch as a whole, is over the limits."""
    file_mb, batch_mb = settings.PRIMARIA_ARCHIVE_MAX_FILE_MB, settings.PRIMARIA_ARCHIVE_MAX_BATCH_MB
    problems = [
        _("Fișierul „%(name)s” are %(size)s MB; dimensiunea maximă acceptată pentru un fișier scanat este %(file_mb)s MB.") % {"name": name, "size": _mb(size), "file_mb": file_mb}
        for name, size in sizes.items() if size > file_mb * 1024 * 1024
    ]
    total = sum(sizes.values())
    if total > batch_mb * 1024 * 1024:
        problems.append(_("Lotul are în total %(size)s MB; un lot poate avea cel mult %(batch_mb)s MB. Împărțiți fișierele în mai multe loturi.") % {"size": _mb(total), "batch_mb": batch_mb})
    if problems:
        raise DomainError({"files": " ".join(problems[:MAX_LISTED])})


def check_scans(files: dict[str, bytes]) -> dict[str, str]:
    """Check every scanned file by size and by content; return each file's MIME type.

    DomainError on the field "files" lists the files refused, each with the reason.
    """
    check_sizes({name: len(data) for name, data in files.items()})
    mimes, problems = {}, []
    for name, data in files.items():
        try:
            _kind, mimes[name] = check_bytes(data, name=name, allowed_kinds=SCAN_KINDS,
                                             max_size_mb=settings.PRIMARIA_ARCHIVE_MAX_FILE_MB)
        except ValidationError as exc:
            problems.append(exc.messages[0])
    if problems:
        raise DomainError({"files": " ".join(problems[:MAX_LISTED])})
    return mimes
