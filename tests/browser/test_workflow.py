"""Journey: a service with parallel opinions (avize) and a three-signature answer, end to end in Chromium.

The applicant files a certificat de urbanism; the Urbanism specialist checks the documents and does the
technical analysis; Direcția Juridică and Direcția Impozite și Taxe Locale give their opinions in parallel;
the head of Urbanism approves; the answer is signed by three officials in turn; the applicant reads every
step, named in plain Romanian, in their timeline.
"""

import re

import pytest
from playwright.sync_api import expect

from .helpers import fill_answers, service_fields

pytestmark = pytest.mark.browser

ION = "ion.popescu@example.ro"
SLUG = "certificat-de-urbanism"
URB_SPECIALIST = "urb.specialist@primaria-demo.ro"
URB_HEAD = "urb.sef@primaria-demo.ro"
JUR = "jur.specialist@primaria-demo.ro"
ITL = "itl.specialist@primaria-demo.ro"
MAYOR = "primar@primaria-demo.ro"


@pytest.fixture
def three_signers(demo_city):
    """Întocmit → Arhitect-șef → Primar: the service's answer is signed by three officials."""
    from primaria.catalog.models import ServiceSigner

    ServiceSigner.objects.filter(service__slug=SLUG, role="secretary_general").delete()
    assert list(ServiceSigner.objects.filter(service__slug=SLUG).values_list("capacity", flat=True)) == [
        "Întocmit", "Arhitect-șef", "Primar"]


def flash(page):
    return page.locator(".messages")


def complete_step(page, label, outcome=None, note=""):
    card = page.locator(".workflow-panel .card", has=page.get_by_role("button", name=f"Închei pasul: {label}"))
    if outcome:
        card.get_by_label(outcome, exact=True).check()
    if note:
        card.get_by_label(f"Observații ({label})").fill(note)
    card.get_by_role("button", name=f"Închei pasul: {label}").click()
    expect(flash(page)).to_contain_text(f"Pasul „{label}” a fost încheiat.")


