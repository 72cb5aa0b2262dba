"""Under the Content-Security-Policy (primaria.core.csp) no page breaks: the browser reports no violation on
public, resident and office pages, including those with maps, htmx polling and passkeys."""

import re

import pytest

pytestmark = pytest.mark.browser

ION = "ion.popescu@example.ro"
SPECIALIST = "urb.specialist@primaria-demo.ro"

VIOLATION = re.compile(r"Content Security Policy|Content-Security-Policy", re.IGNORECASE)


def watch(page) -> list[str]:
    """The CSP violations the page reports: Chromium's console messages and the securitypolicyviolation events."""
    seen = []
    page.on("console", lambda message: seen.append(message.text) if VIOLATION.search(message.text) else None)
    page.add_init_script("document.addEventListener('securitypolicyviolation', e => "
                         "console.error('Content-Security-Policy violation: ' + e.violatedDirective + ' ' + e.blockedURI))")
    return seen


def visit(page, path, seen):
    response = page.goto(path)
    assert response.status < 400, f"{path}: {response.status}"
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.wait_for_load_state("networkidle")
    assert seen == [], f"{path}: {seen}"


def queue_display_path():
    from primaria.appointments.models import Location

    location = Location.objects.order_by("pk").first()
    return f"/coada/afisaj/{location.slug}/" if location and getattr(location, "slug", "") else None


def test_no_violation_on_public_resident_and_office_pages(open_session):
    visitor = open_session()
    seen = watch(visitor)
    for path in ["/", "/servicii/", "/servicii/?q=certificat", "/verificare/", "/arhiva/", "/cont/intrare/",
                 "/cont/inregistrare/", "/sesizari/harta/", "/sesizari/lista/", "/coada/", "/informatii-publice/"]:
        visit(visitor, path, seen)
    display = queue_display_path()
    if display:
        visit(visitor, display, seen)
        visitor.wait_for_timeout(1500)  # htmx polls the board
        assert seen == [], seen

    resident = open_session(ION)
    seen = watch(resident)
    for path in ["/dosar/", "/cereri/", "/programari/", "/sesizari/noua/", "/plati/", "/taxe/", "/cont/securitate/",
                 "/cont/profil/"]:
        visit(resident, path, seen)

    official = open_session(SPECIALIST)
    seen = watch(official)
    for path in ["/birou/", "/birou/sesizari/", "/birou/arhiva/", "/birou/programari/", "/birou/coada/"]:
        visit(official, path, seen)


def test_an_inline_script_is_refused_and_reported(open_session):
    """The watch above does see a violation: a script written into the page is blocked, and reported."""
    page = open_session()
    seen = watch(page)
    page.goto("/")
    page.evaluate("() => { const s = document.createElement('script'); s.textContent = 'window.ran = 1';"
                  " document.body.appendChild(s); }")
    page.wait_for_timeout(300)
    assert page.evaluate("() => window.ran") is None
    assert seen, "no violation reported"
