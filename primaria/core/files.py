"""Checks of uploaded files by their content, never by their name, and the responses that hand files back.

A file's kind is first read from its first bytes (the `filetype` library's signatures); the name a browser
sends is only used for display. First bytes prove nothing, though: a 9-byte "PDF" or PHP code behind a
JPEG header has the right signature. So every file is then opened in full by the library that will use it
later (pypdf for PDFs, Pillow for images, zipfile for DOCX/ODT), and refused unless it opens as what it
claims, holds no active content (scripts, automatic actions, attached files, macros) and carries nothing
after its end. A file that fails here would otherwise be stored and then break whatever reads it next
(page counting, the archive's OCR) long after the person who sent it has gone.
"""

import hashlib
import io
import logging
import re
import unicodedata
import zipfile
from urllib.parse import quote

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.utils.translation import gettext, gettext_lazy

from . import antivirus

logger = logging.getLogger(__name__)

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
EXTENSIONS = {"pdf": (".pdf",), "jpeg": (".jpg", ".jpeg"), "png": (".png",), "tiff": (".tif", ".tiff"),
              "docx": (".docx",), "odt": (".odt",)}

# Text that makes a file something else as well (an HTML page, a PHP script) when a browser or a badly
# configured server reads it as such. Only markers long enough that compressed or image data practically
# never contains them by chance, because they are looked for in the whole file.
CODE_TAGS = re.compile(
    rb"<(?:\?php\s|script[\s>/]|html[\s>]|body[\s>]|iframe[\s>/]|frameset[\s>]|embed[\s>/]|object[\s>/]|!doctype\s+html)",
    re.IGNORECASE,
)
CODE_SCHEMES = (b"javascript:", b"vbscript:")


def has_code(data: bytes) -> bool:
    """Whether HTML or script markers appear anywhere in `data`. The schemes are looked for apart: in one
    regular expression with the tags they make it many times slower over a large scan."""
    if CODE_TAGS.search(data):
        return True
    lowered = data.lower()
    return any(scheme in lowered for scheme in CODE_SCHEMES)


# Bytes that may follow the end of an image or a PDF: padding some devices and tools add.
PADDING = re.compile(rb"(?:[\x00 \t\r\n\x0c]|\xff(?!\xd8))*")


class _Refused(Exception):
    """Internal: the reason a file is refused, turned into a ValidationError by `check_bytes`."""

    def __init__(self, reason, detail=""):
        super().__init__(reason, detail)
        self.reason, self.detail = reason, detail


def sniff(uploaded) -> tuple[str | None, str | None]:
    """Return (our kind, mime) detected from the content, or (None, None)."""
    uploaded.seek(0)
    head = uploaded.read(8192)
    uploaded.seek(0)
    return _sniff_head(head)


def _sniff_head(head: bytes) -> tuple[str | None, str | None]:
    guess = filetype.guess(head)
    if guess is None:
        return None, None
    for kind, mimes in KINDS.items():
        if guess.mime in mimes:
            return kind, guess.mime
    return None, guess.mime


def check_upload(uploaded, *, allowed_kinds=None, max_size_mb=None) -> tuple[str, str]:
    """Validate an uploaded file; return (kind, mime). Raises ValidationError in Romanian.

    The size is checked before anything is read, so an oversized file is refused without loading it.
    """
    name = uploaded.name or "document"
    _check_size(uploaded.size, name, max_size_mb)
    uploaded.seek(0)
    data = uploaded.read()
    uploaded.seek(0)
    return check_bytes(data, name=name, allowed_kinds=allowed_kinds, max_size_mb=max_size_mb)


def check_bytes(data: bytes, *, name: str, allowed_kinds=None, max_size_mb=None) -> tuple[str, str]:
    """The same checks as `check_upload`, for content already in memory (e.g. files of an archive batch)."""
    allowed = tuple(allowed_kinds or DEFAULT_KINDS)
    _check_size(len(data), name, max_size_mb)
    kind, mime = _sniff_head(data[:8192])
    if kind not in allowed:
        labels = ", ".join(KIND_LABELS.get(k, k.upper()) for k in allowed)
        raise ValidationError(
            gettext("Fișierul „%(name)s” nu este de un tip acceptat. Tipuri acceptate: %(labels)s. Tipul este verificat după conținut, nu după numele fișierului.") % {"name": name, "labels": labels},
            code="bad_type",
        )
    try:
        INSPECTORS[kind](data)
    except _Refused as refused:
        raise ValidationError(_message(refused, name, kind), code=refused.reason) from None
    except Exception:  # noqa: BLE001 - any failure of the parser means the file does not open as its kind
        raise ValidationError(_message(_Refused("damaged"), name, kind), code="damaged") from None
    _scan(data, name)
    return kind, mime


