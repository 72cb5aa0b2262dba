"""Browser tests: a real Chromium, driven through Playwright's sync API, against pytest-django's live server.

Playwright's sync API runs an event loop in the test thread, so Django's guard against ORM calls from
async contexts has to be lifted for the set-up code the tests run in that thread.
"""

import os
import time

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

import pytest  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]
DEMO_PASSWORD = "Demo-2026!"
TIMEOUT_MS = 20_000


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def demo_city(transactional_db, live_server):
    """The demo city and its demo PKI, loaded in the live server's database as `make run` loads them."""
    from io import StringIO

    from django.core.management import call_command

    from primaria.demo.loader import load_demo_city

    city = load_demo_city()
    call_command("create_demo_pki", stdout=StringIO())
    return city


@pytest.fixture
def open_session(browser, live_server, demo_city):
    """open_session(email=None) -> a page in a fresh browser context, signed in through the login page."""
    contexts = []

    def open_(email=None, password=DEMO_PASSWORD):
        context = browser.new_context(base_url=live_server.url, locale="ro-RO", accept_downloads=True,
                                      viewport={"width": 1280, "height": 900})
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        if email:
            log_in(page, email, password)
        return page

    yield open_
    for context in contexts:
        context.close()


def log_in(page, email, password=DEMO_PASSWORD):
    page.goto("/cont/intrare/")
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", password)
    page.get_by_role("button", name="Intră în cont").click()
    page.wait_for_load_state()
    assert "/cont/intrare/" not in page.url, f"login failed for {email}: {page.url}"
    pass_second_factor(page, email)


def totp_code(email, at=None) -> str:
    """The code the official's authenticator app shows now, computed from their device's key."""
    from base64 import b32encode

    import pyotp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user__email=email, confirmed=True).order_by("pk").first()
    return pyotp.TOTP(b32encode(bytes.fromhex(device.key)).decode()).at(at or time.time())


def pass_second_factor(page, email):
    """Officials confirm the second factor after the password, with the code their app would show.

    A TOTP code is good once: when the same official logged in a moment ago, the code of the next 30-second
    step (which the check also accepts) is typed, and after that a recovery code made for the occasion."""
    from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

    from primaria.accounts.models import User
    from primaria.security.mfa import needs_second_factor

    user = User.objects.get(email=email)
    if not needs_second_factor(user):
        return
    page.goto("/cont/securitate/verificare/")
    for attempt in range(3):
        if attempt < 2:
            code = totp_code(email, time.time() + 30 * attempt)
        else:
            device, _ = StaticDevice.objects.get_or_create(user=user, name="test", defaults={"confirmed": True})
            code = device.token_set.create(token=StaticToken.random_token()).token
        page.fill("input[name=code]", code)
        page.get_by_role("button", name="Confirm", exact=True).click()
        page.wait_for_load_state()
        if "/verificare/" not in page.url:
            return
        time.sleep(1.1 * 2 ** attempt)  # a refused code holds the device back a little (django-otp throttling)
    raise AssertionError(f"second factor refused for {email}")


@pytest.fixture(scope="session")
def pdf_payloads():
    """pdf_payloads(name, text) -> a Playwright file payload holding a real PDF made with WeasyPrint."""
    from tests.factories import pdf_bytes

    cache = {}

    def make(name, text="Document de test"):
        if text not in cache:
            cache[text] = pdf_bytes(text)
        return {"name": name, "mimeType": "application/pdf", "buffer": cache[text]}

    return make


def pytest_collection_modifyitems(config, items):
    """Every test of this folder drives Chromium: marked `browser` whether or not its module says so, so that
    `-m "not browser"` (the PostgreSQL run of `make test`) leaves all of them out."""
    here = os.path.dirname(__file__)
    for item in items:
        if str(item.fspath).startswith(here + os.sep):
            item.add_marker(pytest.mark.browser)
