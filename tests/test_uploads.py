"""Uploaded files are accepted only if they open in full as what they claim, carry no active content and
nothing after their end; refused files leave nothing behind. Stored files go back as attachments under a
safe name. Every hostile sample is made here, in the test."""

import io
import os
import struct
import zipfile
import zlib
from pathlib import Path
from unittest import mock
from urllib.parse import unquote

import pikepdf
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, PngImagePlugin
from pypdf import PdfWriter
from pypdf.actions import JavaScript

from primaria.accounts.selectors import person_of
from primaria.catalog.models import FieldKind, FormField, Service
from primaria.core.errors import DomainError
from primaria.core.files import check_upload, content_disposition, safe_filename
from primaria.documents.models import Document
from primaria.requests import services
from tests.factories import answers_for, pdf_bytes

SLUG = "adeverinta-nomenclatura-stradala"
ALL_KINDS = ["pdf", "jpeg", "png", "tiff", "docx", "odt"]

DAMAGED = "nu poate fi deschis ca {}: pare deteriorat sau incomplet. Încărcați din nou documentul original."
ACTIVE = "conține elemente active (scripturi, acțiuni automate sau fișiere atașate), care nu sunt acceptate."
PASSWORD = "nu poate fi deschis ca PDF: este protejat cu parolă."
TOO_MANY_PIXELS = "nu poate fi deschis ca PNG: imaginea are"
TRAILING = "după sfârșitul imaginii urmează date care nu fac parte din ea."
UNPACKED = "conținutul lui dezarhivat ar fi neobișnuit de mare."


# --- samples ---------------------------------------------------------------------------------------------


def raw_pdf(objects, *, header=b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", trailer=b""):
    """A PDF written by hand, with a correct cross-reference table; `objects` are the bodies of 1, 2, 3..."""
    out, offsets = bytearray(header), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, trailer, xref)
    return bytes(out)


def one_page(catalog=b"", page=b"", more=()):
    """Catalog, page tree, one page with its text and font (objects 1-5), then `more` objects (6, 7...)."""
    content = b"BT /F1 12 Tf 72 720 Td (Cerere de eliberare) Tj ET"
    return [
        b"<< /Type /Catalog /Pages 2 0 R " + catalog + b">>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> " + page + b">>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        *more,
    ]


def pypdf_made(change) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    change(writer)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def in_object_streams(data: bytes) -> bytes:
    """The same PDF saved by qpdf with its objects packed in compressed object streams."""
    buffer = io.BytesIO()
    with pikepdf.open(io.BytesIO(data)) as pdf:
        pdf.save(buffer, object_stream_mode=pikepdf.ObjectStreamMode.generate, compress_streams=True)
    return buffer.getvalue()


_WEASY = {}


def weasy_pdf() -> bytes:
    if "pdf" not in _WEASY:
        _WEASY["pdf"] = pdf_bytes("Certificat de urbanism – Școala Gimnazială", pages=3)
    return _WEASY["pdf"]


def image(fmt, size=(64, 48), mode="RGB", **options) -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size, (200, 30, 30) if mode == "RGB" else 128).save(buffer, fmt, **options)
    return buffer.getvalue()


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_declaring(width, height) -> bytes:
    """A few hundred bytes that declare a width × height greyscale image: a decompression bomb."""
    rows = zlib.compress((b"\x00" + b"\x00" * min(width, 4096)) * 8, 9)
    return (b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + png_chunk(b"IDAT", rows) + png_chunk(b"IEND", b""))


def jpeg_declaring(width, height) -> bytes:
    """A JPEG header declaring a width × height frame, and no picture."""
    frame = b"\xff\xc0" + struct.pack(">HBHHB", 11, 8, height, width, 1) + b"\x01\x11\x00"
    return JFIF_HEADER + frame + b"\xff\xd9"


JFIF_HEADER = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
PHP = b"<?php system($_GET['c']); ?>"

CONTENT_TYPES = (b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
                 b'content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/'
                 b'document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.'
                 b'main+xml"/></Types>')
DOCUMENT_XML = (b'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
                b'wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Cerere</w:t></w:r></w:p></w:body></w:document>')


def docx(extra=(), *, content_types=CONTENT_TYPES) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", content_types)
        archive.writestr("word/document.xml", DOCUMENT_XML)
        archive.writestr("_rels/.rels", b'<?xml version="1.0"?><Relationships/>')
        for name, data in extra:
            archive.writestr(name, data)
    return buffer.getvalue()


