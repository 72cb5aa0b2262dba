"""Journey 1: a resident files a request online, from the catalog to the proof of registration."""

import re

import pytest
from playwright.sync_api import expect

from .helpers import SERVICE_SLUG, download_pdf, fill_answers, open_service_from_catalog, service_fields

pytestmark = pytest.mark.browser

ION = "ion.popescu@example.ro"


def start_request(page):
    open_service_from_catalog(page)
    page.get_by_role("button", name="Începe cererea").click()
    expect(page).to_have_url(re.compile(r"/cereri/[0-9a-f-]+/completare/$"))


def upload_documents(page, documents, pdf_payloads, *, only_required=True):
    for required in documents:
        if only_required and not required.required:
            continue
        name = required.document_type.name
        page.get_by_label(f"Încărcați {name}").set_input_files(pdf_payloads(f"doc-{required.pk}.pdf", text=name))


def test_applicant_files_a_request_online(open_session, pdf_payloads, mailbox):
    from primaria.core import terms
    from primaria.requests.models import Request, Status

    fields, documents = service_fields()
    assert {f.kind for f in fields} <= {"address", "text", "choice", "phone"}, "update the journey for new kinds"
    page = open_session(ION)
    start_request(page)

    given = fill_answers(page, fields)
    upload_documents(page, documents, pdf_payloads)
    page.get_by_label(re.compile("Solicit regim de urgență")).check()
    page.get_by_role("button", name="Continuă", exact=True).click()

    # Check your answers.
    expect(page.get_by_role("heading", level=1)).to_have_text("Verificați răspunsurile înainte de a depune cererea")
    expect(page.locator("[data-error-summary]")).to_have_count(0)
    summary = page.locator("dl.summary-list")
    for field in fields:
        shown = given[field.name].replace(" ", "") if field.kind == "phone" else given[field.name]  # normalised
        expect(summary.locator(f"#f-{field.name} dd").first).to_have_text(shown)
    for required in documents:
        if required.required:
            expect(summary).to_contain_text(f"doc-{required.pk}.pdf")
    expect(summary).to_contain_text("Urgent (7 zile, 100,00 lei)")

    # Change one answer through its "Modifică" link and come back.
    page.get_by_role("link", name="Modifică număr cadastral").click()
    expect(page).to_have_url(re.compile(r"/completare/#f-numar_cadastral$"))
    cadastral = page.get_by_label("Număr cadastral")
    expect(cadastral).to_have_value(given["numar_cadastral"])
    cadastral.fill("401234")
    expect(page.get_by_label(re.compile("Solicit regim de urgență"))).to_be_checked()
    page.get_by_role("button", name="Continuă", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Verificați răspunsurile înainte de a depune cererea")
    expect(page.locator("#f-numar_cadastral dd").first).to_have_text("401234")
    expect(page.locator("#f-adresa_imobil dd").first).to_have_text(given["adresa_imobil"])

    page.get_by_role("button", name=re.compile("^Depuneți cererea și plătiți")).click()

    # Confirmation panel: number and due date.
    expect(page).to_have_url(re.compile(r"/confirmare/(#.*)?$"))
    number = page.get_by_test_id("registration-number")
    expect(number).to_be_visible()
    req = Request.objects.select_related("registry_entry").get(service__slug=SERVICE_SLUG, applicant__user__email=ION)
    assert req.status == Status.REGISTERED and req.urgent
    assert req.data["numar_cadastral"] == "401234"
    expect(number).to_have_text(req.reference)
    assert req.due_date == terms.add_term(req.submitted_at.astimezone().date(), 7, req.term_unit)
    expect(page.get_by_role("main")).to_contain_text(f"până la {req.due_date:%d.%m.%Y}")
    page.screenshot(path="/tmp/confirmation.png", full_page=True)

    # The proof of registration is a PDF.
    data, filename = download_pdf(page, page.get_by_role("link", name="Descărcați dovada de înregistrare (PDF)"))
    assert data.startswith(b"%PDF-")
    assert str(req.registry_entry.number) in filename

    # The request's page and its timeline.
    page.get_by_role("link", name="Urmăriți cererea").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Adeverință de nomenclatură stradală")
    expect(page.locator(".lead .tag")).to_have_text("Înregistrată")
    timeline = page.get_by_test_id("timeline")
    expect(timeline.locator("li")).to_have_count(1)
    expect(timeline).to_contain_text(f"Cererea a fost înregistrată cu nr. {req.reference}")
    expect(timeline).to_contain_text("Direcția Urbanism")

    # "Cererile mele" lists it.
    page.get_by_role("link", name="Cererile mele").first.click()
    expect(page.get_by_role("link", name=req.reference)).to_be_visible()

    subjects = [m["subject"] for m in mailbox.to(ION)]
    assert f"Cererea nr. {req.reference} – Înregistrată" in subjects


def test_one_round_of_errors_on_the_form_itself_then_the_check_answers_page(open_session, pdf_payloads):
    """"Continuă" with an answer and a document missing: the form shows both next to their fields at once,
    its summary links to each and has the focus; what was given is kept; the check-answers page comes only
    when nothing is missing."""
    from primaria.requests.models import Request, Status

    fields, documents = service_fields()
    required = [d for d in documents if d.required]
    left_out = required[-1]
    page = open_session(ION)
    start_request(page)
    given = fill_answers(page, fields, skip={"telefon"})
    upload_documents(page, [d for d in required if d != left_out], pdf_payloads)
    page.get_by_role("button", name="Continuă", exact=True).click()

    expect(page).to_have_url(re.compile(r"/completare/$"))
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("heading")).to_have_text("Există o problemă")
    expect(summary.get_by_role("link")).to_have_count(2)
    expect(summary.get_by_role("link", name="Completați câmpul „Telefon de contact”.")).to_have_attribute(
        "href", "#f-telefon")
    expect(summary.get_by_role("link", name=re.compile(re.escape(left_out.document_type.name)))).to_have_attribute(
        "href", f"#f-doc_{left_out.pk}")
    for key in ("telefon", f"doc_{left_out.pk}"):
        expect(page.locator(f"#f-{key}")).to_have_class(re.compile(r"\berror\b"))
        expect(page.locator(f"#f-{key} .error-message")).to_be_visible()
    expect(page.get_by_label("Adresa imobilului")).to_have_value(given["adresa_imobil"])  # kept
    assert Request.objects.get(applicant__user__email=ION).status == Status.DRAFT

    # The summary's link takes the resident to the field; once both are given, the check-answers page.
    summary.get_by_role("link", name="Completați câmpul „Telefon de contact”.").click()
    expect(page).to_have_url(re.compile(r"#f-telefon$"))
    page.get_by_label("Telefon de contact").fill("0722123456")
    upload_documents(page, [left_out], pdf_payloads)
    page.get_by_role("button", name="Continuă", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Verificați răspunsurile înainte de a depune cererea")
    expect(page.locator("[data-error-summary]")).to_have_count(0)


def test_text_file_named_pdf_is_refused(open_session, pdf_payloads):
    from primaria.requests.models import Request

    fields, documents = service_fields()
    identity = next(d for d in documents if d.document_type.code == "act_identitate")
    page = open_session(ION)
    start_request(page)
    given = fill_answers(page, fields)
    page.get_by_label(f"Încărcați {identity.document_type.name}").set_input_files(
        {"name": "buletin.pdf", "mimeType": "application/pdf", "buffer": b"Acesta este un text, nu un PDF.\n" * 20}
    )
    page.get_by_role("button", name="Continuă", exact=True).click()

    message = ("Fișierul „buletin.pdf” nu este de un tip acceptat. Tipuri acceptate: PDF, JPEG, PNG. "
               "Tipul este verificat după conținut, nu după numele fișierului.")
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("link", name=message)).to_have_attribute("href", f"#f-doc_{identity.pk}")
    field = page.locator(f"#f-doc_{identity.pk}")
    expect(field).to_have_class(re.compile(r"\berror\b"))
    expect(field.locator(".error-message")).to_contain_text(message)
    # What was typed is still there; nothing was kept.
    expect(page.get_by_label("Adresa imobilului")).to_have_value(given["adresa_imobil"])
    req = Request.objects.get(applicant__user__email=ION)
    assert req.attachments.count() == 0 and req.data == {}