def _scan(data: bytes, name: str) -> None:
    """The antivirus (core.antivirus), when one is configured: infected or not scanned means refused."""
    try:
        antivirus.scan(data)
    except antivirus.Infected as infected:
        logger.warning("Upload %r refused: the antivirus found %s", name, infected.signature)
        raise ValidationError(
            gettext("Fișierul „%(name)s” a fost refuzat: scanarea antivirus a găsit în el un program periculos (%(signature)s). Nu l-am păstrat. Verificați-vă calculatorul cu un antivirus și trimiteți o copie curată a documentului.") % {"name": name, "signature": infected.signature}, code="infected") from None
    except antivirus.ScannerUnavailable as error:
        logger.error("Upload %r refused: the antivirus could not scan it: %s", name, error)
        raise ValidationError(
            gettext("Fișierul „%(name)s” nu a putut fi verificat acum de antivirus, așa că nu l-am primit. Încercați din nou peste câteva minute; dacă problema continuă, anunțați primăria.") % {"name": name}, code="not_scanned") from None


def _check_size(size: int, name: str, max_size_mb) -> None:
    limit_mb = max_size_mb or settings.PRIMARIA_MAX_UPLOAD_MB
    if size == 0:
        raise ValidationError(gettext("Fișierul „%(name)s” este gol.") % {"name": name}, code="empty")
    if size > limit_mb * 1024 * 1024:
        raise ValidationError(
            gettext("Fișierul „%(name)s” are %(size).1f MB; dimensiunea maximă acceptată este %(limit)s MB.")
            % {"name": name, "size": size / (1024 * 1024), "limit": limit_mb},
            code="too_large",
        )


_RESAVE = {
    "pdf": gettext_lazy("Salvați-l din nou ca PDF simplu (de exemplu cu „Imprimă → Salvează ca PDF”) și încărcați-l din nou."),
    "jpeg": gettext_lazy("Deschideți imaginea, salvați-o din nou ca JPEG sau PNG și încărcați-o din nou."),
    "png": gettext_lazy("Deschideți imaginea, salvați-o din nou ca JPEG sau PNG și încărcați-o din nou."),
    "tiff": gettext_lazy("Deschideți imaginea, salvați-o din nou ca TIFF, JPEG sau PNG și încărcați-o din nou."),
    "docx": gettext_lazy("Salvați-l din nou ca document obișnuit (.docx, fără macrocomenzi) sau ca PDF și încărcați-l din nou."),
    "odt": gettext_lazy("Salvați-l din nou ca document obișnuit (.odt, fără macrocomenzi) sau ca PDF și încărcați-l din nou."),
}


def _message(refused: _Refused, name: str, kind: str) -> str:
    label = KIND_LABELS.get(kind, kind.upper())
    opens_not = gettext("Fișierul „%(name)s” nu poate fi deschis ca %(label)s:") % {"name": name, "label": label}
    if refused.reason == "active":
        return (gettext("Fișierul „%(name)s” conține elemente active (scripturi, acțiuni automate sau fișiere atașate), care nu sunt acceptate. %(value)s") % {"name": name, "value": _RESAVE[kind]})
    if refused.reason == "encrypted":
        return (gettext("%(opens_not)s este protejat cu parolă. Salvați-l din nou fără parolă (de exemplu cu „Imprimă → Salvează ca PDF”) și încărcați-l din nou.") % {"opens_not": opens_not})
    if refused.reason == "too_many_pixels":
        return (gettext("%(opens_not)s imaginea are %(detail)s pixeli, mai mult decât se poate prelucra. Scanați sau salvați documentul la o rezoluție mai mică (de exemplu 300 dpi) și încărcați-l din nou.") % {"opens_not": opens_not, "detail": refused.detail})
    if refused.reason == "trailing":
        return (gettext("%(opens_not)s după sfârșitul imaginii urmează date care nu fac parte din ea. %(value)s") % {"opens_not": opens_not, "value": _RESAVE[kind]})
    if refused.reason == "too_big_unpacked":
        return (gettext("%(opens_not)s conținutul lui dezarhivat ar fi neobișnuit de mare. %(value)s") % {"opens_not": opens_not, "value": _RESAVE[kind]})
    return gettext("%(opens_not)s pare deteriorat sau incomplet. Încărcați din nou documentul original.") % {"opens_not": opens_not}


