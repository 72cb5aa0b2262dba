"""Remote signing over the CSC API v2, against the local CSC server running under live_server."""

import base64
import hashlib

import pytest

from primaria.core.plugins import registry
from primaria.signing.demo_pki import provision_csc
from primaria.signing.services import Stamp, credential_for, finalize, sign_pdf, validate
from tests.pdftools import pdfsig

ACCOUNT, PASSWORD = "primaria", "parola-de-test-csc"


@pytest.fixture
def csc_server(settings):
    settings.PRIMARIA_CSC_SERVER_ACCOUNTS = f"{ACCOUNT}:{PASSWORD}"
    settings.PRIMARIA_CSC_USERNAME, settings.PRIMARIA_CSC_PASSWORD = ACCOUNT, PASSWORD
    from primaria.signing import providers

    providers._tokens.clear()


def test_the_csc_provider_signs_through_the_csc_server_and_the_tsa_over_http(
        live_server, csc_server, settings, pki, users, letter, nssdb, tmp_path):
    settings.PRIMARIA_CSC_URL = live_server.url
    settings.PRIMARIA_TSA_URL = f"{live_server.url}/pki/tsa/"  # timestamps over HTTP, from /pki/tsa/
    settings.PRIMARIA_SIGNING_PROVIDER = "csc"
    mayor = users.mayor
    enrolled = provision_csc(mayor)  # the key is made in the CSC server's own store and never leaves it
    assert enrolled.provider == "csc" and not (pki.keys.directory / f"{enrolled.key_ref}.key.pem").exists()

    # The platform learns the credential from the service itself (credentials/info over HTTP).
    imported = registry("signing_providers")["csc"].import_credential(
        credential_id=enrolled.key_ref, institution=enrolled.institution, user=mayor)
    assert imported.pk == enrolled.pk and imported.certificate_pem == enrolled.certificate_pem

    credential = credential_for(mayor)
    assert credential.provider == "csc"
    stamp = Stamp(signer_name="Mihai Constantinescu", function="Primar", capacity="Primar")
    pdf = sign_pdf(letter(), credential=credential, field_name="Primar", stamp=stamp, reason="Aprobat")
    pdf = sign_pdf(pdf, credential=credential_for(users.secretary), field_name="Secretar",
                   stamp=Stamp(signer_name="Adrian Stoica", function="Secretar general al UAT",
                               capacity="Secretar general al UAT"), reason="Contrasemnat")
    final = finalize(pdf)

    report = validate(final)
    assert report.ok, report
    assert [c.signer_name for c in report.signatures[:2]] == ["Mihai Constantinescu", "Adrian Stoica"]
    assert all(c.signing_time is not None for c in report.signatures)
    assert [v["Signature Validation"] for v in pdfsig(final, nssdb, tmp_path)[:2]] == ["Signature is Valid."] * 2

    health = {plugin.identifier: plugin.check_config() for plugin in registry("signing_providers")}
    assert health["csc"].ok and "răspunde" in health["csc"].message and "1 certificat înregistrat" in health["csc"].message
    tsa = registry("timestamp_authorities")["rfc3161"].check_config()
    assert tsa.ok and "/pki/tsa/" in tsa.message


def _token(client):
    auth = base64.b64encode(f"{ACCOUNT}:{PASSWORD}".encode()).decode()
    response = client.post("/csc/v2/auth/login", {}, content_type="application/json",
                           HTTP_AUTHORIZATION=f"Basic {auth}")
    assert response.status_code == 200
    return {"HTTP_AUTHORIZATION": f"Bearer {response.json()['access_token']}"}


@pytest.mark.django_db
def test_the_csc_server_speaks_the_protocol_and_keeps_its_rules(client, csc_server, pki, users):
    assert client.get("/csc/v2/info").json()["specs"].startswith("2.")
    credential = provision_csc(users.mayor)

    wrong = base64.b64encode(f"{ACCOUNT}:gresit".encode()).decode()
    assert client.post("/csc/v2/auth/login", {}, content_type="application/json",
                       HTTP_AUTHORIZATION=f"Basic {wrong}").status_code == 401
    assert client.post("/csc/v2/credentials/list", {}, content_type="application/json").status_code == 401
    token = client.post("/csc/v2/oauth2/token", {"grant_type": "client_credentials", "client_id": ACCOUNT,
                                                 "client_secret": PASSWORD}).json()
    assert token["token_type"] == "Bearer"
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token['access_token']}"}

    listed = client.post("/csc/v2/credentials/list", {"userID": users.mayor.email, "credentialInfo": True,
                                                      "certificates": "chain"},
                         content_type="application/json", **auth).json()
    assert listed["credentialIDs"] == [credential.key_ref]
    assert len(listed["credentialInfos"][0]["cert"]["certificates"]) == 3

    digest = base64.b64encode(hashlib.sha256(b"document").digest()).decode()
    other = base64.b64encode(hashlib.sha256(b"alt document").digest()).decode()
    sad = client.post("/csc/v2/credentials/authorize", {"credentialID": credential.key_ref, "numSignatures": 1,
                                                        "hashes": [digest]},
                      content_type="application/json", **_token(client)).json()["SAD"]
    request = {"credentialID": credential.key_ref, "SAD": sad, "hashAlgorithmOID": "2.16.840.1.101.3.4.2.1",
               "signAlgo": "1.2.840.10045.4.3.2"}
    refused = client.post("/csc/v2/signatures/signHash", {**request, "hashes": [other]},
                          content_type="application/json", **auth)
    assert refused.status_code == 400 and refused.json()["error"] == "invalid_request"
    signed = client.post("/csc/v2/signatures/signHash", {**request, "hashes": [digest]},
                         content_type="application/json", **auth)
    assert signed.status_code == 200

    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec

    credential.certificate.public_key().verify(base64.b64decode(signed.json()["signatures"][0]), b"document",
                                               ec.ECDSA(hashes.SHA256()))


@pytest.mark.django_db
def test_the_csc_server_is_off_unless_accounts_are_configured(client):
    assert client.get("/csc/v2/info").status_code == 404
