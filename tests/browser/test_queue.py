"""The walk-in queue in a real browser: a ticket taken at the kiosk (a phone-sized screen, without JavaScript),
called by the clerk, and the hall's display, open in another page, shows and announces the call without being
reloaded."""

import datetime

import pytest

from .conftest import TIMEOUT_MS

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def _open_all_day(location):
    """The hall open today whatever the hour the test runs at (an exception of the programme for today)."""
    from primaria.appointments.models import ScheduleException
    from primaria.appointments.selectors import local_date

    ScheduleException.objects.update_or_create(location=location, date=local_date(), defaults={
        "closed": False, "opens": datetime.time(0, 0), "closes": datetime.time(23, 59, 59), "reason": "test"})


def test_a_ticket_called_appears_on_the_display_without_reload(browser, live_server, open_session):
    from primaria.appointments.models import Counter, Location
    from primaria.queue_tickets.models import Ticket

    location = Location.objects.get(slug="registratura")
    _open_all_day(location)
    counter = Counter.objects.get(location=location, name="Ghișeul 2")

    screen = browser.new_context(base_url=live_server.url, locale="ro-RO", viewport={"width": 1280, "height": 720})
    kiosk = browser.new_context(base_url=live_server.url, locale="ro-RO", java_script_enabled=False, viewport=PHONE)
    for context in (screen, kiosk):
        context.set_default_timeout(TIMEOUT_MS)
    try:
        display = screen.new_page()
        display.goto("/coada/afisaj/registratura/")
        display.evaluate("() => { window.notReloaded = true; }")
        assert "Nu este chemat nimeni acum." in display.locator("[data-testid=current]").inner_text()
        assert display.locator("#anunt").get_attribute("aria-live") == "assertive"

        page = kiosk.new_page()
        page.goto("/coada/registratura/")
        assert page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth") <= 0
        page.get_by_label("Gravidă").check()
        page.get_by_role("button", name="Depunere documente la registratură").click()
        ticket = page.locator("[data-testid=ticket]")
        assert "PA001" in ticket.inner_text()
        assert "nimeni – urmați" in page.locator("[data-testid=ahead]").inner_text()
        assert Ticket.objects.get().code == "PA001"

        clerk = open_session("registratura@primaria-demo.ro")
        clerk.goto(f"/birou/coada/?ghiseu={counter.pk}")
        clerk.get_by_role("button", name="Cheamă următorul").click()
        assert clerk.locator("[data-testid=current-code]").inner_text() == "PA001"

        current = display.locator("[data-testid=current]")
        current.get_by_text("PA001").wait_for()
        assert "Ghișeul 2" in current.inner_text()
        announcement = display.locator("#anunt")
        assert "este chemat la Ghișeul 2" in announcement.inner_text()
        assert display.locator("#anunt [data-speak]").get_attribute("data-speak") == "Bonul P A 1, la Ghișeul 2."
        assert display.evaluate("() => window.notReloaded === true")  # updated in place, not reloaded

        clerk.get_by_role("button", name="Finalizat").click()
        display.locator("[data-testid=recent]").get_by_text("servit").wait_for()
        assert "Nu este chemat nimeni acum." in current.inner_text()
        assert display.evaluate("() => window.notReloaded === true")
        assert Ticket.objects.get().status == "served"
    finally:
        screen.close()
        kiosk.close()


def _described(results) -> list[str]:
    return [f"{v['id']}: {v['help']} — " + "; ".join(",".join(n["target"]) for n in v["nodes"][:6])
            for v in results.response["violations"]]


def test_the_queue_pages_have_no_axe_violations(browser, live_server, open_session):
    from axe_playwright_python.sync_playwright import Axe

    from primaria.appointments.models import Counter, Location
    from primaria.queue_tickets import services

    wcag = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
    location = Location.objects.get(slug="registratura")
    _open_all_day(location)
    counter = Counter.objects.get(location=location, name="Ghișeul 1")
    waiting = services.issue(location_id=location.pk, service_id=counter.services.first().pk, priority="elderly")
    page = open_session()
    axe, found = Axe(), {}
    for path in ("/coada/", "/coada/registratura/", f"/coada/bon/{waiting.public_id}/", "/coada/afisaj/registratura/"):
        assert page.goto(path).status == 200, path
        results = axe.run(page, options=wcag)
        if results.violations_count:
            found[path] = _described(results)
    clerk = open_session("registratura@primaria-demo.ro")
    clerk.goto(f"/birou/coada/?ghiseu={counter.pk}")
    clerk.get_by_role("button", name="Cheamă următorul").click()
    for target in (clerk, page):
        if target is page:
            page.goto("/coada/afisaj/registratura/")
        results = axe.run(target, options=wcag)
        if results.violations_count:
            found[target.url] = [f"{v['id']}: {v['help']}" for v in results.response["violations"]]
    assert found == {}