# --- PDF -----------------------------------------------------------------------------------------------------

# Entries that make a PDF act on its own: scripts, actions run on opening or on events, attached files,
# forms that run their own XML (XFA), multimedia players. Looked for in every object, as keys and as the
# type of an action or annotation.
PDF_ACTIVE_KEYS = frozenset({"/JS", "/JavaScript", "/AA", "/EmbeddedFiles", "/EmbeddedFile", "/XFA", "/RichMediaContent",
                             "/RichMediaSettings", "/RichMediaExecute"})
PDF_ACTIVE_TYPES = frozenset({"/JavaScript", "/Launch", "/ImportData", "/SubmitForm", "/GoToE", "/GoToR", "/Rendition",
                              "/RichMediaExecute", "/Movie", "/Sound", "/EmbeddedFile", "/RichMedia", "/FileAttachment",
                              "/Screen", "/3D"})
PDF_TYPE_KEYS = ("/S", "/Subtype", "/Type")
PDF_BAD_URI = re.compile(r"^\s*(javascript|vbscript|data|file):", re.IGNORECASE)
PDF_MAX_NODES = 2_000_000  # objects and nested containers walked; a 20-50 MB PDF stays far below


def _pdf_name_pattern(names) -> re.Pattern:
    """A name as it may be written in a file: any character may be escaped as #hh (PDF 1.2+)."""

    def spelled(name):
        return b"".join(b"(?:" + re.escape(bytes([c])) + b"|#" + _hex_either_case(c) + b")" for c in name.encode())

    return re.compile(b"/(?:" + b"|".join(spelled(n.lstrip("/")) for n in sorted(names, key=len, reverse=True))
                      + rb")(?=[\x00\t\n\x0c\r ()<>\[\]{}/%]|\Z)")


def _hex_either_case(byte: int) -> bytes:
    return b"".join(b"[" + re.escape(c.upper().encode()) + re.escape(c.lower().encode()) + b"]" for c in f"{byte:02x}")


PDF_RAW_ACTIVE = _pdf_name_pattern((PDF_ACTIVE_KEYS | PDF_ACTIVE_TYPES) - {"/Screen", "/3D", "/Sound", "/Movie"})
PDF_STREAM_START = re.compile(rb"(?<![A-Za-z])stream(?:\r\n|\n|\r)")


def _outside_streams(data: bytes) -> bytes:
    """The file without the data of its streams (compressed bytes match any short name by chance)."""
    parts, pos = [], 0
    while True:
        start = PDF_STREAM_START.search(data, pos)
        end = data.find(b"endstream", start.end()) if start else -1
        if end < 0:
            parts.append(data[pos:])
            return b" ".join(parts)
        parts.append(data[pos:start.start()])
        pos = end + len(b"endstream")


def _inspect_pdf(data: bytes) -> None:
    from pypdf import PdfReader
    from pypdf.errors import FileNotDecryptedError
    from pypdf.generic import IndirectObject

    body = data[3:] if data.startswith(b"\xef\xbb\xbf") else data
    if not re.match(rb"%PDF-[12]\.\d", body):
        raise _Refused("damaged")
    # Readers look for the end marker in the last kilobyte; a file cut short in transfer has none.
    eof = data.rfind(b"%%EOF")
    if eof < 0 or len(data) - eof > 1024:
        raise _Refused("damaged")
    if has_code(data):
        raise _Refused("active")  # a PDF that is also an HTML page or a script
    # Objects outside the cross-reference table (or hidden in an older revision) are still read by a
    # reader that repairs the file: look for active names in everything but stream data.
    if PDF_RAW_ACTIVE.search(_outside_streams(data)):
        raise _Refused("active")

    reader = PdfReader(io.BytesIO(data), strict=False)
    if reader.is_encrypted:
        try:
            if not reader.decrypt(""):
                raise _Refused("encrypted")
        except FileNotDecryptedError:
            raise _Refused("encrypted") from None
    pages = reader.pages
    if len(pages) == 0:
        raise _Refused("damaged")
    for page in pages:
        _ = [float(v) for v in page.mediabox]
        contents = page.get_contents()
        if contents is not None:
            contents.get_data()

    roots = [reader.trailer]
    for generation, numbers in reader.xref.items():
        roots += [IndirectObject(number, generation, reader) for number in numbers]
    roots += [IndirectObject(number, 0, reader) for number in reader.xref_objStm]
    _walk_pdf(roots)


