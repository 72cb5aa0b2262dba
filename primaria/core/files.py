"""Checks of uploaded files by their content, never by their name.

A file's kind is read from its first bytes (the `filetype` library's signatures); the name a browser
sends is only used for display.
"""

import hashlib

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError

# Our short names for the kinds a service may accept, with the MIME types that content sniffing yields.
KINDS = {
    "pdf": ("application/pdf",),
    "jpeg": ("image/jpeg",),
    "png": ("image/png",),
    "tiff": ("image/tiff",),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document",),
    "odt": ("application/vnd.oasis.opendocument.text",),
}
KIND_LABELS = {"pdf": "PDF", "jpeg": "JPEG", "png": "PNG", "tiff": "TIFF", "docx": "Word (DOCX)", "odt": "ODT"}
DEFAULT_KINDS = ("pdf", "jpeg", "png")


def sniff(uploaded) -> tuple[str | None, str | None]:
    """Return (our kind, mime) detected from the content, or (None, None)."""
    uploaded.seek(0)
    head = uploaded.read(8192)
    uploaded.seek(0)
    guess = filetype.guess(head)
    if guess is None:
        return None, None
    for kind, mimes in KINDS.items():
        if guess.mime in mimes:
            return kind, guess.mime
    return None, guess.mime


def check_upload(uploaded, *, allowed_kinds=None, max_size_mb=None) -> tuple[str, str]:
    """Validate an uploaded file; return (kind, mime). Raises ValidationError in Romanian."""
    allowed = tuple(allowed_kinds or DEFAULT_KINDS)
    limit_mb = max_size_mb or settings.PRIMARIA_MAX_UPLOAD_MB
    labels = ", ".join(KIND_LABELS.get(k, k.upper()) for k in allowed)
    if uploaded.size == 0:
        raise ValidationError(f"Fișierul „{uploaded.name}” este gol.", code="empty")
    if uploaded.size > limit_mb * 1024 * 1024:
        size_mb = uploaded.size / (1024 * 1024)
        raise ValidationError(
            f"Fișierul „{uploaded.name}” are {size_mb:.1f} MB; dimensiunea maximă acceptată este {limit_mb} MB.",
            code="too_large",
        )
    kind, mime = sniff(uploaded)
    if kind not in allowed:
        raise ValidationError(
            f"Fișierul „{uploaded.name}” nu este de un tip acceptat. Tipuri acceptate: {labels}. "
            "Tipul este verificat după conținut, nu după numele fișierului.",
            code="bad_type",
        )
    return kind, mime


def sha256_of(uploaded) -> str:
    digest = hashlib.sha256()
    uploaded.seek(0)
    for chunk in iter(lambda: uploaded.read(1024 * 1024), b""):
        digest.update(chunk)
    uploaded.seek(0)
    return digest.hexdigest()