def odt(extra=()) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", b"application/vnd.oasis.opendocument.text", compress_type=zipfile.ZIP_STORED)
        archive.writestr("content.xml", b'<?xml version="1.0"?><office:document-content/>', compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr("META-INF/manifest.xml", b'<?xml version="1.0"?><manifest:manifest/>')
        for name, data in extra:
            archive.writestr(name, data, compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def _ztxt_script_png():
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "<script>fetch('/dosar/')</script>", zip=True)
    return image("PNG", pnginfo=info)


def _truncated_weasy():
    data = weasy_pdf()
    return data[: len(data) // 2]


def _truncated_png():
    data = image("PNG", size=(300, 200))
    return data[:-40]


# (id, builder, file name, allowed kinds, expected message part). Builders run inside the tests.
HOSTILE = [
    ("9-byte-pdf", lambda: b"%PDF-1.7\n", "cerere.pdf", None, DAMAGED.format("PDF")),
    ("truncated-pdf", _truncated_weasy, "cerere.pdf", None, DAMAGED.format("PDF")),
    ("truncated-pdf-end-marker-added", lambda: _truncated_weasy() + b"\n%%EOF\n", "cerere.pdf", None,
     DAMAGED.format("PDF")),
    ("pdf-cut-before-end-marker", lambda: weasy_pdf()[:-8], "cerere.pdf", None, DAMAGED.format("PDF")),
    ("garbage-after-pdf-header", lambda: b"%PDF-1.7\n" + os.urandom(4000) + b"\n%%EOF\n", "cerere.pdf", None,
     DAMAGED.format("PDF")),
    ("pdf-without-pages", lambda: raw_pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"]),
     "cerere.pdf", None, DAMAGED.format("PDF")),
    ("pdf-with-a-password", lambda: pypdf_made(lambda w: w.encrypt("parola-secreta")), "cerere.pdf", None, PASSWORD),
    ("pdf-with-broken-encryption", lambda: raw_pdf(one_page(more=[b"<< /Filter /Standard /V 9 /R 99 /O (x) /U (y) /P -4 >>"]),
                                                   trailer=b"/Encrypt 6 0 R /ID [<00> <00>] "),
     "cerere.pdf", None, "nu poate fi deschis ca PDF"),
    ("pdf-openaction-javascript", lambda: raw_pdf(one_page(b"/OpenAction << /S /JavaScript /JS (app.alert(1)) >> ")),
     "cerere.pdf", None, ACTIVE),
    ("pdf-openaction-javascript-pypdf", lambda: pypdf_made(lambda w: w.add_open_action(JavaScript("app.alert(1);"))),
     "cerere.pdf", None, ACTIVE),
    ("pdf-javascript-hex-escaped-name", lambda: raw_pdf(one_page(b"/OpenAction << /S /J#61vaScript /J#53 (app.alert(1)) >> ")),
     "cerere.pdf", None, ACTIVE),
    ("pdf-javascript-in-object-stream", lambda: in_object_streams(raw_pdf(one_page(
        b"/OpenAction 6 0 R ", more=[b"<< /S /JavaScript /JS (app.alert(1)) >>"]))), "cerere.pdf", None, ACTIVE),
    ("pdf-javascript-only-in-unreferenced-object", lambda: raw_pdf(one_page(more=[b"<< /S /JavaScript /JS (app.alert(1)) >>"])),
     "cerere.pdf", None, ACTIVE),
    ("pdf-launch-action", lambda: raw_pdf(one_page(b"/OpenAction << /S /Launch /F (cmd.exe) /P (/c calc) >> ")),
     "cerere.pdf", None, ACTIVE),
    ("pdf-page-additional-action", lambda: in_object_streams(raw_pdf(one_page(
        page=b"/AA << /O << /S /Named /N /NextPage >> >> "))), "cerere.pdf", None, ACTIVE),
    ("pdf-link-to-javascript-uri", lambda: raw_pdf(one_page(page=b"/Annots [6 0 R] ", more=[
        b"<< /Type /Annot /Subtype /Link /Rect [0 0 99 99] /A << /S /URI /URI (javascript:alert(1)) >> >>"])),
     "cerere.pdf", None, ACTIVE),
    ("pdf-embedded-file", lambda: pypdf_made(lambda w: w.add_attachment("factura.exe", b"MZ\x90\x00")), "cerere.pdf", None,
     ACTIVE),
    ("pdf-xfa-form", lambda: raw_pdf(one_page(b"/AcroForm << /Fields [] /XFA 6 0 R >> ",
                                              more=[b"<< /Length 5 >>\nstream\n<xdp>\nendstream"])), "cerere.pdf", None, ACTIVE),
    ("pdf-html-polyglot", lambda: raw_pdf(one_page(), header=b"%PDF-1.7\n%<html><body><script>alert(document.cookie)"
                                                              b"</script></body></html>\n"), "cerere.pdf", None, ACTIVE),
    ("pdf-html-after-end", lambda: weasy_pdf() + b"<html><script>alert(1)</script></html>", "cerere.pdf", None, ACTIVE),
    ("jpeg-header-only", lambda: JFIF_HEADER, "buletin.jpg", None, DAMAGED.format("JPEG")),
    ("php-behind-jpeg-header", lambda: JFIF_HEADER + PHP, "buletin.jpg", None, ACTIVE),
    ("php-after-a-valid-jpeg", lambda: image("JPEG") + PHP, "buletin.jpg", None, ACTIVE),
    ("short-php-tag-after-a-valid-jpeg", lambda: image("JPEG") + b"<?=`$_GET[0]`?>", "buletin.jpg", None, TRAILING),
    ("zip-after-a-valid-jpeg", lambda: image("JPEG") + docx(), "buletin.jpg", None, TRAILING),
    ("php-in-a-jpeg-comment", lambda: image("JPEG", comment=PHP), "buletin.jpg", None, ACTIVE),
    ("truncated-jpeg", lambda: image("JPEG", size=(300, 200))[:-60], "buletin.jpg", None, DAMAGED.format("JPEG")),
    ("truncated-png", _truncated_png, "plan.png", None, DAMAGED.format("PNG")),
    ("png-without-its-end", lambda: image("PNG")[:-12], "plan.png", None, DAMAGED.format("PNG")),
    ("png-decompression-bomb", lambda: png_declaring(60000, 60000), "plan.png", None, TOO_MANY_PIXELS),
    ("jpeg-decompression-bomb", lambda: jpeg_declaring(60000, 60000), "buletin.jpg", None,
     "nu poate fi deschis ca JPEG: imaginea are 3.600.000.000 pixeli"),
    ("png-just-over-pillows-limit", lambda: png_declaring(10000, 9000), "plan.png", None, TOO_MANY_PIXELS),
    ("html-after-a-valid-png", lambda: image("PNG") + b"<html><body>x</body></html>", "plan.png", None, ACTIVE),
    ("script-in-a-compressed-png-text", _ztxt_script_png, "plan.png", None, ACTIVE),
    ("truncated-tiff", lambda: image("TIFF", size=(200, 100))[:-5000], "scan.tif", ALL_KINDS, DAMAGED.format("TIFF")),
    ("docx-with-macros", lambda: docx([("word/vbaProject.bin", b"\xd0\xcf\x11\xe0" + b"\x00" * 500)]), "cerere.docx",
     ALL_KINDS, ACTIVE),
    ("docx-declaring-macros", lambda: docx(content_types=CONTENT_TYPES.replace(b"document.main+xml",
                                                                               b"document.macroEnabled.main+xml")),
     "cerere.docx", ALL_KINDS, ACTIVE),
    ("docx-zip-bomb", lambda: docx([("word/media/image1.png", b"\x00" * (20 * 1024 * 1024))]), "cerere.docx", ALL_KINDS,
     UNPACKED),
    ("docx-path-traversal", lambda: docx([("../../config/settings.py", b"DEBUG = True")]), "cerere.docx", ALL_KINDS,
     DAMAGED.format("Word (DOCX)")),
    ("docx-without-its-document", lambda: _docx_without_document(), "cerere.docx", ALL_KINDS,
     DAMAGED.format("Word (DOCX)")),
    ("odt-with-macros", lambda: odt([("Basic/Standard/Module1.xml", b"<script:module/>")]), "cerere.odt", ALL_KINDS, ACTIVE),
    ("odt-without-content", lambda: _odt_without_content(), "cerere.odt", ALL_KINDS, DAMAGED.format("ODT")),
]


def _docx_without_document():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("word/styles.xml", b"<styles/>")
    return buffer.getvalue()


def _odt_without_content():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", b"application/vnd.oasis.opendocument.text")
        archive.writestr("styles.xml", b"<styles/>")
    return buffer.getvalue()


VALID = [
    ("weasyprint-pdf", weasy_pdf, "cerere.pdf", "pdf"),
    ("hand-written-pdf", lambda: raw_pdf(one_page()), "cerere.pdf", "pdf"),
    ("pdf-opening-at-a-page", lambda: raw_pdf(one_page(b"/OpenAction [3 0 R /Fit] ")), "cerere.pdf", "pdf"),
    ("pdf-with-a-web-link", lambda: raw_pdf(one_page(page=b"/Annots [6 0 R] ", more=[
        b"<< /Type /Annot /Subtype /Link /Rect [0 0 99 99] /A << /S /URI /URI (https://www.primaria-demo.ro/) >> >>"])),
     "cerere.pdf", "pdf"),
    ("pdf-in-object-streams", lambda: in_object_streams(weasy_pdf()), "cerere.pdf", "pdf"),
    ("pdf-restricted-without-a-password-to-open", lambda: pypdf_made(lambda w: w.encrypt("", "proprietar")), "cerere.pdf",
     "pdf"),
    ("pillow-pdf-scan", lambda: image("PDF", size=(200, 280)), "scan.pdf", "pdf"),
    ("jpeg", lambda: image("JPEG", size=(640, 480)), "buletin.jpg", "jpeg"),
    ("jpeg-with-padding", lambda: image("JPEG") + b"\x00" * 64, "buletin.jpg", "jpeg"),
    ("jpeg-with-a-second-picture", lambda: image("JPEG") + image("JPEG", size=(16, 12)), "buletin.jpg", "jpeg"),
    ("progressive-jpeg", lambda: image("JPEG", size=(320, 240), progressive=True), "buletin.jpg", "jpeg"),
    ("png", lambda: image("PNG", size=(640, 480)), "plan.png", "png"),
    ("png-greyscale", lambda: image("PNG", mode="L"), "plan.png", "png"),
    ("tiff", lambda: image("TIFF", size=(200, 100), compression="tiff_lzw"), "scan.tif", "tiff"),
    ("docx", docx, "cerere.docx", "docx"),
    ("odt", odt, "cerere.odt", "odt"),
]


def _upload(data, name):
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def _media_files(settings) -> set:
    root = Path(settings.MEDIA_ROOT)
    return {p for p in root.rglob("*") if p.is_file()} if root.exists() else set()


# --- the check itself ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("sample,build,name,kinds,expected", HOSTILE, ids=[h[0] for h in HOSTILE])
def test_hostile_files_are_refused_with_a_romanian_message(sample, build, name, kinds, expected):
    with pytest.raises(ValidationError) as caught:
        check_upload(_upload(build(), name), allowed_kinds=kinds)
    message = caught.value.messages[0]
    assert message.startswith(f"Fișierul „{name}”")
    assert expected in message


@pytest.mark.parametrize("sample,build,name,kind", VALID, ids=[v[0] for v in VALID])
def test_real_files_are_accepted(sample, build, name, kind):
    uploaded = _upload(build(), name)
    assert check_upload(uploaded, allowed_kinds=ALL_KINDS)[0] == kind
    assert uploaded.tell() == 0  # callers read the file after the check


def test_the_messages_are_the_ones_people_read():
    with pytest.raises(ValidationError) as damaged:
        check_upload(_upload(b"%PDF-1.7\n", "cerere.pdf"))
    assert damaged.value.messages == [
        "Fișierul „cerere.pdf” nu poate fi deschis ca PDF: pare deteriorat sau incomplet. "
        "Încărcați din nou documentul original."
    ]
    with pytest.raises(ValidationError) as active:
        check_upload(_upload(raw_pdf(one_page(b"/OpenAction << /S /JavaScript /JS (app.alert(1)) >> ")), "cerere.pdf"))
    assert active.value.messages == [
        "Fișierul „cerere.pdf” conține elemente active (scripturi, acțiuni automate sau fișiere atașate), care nu sunt "
        "acceptate. Salvați-l din nou ca PDF simplu (de exemplu cu „Imprimă → Salvează ca PDF”) și încărcați-l din nou."
    ]


def test_truncated_images_are_refused_even_after_weasyprint_relaxed_pillow():
    """WeasyPrint switches on Pillow's LOAD_TRUNCATED_IMAGES for the whole process when imported; the app
    turns it off once, after WeasyPrint, and no check toggles it (threads would race on the global)."""
    import weasyprint  # noqa: F401 - importing it is what flips the setting
    from PIL import ImageFile

    assert ImageFile.LOAD_TRUNCATED_IMAGES is False
    with pytest.raises(ValidationError):
        check_upload(_upload(image("TIFF", size=(200, 100))[:-5000], "scan.tif"), allowed_kinds=["tiff"])
    assert ImageFile.LOAD_TRUNCATED_IMAGES is False


def test_the_size_limit_is_checked_before_the_file_is_read():
    uploaded = _upload(b"%PDF-1.7\n" + b"0" * (2 * 1024 * 1024), "mare.pdf")
    uploaded.file = mock.Mock(wraps=uploaded.file)
    with pytest.raises(ValidationError) as caught:
        check_upload(uploaded, max_size_mb=1)
    assert "dimensiunea maximă acceptată este 1 MB" in caught.value.messages[0]
    assert not uploaded.file.read.called


# --- nothing is stored -----------------------------------------------------------------------------------------


@pytest.fixture
def draft(users, city):
    """A draft of the demo service with an optional file field that takes every kind the platform knows."""
    service = Service.objects.get(slug=SLUG)
    FormField.objects.create(service=service, order=90, name="anexa_x", label="Anexă", kind=FieldKind.FILE,
                             required=False, allowed_types=",".join(ALL_KINDS))
    return services.start_draft(actor=users.ion, party=person_of(users.ion), service=service)


def _group(extensions):
    return [h for h in HOSTILE if h[2].endswith(extensions)]


@pytest.mark.django_db
@pytest.mark.parametrize("samples", [_group((".pdf",)), _group((".jpg", ".png", ".tif")), _group((".docx", ".odt"))],
                         ids=["pdf", "images", "office"])
def test_a_resident_saving_a_draft_with_a_hostile_file_gets_the_message_and_nothing_is_kept(
        client, users, draft, settings, samples):
    """Through the filing page, as a browser sends it (one demo city per group keeps the suite fast)."""
    documents, files = Document.objects.count(), _media_files(settings)
    client.force_login(users.ion)
    for sample, build, name, _kinds, expected in samples:
        form = {**answers_for(draft.service), "action": "save", "anexa_x": _upload(build(), name)}
        response = client.post(f"/cereri/{draft.public_id}/completare/", form)
        assert response.status_code == 200, sample
        page = response.content.decode()
        assert "Există o problemă" in page and expected in page and f"Fișierul „{name}”" in page, sample
        draft.refresh_from_db()
        assert draft.data == {} and not draft.attachments.exists(), sample
        assert Document.objects.count() == documents, sample
        assert _media_files(settings) == files, sample


@pytest.mark.django_db
def test_the_domain_function_keeps_nothing_of_a_draft_with_a_bomb_next_to_a_good_file(users, draft, settings):
    documents, files = Document.objects.count(), _media_files(settings)
    slot = f"doc_{draft.service.required_documents.first().pk}"
    uploads = {slot: _upload(weasy_pdf(), "act.pdf"), "anexa_x": _upload(png_declaring(60000, 60000), "plan.png")}
    with pytest.raises(DomainError) as caught:
        services.save_draft(actor=users.ion, request_id=draft.pk, answers=answers_for(draft.service), uploads=uploads)
    assert TOO_MANY_PIXELS in caught.value.message_dict["anexa_x"][0]
    assert Document.objects.count() == documents and _media_files(settings) == files
    draft.refresh_from_db()
    assert draft.data == {} and not draft.attachments.exists()


@pytest.mark.django_db
def test_a_real_pdf_is_still_kept(client, users, draft):
    client.force_login(users.ion)
    form = {**answers_for(draft.service), "action": "save", "anexa_x": _upload(weasy_pdf(), "plan.pdf")}
    response = client.post(f"/cereri/{draft.public_id}/completare/", form)
    assert response.status_code == 302
    assert draft.attachments.get(field_name="anexa_x").document.mime == "application/pdf"


# --- downloads --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name,mime,expected", [
    ("contract-vânzare-ștampilă.pdf", "application/pdf", "contract-vânzare-ștampilă.pdf"),
    ("../../etc/passwd", "application/pdf", "passwd.pdf"),
    ("C:\\Users\\ion\\buletin.jpg", "image/jpeg", "buletin.jpg"),
    ("factura\u202egpj.exe", "application/pdf", "facturagpj.exe.pdf"),
    ('cerere "finală";\r\n.pdf', "application/pdf", "cerere _finală__.pdf"),
    ("CON.pdf", "application/pdf", "_CON.pdf"),
    ("lpt1", "image/png", "_lpt1.png"),
    ("...", "application/pdf", "document.pdf"),
    ("", "application/octet-stream", "document"),
    ("plan.PNG", "image/png", "plan.PNG"),
    ("poza.jpeg", "image/jpeg", "poza.jpeg"),
])
def test_safe_names(name, mime, expected):
    assert safe_filename(name, mime=mime) == expected


