"""API tokens: made and revoked on the security page, only their hash stored, expiring; signing through the
API needs a current code; the schema documents the scheme; no Basic authentication."""

import base64
import re
import time
from datetime import timedelta

import pytest
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from knox.models import AuthToken
from rest_framework.test import APIClient

from primaria.requests import services
from tests.factories import propose_and_sign, submitted_request

from .conftest import code_for, log_in

pytestmark = pytest.mark.django_db


def _make_token(client) -> str:
    assert client.post("/cont/securitate/tokenuri/nou/").status_code == 302
    page = client.get("/cont/securitate/").content.decode()
    return re.search(r'data-testid="api-token">([^<]+)<', page).group(1)


def test_a_token_is_made_used_and_revoked(client, users):
    log_in(client, users.ion.email)
    token = _make_token(client)
    stored = AuthToken.objects.get(user=users.ion)
    assert token not in (stored.digest, stored.token_key) and stored.digest != token
    assert stored.expiry > timezone.now() + timedelta(days=89)
    assert token not in client.get("/cont/securitate/").content.decode(), "shown once"

    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api.get("/api/v1/requests/").status_code == 200

    client.post("/cont/securitate/tokenuri/revoca/", {"token_key": stored.token_key})
    response = api.get("/api/v1/requests/")
    assert response.status_code == 401 and "revocat" in response.json()["detail"]


def test_an_expired_token_is_refused(users):
    from primaria.security.tokens import create_token

    instance, token = create_token(user=users.ion)
    AuthToken.objects.filter(digest=instance.digest).update(expiry=timezone.now() - timedelta(minutes=1))
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api.get("/api/v1/requests/").status_code == 401


def test_basic_authentication_is_off(users):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION="Basic " + base64.b64encode(b"ion.popescu@example.ro:Demo-2026!").decode())
    assert api.get("/api/v1/requests/").status_code == 401


def test_an_official_makes_a_token_only_past_the_second_factor(client, users):
    head = users.urb_head
    log_in(client, head.email)
    assert client.post("/cont/securitate/tokenuri/nou/")["Location"] == "/cont/securitate/verificare/"
    assert not AuthToken.objects.filter(user=head).exists()


def test_signing_through_the_api_needs_a_current_code(client, users, pki):
    specialist = users.urb_specialist
    device = TOTPDevice.objects.filter(user=specialist, confirmed=True).first()
    log_in(client, specialist.email)
    client.post("/cont/securitate/verificare/", {"code": code_for(device)})
    token = _make_token(client)
    request = services.assign(actor=users.urb_head, request_id=submitted_request(users.ion).pk, assignee=specialist)
    request = propose_and_sign(request, specialist, stop_before="Întocmit")
    url = f"/api/v1/office/requests/{request.public_id}/sign/"
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")

    response = api.post(url)
    assert response.status_code == 403 and "X-OTP-Code" in response.json()["detail"]
    response = api.post(url, headers={"X-OTP-Code": "000000" if code_for(device) != "000000" else "111111"})
    assert response.status_code == 403
    device.refresh_from_db()
    device.throttling_failure_count, device.throttling_failure_timestamp = 0, None
    device.save()
    response = api.post(url, headers={"X-OTP-Code": code_for(device, time.time() + 30)})
    assert response.status_code == 200, response.json()
    assert response.json()["signatures"][0]["status"] == "signed"


def test_the_schema_documents_token_authentication(client):
    schema = client.get("/api/v1/schema/", {"format": "json"}).json()
    scheme = schema["components"]["securitySchemes"]["tokenAuth"]
    assert scheme["type"] == "apiKey" and scheme["in"] == "header" and scheme["name"] == "Authorization"
    assert "Token" in scheme["description"] and "/cont/securitate/" in scheme["description"]
    assert "basicAuth" not in schema["components"]["securitySchemes"]
    sign = schema["paths"]["/api/v1/office/requests/{public_id}/sign/"]["post"]
    assert {"tokenAuth": []} in sign["security"]
    assert any(p["name"] == "X-OTP-Code" and p["in"] == "header" for p in sign["parameters"])
