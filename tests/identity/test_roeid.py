"""ROeID login against a real OpenID Connect provider started by the tests (oidc-provider-mock)."""

import pytest
from django.test import Client
from django.utils import timezone

from primaria.accounts.models import Party, PartyKind, User
from primaria.audit.models import AuditEntry
from primaria.identity.models import ClaimMapping, EidLink
from primaria.identity.providers import REFUSALS, Identity
from primaria.identity.services import NO_CNP, person_data
from primaria.outbox.models import Event

from .provider import cnp, query, roeid_claims

PASSWORD = "Parola-Sigura-2026"


def start(client, next_url="/cereri/"):
    response = client.post("/cont/roeid/intrare/", {"next": next_url})
    assert response.status_code == 302, response.content
    return response["Location"]


def roeid_login(client, provider, sub, **callback_overrides):
    """Log in at the provider as `sub` and bring its answer back to the callback; the callback's response."""
    back = provider.authorize(start(client), sub)
    params = {**query(back), **callback_overrides}
    return client.get("/cont/roeid/retur/", {k: v for k, v in params.items() if v is not None})


def make_account(email, cnp_value, password=PASSWORD, first="Ana-Maria", last="Georgescu"):
    user = User.objects.create_user(email=email, password=password, first_name=first, last_name=last,
                                    email_verified=True)
    Party.objects.create(kind=PartyKind.PERSON, name=f"{first} {last}", cnp=cnp_value, email=email, user=user)
    return user


def logged_in(client):
    return "_auth_user_id" in client.session


# --- what is refused --------------------------------------------------------------------------------

@pytest.mark.django_db
@pytest.mark.parametrize("tamper", ["signature", "aud", "iss", "nonce"])
def test_a_token_that_cannot_be_trusted_is_refused(roeid, tamper):
    sub = f"persoana-{tamper}"
    roeid.set_person(sub, roeid_claims(cnp(serial="101")))
    roeid.tamper = tamper
    client = Client()
    response = roeid_login(client, roeid, sub)
    assert response.status_code == 400
    assert REFUSALS[tamper] in response.content.decode()
    assert not logged_in(client)
    assert not User.objects.exists() and not EidLink.objects.exists()
    assert AuditEntry.objects.filter(action="identity.refused", data__reason=tamper).exists()


@pytest.mark.django_db
def test_the_same_untampered_answer_logs_in(roeid):
    """The control for the refusals above: the provider's own token is accepted."""
    roeid.set_person("persoana-buna", roeid_claims(cnp(serial="102")))
    client = Client()
    checked = roeid.pkce_checked
    response = roeid_login(client, roeid, "persoana-buna")
    assert response.status_code == 302 and response["Location"] == "/cont/roeid/cont-nou/"
    assert roeid.pkce_checked == checked + 1  # the code was exchanged with its PKCE verifier (S256)


@pytest.mark.django_db
def test_missing_or_foreign_state_is_refused(roeid):
    roeid.set_person("persoana-state", roeid_claims(cnp(serial="103")))
    client = Client()
    response = roeid_login(client, roeid, "persoana-state", state=None)
    assert response.status_code == 400 and REFUSALS["missing_state"] in response.content.decode()

    response = roeid_login(client, roeid, "persoana-state", state="alt-state")
    assert response.status_code == 400 and REFUSALS["state"] in response.content.decode()

    # A valid answer brought back in another browser (another session) is refused too.
    back = roeid.authorize(start(client), "persoana-state")
    response = Client().get("/cont/roeid/retur/", query(back))
    assert response.status_code == 400 and REFUSALS["state"] in response.content.decode()
    assert not logged_in(client) and not User.objects.exists()


@pytest.mark.django_db
def test_an_answer_without_cnp_is_refused(roeid):
    roeid.set_person("fara-cnp", roeid_claims(None))
    client = Client()
    response = roeid_login(client, roeid, "fara-cnp")
    assert response.status_code == 400 and NO_CNP in response.content.decode()
    assert not logged_in(client) and not User.objects.exists()


@pytest.mark.django_db
def test_a_cancelled_login_is_refused(roeid):
    client = Client()
    authorize_url = start(client)
    import requests

    back = requests.post(authorize_url, data={"action": "deny"}, allow_redirects=False, timeout=10).headers["Location"]
    response = client.get("/cont/roeid/retur/", query(back))
    assert response.status_code == 400 and REFUSALS["denied"] in response.content.decode()


