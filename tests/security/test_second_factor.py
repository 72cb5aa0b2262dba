"""Officials need a second factor (TOTP, recovery codes, passkeys) for the office and the admin; signing asks
for it again when the last check is old; idle official sessions end."""

import re
import time

import pytest
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from primaria.requests import services
from primaria.security import mfa
from tests.factories import propose_and_sign, submitted_request

from .conftest import code_for, log_in

pytestmark = pytest.mark.django_db


def test_an_official_without_a_second_factor_reaches_neither_office_nor_admin(client, official, users):
    log_in(client, official.email)
    response = client.get("/birou/")
    assert response.status_code == 302 and response["Location"] == "/cont/securitate/?next=%2Fbirou%2F"
    assert client.get("/birou/de-semnat/").status_code == 302
    assert client.get("/api/v1/office/requests/").status_code == 403
    page = client.get("/cont/securitate/").content.decode()
    assert "Conturile funcționarilor au nevoie de al doilea factor" in page

    admin = users.admin
    TOTPDevice.objects.filter(user=admin).delete()
    client.post("/cont/iesire/")
    log_in(client, admin.email)
    response = client.get("/admin/accounts/user/")
    assert response.status_code == 302 and response["Location"].startswith("/cont/securitate/")


def test_residents_are_not_asked_for_a_second_factor(client, users):
    log_in(client, users.ion.email)
    assert client.get("/cereri/").status_code == 200
    assert client.get("/cont/securitate/").status_code == 200


def test_enrolment_with_a_computed_code_opens_the_office(client, official):
    log_in(client, official.email)
    page = client.get("/cont/securitate/").content.decode()
    secret = re.search(r'data-testid="totp-secret">([A-Z2-7 ]+)<', page).group(1).replace(" ", "")
    assert "<svg" in page  # the QR code, drawn on the server
    device = TOTPDevice.objects.get(user=official, confirmed=False)
    assert secret.startswith(__import__("base64").b32encode(device.bin_key).decode().rstrip("=")[:16])

    response = client.post("/cont/securitate/aplicatie/confirma/", {"code": "000000" if code_for(device) != "000000"
                                                                    else "111111"})
    assert response.status_code == 302 and client.get("/birou/").status_code == 302, "a wrong code enrols nothing"
    device.refresh_from_db()
    device.throttling_failure_count = 0
    device.throttling_failure_timestamp = None
    device.save()

    response = client.post("/cont/securitate/aplicatie/confirma/", {"code": code_for(device), "next": "/birou/"})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    page = client.get("/cont/securitate/").content.decode()
    assert len(re.findall(r"<li><code>[a-z0-9]+</code></li>", page)) == mfa.RECOVERY_CODES  # shown once
    assert client.get("/birou/").status_code == 200


