"""Layout: at 390 px no resident or public page scrolls sideways and tables become one block per row; at 1280 px
the officials' menu fits on one line.

Maria acts for her mother under a mandate limited to some services and has a company mandate waiting, so
the party selector carries its longest labels; Ion represents a company. Each has a filed request, a draft
and documents in the folder, so the lists and the folder have rows.
"""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

ION = "ion.popescu@example.ro"
MARIA = "maria.ionescu@example.ro"
PHONE = {"width": 390, "height": 844}

# Pages every resident sees, and public pages; {request} and {draft} are filled in per account.
SIGNED_IN = ["/", "/servicii/", "/cereri/", "/cereri/{request}/", "/cereri/{draft}/completare/", "/dosar/",
             "/cont/profil/", "/cont/securitate/", "/cont/datele-mele/", "/cereri/revendica/",
             "/verificare/", "/taxe/", "/plati/"]
PUBLIC = ["/", "/servicii/", "/cont/intrare/", "/cont/inregistrare/", "/cont/parola/", "/verificare/"]


def _overflow(page) -> int:
    """How many pixels the page is wider than the window (0 when nothing scrolls sideways)."""
    page.wait_for_load_state()  # a click that navigates returns once the new page is committed, not loaded
    return page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")


def _requests_of(email):
    from primaria.accounts.models import User
    from primaria.catalog.models import Service
    from primaria.requests import services
    from tests.factories import person_of, submitted_request

    user = User.objects.get(email=email)
    filed = submitted_request(user)
    draft = services.start_draft(actor=user, party=person_of(user),
                                 service=Service.objects.get(slug="adeverinta-nomenclatura-stradala"))
    return {"request": filed.public_id, "draft": draft.public_id}


def _phone(open_session, email=None):
    page = open_session(email)
    page.set_viewport_size(PHONE)
    return page


@pytest.mark.parametrize("email", [MARIA, ION])
def test_no_resident_page_scrolls_sideways_at_390_px(open_session, email):
    ids = _requests_of(email)
    page = _phone(open_session, email)
    expect(page.locator(".acting-bar")).to_be_visible()  # both act for someone else: the selector is shown
    wide = {}
    for path in SIGNED_IN:
        url = path.format(**ids)
        response = page.goto(url)
        assert response.status == 200, url
        if (extra := _overflow(page)) > 0:
            wide[url] = extra
    assert wide == {}, f"pages wider than 390 px (extra pixels): {wide}"


def test_no_public_page_scrolls_sideways_at_390_px(open_session):
    page = _phone(open_session)
    wide = {}
    for path in PUBLIC:
        response = page.goto(path)
        assert response.status == 200, path
        if (extra := _overflow(page)) > 0:
            wide[path] = extra
    assert wide == {}, f"pages wider than 390 px (extra pixels): {wide}"


def test_tables_become_labelled_rows_on_a_phone_and_stay_tables_on_a_desktop(open_session):
    _requests_of(ION)
    page = _phone(open_session, ION)
    page.goto("/cereri/")
    first = page.locator("table.stack tbody tr").first
    cell = first.locator("td[data-label='Serviciul']")
    # One block per row: the cells are stacked, each with its column's name before it.
    assert cell.evaluate("td => getComputedStyle(td).display") == "block"
    assert cell.evaluate("td => getComputedStyle(td, '::before').content") == '"Serviciul: "'
    header = page.locator("table.stack thead")
    assert header.evaluate("h => h.getBoundingClientRect().width") <= 1  # kept for screen readers only
    page.set_viewport_size({"width": 1280, "height": 900})
    assert cell.evaluate("td => getComputedStyle(td).display") == "table-cell"
    assert cell.evaluate("td => getComputedStyle(td, '::before').content") in ("none", "normal")


def test_the_office_menu_fits_on_one_line_at_1280_px_and_keeps_the_rest_under_more(open_session):
    page = open_session("secretar@primaria-demo.ro")  # the secretary general sees the most entries
    page.goto("/birou/")
    items = page.locator(".main-nav > ul > li")
    tops = {round(top) for top in items.evaluate_all("lis => lis.map(li => li.getBoundingClientRect().top)")}
    assert len(tops) == 1, f"the menu takes {len(tops)} lines at 1280 px"
    more = page.locator(".main-nav .more")
    expect(more.get_by_role("link", name="Arhivă")).to_be_hidden()
    more.locator("summary").click()  # a <details>: it opens without any script
    more.get_by_role("link", name="Arhivă").click()
    expect(page).to_have_url(re.compile(r"/birou/arhiva/"))


def _luminance(css_color: str) -> float:
    r, g, b = (int(x) / 255 for x in re.findall(r"\d+", css_color)[:3])

    def channel(c):
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def _contrast(one: str, other: str) -> float:
    light, dark = sorted((_luminance(one), _luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_the_to_sign_count_and_the_focus_ring_are_readable(open_session):
    page = open_session("urb.specialist@primaria-demo.ro")
    page.goto("/birou/")
    link = page.get_by_role("link", name=re.compile("^De semnat"))
    # The count as the menu shows it when something waits (WCAG 1.4.3: at least 4.5:1).
    link.evaluate("a => { const t = document.createElement('span'); t.className = 'tag'; t.textContent = '3';"
                  " t.id = 'probe'; a.append(' ', t); }")
    badge = page.locator("#probe")
    colour, background = badge.evaluate("t => [getComputedStyle(t).color, getComputedStyle(t).backgroundColor]")
    assert _contrast(colour, background) >= 4.5, (colour, background)

    # The focus indicator against the background it sits on (WCAG 1.4.11: at least 3:1), on the page and in
    # the blue header: the dark ring serves the first, the yellow one the second.
    header_bg = page.locator(".site-header").evaluate("h => getComputedStyle(h).backgroundColor")
    page_bg = page.locator("body").evaluate("b => getComputedStyle(b).backgroundColor")
    for locator, background in ((page.locator("main a:visible, main button:visible").first, page_bg), (link, header_bg)):
        locator.focus()
        outline, ring = locator.evaluate("e => [getComputedStyle(e).outlineColor, getComputedStyle(e).boxShadow]")
        ring_colour = re.match(r"rgba?\([^)]*\)", ring).group(0)
        assert max(_contrast(outline, background), _contrast(ring_colour, background)) >= 3, (outline, ring, background)
