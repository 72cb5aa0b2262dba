"""The PDFs the platform issues are tagged (PDF/A-2a): a screen reader reads their headings, paragraphs, tables
and images' text in order, in Romanian, under the document's title; sealing or signing them keeps it so.

poppler's pdfinfo is the independent reader of the structure; the catalog is read with pyHanko's PDF reader.
"""

import io

import pytest

from tests.factories import submitted_request
from tests.pdftools import pdfinfo

pytestmark = pytest.mark.django_db


def _catalog(pdf: bytes):
    from pyhanko.pdf_utils.reader import PdfFileReader

    return PdfFileReader(io.BytesIO(pdf)).root


def _figures(node, found):
    """The structure elements of type Figure under `node`, with their text alternative."""
    node = node.get_object() if hasattr(node, "get_object") else node
    if isinstance(node, list):
        for child in node:
            _figures(child, found)
    elif hasattr(node, "keys"):
        if node.get("/S") == "/Figure":
            found.append(str(node.get("/Alt", "")))
        if node.get("/K") is not None:
            _figures(node["/K"], found)
    return found


def _assert_accessible(pdf: bytes, tmp_path, title: str, tags=("H1", "P")):
    info = pdfinfo(pdf, tmp_path)
    assert "Tagged:          yes" in info
    assert f"Title:           {title}" in info
    structure = pdfinfo(pdf, tmp_path, "-struct-text")
    for tag in tags:
        assert f"  {tag} (block)" in structure or f"  {tag}\n" in structure, (tag, structure[:2000])
    catalog = _catalog(pdf)
    assert str(catalog["/Lang"]) == "ro"
    assert bool(catalog["/MarkInfo"]["/Marked"])
    assert bool(catalog["/ViewerPreferences"]["/DisplayDocTitle"])
    metadata = catalog["/Metadata"].get_object().data
    assert b'pdfaid:part="2"' in metadata and b'pdfaid:conformance="A"' in metadata
    return catalog, structure


def test_the_sealed_proof_of_registration_is_tagged_and_its_seal_valid(users, pki, tmp_path):
    from primaria.requests.proof import sealed_proof
    from primaria.signing.services import validate

    request = submitted_request(users.ion)
    pdf = sealed_proof(request)
    _catalog_, structure = _assert_accessible(pdf, tmp_path, f"Dovadă de înregistrare {request.reference}")
    assert request.reference in structure  # the text itself is in the tags, in reading order
    report = validate(pdf)
    assert report.ok and report.signatures[0].signer_name == "Primăria Municipiului Demo"


def test_an_issued_answer_is_tagged_with_its_table_list_and_images_described(users, pki, tmp_path):
    from primaria.documents.rendering import render_pdf
    from primaria.institutions.models import Department, Institution

    institution = Institution.objects.get(code="PMD")
    department = Department.objects.filter(institution=institution).first()
    pdf = render_pdf(
        institution=institution, department=department, title="Certificat de urbanism nr. 12/2026",
        body_html="<p>Se certifică:</p><ul><li>regimul juridic</li><li>regimul economic</li></ul>"
                  "<table><thead><tr><th>Indicator</th><th>Valoare</th></tr></thead>"
                  "<tbody><tr><td>POT</td><td>35%</td></tr></tbody></table>",
        outgoing_reference="12/06.12.2026", verification_code="PMD-7K3Q-9XWD",
        signers=[{"name": "Mihai Constantinescu", "function": "Primar", "capacity": "Primar"}])
    catalog, structure = _assert_accessible(pdf, tmp_path, "Certificat de urbanism nr. 12/2026",
                                            tags=("H1", "P", "L", "Table"))
    assert "    TH" in structure and "regimul economic" in structure
    figures = _figures(catalog["/StructTreeRoot"], [])
    # Every image in the text says what it is (the QR code sits in the page footer, an artifact of each page).
    assert figures == ["Stema Primăria Municipiului Demo"]


def test_the_archived_request_sheet_is_tagged(users, tmp_path):
    from primaria.archive.summary import request_summary_pdf

    request = submitted_request(users.ion)
    _assert_accessible(request_summary_pdf(request), tmp_path, f"Fișa cererii {request.reference}")
