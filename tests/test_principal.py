"""Who is signed in is read from the database; every change behind it counts from the next request."""

import pytest
from django.core.cache import cache

from primaria.accounts.models import Party, PartyKind
from primaria.institutions.models import Position
from tests.factories import verified_representation

pytestmark = pytest.mark.django_db


def signed_in(client, user):
    client.force_login(user)
    assert client.get("/cereri/" if not user.positions.exists() else "/birou/").status_code == 200
    assert not [k for k in getattr(cache, "_cache", {}) if "principal" in str(k)], "no permission is cached"
    return client


def test_a_revoked_position_counts_from_the_next_request(client, users):
    signed_in(client, users.urb_specialist)
    position = Position.objects.get(user=users.urb_specialist)
    position.active = False
    position.save()
    assert client.get("/birou/").status_code == 404


def test_a_position_given_to_someone_else_is_taken_from_its_holder(client, users):
    signed_in(client, users.urb_specialist)
    position = Position.objects.get(user=users.urb_specialist)
    position.user = users.maria
    position.save()
    assert client.get("/birou/").status_code == 404


def test_a_new_company_shows_at_once_and_a_new_password_signs_out(client, users):
    signed_in(client, users.maria)
    company = Party.objects.create(kind=PartyKind.COMPANY, cui="10000008", name="Firma Mariei SRL",
                                   address="Str. Lungă nr. 2, Municipiul Demo")
    verified_representation(users.maria, company)
    assert "Firma Mariei SRL" in client.get("/cereri/").content.decode()
    company.name = "Firma Mariei și Asociații SRL"
    company.save()
    assert "Firma Mariei și Asociații SRL" in client.get("/cereri/").content.decode()

    maria = users.maria
    maria.set_password("O-parola-noua-2026!")
    maria.save()
    response = client.get("/cereri/")
    assert response.status_code == 302 and "/cont/intrare/" in response["Location"]