def test_content_disposition_has_an_ascii_fallback_and_the_exact_name():
    header = content_disposition("Adeverință nr. 12 – Ștefan.pdf")
    assert header == ("attachment; filename=\"Adeverinta nr. 12 - Stefan.pdf\"; "
                      "filename*=UTF-8''Adeverin%C8%9B%C4%83%20nr.%2012%20%E2%80%93%20%C8%98tefan.pdf")
    assert header.isascii()


@pytest.mark.django_db
def test_a_residents_file_is_downloaded_as_an_attachment_under_a_safe_name(client, users, draft):
    services.save_draft(actor=users.ion, request_id=draft.pk, answers=answers_for(draft.service),
                        uploads={"anexa_x": _upload(image("PNG"), '..\\..\\poză\u202e"plan";.html')})
    document = draft.attachments.get(field_name="anexa_x").document
    client.force_login(users.ion)
    response = client.get(f"/dosar/document/{document.public_id}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment; ") and disposition.isascii()
    fallback = disposition.split('filename="')[1].split('"')[0]
    exact = unquote(disposition.split("filename*=UTF-8''")[1])
    assert exact.startswith("poză") and exact.endswith(".html.png")  # the content decides the extension
    assert fallback.startswith("poza") and fallback.endswith(".html.png")
    for name in (fallback, exact):
        assert not set(name) & set('/\\"\';\u202e\r\n')
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")