def _walk_pdf(roots) -> None:
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, TextStringObject

    seen, stack, nodes = set(), list(roots), 0
    while stack:
        item = stack.pop()
        nodes += 1
        if nodes > PDF_MAX_NODES:
            raise _Refused("damaged")
        if isinstance(item, IndirectObject):
            key = (item.idnum, item.generation)
            if key in seen:
                continue
            seen.add(key)
            item = item.get_object()
        if isinstance(item, DictionaryObject):
            for key, value in item.items():
                if key in PDF_ACTIVE_KEYS:
                    raise _Refused("active")
                if key in PDF_TYPE_KEYS and str(value) in PDF_ACTIVE_TYPES:
                    raise _Refused("active")
                if key == "/URI" and isinstance(value, (str, TextStringObject)) and PDF_BAD_URI.match(str(value)):
                    raise _Refused("active")
                if isinstance(value, (DictionaryObject, ArrayObject, IndirectObject)):
                    stack.append(value)
        elif isinstance(item, ArrayObject):
            stack.extend(v for v in item if isinstance(v, (DictionaryObject, ArrayObject, IndirectObject)))


# --- images --------------------------------------------------------------------------------------------------

IMAGE_FORMATS = {"jpeg": {"JPEG", "MPO"}, "png": {"PNG"}, "tiff": {"TIFF"}}


def _inspect_image(kind):
    def inspect(data: bytes) -> None:
        from PIL import Image

        if has_code(data):
            raise _Refused("active")  # an image that is also a script or a page
        # Pillow refuses images over twice its pixel limit itself (DecompressionBombError); _check_pixels
        # refuses those between the limit and twice it, before any pixel is decoded.
        try:
            with Image.open(io.BytesIO(data)) as image:
                if image.format not in IMAGE_FORMATS[kind]:
                    raise _Refused("damaged")
                _check_pixels(image)
                image.verify()
            with Image.open(io.BytesIO(data)) as image:
                for frame in range(getattr(image, "n_frames", 1)):
                    image.seek(frame)
                    _check_pixels(image)
                    image.load()
                texts = [v for v in image.info.values() if isinstance(v, (str, bytes))]
        except Image.DecompressionBombError as bomb:
            raise _Refused("too_many_pixels", _pixels_label(data, bomb)) from None
        if kind == "jpeg":
            _check_tail(data, _jpeg_end(data, 0), allow_more_jpegs=True)
        elif kind == "png":
            _check_tail(data, _png_end(data), allow_more_jpegs=False)
        # Compressed text chunks (PNG zTXt/iTXt) only show their text once Pillow has unpacked them.
        if any(has_code(t.encode() if isinstance(t, str) else t) for t in texts):
            raise _Refused("active")

    return inspect


def strict_pillow():
    """Make Pillow fail on a cut-off image, once for the process (CoreConfig.ready).

    WeasyPrint switches on LOAD_TRUNCATED_IMAGES for the whole process when it is imported, and with it
    Pillow fills a cut-off image with grey instead of failing. WeasyPrint is imported first, so its setting
    is overridden once and never toggled afterwards: the flag is global, and threads checking uploads while
    others render PDFs must all see the same value. The pages we render only carry images we made.
    """
    import weasyprint.images  # noqa: F401  (sets the flag on import; it must not set it again after us)
    from PIL import ImageFile

    ImageFile.LOAD_TRUNCATED_IMAGES = False


def pixel_limit() -> int:
    """The most pixels an uploaded image may have before it is refused unopened (decompression bombs)."""
    from PIL import Image

    return Image.MAX_IMAGE_PIXELS or 89_478_485  # Pillow's own default, should someone have switched it off


def _check_pixels(image) -> None:
    width, height = image.size
    if width <= 0 or height <= 0:
        raise _Refused("damaged")
    if width * height > pixel_limit():
        raise _Refused("too_many_pixels", f"{width} × {height}")


def _pixels_label(data: bytes, bomb: Exception) -> str:
    """The size an image declares, for the message, though Pillow refused to open it."""
    if data.startswith(b"\x89PNG\r\n\x1a\n") and data[12:16] == b"IHDR":
        return f"{int.from_bytes(data[16:20], 'big')} × {int.from_bytes(data[20:24], 'big')}"
    count = re.search(r"\((\d+) pixels\)", str(bomb))
    return f"{int(count.group(1)):,}".replace(",", ".") if count else gettext("prea mulți")


JPEG_NEXT_MARKER = re.compile(rb"\xff(?![\x00\xd0-\xd7\xff])")


