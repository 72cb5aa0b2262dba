"""Passkeys (WebAuthn) as the second factor, in a real Chromium with a virtual authenticator (DevTools)."""

import pytest
from playwright.sync_api import expect

from .conftest import DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_official_adds_a_passkey_then_passes_the_check_with_it(open_session, live_server, settings):
    from django_otp_webauthn.models import WebAuthnCredential

    assert live_server.url.startswith("http://localhost:")
    settings.OTP_WEBAUTHN_RP_ID = "localhost"
    settings.OTP_WEBAUTHN_ALLOWED_ORIGINS = [live_server.url]
    email = "urb.sef@primaria-demo.ro"
    page = open_session(email)  # password, then the demo TOTP code
    devtools = page.context.new_cdp_session(page)
    devtools.send("WebAuthn.enable")
    devtools.send("WebAuthn.addVirtualAuthenticator", {"options": {
        "protocol": "ctap2", "transport": "internal", "hasResidentKey": True,
        "hasUserVerification": True, "isUserVerified": True, "automaticPresenceSimulation": True}})

    page.goto("/cont/securitate/")
    page.get_by_role("button", name="Adăugați o cheie de acces").click()
    expect(page.locator("#passkey-register-status-message")).to_have_attribute("data-status-enum", "success")
    assert WebAuthnCredential.objects.filter(user__email=email, confirmed=True).count() == 1

    page.get_by_role("button", name="Ieșire", exact=True).first.click()
    page.wait_for_load_state()
    page.goto("/cont/intrare/?next=/birou/")
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.get_by_role("button", name="Intră în cont").click()
    expect(page).to_have_url(f"{live_server.url}/cont/securitate/verificare/?next=%2Fbirou%2F")
    page.get_by_role("button", name="Folosesc cheia de acces").click()
    expect(page).to_have_url(f"{live_server.url}/birou/")