def test_parallel_opinions_and_three_signatures(open_session, three_signers, pdf_payloads, mailbox):
    from primaria.requests.models import Request

    # The applicant files the request online.
    fields, documents = service_fields(SLUG)
    applicant = open_session(ION)
    applicant.goto("/servicii/")
    applicant.get_by_role("link", name="Certificat de urbanism", exact=True).click()
    applicant.get_by_role("button", name="Începe cererea").click()
    fill_answers(applicant, fields)
    for required in documents:
        if required.required:
            name = required.document_type.name
            applicant.get_by_label(f"Încărcați {name}").set_input_files(pdf_payloads(f"doc-{required.pk}.pdf", text=name))
    applicant.get_by_role("button", name="Continuă", exact=True).click()
    applicant.get_by_role("button", name=re.compile("^Depuneți cererea și plătiți")).click()
    expect(applicant.get_by_test_id("registration-number")).to_be_visible()
    req = Request.objects.filter(service__slug=SLUG).latest("pk")
    reference = req.reference
    applicant.goto(f"/cereri/{req.public_id}/")
    timeline = applicant.get_by_test_id("timeline")
    expect(timeline.locator("li")).to_have_count(1)
    expect(applicant.get_by_test_id("current-step")).to_contain_text("Verificarea documentelor – Direcția Urbanism")

    # The Urbanism specialist takes it, checks the documents and does the technical analysis.
    specialist = open_session(URB_SPECIALIST)
    specialist.goto(f"/birou/cereri/{req.public_id}/")
    specialist.get_by_role("button", name="Preiau cererea").click()
    panel = specialist.get_by_test_id("workflow-panel")
    expect(panel.get_by_test_id("current-step")).to_have_text("Verificarea documentelor – Direcția Urbanism")
    complete_step(specialist, "Verificarea documentelor", note="Documentația este completă.")
    complete_step(specialist, "Analiza tehnică")
    expect(panel.get_by_test_id("current-step")).to_have_text(
        "Avizele compartimentelor: Direcția Juridică, Direcția Impozite și Taxe Locale")
    expect(specialist.get_by_role("button", name=re.compile("Închei pasul"))).to_have_count(0)
    specialist.get_by_text("Diagrama procesului").click()
    diagram = panel.locator("svg[role=img]")
    expect(diagram.locator("title")).to_contain_text("Procesul cererii")
    expect(diagram.locator("[data-step=aviz_jur]")).to_have_attribute("data-state", "current")
    expect(diagram.locator("[data-step=verificare]")).to_have_attribute("data-state", "done")

    applicant.reload()
    expect(timeline).to_contain_text("Documentele au fost verificate. Urmează: analiza tehnică la Direcția Urbanism.")
    expect(timeline).to_contain_text("Se așteaptă avizele: Direcția Juridică, Direcția Impozite și Taxe Locale.")

    # The two opinion departments find the step in "Pașii mei" and give their opinions, in either order.
    for email, department, label in ((ITL, "Direcția Impozite și Taxe Locale", "Avizul Direcției Impozite și Taxe Locale"),
                                     (JUR, "Direcția Juridică", "Avizul Direcției Juridice")):
        page = open_session(email)
        page.goto("/birou/pasi/")
        row = page.locator("tbody tr", has_text=label)
        row.get_by_role("link", name=reference).click()
        complete_step(page, label, outcome="favorabil", note="Nu avem obiecții.")
        # Back on the request, which the department that gave its opinion still reads.
        expect(page).to_have_url(re.compile(rf"/birou/cereri/{req.public_id}/$"))
        applicant.reload()
        expect(timeline).to_contain_text(f"{department} a dat avizul: favorabil.")
    expect(timeline).to_contain_text("Se așteaptă avizele: Direcția Juridică.")
    expect(timeline).to_contain_text("Urmează: aprobarea șefului de compartiment la Direcția Urbanism.")

    # The head of Urbanism approves.
    head = open_session(URB_HEAD)
    head.goto(f"/birou/cereri/{req.public_id}/")
    complete_step(head, "Aprobarea șefului de compartiment", outcome="aprobat")
    expect(head.get_by_test_id("current-step")).to_have_text("Redactarea răspunsului")
    applicant.reload()
    expect(timeline).to_contain_text("Aprobarea șefului de compartiment: aprobat. Urmează: redactarea răspunsului și semnarea lui.")
    expect(applicant.get_by_test_id("current-step")).to_contain_text("Redactarea răspunsului")

    # The specialist drafts the answer and signs first; the head and the mayor sign after.
    from tests.factories import pay_fees

    pay_fees(req)  # the fee is paid before a favourable answer
    specialist.reload()
    specialist.get_by_label("Admisă").check()
    specialist.get_by_role("button", name="Generează răspunsul și trimite-l la semnat").click()
    expect(flash(specialist)).to_contain_text("Răspunsul a fost generat și trimis la semnat.")
    specialist.get_by_role("button", name="Semnez electronic").click()
    expect(flash(specialist)).to_contain_text("Ați semnat răspunsul.")
    applicant.reload()
    expect(applicant.get_by_test_id("current-step")).to_contain_text("Semnarea răspunsului")
    expect(timeline).to_contain_text("urmează semnătura: Arhitect-șef (Radu Enache)")
    for email in (URB_HEAD, MAYOR):
        page = open_session(email)
        page.goto(f"/birou/cereri/{req.public_id}/")
        page.get_by_role("button", name="Semnez electronic").click()
        expect(flash(page)).to_contain_text("Ați semnat răspunsul.")
    expect(page.locator(".lead .tag")).to_have_text("Soluționată")
    expect(page.get_by_test_id("current-step")).to_have_text("Procesul s-a încheiat.")

    # The applicant sees the outcome and every step named in their timeline; the process is done.
    applicant.reload()
    expect(applicant.locator(".lead .tag")).to_have_text("Soluționată")
    expect(timeline).to_contain_text("urmează semnătura: Primar (Mihai Constantinescu)")
    expect(timeline).to_contain_text("Cererea a fost soluționată: admisă.")
    expect(applicant.get_by_test_id("current-step")).to_have_count(0)
    req.refresh_from_db()
    assert req.process.finished
    signatures = req.outgoing_documents.get(status="issued").steps.order_by("order")
    assert [s.capacity for s in signatures] == ["Întocmit", "Arhitect-șef", "Primar"]
    assert all(s.status == "signed" for s in signatures)

    # The overview's process page draws the process with every step done.
    secretary = open_session("secretar@primaria-demo.ro")
    secretary.goto(f"/birou/procese/{SLUG}/?cerere={req.public_id}")
    steps = secretary.get_by_test_id("process-steps")
    expect(steps.locator("[data-step=aviz_itl]")).to_have_attribute("data-state", "done")
    expect(steps.locator("[data-step=arhivare]")).to_have_attribute("data-state", "done")
    expect(steps.locator("[data-step=verificare_firma]")).to_have_attribute("data-state", "todo")
