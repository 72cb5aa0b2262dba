"""A full card payment in a real browser: a resident pays a local tax from /taxe/ through /plati/ on the NETOPIA
sandbox's card page and comes back; the statement shows it paid and the receipt is in the folder. A declined card
leaves the debt owed; a 3-D Secure card passes the issuer's challenge."""

import re

import pytest
from playwright.sync_api import expect

from primaria.outbox import runner

pytestmark = pytest.mark.browser

ION = "ion.popescu@example.ro"
ACCEPTED, THREE_DS, NO_FUNDS = "9900004810225098", "9900009184214768", "9900518572831942"
NOTHING_LEFT = re.compile(r"^\s*0[,.]00\s*$")


@pytest.fixture
def sandbox(settings, live_server, tmp_path):
    settings.PRIMARIA_NETOPIA_SANDBOX = True
    settings.PRIMARIA_NETOPIA_SANDBOX_DIR = tmp_path / "netopia-sandbox"
    settings.PRIMARIA_NETOPIA_SANDBOX_SEND_IPN = True
    settings.PRIMARIA_NETOPIA_URL = ""
    settings.PRIMARIA_NETOPIA_API_KEY = ""
    settings.PRIMARIA_NETOPIA_POS_SIGNATURE = ""
    settings.PRIMARIA_NETOPIA_PUBLIC_KEY = ""
    settings.SITE_URL = live_server.url


def _choose_one_tax(page):
    """On /plati/, keep only the first local tax ticked; returns its reference."""
    expect(page.get_by_role("heading", level=1)).to_have_text("Plăți")
    boxes = page.locator("input[name=item]")
    chosen = None
    for index in range(boxes.count()):
        box = boxes.nth(index)
        value = box.get_attribute("value")
        if chosen is None and value.startswith("taxe-locale:"):
            chosen = value.split(":", 1)[1]
            box.check()
        else:
            box.uncheck()
    assert chosen, "the demo city gives Ion local taxes to pay"
    return chosen


def _card(page, number):
    expect(page.get_by_role("heading", level=1)).to_have_text("Plată cu cardul")
    page.get_by_label("Numărul cardului").fill(number)
    page.get_by_label("Luna expirării").fill("12")
    page.get_by_label("Anul expirării").fill("2035")
    page.get_by_label("CVV").fill("123")
    page.get_by_label("Numele de pe card").fill("Ion Popescu")
    page.get_by_role("button", name=re.compile("^Plătesc")).click()


def _row(page, reference):
    return page.locator(f"tr[data-reference='{reference}']")


def _start_from_statement(page):
    page.goto("/taxe/")
    page.get_by_test_id("pay-taxes").click()
    expect(page).to_have_url(re.compile(r"/plati/$"))
    reference = _choose_one_tax(page)
    page.get_by_role("button", name="Plătesc cu cardul").click()
    return reference


def test_a_tax_paid_by_card_shows_paid_with_its_receipt_in_the_folder(open_session, sandbox):
    page = open_session(ION)
    reference = _start_from_statement(page)
    _card(page, ACCEPTED)
    expect(page.get_by_role("heading", level=1)).to_have_text("Plata a fost confirmată")
    runner.drain()  # the worker: the debt extinguished, the receipt sealed

    page.goto("/taxe/")
    expect(_row(page, reference).locator("td").nth(6)).to_have_text(NOTHING_LEFT)
    page.get_by_role("link", name="Dosarul meu").click()
    expect(page.locator("main")).to_contain_text("Chitanța")


def test_a_declined_card_leaves_the_tax_owed(open_session, sandbox):
    page = open_session(ION)
    reference = _start_from_statement(page)
    _card(page, NO_FUNDS)
    expect(page.locator("main")).to_contain_text("Fonduri insuficiente")
    page.get_by_role("link", name=re.compile("primărie")).click()
    expect(page.locator("main")).to_contain_text("Plata a fost refuzată")
    runner.drain()
    page.goto("/taxe/")
    expect(_row(page, reference).locator("td").nth(6)).not_to_have_text(NOTHING_LEFT)


def test_a_three_d_secure_card_passes_the_issuers_challenge(open_session, sandbox):
    page = open_session(ION)
    reference = _start_from_statement(page)
    _card(page, THREE_DS)
    expect(page.get_by_role("heading", level=1)).to_have_text("Autentificare 3-D Secure")
    page.get_by_label("Codul primit prin SMS").fill("123456")
    page.get_by_role("button", name="Confirm plata").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Plata a fost confirmată")
    runner.drain()
    page.goto("/taxe/")
    expect(_row(page, reference).locator("td").nth(6)).to_have_text(NOTHING_LEFT)
