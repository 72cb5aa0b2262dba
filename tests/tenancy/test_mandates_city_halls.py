"""A mandate is claimed on, verified by and valid before one city hall (docs/architecture.md, docs/deployment.md)."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from primaria.accounts import services
from primaria.accounts.models import Party, PartyKind, Representation, RepresentationStatus, User
from primaria.accounts.selectors import can_act_for, parties_of, pending_representations
from primaria.catalog.models import Service
from primaria.core import rules
from primaria.core.errors import DomainError
from primaria.institutions import tenancy
from primaria.institutions.models import Department, HostName, Institution, Position, Role
from primaria.requests import services as requests
from primaria.requests.models import Request
from tests.factories import pdf_file

pytestmark = pytest.mark.django_db

DEMO_CUI = "18547290"  # Demo Construct SRL: Ion Popescu's mandate for it was verified by the demo city


@pytest.fixture
def beta(city, settings):
    """A commune next to the demo city, with its own registry clerk and one service of its own."""
    settings.ALLOWED_HOSTS = [".test", "testserver"]
    commune = Institution.objects.create(code="CBETA", name="Primăria Comunei Beta", address="Str. Principală 1, Beta")
    registry = Department.objects.create(institution=commune, code="REG", name="Registratură Beta", is_registry=True)
    template = Service.objects.filter(institution=city, active=True).order_by("pk").first()
    Service.objects.create(institution=commune, category=template.category, department=registry,
                           slug="certificat-beta", name="Certificat doar la Beta", summary="Doar în comuna Beta.",
                           description="", legal_basis="", term_days=30, active=True)
    clerk = User.objects.create_user(email="registratura@beta.test", password="x", first_name="Bianca",
                                     last_name="Beta", email_verified=True)
    Position.objects.create(user=clerk, department=registry, role=Role.REGISTRY_CLERK, function="Referent")
    HostName.objects.create(host="demo.test", institution=city, primary=True)
    HostName.objects.create(host="beta.test", institution=commune, primary=True)
    tenancy.forget()
    commune.clerk = clerk
    return commune


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _fresh(user) -> User:
    return User.objects.get(pk=user.pk)


def _claim(user, **overrides) -> Representation:
    data = {"cui": "30123455", "name": "Floare SRL", "address": "Str. Mare nr. 1, Municipiul Demo",
            "capacity": "Împuternicit", "proof_kind": "imputernicire_notariala",
            "proof": pdf_file("imputernicire.pdf", text="Împuternicire")}
    data.update(overrides)
    return services.request_representation(actor=user, **data)


def test_a_claim_on_one_city_hall_is_not_in_the_queue_of_another_nor_decided_there(city, beta, users):
    with tenancy.serving(city):
        claim = _claim(users.ion)
    assert claim.city_hall == city
    demo_queue = _client(users.clerk).get("/birou/mandate/", HTTP_HOST="demo.test")
    assert demo_queue.status_code == 200 and "Floare SRL" in demo_queue.content.decode()

    beta_clerk = _client(beta.clerk)
    queue = beta_clerk.get("/birou/mandate/", HTTP_HOST="beta.test")
    assert queue.status_code == 200 and "Floare SRL" not in queue.content.decode()
    assert beta_clerk.get(f"/birou/mandate/{claim.pk}/dovada/", HTTP_HOST="beta.test").status_code == 404
    assert beta_clerk.post(f"/birou/mandate/{claim.pk}/aproba/", HTTP_HOST="beta.test").status_code == 404
    assert beta_clerk.post(f"/birou/mandate/{claim.pk}/respinge/", {"reason": "Documentul nu este lizibil."},
                           HTTP_HOST="beta.test").status_code == 404
    with tenancy.serving(beta):
        assert claim not in pending_representations()
        with pytest.raises(PermissionDenied):
            services.verify_representation(actor=_fresh(beta.clerk), representation_id=claim.pk)
    claim.refresh_from_db()
    assert claim.status == RepresentationStatus.PENDING and claim.decided_by is None


def test_a_clerk_of_the_demo_city_on_the_communes_site_decides_nothing(city, beta, users):
    with tenancy.serving(city):
        claim = _claim(users.ion)
    # on the commune's site the demo city's clerk is a resident: no office
    assert _client(users.clerk).post(f"/birou/mandate/{claim.pk}/aproba/", HTTP_HOST="beta.test").status_code == 404
    claim.refresh_from_db()
    assert claim.status == RepresentationStatus.PENDING


def test_a_mandate_verified_by_one_city_hall_does_not_let_the_person_act_before_another(city, beta, users):
    company = Party.objects.get(kind=PartyKind.COMPANY, cui=DEMO_CUI)
    beta_service = Service.objects.get(slug="certificat-beta")
    ion = users.ion
    with tenancy.serving(city):
        assert can_act_for(_fresh(ion), company)
    with tenancy.serving(beta):
        assert not can_act_for(_fresh(ion), company)
        assert company.pk not in [p.pk for p in parties_of(_fresh(ion))]
        assert not rules.can(_fresh(ion), Request(applicant=company, service=beta_service), "start")
        with pytest.raises(PermissionDenied):
            requests.start_draft(actor=_fresh(ion), party=company, service=beta_service)
    assert not Request.objects.filter(applicant=company, service=beta_service).exists()

    client = _client(ion)
    page = client.post("/cont/actionez-pentru/", {"party": str(company.public_id)}, HTTP_HOST="beta.test")
    assert page.status_code == 302 and "acting_party" not in client.session
    # the party selector of the commune's site offers only the person themselves; the demo city's, the company
    assert "Demo Construct SRL" not in client.get("/servicii/", HTTP_HOST="beta.test").content.decode()
    assert "Demo Construct SRL" in client.get("/servicii/", HTTP_HOST="demo.test").content.decode()


def test_services_of_another_city_hall_are_refused_on_a_claim(city, beta, users):
    beta_service = Service.objects.get(slug="certificat-beta")
    with tenancy.serving(city):
        with pytest.raises(DomainError) as by_slug:
            _claim(users.ion, services=["certificat-beta"])
        with pytest.raises(DomainError) as by_object:
            _claim(users.ion, services=[beta_service])
    assert "services" in by_slug.value.message_dict
    assert "nu este al acestei primării" in by_object.value.message_dict["services"][0]
    assert not Representation.objects.filter(company__cui="30123455").exists()


def test_the_same_proof_is_offered_to_the_other_city_hall_and_counts_once_it_verifies(city, beta, users):
    ion = users.ion
    with tenancy.serving(city):
        claim = _claim(ion)
        services.verify_representation(actor=users.clerk, representation_id=claim.pk)
    company = claim.company
    client = _client(ion)
    profile = client.get("/cont/profil/", HTTP_HOST="beta.test").content.decode()
    assert "Floare SRL" in profile and "Primăria Municipiului Demo" in profile  # the history, with its city hall
    assert f'name="reuse" value="{claim.pk}"' in profile

    assert client.post("/cont/profil/", {"reuse": claim.pk}, HTTP_HOST="beta.test").status_code == 302
    again = Representation.objects.get(company=company, city_hall=beta)
    assert again.status == RepresentationStatus.PENDING and again.proof_id == claim.proof_id
    with tenancy.serving(beta):
        assert not can_act_for(_fresh(ion), company)
        assert again in pending_representations()
        services.verify_representation(actor=_fresh(beta.clerk), representation_id=again.pk)
        assert can_act_for(_fresh(ion), company)
    claim.refresh_from_db()
    assert claim.status == RepresentationStatus.VERIFIED  # the demo city's mandate is untouched


def test_a_refused_proof_is_not_offered_again_to_another_city_hall(city, beta, users):
    from primaria.core.errors import DomainError

    ion = users.ion
    with tenancy.serving(city):
        claim = _claim(ion)
        services.refuse_representation(actor=users.clerk, representation_id=claim.pk,
                                       reason="Împuternicirea nu poartă semnătura notarului.")
    client = _client(ion)
    assert f'name="reuse" value="{claim.pk}"' not in client.get("/cont/profil/", HTTP_HOST="beta.test").content.decode()
    with tenancy.serving(beta), pytest.raises(DomainError) as refused:
        services.claim_again_here(actor=_fresh(ion), representation_id=claim.pk)
    assert "nu mai poate fi folosit" in " ".join(refused.value.messages)
    assert not Representation.objects.filter(city_hall=beta).exists()