def _jpeg_end(data: bytes, start: int) -> int:
    """The offset just after the EOI marker of the JPEG starting at `start` (segments walked, scans skipped)."""
    if data[start:start + 3] != b"\xff\xd8\xff":
        raise _Refused("damaged")
    pos, size = start + 2, len(data)
    while True:
        pos = data.find(b"\xff", pos)  # decoders skip stray bytes between segments, so we do too
        if pos < 0:
            raise _Refused("damaged")
        while pos < size and data[pos] == 0xFF:
            pos += 1
        if pos >= size:
            raise _Refused("damaged")
        marker = data[pos]
        pos += 1
        if marker == 0xD9:
            return pos
        if marker == 0x01 or 0xD0 <= marker <= 0xD8 or marker == 0x00:
            continue
        if pos + 2 > size:
            raise _Refused("damaged")
        length = int.from_bytes(data[pos:pos + 2], "big")
        if length < 2 or pos + length > size:
            raise _Refused("damaged")
        pos += length
        if marker == 0xDA:  # entropy-coded data runs to the next real marker
            found = JPEG_NEXT_MARKER.search(data, pos)
            if found is None:
                raise _Refused("damaged")
            pos = found.start()


def _png_end(data: bytes) -> int:
    """The offset just after the IEND chunk."""
    pos, size = 8, len(data)
    while pos + 12 <= size:
        length = int.from_bytes(data[pos:pos + 4], "big")
        chunk = data[pos + 4:pos + 8]
        pos += 12 + length
        if chunk == b"IEND":
            if pos > size:
                break
            return pos
    raise _Refused("damaged")


def _check_tail(data: bytes, end: int, *, allow_more_jpegs: bool) -> None:
    """Nothing but padding may follow an image. Phones store extra pictures (MPF: previews, depth maps) and
    Samsung its metadata trailer after the first JPEG: those are accepted, once walked as well."""
    pos = _skip_padding(data, end)
    if allow_more_jpegs:
        while data.startswith(b"\xff\xd8\xff", pos):
            pos = _skip_padding(data, _jpeg_end(data, pos))
        if data.endswith(b"SEFT") and b"SEFH" in data[pos:]:
            return
    if pos < len(data):
        raise _Refused("trailing")


def _skip_padding(data: bytes, pos: int) -> int:
    return PADDING.match(data, pos).end()


# --- DOCX and ODT --------------------------------------------------------------------------------------------

ZIP_MAX_ENTRIES = 5000
ZIP_MAX_UNPACKED = 200 * 1024 * 1024
ZIP_MAX_RATIO = 200  # XML squeezes well, but not 200 times over several megabytes
ODT_MIME = b"application/vnd.oasis.opendocument.text"


def _inspect_zip(kind):
    def inspect(data: bytes) -> None:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
            names = [e.filename for e in entries]
            if len(entries) > ZIP_MAX_ENTRIES or len(set(names)) != len(names):
                raise _Refused("damaged")
            total = 0
            for entry in entries:
                name = entry.filename
                if (name.startswith(("/", "\\")) or "\\" in name or "\x00" in name or re.match(r"^[A-Za-z]:", name)
                        or ".." in name.split("/")):
                    raise _Refused("damaged")
                if entry.flag_bits & 0x1:  # encrypted entry: cannot be checked
                    raise _Refused("damaged")
                total += entry.file_size
                if entry.file_size > 5 * 1024 * 1024 and entry.file_size > ZIP_MAX_RATIO * max(entry.compress_size, 1):
                    raise _Refused("too_big_unpacked")
            if total > ZIP_MAX_UNPACKED:
                raise _Refused("too_big_unpacked")
            lowered = [n.lower() for n in names]
            if kind == "docx":
                if "[content_types].xml" not in lowered or "word/document.xml" not in lowered:
                    raise _Refused("damaged")
                types = archive.read(names[lowered.index("[content_types].xml")])
                if b"macroenabled" in types.lower() or b"vbaproject" in types.lower():
                    raise _Refused("active")
                if any(n.endswith(("vbaproject.bin", "vbadata.xml")) or n.startswith("word/activex/")
                       or (n.startswith("word/embeddings/") and n.endswith(".bin")) for n in lowered):
                    raise _Refused("active")
            else:
                if "mimetype" not in names or "content.xml" not in names:
                    raise _Refused("damaged")
                if archive.read("mimetype").strip() != ODT_MIME:
                    raise _Refused("damaged")
                if any(n.startswith(("basic/", "scripts/")) for n in lowered):
                    raise _Refused("active")
            # Read every entry to its end: zipfile stops at the declared size and checks the CRC, so a
            # damaged or lying archive fails here, within the limits checked above.
            for entry in entries:
                with archive.open(entry) as handle:
                    while handle.read(1024 * 1024):
                        pass

    return inspect


