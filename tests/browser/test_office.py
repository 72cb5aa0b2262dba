"""Journey 2: a department handles an online request, from the inbox to the answer in the applicant's folder."""

import re

import pytest
from playwright.sync_api import expect

from tests.factories import complete_process_steps, pay_fees

from .helpers import SERVICE_SLUG, download_pdf

pytestmark = pytest.mark.browser

ION = "ion.popescu@example.ro"
SPECIALIST = "urb.specialist@primaria-demo.ro"
HEAD = "urb.sef@primaria-demo.ro"
MAYOR = "primar@primaria-demo.ro"


@pytest.fixture
def submitted(demo_city, mailbox):
    """Ion's request, filed through the domain functions (journey 1 covers filing in the browser)."""
    from primaria.accounts.models import User
    from tests.factories import submitted_request

    request = submitted_request(User.objects.get(email=ION), slug=SERVICE_SLUG)
    mailbox.clear()
    return request


def flash(page):
    return page.locator(".messages")


def status_tag(page):
    return page.locator(".lead .tag")


def test_department_handles_the_request(open_session, submitted, pdf_payloads, mailbox, pki):
    from primaria.requests.models import Request

    reference = submitted.reference

    # The specialist takes the request from the department's inbox.
    specialist = open_session(SPECIALIST)
    specialist.get_by_role("link", name="Cereri de soluționat").click()
    expect(specialist).to_have_url(re.compile(r"/birou/$"))
    row = specialist.locator("tbody tr", has=specialist.get_by_role("link", name=reference))
    expect(row).to_contain_text("Ion Popescu")
    expect(row).to_contain_text("Înregistrată")
    expect(row).to_contain_text("—")
    row.get_by_role("link", name=reference).click()
    expect(specialist.get_by_role("heading", level=1)).to_contain_text(f"nr. {reference}")
    specialist.get_by_role("button", name="Preiau cererea").click()
    expect(flash(specialist)).to_contain_text("Cererea v-a fost repartizată.")
    expect(status_tag(specialist)).to_have_text("În analiză")
    expect(specialist.locator(".lead")).to_contain_text("responsabil: Vlad Neagu")

    # ...and asks for a completion.
    what = "Vă rugăm să atașați planul de amplasament al imobilului."
    specialist.get_by_text("Cer completări solicitantului").click()
    specialist.get_by_label("Ce trebuie completat").fill(what)
    specialist.get_by_role("button", name="Trimite solicitarea").click()
    expect(flash(specialist)).to_contain_text("termenul este suspendat până la completare")
    expect(status_tag(specialist)).to_have_text("Așteaptă completări")

    # The applicant, in a browser of their own, sees the question and answers it.
    applicant = open_session(ION)
    applicant.get_by_role("link", name="Cererile mele").first.click()
    row = applicant.locator("tbody tr", has=applicant.get_by_role("link", name=reference))
    expect(row.locator(".tag")).to_have_text("Așteaptă completări")
    row.get_by_role("link", name=reference).click()
    notice = applicant.locator(".notice.warning")
    expect(notice.get_by_role("heading")).to_have_text("Vă rugăm să completați cererea")
    expect(notice).to_contain_text(what)
    expect(applicant.locator("aside")).to_contain_text("suspendat din")
    applicant.get_by_label("Răspunsul dumneavoastră").fill("Am atașat planul de amplasament.")
    applicant.get_by_label("Document (opțional)").set_input_files(pdf_payloads("plan-amplasament.pdf", text="Plan"))
    applicant.get_by_role("button", name="Trimite completările").click()
    expect(flash(applicant)).to_contain_text("Completările au fost trimise.")
    expect(status_tag(applicant)).to_have_text("În analiză")
    expect(applicant.get_by_test_id("timeline")).to_contain_text("Ați trimis completările.")
    expect(applicant.get_by_role("link", name="Completare – plan-amplasament.pdf")).to_be_visible()

    # The steps of the service's process before the answer (check, analysis, the head's approval) are done;
    # tests/browser/test_workflow.py clicks through them, here they are completed as the officials would.
    complete_process_steps(Request.objects.get(pk=submitted.pk))
    pay_fees(Request.objects.get(pk=submitted.pk))

    # The specialist drafts the answer from the service's template and signs it first ("Întocmit").
    specialist.reload()
    expect(status_tag(specialist)).to_have_text("În analiză")
    expect(specialist.locator("ol.timeline")).to_contain_text("Am atașat planul de amplasament.")
    specialist.get_by_label("Admisă").check()
    specialist.get_by_role("button", name="Generează răspunsul și trimite-l la semnat").click()
    expect(flash(specialist)).to_contain_text("Răspunsul a fost generat și trimis la semnat.")
    expect(status_tag(specialist)).to_have_text("La semnare")
    specialist.get_by_role("button", name="Semnez electronic").click()
    expect(flash(specialist)).to_contain_text("Ați semnat răspunsul.")
    expect(specialist.get_by_text("Nicio acțiune nu vă revine acum pentru această cerere.")).to_be_visible()

    # The head and then the mayor find it under "De semnat" and sign: two more clicks.
    for signer in (HEAD, MAYOR):
        page = open_session(signer)
        page.goto("/birou/de-semnat/")
        page.get_by_role("link", name=re.compile("Adeverință")).first.click()
        expect(page.locator(".notice")).to_contain_text("Soluția propusă: Admisă.")
        page.get_by_role("button", name="Semnez electronic").click()
        expect(flash(page)).to_contain_text("Ați semnat răspunsul.")
    expect(status_tag(page)).to_have_text("Soluționată")

    # The applicant sees the outcome and downloads the signed answer from their folder.
    req = Request.objects.select_related("outbound_entry", "answer_document").get(pk=submitted.pk)
    applicant.reload()
    expect(status_tag(applicant)).to_have_text("Soluționată")
    expect(applicant.locator(".lead")).to_contain_text("Soluționată – admisă")
    expect(applicant.locator(".notice").filter(has_text="Răspunsul")).to_contain_text(f"Nr. {req.outbound_entry.reference}")
    applicant.get_by_role("link", name="Dosarul meu").click()
    expect(applicant.get_by_role("heading", level=1)).to_have_text("Dosarul meu")
    row = applicant.locator("tbody tr", has_text=req.answer_document.title)
    data, filename = download_pdf(applicant, row.get_by_role("link", name=req.answer_document.title))
    assert data.startswith(b"%PDF") and b"/ByteRange" in data
    assert filename.endswith(".pdf")

    subjects = [m["subject"] for m in mailbox.to(ION)]
    for status in ["În analiză", "Așteaptă completări", "La semnare", "Soluționată"]:
        assert f"Cererea nr. {reference} – {status}" in subjects, subjects
    asking = next(m for m in mailbox.to(ION) if m["subject"].endswith("Așteaptă completări"))
    assert what in asking["body"]
    solved = next(m for m in mailbox.to(ION) if m["subject"].endswith("Soluționată"))
    assert req.outbound_entry.reference in solved["body"]
    assert f"/cereri/{req.public_id}/" in solved["body"]