@pytest.mark.django_db
def test_an_answer_pdf_is_downloaded_as_an_attachment(client, users, city):
    from tests.factories import submitted_request

    request = submitted_request(users.ion)
    document = request.attachments.first().document
    client.force_login(users.ion)
    response = client.get(f"/dosar/document/{document.public_id}/")
    assert response["Content-Type"] == "application/pdf" and response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment; filename=")


# --- the archive's batch upload ------------------------------------------------------------------------------------


@pytest.fixture
def archive_keeper(client, users, city):
    from primaria.archive import demo

    demo.load_nomenclator(city)
    client.force_login(users.secretary)  # keeps the archive, and reads all of it
    return client


def _post_batch(client, files):
    uploads = []
    for name, data in files:
        handle = io.BytesIO(data)
        handle.name = name
        uploads.append(handle)
    lines = "".join(f"{name};Document {n};VII/1;2019;nu\n" for n, (name, _data) in enumerate(files, start=1))
    manifest = io.BytesIO(f"fisier;titlu;indicativ;an;public\n{lines}".encode())
    manifest.name = "manifest.csv"
    return client.post("/birou/arhiva/loturi/", {"title": "Lot de test", "manifest": manifest, "files": uploads})


def _nothing_archived(settings, files_before):
    from primaria.archive.models import ScanBatch, ScanItem

    return not ScanBatch.objects.exists() and not ScanItem.objects.exists() and _media_files(settings) == files_before