INSPECTORS = {
    "pdf": _inspect_pdf,
    "jpeg": _inspect_image("jpeg"),
    "png": _inspect_image("png"),
    "tiff": _inspect_image("tiff"),
    "docx": _inspect_zip("docx"),
    "odt": _inspect_zip("odt"),
}


def sha256_of(uploaded) -> str:
    digest = hashlib.sha256()
    uploaded.seek(0)
    for chunk in iter(lambda: uploaded.read(1024 * 1024), b""):
        digest.update(chunk)
    uploaded.seek(0)
    return digest.hexdigest()


# --- handing files back --------------------------------------------------------------------------------------

# Names Windows keeps for devices: a file called so cannot be saved there.
RESERVED_NAMES = frozenset({"CON", "PRN", "AUX", "NUL", *(f"COM{n}" for n in range(1, 10)), *(f"LPT{n}" for n in range(1, 10))})
NAME_FORBIDDEN = re.compile(r'[\\/:*?"<>|;%\'`]')
MIME_EXTENSIONS = {mime: EXTENSIONS[kind] for kind, mimes in KINDS.items() for mime in mimes}


def safe_filename(name: str, *, mime: str = "", default: str = "document") -> str:
    """A name any browser and file system can save under: no folders, control or direction-changing
    characters, quotes or device names; Romanian letters kept; the extension matching the content."""
    name = unicodedata.normalize("NFC", str(name or ""))
    name = re.split(r"[\\/]", name)[-1]
    name = "".join(" " if unicodedata.category(c) == "Zs" else c for c in name
                   if unicodedata.category(c)[0] != "C" and unicodedata.category(c) not in ("Zl", "Zp"))
    name = NAME_FORBIDDEN.sub("_", name)
    name = re.sub(r"\s+", " ", name).strip(" .")
    stem, dot, extension = name.rpartition(".")
    if not dot:
        stem, extension = name, ""
    wanted = MIME_EXTENSIONS.get(mime)
    if wanted and f".{extension.lower()}" not in wanted:
        stem, extension = name, wanted[0].lstrip(".")
    stem = stem.strip(" .") or default
    if stem.split(".")[0].upper() in RESERVED_NAMES:
        stem = f"_{stem}"
    stem = stem[:150].rstrip(" .") or default
    return f"{stem}.{extension[:10]}" if extension else stem


def ascii_filename(name: str) -> str:
    """The ASCII fallback of a safe name (ă → a, ș → s), for clients that ignore filename*."""
    stem, dot, extension = name.rpartition(".")
    if not dot:
        stem, extension = name, ""

    def fold(text):
        text = "".join("-" if unicodedata.category(c) == "Pd" else
                       (unicodedata.normalize("NFKD", c).encode("ascii", "ignore").decode() or "_") for c in text)
        return re.sub(r"[^A-Za-z0-9._ ()+\-]", "_", text).strip(" .")

    stem, extension = fold(stem), fold(extension)
    if not stem.strip("_. -"):
        stem = "document"
    return f"{stem}.{extension}" if extension else stem


def content_disposition(name: str, *, inline: bool = False) -> str:
    """RFC 6266: an ASCII `filename` for old clients and the exact UTF-8 name in `filename*` (RFC 8187)."""
    fallback = ascii_filename(name)
    return (f'{"inline" if inline else "attachment"}; filename="{fallback}"; '
            f"filename*=UTF-8''{quote(name, safe='')}")


def file_response(file, *, filename: str, mime: str, inline: bool = False) -> FileResponse:
    """The one way a stored file is handed back: as an attachment under a safe name, with its stored MIME
    type and no content sniffing, so a browser never renders a resident's file as a page of ours.

    `inline` is for PDFs the platform itself produced or converted (reading copies, previews): they are
    shown in the browser, still as application/pdf and not sniffed.
    """
    if inline:
        mime = "application/pdf"
    mime = mime or "application/octet-stream"
    name = safe_filename(filename, mime=mime)
    response = FileResponse(file.open("rb"), content_type=mime)
    response["Content-Disposition"] = content_disposition(name, inline=inline)
    response["X-Content-Type-Options"] = "nosniff"
    return response