# --- the claim mapping table ----------------------------------------------------------------------------

@pytest.mark.django_db
def test_the_seeded_mapping_reads_roeid_claims_and_the_admin_can_change_it(claim_mappings):
    assert dict(ClaimMapping.objects.filter(provider="roeid").values_list("claim", "target")) == {
        "cnp": "cnp", "nume": "last_name", "prenume": "first_name", "email": "email", "telefon": "phone",
        "adresa": "address", "localitate": "locality", "judet": "county"}
    value = cnp(serial="104")
    identity = Identity(provider="roeid", issuer="https://roeid.example", subject="s", claims=roeid_claims(value))
    data = person_data(identity)
    assert data == {"cnp": value, "first_name": "Ana-Maria", "last_name": "Georgescu",
                    "email": "ana.georgescu@example.ro", "phone": "0722000111",
                    "address": "Str. Libertății nr. 7, Municipiul Demo, jud. Timiș"}

    # The provider renames an attribute: the administrator changes one row, no code.
    ClaimMapping.objects.filter(provider="roeid", claim="cnp").update(claim="cod_numeric_personal")
    with pytest.raises(Exception, match="CNP"):
        person_data(identity)
    identity.claims["cod_numeric_personal"] = value
    assert person_data(identity)["cnp"] == value


# --- linking and new accounts -----------------------------------------------------------------------------