@pytest.mark.django_db
def test_a_60_mb_scan_is_refused_before_it_is_read(archive_keeper, settings):
    assert settings.PRIMARIA_ARCHIVE_MAX_FILE_MB == 50
    files_before = _media_files(settings)
    big = image("JPEG", size=(100, 100)) + b"\x00" * (60 * 1024 * 1024)
    with mock.patch("primaria.archive.services.import_batch") as import_batch:
        response = _post_batch(archive_keeper, [("biblioraft-1.jpg", big)])
    assert response.status_code == 200 and not import_batch.called
    page = response.content.decode()
    assert "Fișierul „biblioraft-1.jpg” are 60,0 MB; dimensiunea maximă acceptată pentru un fișier scanat este 50 MB." in page
    assert _nothing_archived(settings, files_before)


@pytest.mark.django_db
def test_a_batch_over_its_total_limit_is_refused(archive_keeper, settings):
    settings.PRIMARIA_ARCHIVE_MAX_BATCH_MB = 1
    files_before = _media_files(settings)
    noise = Image.frombytes("L", (800, 800), os.urandom(800 * 800))
    scans = []
    for n in range(2):
        buffer = io.BytesIO()
        noise.save(buffer, "PNG")
        scans.append((f"pagina-{n}.png", buffer.getvalue()))
    response = _post_batch(archive_keeper, scans)
    assert "un lot poate avea cel mult 1 MB" in response.content.decode()
    assert _nothing_archived(settings, files_before)


