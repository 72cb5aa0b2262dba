"""Journey 3: the registry files a paper request at the counter; the person later claims it online."""

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from .helpers import SERVICE_NAME, fill_answers, service_fields

pytestmark = pytest.mark.browser

CLERK = "registratura@primaria-demo.ro"
CNP = "1900722350036"
NAME = "Gheorghe Vasilescu"
ADDRESS = "Str. Libertății nr. 9, Municipiul Demo"
NEW_EMAIL = "gheorghe.vasilescu@example.ro"
NEW_PASSWORD = "Ghiseu-Demo-2026!"


def choose_service(page):
    page.get_by_role("link", name="Ghișeu").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ghișeu: înregistrarea unei cereri pe hârtie")
    page.get_by_label("Serviciul solicitat").select_option(label=f"{SERVICE_NAME} și adresă")
    page.get_by_role("button", name="Alege").click()
    expect(page.get_by_role("heading", name=f"Cererea: {SERVICE_NAME}")).to_be_visible()


def fill_applicant(page):
    page.get_by_label("Persoană fizică").check()
    page.get_by_label("Numele complet / denumirea").fill(NAME)
    page.get_by_label("CNP sau CUI").fill(CNP)
    page.get_by_label("Domiciliul / sediul").fill(ADDRESS)


def test_counter_request_is_claimed_by_a_new_account(open_session, pdf_payloads, mailbox):
    from primaria.accounts.models import User
    from primaria.requests.models import Request

    fields, documents = service_fields()
    clerk = open_session(CLERK)
    choose_service(clerk)
    fill_applicant(clerk)
    fill_answers(clerk, fields, prefix="q_")
    for required in documents:
        if required.required:  # the scanned ID card and deed
            name = required.document_type.name
            clerk.get_by_label(name, exact=True).set_input_files(pdf_payloads(f"scan-{required.pk}.pdf", text=name))
    clerk.get_by_role("button", name="Înregistrează cererea").click()

    expect(clerk).to_have_url(re.compile(r"/birou/ghiseu/[0-9a-f-]+/$"))
    expect(clerk.locator(".messages")).to_contain_text("Tipăriți dovada pentru solicitant.")
    reference = clerk.get_by_test_id("registration-number").inner_text().strip()
    code = clerk.get_by_test_id("claim-code").inner_text().strip()
    assert re.fullmatch(r"\d+/\d{2}\.\d{2}\.\d{4}", reference), reference
    assert re.fullmatch(r"[0-9A-F]{8}", code), code
    expect(clerk.get_by_role("main")).to_contain_text(f"Solicitant: {NAME}")
    req = Request.objects.get(claim_code=code)
    assert req.applicant.user_id is None and req.applicant.cnp == CNP and req.channel == "counter"

    # The person opens an account with the same CNP ...
    resident = open_session()
    resident.goto("/cont/inregistrare/")
    resident.get_by_label("Numele de familie").fill("Vasilescu")
    resident.get_by_label("Prenumele").fill("Gheorghe")
    resident.get_by_label("CNP").fill(CNP)
    resident.get_by_label("Adresa de domiciliu").fill(ADDRESS)
    resident.get_by_label("Adresa de e-mail").fill(NEW_EMAIL)
    resident.get_by_label("Parola").fill(NEW_PASSWORD)
    resident.get_by_role("button", name="Creează contul").click()
    expect(resident.locator(".messages")).to_contain_text("Contul a fost creat.")
    [welcome] = [m for m in mailbox.messages() if m["to"] == NEW_EMAIL]
    link = re.search(r"https?://\S+/cont/confirmare/\S+/", welcome["body"]).group(0)
    resident.goto(urlsplit(link).path)  # the link in the e-mail, opened in the same browser
    assert User.objects.get(email=NEW_EMAIL).email_verified

    # ... and claims the paper request.
    resident.get_by_role("link", name="Cererile mele").first.click()
    expect(resident.get_by_text("Nu aveți încă nicio cerere.")).to_be_visible()
    resident.get_by_role("link", name="Adaugă o cerere depusă la ghișeu").click()
    expect(resident).to_have_url(re.compile(r"/cereri/revendica/$"))
    resident.get_by_label("Numărul de înregistrare").fill(reference)
    resident.get_by_label("Codul de revendicare").fill(code.lower())
    resident.get_by_role("button", name="Adaugă cererea").click()
    expect(resident.locator(".messages")).to_contain_text("Cererea a fost adăugată în contul dumneavoastră.")
    expect(resident.get_by_role("heading", level=1)).to_have_text(re.compile(SERVICE_NAME))
    expect(resident.get_by_test_id("timeline")).to_contain_text("Cererea depusă la ghișeu a fost asociată contului")

    resident.get_by_role("link", name="Cererile mele").first.click()
    row = resident.locator("tbody tr", has=resident.get_by_role("link", name=reference))
    expect(row).to_contain_text(SERVICE_NAME)
    expect(row.locator(".tag")).to_have_text("Înregistrată")
    # The scans moved into the new account's folder.
    resident.get_by_role("link", name="Dosarul meu").click()
    expect(resident.locator("tbody")).to_contain_text("Act de identitate (copie)")

    req.refresh_from_db()
    assert req.applicant.user.email == NEW_EMAIL and req.claim_code == ""


def test_counter_refuses_a_request_without_the_scans(open_session):
    from primaria.requests.models import Request

    fields, documents = service_fields()
    clerk = open_session(CLERK)
    choose_service(clerk)
    fill_applicant(clerk)
    fill_answers(clerk, fields, prefix="q_")
    clerk.get_by_role("button", name="Înregistrează cererea").click()

    summary = clerk.locator("[data-error-summary]")
    expect(summary.get_by_role("heading")).to_have_text("Există o problemă")
    for required in documents:
        link = summary.get_by_role("link", name=f"Atașați documentul „{required.document_type.name}”")
        expect(link).to_have_count(1 if required.required else 0)
        if required.required:
            expect(link).to_have_attribute("href", f"#f-doc_{required.pk}")
    expect(clerk.get_by_label("CNP sau CUI")).to_have_value(CNP)
    expect(clerk.get_by_test_id("registration-number")).to_have_count(0)
    assert not Request.objects.exists()


def test_counter_keeps_the_answers_after_an_error(open_session):
    fields, _documents = service_fields()
    clerk = open_session(CLERK)
    choose_service(clerk)
    fill_applicant(clerk)
    given = fill_answers(clerk, fields, prefix="q_")
    clerk.get_by_role("button", name="Înregistrează cererea").click()

    expect(clerk.locator("[data-error-summary]")).to_be_visible()
    for field in fields:
        if field.kind != "file":
            expect(clerk.locator(f"#q_{field.name}")).to_have_value(given[field.name], timeout=2_000)