def test_folder_download_keeps_a_romanian_file_name(open_session, pdf_payloads):
    """A draft's files stay with the draft; once filed they are in the folder, downloaded under their name."""
    fields, documents = service_fields()
    deed = next(d for d in documents if d.document_type.code == "act_proprietate")
    page = open_session(ION)
    start_request(page)
    fill_answers(page, fields)
    upload_documents(page, [d for d in documents if d != deed], pdf_payloads)
    page.get_by_label(f"Încărcați {deed.document_type.name}").set_input_files(
        pdf_payloads("contract-vânzare-ștampilă.pdf", text="Contract")
    )
    page.get_by_role("button", name="Salvează și continuă mai târziu").click()
    expect(page.locator(".messages")).to_contain_text("Ciorna a fost salvată.")
    page.get_by_role("link", name="Dosarul meu").click()
    expect(page.locator("main")).not_to_contain_text("contract-vânzare-ștampilă.pdf")

    page.get_by_role("link", name="Cererile mele").click()
    page.get_by_role("link", name=re.compile("^Ciornă din")).click()
    page.get_by_role("button", name="Continuă", exact=True).click()
    page.get_by_role("button", name=re.compile("^Depuneți cererea și plătiți")).click()
    expect(page.get_by_test_id("registration-number")).to_be_visible()

    page.get_by_role("link", name="Dosarul meu").click()
    row = page.locator("tbody tr", has_text="contract-vânzare-ștampilă.pdf")
    expect(row).to_contain_text("Depus cu cererea nr.")
    data, filename = download_pdf(page, row.get_by_role("link", name=deed.document_type.name))
    assert data.startswith(b"%PDF-")
    assert filename == "contract-vânzare-ștampilă.pdf"
