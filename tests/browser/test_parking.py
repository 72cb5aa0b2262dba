"""Parking on a phone: the resident buys a subscription and the inspector checks a plate at 390 px, with nothing
scrolling sideways."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def _axe(page) -> list:
    results = Axe().run(page, options=WCAG)
    return [f"{v['id']}: {v['help']}" for v in results.response["violations"]]


def _overflow(page) -> int:
    page.wait_for_load_state()  # a click that navigates returns once the new page is committed, not loaded
    return page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")


def test_a_resident_buys_a_subscription_on_a_phone(open_session):
    page = open_session("ion.popescu@example.ro")
    page.set_viewport_size(PHONE)
    page.goto("/parcare/")
    expect(page.get_by_role("heading", name="Abonamente de parcare")).to_be_visible()
    assert _overflow(page) <= 0
    assert _axe(page) == []
    page.get_by_role("link", name="Cumpărați un abonament").click()
    assert _overflow(page) <= 0 and _axe(page) == []
    page.get_by_role("button", name="Continuați spre plată").click()  # nothing filled in: the errors
    expect(page.locator(".error-summary")).to_be_visible()
    assert _overflow(page) <= 0 and _axe(page) == []
    page.get_by_label("Numărul de înmatriculare").fill("tm-08 abc")
    page.get_by_label("Abonament lunar semicentral").check()
    page.get_by_role("button", name="Continuați spre plată").click()
    expect(page).to_have_url(re.compile(r"/plati/$"))
    expect(page.get_by_text("TM 08 ABC").first).to_be_visible()
    assert _overflow(page) <= 0
    page.goto("/parcare/")
    expect(page.get_by_text("De plată").first).to_be_visible()
    assert _overflow(page) <= 0


def test_an_inspector_checks_a_plate_on_a_phone(open_session):
    page = open_session("par.specialist@primaria-demo.ro")
    page.set_viewport_size(PHONE)
    page.goto("/birou/parcare/verificare/")
    page.get_by_label("Numărul de înmatriculare").fill("tm 07 xyz")
    page.get_by_label("Zona (opțional)").select_option("R1")
    page.get_by_role("button", name="Verifică").click()
    result = page.get_by_test_id("check-result")
    expect(result).to_contain_text("VALABIL")
    expect(result).to_contain_text("TM 07 XYZ are abonament valabil în zona R1")
    assert _overflow(page) <= 0 and _axe(page) == []
    page.get_by_label("Numărul de înmatriculare").fill("B 999 ZZZ")
    page.get_by_role("button", name="Verifică").click()
    expect(page.get_by_test_id("check-result")).to_contain_text("FĂRĂ ABONAMENT")
    assert _overflow(page) <= 0 and _axe(page) == []
