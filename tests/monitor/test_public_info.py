"""Information published ex officio (Legea 544/2001, art. 5): the standard list, budgets, procurement notices and job
competitions, whose applications are requests of an ordinary catalog service."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from primaria.accounts.models import User
from primaria.catalog.models import FormField
from primaria.core.errors import DomainError
from primaria.monitor import services
from primaria.monitor.demo import load_competition_service
from tests.factories import submitted_request


@pytest.fixture
def publisher(city):
    return User.objects.get(email="sg.specialist@primaria-demo.ro")


def test_the_standard_list_is_public(client, city):
    html = client.get("/informatii-publice/").content.decode()
    for heading in ("Actele normative care reglementează organizarea", "Structura organizatorică",
                    "Coordonatele de contact", "Sursele financiare, bugetul", "Programele și strategiile",
                    "Lista documentelor de interes public", "Categoriile de documente", "Modalitățile de contestare"):
        assert heading in html
    assert "Adrian Stoica" in html  # the secretary general, among the leaders (lit. c)
    for path in ("/informatii-publice/buget/", "/informatii-publice/achizitii/", "/informatii-publice/concursuri/"):
        assert client.get(path).status_code == 200
    assert 'href="/informatii-publice/"' in client.get("/").content.decode()


def test_procurement_notices_are_published_by_the_office_only(client, city, users, publisher):
    today = timezone.localdate()
    values = {"reference": "CN1089234", "title": "Lucrări de reabilitare termică a Școlii Gimnaziale nr. 3",
              "procedure": "licitatie", "estimated_value": Decimal("4850000"), "published_on": today,
              "deadline": today + timedelta(days=30), "cpv": "45453000-7"}
    with pytest.raises(PermissionDenied):
        services.publish_procurement_notice(actor=users.ion, **values)
    services.publish_procurement_notice(actor=publisher, **values)
    with pytest.raises(DomainError) as error:
        services.publish_procurement_notice(actor=publisher, **values)
    assert error.value.message_dict["reference"] == ["Anunțul CN1089234 este deja publicat."]
    html = client.get("/informatii-publice/achizitii/").content.decode()
    assert "CN1089234" in html and "Licitație deschisă" in html and "reabilitare termică" in html


def test_candidates_apply_to_an_open_competition_through_the_catalog(client, city, users, publisher):
    service = load_competition_service()
    today = timezone.localdate()
    competition = services.publish_competition(
        actor=publisher, reference="CONC-2026-07", position="Inspector, clasa I", department="Direcția Urbanism",
        published_on=today, applications_until=today + timedelta(days=10), written_test_on=today + timedelta(days=20),
        conditions="Studii superioare în construcții sau arhitectură.")
    field = FormField.objects.get(service=service, name="concurs")
    assert field.choice_list == ["CONC-2026-07 – Inspector, clasa I, Direcția Urbanism"]
    page = client.get("/informatii-publice/concursuri/").content.decode()
    assert "Inspector, clasa I" in page and f'href="/servicii/{service.slug}/"' in page

    filed = submitted_request(users.ion, slug=service.slug)
    assert filed.registry_entry_id and filed.data["concurs"] == competition.choice_label
    assert filed.department.code.lower() == "sg"

    with pytest.raises(DomainError) as error:
        services.publish_competition(
            actor=publisher, reference="CONC-2026-08", position="Consilier juridic", department="Serviciul Juridic",
            published_on=today, applications_until=today - timedelta(days=1), conditions="Studii juridice superioare.")
    assert "Înscrierile nu se pot încheia" in error.value.message_dict["applications_until"][0]
    assert date.today() and FormField.objects.get(pk=field.pk).choice_list == [competition.choice_label]
