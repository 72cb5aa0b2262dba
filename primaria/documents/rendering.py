"""Issued documents as PDF/A: the department's letterhead, the body from the service's template, the
signature block (name, function and capacity of every signer) and the verification code with its QR."""

import base64
import io
from pathlib import Path

from django.conf import settings
from django.template import Context, Template
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe

from primaria.core.pdf import html_to_pdf

DEFAULT_CREST = Path(__file__).parent / "static" / "documents" / "stema.svg"


def verification_url(code: str, institution=None) -> str:
    """The page that verifies `code`, on the address of the city hall `institution` belongs to (the issuer's):
    a document of a commune hosted by a county is verified on the commune's site."""
    from primaria.institutions import tenancy

    site = tenancy.site_url(tenancy.city_hall_of(institution)) if institution is not None else settings.SITE_URL
    return f"{site.rstrip('/')}/verificare/{code}/"


def qr_svg(data: str) -> str:
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=1)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


def crest_data_uri(institution) -> str:
    if institution.coat_of_arms:
        data = institution.coat_of_arms.read()
        mime = "image/svg+xml" if institution.coat_of_arms.name.endswith(".svg") else "image/png"
    else:
        data, mime = DEFAULT_CREST.read_bytes(), "image/svg+xml"
    return f"data:{mime};base64," + base64.b64encode(data).decode()


def render_body(template_html: str, context: dict) -> str:
    """The template the IT admin wrote, with the request's data substituted (HTML-escaped)."""
    return Template(template_html).render(Context(context))


# Where the visible signature stamps go on the last page: rows of up to four boxes above the footer
# (PDF points, A4 portrait, origin at the bottom left). The bottom margin of the page leaves room for them.
PAGE_WIDTH, SIDE_MARGIN, STAMPS_PER_ROW = 595, 51, 4
STAMP_HEIGHT, STAMP_GAP, STAMPS_BOTTOM = 56, 6, 86


def stamp_box(index: int) -> tuple[int, int, int, int]:
    width = (PAGE_WIDTH - 2 * SIDE_MARGIN - (STAMPS_PER_ROW - 1) * STAMP_GAP) // STAMPS_PER_ROW
    row, column = divmod(index, STAMPS_PER_ROW)
    x1 = SIDE_MARGIN + column * (width + STAMP_GAP)
    y1 = STAMPS_BOTTOM + row * (STAMP_HEIGHT + STAMP_GAP)
    return (x1, y1, x1 + width, y1 + STAMP_HEIGHT)


def bottom_margin_pt(signer_count: int) -> int:
    rows = max(1, -(-signer_count // STAMPS_PER_ROW))
    return STAMPS_BOTTOM + rows * (STAMP_HEIGHT + STAMP_GAP) + 8


def render_pdf(*, institution, department, title: str, body_html: str, css: str = "", outgoing_reference: str,
               signers: list[dict], verification_code: str, recipient: str = "") -> bytes:
    """Render the document as a tagged PDF/A-2a (`core.pdf`).

    `signers`: [{"name", "function", "capacity"}] in signing order."""
    url = verification_url(verification_code, institution)
    with translation.override("ro"):  # an issued document is a legal record: in Romanian
        html = render_to_string("documents/pdf/issued.html", {
            "institution": institution, "department": department, "title": title, "body": mark_safe(body_html),
            "css": mark_safe(css), "reference": outgoing_reference, "signers": signers, "recipient": recipient,
            "code": verification_code, "verification_url": url, "qr": qr_svg(url), "crest": crest_data_uri(institution),
            "bottom_margin": bottom_margin_pt(len(signers)),
        })
    return html_to_pdf(html, base_url=str(settings.BASE_DIR))
