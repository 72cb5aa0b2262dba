"""Audiences in a real browser on a phone (390 px): the resident asks, the mayor's office proposes a slot from the
mayor's audience hours, the resident confirms; no page scrolls sideways and every form works without a script."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

ION = "ion.popescu@example.ro"
CABINET = "cab.specialist@primaria-demo.ro"
PHONE = {"width": 390, "height": 844}
TOPIC = "Trotuarul din fața blocului de pe strada Mărășești este spart de doi ani."


def _overflow(page) -> int:
    page.wait_for_load_state()  # a click that navigates returns once the new page is committed, not loaded
    return page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")


def test_ask_propose_confirm_on_a_phone(open_session):
    from primaria.audiences.demo import load_demo_audience_requests
    from primaria.audiences.models import Audience

    load_demo_audience_requests()  # the lists have rows, as in the demo
    wide = {}

    def check(page):
        if (extra := _overflow(page)) > 0:
            wide[page.url] = extra

    ion = open_session(ION)
    ion.set_viewport_size(PHONE)
    ion.goto("/audiente/")
    check(ion)
    ion.get_by_role("link", name="Cereți o audiență").click()
    ion.get_by_role("button", name="Trimite cererea").click()  # nothing filled in: the errors, tied to their fields
    expect(ion.locator(".error-summary")).to_be_visible()
    check(ion)
    ion.get_by_label("Cu cine doriți audiența").select_option(label="Primar – Mihai Constantinescu")
    ion.get_by_label("Domeniul").select_option(label="Domeniul public, străzi, spații verzi")
    ion.get_by_label("Ce doriți să discutați").fill(TOPIC)
    ion.get_by_label("Marți").check()
    ion.get_by_role("button", name="Trimite cererea").click()
    audience = Audience.objects.get(topic=TOPIC)
    expect(ion.get_by_text(f"nr. {audience.reference}").first).to_be_visible()
    check(ion)

    office = open_session(CABINET)
    office.set_viewport_size(PHONE)
    for path in ("/birou/audiente/", "/birou/audiente/registru/", "/birou/audiente/program/",
                 "/birou/audiente/ziua/?official=" + str(audience.wanted_official_id)):
        assert office.goto(path).status == 200, path
        check(office)
    office.goto(f"/birou/audiente/{audience.public_id}/")
    with office.expect_navigation():  # a plain GET form: measure the page it leads to, not the one it leaves
        office.get_by_role("button", name="Arată intervalele libere").click()
    check(office)
    office.get_by_role("button", name="Propune programarea").click()
    expect(office.get_by_text("Programarea a fost propusă solicitantului.")).to_be_visible()
    check(office)

    ion.goto(f"/audiente/{audience.public_id}/")
    ion.get_by_role("button", name="Confirm programarea").click()
    expect(ion.get_by_text("Ați confirmat programarea. Vă așteptăm.")).to_be_visible()
    check(ion)
    audience.refresh_from_db()
    assert audience.status == "confirmed"
    assert wide == {}, f"pages wider than 390 px (extra pixels): {wide}"
