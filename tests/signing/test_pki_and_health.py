"""The demo PKI (create_demo_pki, CRLs, the TSA endpoint) and the plugins' checks on the health page."""

from io import StringIO

import pytest
from asn1crypto import tsp
from cryptography import x509
from django.core.management import call_command

from primaria.core.plugins import registry
from primaria.signing.models import SigningCredential
from primaria.signing.pki import common_name
from primaria.signing.services import credential_for, institution_seal

pytestmark = pytest.mark.django_db


def test_create_demo_pki_gives_every_official_and_institution_a_credential_and_is_idempotent(pki, city, users, settings):
    from primaria.institutions.models import Institution, Position

    officials = set(Position.objects.filter(active=True).values_list("user_id", flat=True))
    persons = SigningCredential.objects.filter(kind="person", active=True)
    assert set(persons.values_list("user_id", flat=True)) == officials
    assert {c.institution.code for c in SigningCredential.objects.filter(kind="seal")} == {"PMD", "ADP"}
    assert institution_seal(Institution.objects.get(code="ADP")).subject_name == "Administrația Domeniului Public Demo"

    root, issuing = pki.cert("root"), pki.cert("issuing")
    assert common_name(root) == "Primăria Municipiului Demo – CA Rădăcină (demo)" and root.issuer == root.subject
    mayor = credential_for(users.mayor)
    assert mayor.subject_name == "Mihai Constantinescu" and mayor.provider == "local"
    assert mayor.certificate.issuer == issuing.subject
    distribution = mayor.certificate.extensions.get_extension_for_class(x509.CRLDistributionPoints).value
    assert distribution[0].full_name[0].value == f"{settings.SITE_URL}/pki/crl/issuing.crl"
    usage = mayor.certificate.extensions.get_extension_for_class(x509.KeyUsage).value
    assert usage.digital_signature and usage.content_commitment

    before = {c.pk: c.serial for c in SigningCredential.objects.all()}
    out = StringIO()
    call_command("create_demo_pki", stdout=out)
    assert "0 emise acum" in out.getvalue()
    assert {c.pk: c.serial for c in SigningCredential.objects.all()} == before

    # An official who leaves can no longer sign.
    Position.objects.filter(user=users.urb_specialist).update(active=False)
    call_command("create_demo_pki", stdout=out)
    assert not SigningCredential.objects.get(user=users.urb_specialist).active


def test_crls_and_ca_certificates_are_served(client, pki):
    response = client.get("/pki/crl/issuing.crl")
    assert response.status_code == 200 and response["Content-Type"] == "application/pkix-crl"
    crl = x509.load_der_x509_crl(response.content)
    assert crl.issuer == pki.cert("issuing").subject and crl.is_signature_valid(pki.cert("issuing").public_key())
    assert client.get("/pki/crl/root.crl").status_code == 200
    assert client.get("/pki/crl/nimic.crl").status_code == 404
    certificate = x509.load_der_x509_certificate(client.get("/pki/ca/root.crt").content)
    assert certificate == pki.cert("root")


def test_the_tsa_answers_rfc3161_requests_over_http(client, pki):
    from pyhanko.sign.timestamps.api import TimeStamper

    nonce, request = TimeStamper().request_cms(b"\1" * 32, "sha256")
    response = client.post("/pki/tsa/", request.dump(), content_type="application/timestamp-query")
    assert response.status_code == 200 and response["Content-Type"] == "application/timestamp-reply"
    reply = tsp.TimeStampResp.load(response.content)
    assert reply["status"]["status"].native == "granted"
    info = reply["time_stamp_token"]["content"]["encap_content_info"]["content"].parsed
    assert info["message_imprint"]["hashed_message"].native == b"\1" * 32
    assert info["nonce"].native == nonce

    garbage = client.post("/pki/tsa/", b"\x30\x03\x02\x01\x07", content_type="application/timestamp-query")
    # TimeStampResp with no token: SEQUENCE { PKIStatusInfo } (asn1crypto cannot load it whole)
    assert garbage.content[0] == 0x30 and tsp.PKIStatusInfo.load(garbage.content[2:])["status"].native == "rejection"
    assert client.post("/pki/tsa/", b"x", content_type="text/plain").status_code == 400


def test_the_health_page_shows_signing_providers_and_the_tsa(client, pki, users):
    client.force_login(users.admin)
    page = client.get("/admin/sanatate/").content.decode()
    assert "Chei păstrate de platformă (local)" in page and "de certificate active" in page
    assert "Sigiliul electronic al instituției" in page and "2 sigilii electronice valabile" in page
    assert "Cloud Signature Consortium" in page and "Neconfigurat" in page
    assert "Marcare temporală (RFC 3161)" in page and "a răspuns" in page


def test_checks_report_problems(settings, tmp_path, pki):
    providers = registry("signing_providers")
    assert providers["local"].check_config().ok and providers["seal"].check_config().ok
    settings.PRIMARIA_CSC_URL = "http://127.0.0.1:9"
    csc = providers["csc"].check_config()
    assert not csc.ok and "nu răspunde" in csc.message
    settings.PRIMARIA_TSA_URL = "http://127.0.0.1:9/tsa"
    assert not registry("timestamp_authorities")["rfc3161"].check_config().ok
    settings.PRIMARIA_PKI_DIR = tmp_path / "gol"
    local = providers["local"].check_config()
    assert not local.ok and "create_demo_pki" in local.message
    assert not providers["seal"].check_config().ok
