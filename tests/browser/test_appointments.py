"""Booking a time at the counter in a browser without JavaScript, on a 390 px phone: service, day (links),
time (radio buttons), the e-mail code, the confirmation; then the resident's list and the clerk's day."""

import pytest
from playwright.sync_api import expect

from .conftest import TIMEOUT_MS

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def _overflow(page) -> int:
    # After a form is sent without JavaScript the next page may still be loading: measure the page once it is there.
    page.wait_for_load_state()
    page.wait_for_function("() => document.documentElement !== null && document.readyState === 'complete'")
    page.wait_for_load_state()  # a click that navigates returns once the new page is committed, not loaded
    return page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")


def test_booking_without_an_account_and_without_javascript(browser, live_server, demo_city):
    from primaria.appointments.models import Appointment, Status
    from primaria.notifications.models import Notification

    context = browser.new_context(base_url=live_server.url, locale="ro-RO", java_script_enabled=False,
                                  viewport=PHONE)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    try:
        page.goto("/programari/noua/")
        assert _overflow(page) <= 0
        page.get_by_label("Depunere documente la registratură").check()
        page.get_by_role("button", name="Continuați").click()
        assert _overflow(page) <= 0
        page.locator("[data-testid=days] a").nth(1).click()
        assert _overflow(page) <= 0
        page.locator("[data-testid=slots] input[type=radio]").nth(2).check()
        page.get_by_role("button", name="Păstrați ora și continuați").click()
        assert "/programari/confirmare/" in page.url and _overflow(page) <= 0
        page.get_by_label("Numele și prenumele").fill("Ana Pop")
        page.get_by_label("Adresa de e-mail").fill("ana.pop@example.ro")
        page.get_by_role("button", name="Trimiteți-mi codul").click()
        code = Notification.objects.get(template="appointments/code", address="ana.pop@example.ro").context["code"]
        page.get_by_label("Codul de 6 cifre").fill(code)
        page.get_by_role("button", name="Confirm programarea").click()
        expect(page.locator("[data-testid=booked]")).to_be_visible()
        assert _overflow(page) <= 0
        assert Appointment.objects.get(email="ana.pop@example.ro").status == Status.BOOKED
    finally:
        context.close()


def test_the_residents_list_and_the_clerks_day_fit_a_phone(open_session):
    for email, path in (("ion.popescu@example.ro", "/programari/"),
                        ("registratura@primaria-demo.ro", "/birou/programari/"),
                        ("reg.sef@primaria-demo.ro", "/birou/programari/program/")):
        page = open_session(email)
        page.set_viewport_size(PHONE)
        response = page.goto(path)
        assert response.status == 200, path
        assert _overflow(page) <= 0, path