def test_after_the_password_the_code_is_asked_and_a_wrong_one_refused(client, official, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    device = TOTPDevice.objects.create(user=official, name="telefon", confirmed=True)
    log_in(client, official.email)
    response = client.get("/birou/")
    assert response.status_code == 302 and response["Location"] == "/cont/securitate/verificare/?next=%2Fbirou%2F"
    assert client.get("/cont/securitate/", {"adauga": "1"}).status_code == 302, "no new device before the check"

    wrong = str((int(code_for(device)) + 1) % 1_000_000).zfill(6)
    response = client.post("/cont/securitate/verificare/", {"code": wrong, "next": "/birou/"})
    assert response.status_code == 400 and "Codul nu este corect" in response.content.decode()
    assert client.get("/birou/").status_code == 302

    response = client.post("/cont/securitate/verificare/", {"code": code_for(device), "next": "/birou/"})
    assert response.status_code == 302 and response["Location"] == "/birou/"
    assert client.get("/birou/").status_code == 200
    assert client.get("/admin/").status_code in (200, 302)  # reachable past the check (the admin decides)


def test_a_recovery_code_works_once(client, official):
    TOTPDevice.objects.create(user=official, name="telefon", confirmed=True)
    code = mfa.new_recovery_codes(user=official)[0]
    log_in(client, official.email)
    response = client.post("/cont/securitate/verificare/", {"code": code.upper(), "next": "/birou/"})
    assert response.status_code == 302 and client.get("/birou/").status_code == 200
    assert StaticToken.objects.filter(device__user=official).count() == mfa.RECOVERY_CODES - 1

    client.post("/cont/iesire/")
    log_in(client, official.email)
    assert client.post("/cont/securitate/verificare/", {"code": code}).status_code == 400
    assert client.get("/birou/").status_code == 302


def _verified_official(client, official):
    device = TOTPDevice.objects.create(user=official, name="telefon", confirmed=True)
    log_in(client, official.email)
    client.post("/cont/securitate/verificare/", {"code": code_for(device)})
    assert client.get("/birou/").status_code == 200
    return device


def _age_check(client, minutes):
    session = client.session
    session[mfa.VERIFIED_AT_KEY] = int(time.time()) - minutes * 60
    session.save()


def test_signing_asks_for_the_second_factor_again_after_the_configured_time(client, users, settings, pki):
    from primaria.documents.models import SignatureStep

    settings.PRIMARIA_SIGNING_REAUTH_MINUTES = 15
    specialist = users.urb_specialist
    TOTPDevice.objects.filter(user=specialist).delete()
    device = _verified_official(client, specialist)
    request = services.assign(actor=users.urb_head, request_id=submitted_request(users.ion).pk, assignee=specialist)
    request = propose_and_sign(request, specialist, stop_before="Întocmit")
    url = f"/birou/cereri/{request.public_id}/"

    def signed():
        return SignatureStep.objects.filter(document__request=request, signer=specialist, status="signed").exists()

    _age_check(client, 16)
    response = client.post(url, {"action": "sign"})
    assert response.status_code == 302 and response["Location"] == f"/cont/securitate/verificare/?next={url.replace('/', '%2F')}"
    assert not signed()
    assert "confirmați din nou al doilea factor" in client.get(response["Location"]).content.decode()
    assert client.get(url).status_code == 200, "reading goes on; only signing asks again"

    response = client.post("/cont/securitate/verificare/", {"code": code_for(device, time.time() + 30), "next": url})
    assert response["Location"] == url
    response = client.post(url, {"action": "sign"})
    assert response.status_code == 302 and response["Location"] == url
    assert signed()


def test_signing_an_internal_document_asks_again_too(client, users, settings, pki):
    from primaria.documents import issuing
    from primaria.documents.models import TemplateKind
    from primaria.institutions.models import Department

    specialist = users.urb_specialist
    TOTPDevice.objects.filter(user=specialist).delete()
    device = _verified_official(client, specialist)
    document = issuing.draft_internal(
        actor=specialist, department=Department.objects.get(code="urb"), kind=TemplateKind.SPECIALIST_REPORT,
        title="Raport de specialitate", body_text="Propunem aprobarea. " * 5, signer_ids=[specialist.pk])
    url = f"/birou/documente/{document.public_id}/"
    _age_check(client, 60)
    response = client.post(url, {"action": "sign"})
    assert response.status_code == 302 and response["Location"].startswith("/cont/securitate/verificare/")
    assert not document.steps.filter(status="signed").exists()
    _age_check(client, 14)
    assert client.post(url, {"action": "sign"})["Location"] == url
    assert document.steps.filter(status="signed").exists()
    assert device


def test_an_idle_official_is_logged_out_with_a_romanian_message(client, users, settings):
    settings.PRIMARIA_OFFICIAL_IDLE_MINUTES = 30
    client.force_login(users.urb_specialist)
    assert client.get("/birou/").status_code == 200
    session = client.session
    session[mfa.LAST_SEEN_KEY] = int(time.time()) - 31 * 60
    session.save()
    response = client.get("/birou/")
    assert response.status_code == 302 and response["Location"].startswith("/cont/intrare/?next=")
    page = client.get(response["Location"]).content.decode()
    assert "Ați fost deconectat după 30 de minute fără activitate" in page
    assert client.get("/birou/").status_code == 302
    assert "_auth_user_id" not in client.session


def test_an_active_official_stays_and_residents_have_no_idle_limit(client, users, settings):
    client.force_login(users.urb_specialist)
    session = client.session
    session[mfa.LAST_SEEN_KEY] = int(time.time()) - 29 * 60
    session.save()
    assert client.get("/birou/").status_code == 200
    client.force_login(users.ion)
    session = client.session
    session[mfa.LAST_SEEN_KEY] = int(time.time()) - 600 * 60
    session.save()
    assert client.get("/cereri/").status_code == 200


def test_a_resident_who_enrolled_is_asked_for_the_code_too(client, users):
    ion = users.ion
    device = TOTPDevice.objects.create(user=ion, name="telefon", confirmed=True)
    log_in(client, ion.email)
    response = client.get("/cereri/")
    assert response.status_code == 302 and response["Location"] == "/cont/securitate/verificare/?next=%2Fcereri%2F"
    response = client.post("/cont/securitate/verificare/", {"code": code_for(device), "next": "/cereri/"})
    assert response["Location"] == "/cereri/" and client.get("/cereri/").status_code == 200
