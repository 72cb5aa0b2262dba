"""Fixtures for the signing engine: one demo PKI per test session, PDFs, poppler helpers."""


import pytest


def letter_pdf(pages: int = 1, title: str = "Certificat de urbanism nr. 12") -> bytes:
    from weasyprint import HTML

    body = "".join(
        f"<section style='page-break-after: always'><h1>{title}</h1><p>Pagina {n + 1}. Se certifică "
        "regimul juridic, economic și tehnic al imobilului din Șoseaua Ștefan cel Mare nr. 5.</p></section>"
        for n in range(pages)
    )
    html = f"<html lang='ro'><head><meta charset='utf-8'><title>{title}</title></head><body>{body}</body></html>"
    return HTML(string=html).write_pdf()


@pytest.fixture
def letter():
    return letter_pdf


SIGNERS = [("urb_specialist", "Întocmit"), ("urb_head", "Arhitect-șef"), ("mayor", "Primar")]


@pytest.fixture
def sign_in_sequence(pki, users):
    """Sign a PDF by the specialist ("Întocmit"), the chief architect and the mayor, in that order."""
    from primaria.signing.services import Stamp, credential_for, sign_pdf

    def run(pdf: bytes, signers=SIGNERS) -> bytes:
        for index, (who, capacity) in enumerate(signers, start=1):
            user = getattr(users, who)
            position = user.positions.filter(active=True).first()
            pdf = sign_pdf(
                pdf, credential=credential_for(user), field_name=f"Semnatura{index}",
                stamp=Stamp(signer_name=user.get_full_name(), function=position.function, capacity=capacity),
                reason=capacity, location="Municipiul Demo",
            )
        return pdf

    return run
