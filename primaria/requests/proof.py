"""The proof of registration (dovada de înregistrare) as a PDF, for online and counter filings alike."""

from django.template.loader import render_to_string
from django.utils import timezone


def render_proof(request) -> bytes:
    from weasyprint import HTML

    html = render_to_string("requests/proof.html", {
        "req": request, "entry": request.registry_entry, "institution": request.institution,
        "printed_at": timezone.localtime(),
    })
    return HTML(string=html).write_pdf()