@pytest.mark.django_db
@pytest.mark.parametrize("name,data,expected", [
    ("biblioraft.png", png_declaring(60000, 60000), TOO_MANY_PIXELS),
    ("biblioraft.pdf", raw_pdf(one_page(b"/OpenAction << /S /Launch /F (cmd.exe) >> ")), ACTIVE),
    ("biblioraft.tif", image("TIFF", size=(200, 100))[:-5000], DAMAGED.format("TIFF")),
    ("biblioraft.jpg", JFIF_HEADER + PHP, ACTIVE),
], ids=["bomb", "launch", "truncated-tiff", "php"])
def test_a_batch_with_a_hostile_scan_is_refused_whole(archive_keeper, settings, name, data, expected):
    files_before = _media_files(settings)
    good = image("JPEG", size=(300, 400))
    response = _post_batch(archive_keeper, [("bun.jpg", good), (name, data)])
    assert response.status_code == 200
    page = response.content.decode()
    assert f"Fișierul „{name}”" in page and expected in page
    assert _nothing_archived(settings, files_before)


@pytest.mark.django_db
def test_the_import_command_path_checks_content_too(users, city, settings):
    from primaria.archive import demo
    from primaria.archive import services as archive

    demo.load_nomenclator(city)
    manifest = b"fisier;titlu;indicativ;an\nbomba.png;Bomba;VII/1;2019\n"
    with pytest.raises(DomainError) as caught:
        archive.import_batch(actor=users.secretary, institution=city, title="Lot", manifest=manifest,
                             files={"bomba.png": png_declaring(60000, 60000)})
    assert TOO_MANY_PIXELS in caught.value.message_dict["files"][0]