@pytest.mark.django_db
def test_first_login_links_the_account_with_the_same_cnp_after_its_password(roeid):
    value = cnp(serial="105")
    user = make_account("ana@example.ro", value)
    roeid.set_person("sub-ana", roeid_claims(value))
    client = Client()
    response = roeid_login(client, roeid, "sub-ana")
    assert response.status_code == 302 and response["Location"] == "/cont/roeid/legare/"
    page = client.get("/cont/roeid/legare/")
    assert "ana@example.ro" in page.content.decode()

    response = client.post("/cont/roeid/legare/", {"password": "parola-gresita"})
    assert response.status_code == 400
    assert "Parola nu este corectă" in response.content.decode()
    assert not logged_in(client) and not EidLink.objects.exists()

    response = client.post("/cont/roeid/legare/", {"password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/cereri/"
    assert int(client.session["_auth_user_id"]) == user.pk
    link = EidLink.objects.get(user=user)
    assert (link.issuer, link.subject) == (roeid.url, "sub-ana")
    login = client.session["primaria_login"]
    assert login["method"] == "roeid" and login["loa"] == "substanțial" and login["at"]
    assert AuditEntry.objects.filter(action="identity.link", object_id=str(user.pk)).exists()
    assert Event.objects.filter(name="identity.linked", subject_id=str(user.pk)).exists()
    assert User.objects.count() == 1

    # The next time the same identity opens the account straight away.
    other = Client()
    response = roeid_login(other, roeid, "sub-ana")
    assert response.status_code == 302 and response["Location"] == "/cereri/"
    assert int(other.session["_auth_user_id"]) == user.pk
    assert AuditEntry.objects.filter(action="identity.login", object_id=str(user.pk)).exists()


@pytest.mark.django_db
def test_first_login_of_a_new_person_creates_a_verified_account(roeid):
    value = cnp(serial="106")
    roeid.set_person("sub-nou", roeid_claims(value, acr="urn:roeid:nivel-necunoscut"))
    client = Client()
    response = roeid_login(client, roeid, "sub-nou")
    assert response["Location"] == "/cont/roeid/cont-nou/"
    page = client.get("/cont/roeid/cont-nou/").content.decode()
    assert "Georgescu" in page and value not in page  # the CNP is shown masked

    response = client.post("/cont/roeid/cont-nou/", {"email": "ana.georgescu@example.ro"})
    assert response.status_code == 302
    user = User.objects.get(email="ana.georgescu@example.ro")
    assert user.email_verified and not user.has_usable_password()
    assert (user.first_name, user.last_name) == ("Ana-Maria", "Georgescu")
    party = Party.objects.get(user=user)
    assert party.kind == PartyKind.PERSON and party.cnp == value and party.name == "Ana-Maria Georgescu"
    assert party.address == "Str. Libertății nr. 7, Municipiul Demo, jud. Timiș"
    assert EidLink.objects.get(user=user).subject == "sub-nou"
    assert client.session["primaria_login"]["loa"] == "urn:roeid:nivel-necunoscut"  # unknown levels kept raw
    assert Event.objects.filter(name="identity.account_created", subject_id=str(user.pk)).exists()
    assert AuditEntry.objects.filter(action="identity.account_created", object_id=str(user.pk)).exists()


@pytest.mark.django_db
def test_a_new_account_with_an_address_already_taken_is_refused_nothing_saved(roeid):
    make_account("ana.georgescu@example.ro", cnp(serial="107"))
    roeid.set_person("sub-altul", roeid_claims(cnp(serial="108")))
    client = Client()
    roeid_login(client, roeid, "sub-altul")
    response = client.post("/cont/roeid/cont-nou/", {"email": "ana.georgescu@example.ro"})
    assert response.status_code == 400 and "Există deja un cont cu această adresă" in response.content.decode()
    assert User.objects.count() == 1 and not EidLink.objects.exists()

    response = client.post("/cont/roeid/cont-nou/", {"email": "ana.noua@example.ro"})
    assert response.status_code == 302
    assert not User.objects.get(email="ana.noua@example.ro").email_verified  # not the address ROeID vouched for


@pytest.mark.django_db
def test_the_callback_accepts_form_post(roeid):
    roeid.set_person("sub-post", roeid_claims(cnp(serial="109")))
    client = Client()
    back = roeid.authorize(start(client), "sub-post")
    # Without the session cookie (a cross-site POST), the answer is sent back as a same-site GET.
    response = Client().post("/cont/roeid/retur/", query(back))
    assert response.status_code == 303 and response["Location"].startswith("/cont/roeid/retur/?")
    assert query(response["Location"]) == query(back)
    # With it, the POST is handled in place.
    response = client.post("/cont/roeid/retur/", query(back))
    assert response.status_code == 302 and response["Location"] == "/cont/roeid/cont-nou/"


# --- a password login of an account tied to ROeID --------------------------------------------------------

@pytest.mark.django_db
def test_a_password_login_of_a_linked_account_sees_only_public_pages(roeid, city, users):
    from tests.factories import submitted_request

    ion = users.ion
    ion.set_password(PASSWORD)
    ion.save()
    request = submitted_request(ion)
    detail = f"/cereri/{request.public_id}/"

    client = Client()
    assert client.post("/cont/intrare/", {"username": ion.email, "password": PASSWORD}).status_code == 302
    assert client.get("/cereri/").status_code == 200  # not linked yet: the password opens everything

    EidLink.objects.create(user=ion, issuer=roeid.url, subject="sub-ion")
    for path in ["/cereri/", detail, "/dosar/", "/cont/profil/"]:
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith("/cont/roeid/necesar/?next="), path
    page = client.get("/cont/roeid/necesar/", {"next": detail})
    assert page.status_code == 403
    text = page.content.decode()
    assert "Intră cu ROeID" in text and "legat de identitatea electronică ROeID" in text
    assert request.reference and request.reference not in client.get("/cereri/", follow=True).content.decode()
    for path in ["/", "/servicii/"]:
        assert client.get(path).status_code == 200, path

    # The same account, logged in with ROeID, sees its requests.
    party = Party.objects.get(user=ion)
    roeid.set_person("sub-ion", roeid_claims(party.cnp, nume=ion.last_name, prenume=ion.first_name))
    strong = Client()
    response = roeid_login(strong, roeid, "sub-ion")
    assert response["Location"] == "/cereri/"
    assert strong.get(detail).status_code == 200


@pytest.mark.django_db
def test_login_page_shows_the_roeid_button_only_when_configured(settings, roeid):
    assert "Intră cu ROeID" in Client().get("/cont/intrare/").content.decode()
    settings.PRIMARIA_ROEID_ISSUER = ""
    assert "Intră cu ROeID" not in Client().get("/cont/intrare/").content.decode()
    assert Client().post("/cont/roeid/intrare/").status_code == 404


@pytest.mark.django_db
def test_logout_from_roeid_too_ends_the_session_at_the_provider(roeid):
    value = cnp(serial="110")
    make_account("ana@example.ro", value)
    client = Client()
    assert "Ieșire și din ROeID" not in client.get("/servicii/").content.decode()
    roeid.set_person("sub-iesire", roeid_claims(value))
    roeid_login(client, roeid, "sub-iesire")
    client.post("/cont/roeid/legare/", {"password": PASSWORD})
    assert "Ieșire și din ROeID" in client.get("/servicii/").content.decode()
    response = client.post("/cont/roeid/iesire/")
    assert response.status_code == 302
    assert response["Location"].startswith(roeid.url + "/oauth2/end_session?")
    params = query(response["Location"])
    assert params["id_token_hint"] and params["post_logout_redirect_uri"] == "http://testserver/"
    assert not logged_in(client)


@pytest.mark.django_db
def test_an_unreachable_or_misconfigured_provider_gives_a_clear_page(roeid, settings):
    from primaria.identity.providers import provider

    # A discovery document that names another issuer than the configured one.
    roeid.discovery_issuer = "https://emitent-fals.example"
    provider("roeid").forget()  # discovery is kept an hour; read it again now
    response = Client().post("/cont/roeid/intrare/")
    assert response.status_code == 502 and REFUSALS["discovery"] in response.content.decode()
    assert not provider("roeid").check_config().ok

    roeid.discovery_issuer = None
    settings.PRIMARIA_ROEID_ISSUER = "http://localhost:9"  # nothing listens there
    response = Client().post("/cont/roeid/intrare/")
    assert response.status_code == 502 and REFUSALS["unreachable"] in response.content.decode()

    settings.PRIMARIA_ROEID_ISSUER = roeid.url
    assert provider("roeid").check_config().ok


@pytest.mark.django_db
def test_the_admin_edits_the_mapping_and_sees_the_links(roeid):
    admin = User.objects.create_superuser(email="it@example.ro", password=PASSWORD)
    client = Client()
    client.force_login(admin)
    mapping = ClaimMapping.objects.get(provider="roeid", claim="telefon")
    assert client.get("/admin/identity/claimmapping/").status_code == 200
    response = client.post(f"/admin/identity/claimmapping/{mapping.pk}/change/",
                           {"provider": "roeid", "claim": "numar_telefon", "target": "phone", "order": "40"})
    assert response.status_code == 302
    mapping.refresh_from_db()
    assert mapping.claim == "numar_telefon"
    assert client.get("/admin/identity/eidlink/").status_code == 200


@pytest.mark.django_db
def test_a_person_known_without_an_account_gets_their_party_with_its_requests_and_mandates(roeid, users):
    """Filed on paper at the counter and represented under a mandate before having an account: the first
    ROeID login takes that party (the eID vouches for the CNP) instead of making a second one."""
    from primaria.accounts.models import Representation, RepresentationStatus
    from primaria.catalog.models import Service
    from primaria.requests import services as request_services
    from tests.factories import answers_for, uploads_for

    value = cnp(serial="109")
    service = Service.objects.get(slug="adeverinta-nomenclatura-stradala")
    paper = request_services.file_at_counter(
        actor=users.clerk, service=service, answers=answers_for(service), uploads=uploads_for(service),
        identity={"kind": PartyKind.PERSON, "name": "Ana-Maria Georgescu", "identifier": value,
                  "email": "", "phone": "", "address": "Str. Veche 1"})
    known = paper.applicant
    Representation.objects.create(user=users.maria, company=known, status=RepresentationStatus.VERIFIED,
                                  decided_at=timezone.now())
    roeid.set_person("sub-cunoscut", roeid_claims(value))
    client = Client()
    roeid_login(client, roeid, "sub-cunoscut")
    response = client.post("/cont/roeid/cont-nou/", {"email": "ana.georgescu@example.ro"})
    assert response.status_code == 302
    user = User.objects.get(email="ana.georgescu@example.ro")
    assert Party.objects.filter(kind=PartyKind.PERSON, cnp=value).count() == 1
    known.refresh_from_db()
    assert known.user == user and known.name == "Ana-Maria Georgescu"
    assert paper.reference in client.get("/cereri/").content.decode()
    assert Representation.objects.get(company=known).user == users.maria
