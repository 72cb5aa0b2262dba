"""The proof of registration (dovada de înregistrare), for online and counter filings alike.

It is issued automatically, so no official signs it: it carries the institution's electronic seal
(PAdES, with a timestamp and validation data), which anyone can check like any other issued document.
"""

from django.template.loader import render_to_string
from django.utils import timezone, translation

from primaria.core.pdf import html_to_pdf


def render_proof(request) -> bytes:
    with translation.override("ro"):  # a sealed record of the registration: in Romanian, whoever prints it
        html = render_to_string("requests/proof.html", {
            "req": request, "entry": request.registry_entry, "institution": request.institution,
            "printed_at": timezone.localtime(),
        })
    return html_to_pdf(html)


def sealed_proof(request) -> bytes:
    from primaria.signing.services import Stamp, finalize, institution_seal, sign_pdf

    institution = request.institution
    sealed = sign_pdf(
        render_proof(request), credential=institution_seal(institution), field_name="SigiliuInstitutie",
        stamp=Stamp(signer_name=institution.name, function="Sigiliu electronic", capacity="Emis automat",  # i18n: ro
                    page=0, box=(51, 40, 300, 96)),
        reason=f"Dovada înregistrării nr. {request.reference}", location=institution.name,  # i18n: ro
    )
    return finalize(sealed)