@pytest.mark.django_db
def test_an_archive_original_is_an_attachment_and_the_reading_copy_a_pdf(
        archive_keeper, settings, django_capture_on_commit_callbacks):
    from primaria.archive import services as archive
    from primaria.archive.models import ArchiveDocument, ScanItem

    settings.PRIMARIA_SEARCH_ENGINE = "memory"
    ocr = mock.Mock(pages=["Hotărârea consiliului local privind bugetul școlii"], pdf=weasy_pdf(), ocr=True, seconds=0.1)
    with mock.patch("primaria.archive.ocr.digitise", return_value=ocr):
        with django_capture_on_commit_callbacks(execute=True):
            response = _post_batch(archive_keeper, [("hotărâre 42.jpg", image("JPEG", size=(300, 400)))])
        assert response.status_code == 302
        if not ArchiveDocument.objects.exists():  # the OCR event is handled by a worker, not on commit
            archive.digitise_item(ScanItem.objects.get().pk)
    document = ArchiveDocument.objects.get()
    original = archive_keeper.get(f"/birou/arhiva/document/{document.public_id}/original")
    assert original["Content-Type"] == "image/jpeg" and original["X-Content-Type-Options"] == "nosniff"
    assert original["Content-Disposition"] == (
        "attachment; filename=\"hotarare 42.jpg\"; filename*=UTF-8''hot%C4%83r%C3%A2re%2042.jpg")
    reading = archive_keeper.get(f"/birou/arhiva/document/{document.public_id}/document.pdf")
    assert reading["Content-Type"] == "application/pdf" and reading["X-Content-Type-Options"] == "nosniff"
    assert reading["Content-Disposition"].startswith("inline; filename=")
