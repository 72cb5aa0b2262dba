"""Who is signed in is read from the cache; every change behind it counts from the next request."""

import pytest
from django.core.cache import cache

from primaria.accounts.backends import principal_key
from primaria.accounts.models import Party, PartyKind, Representation
from primaria.institutions.models import Position

pytestmark = pytest.mark.django_db


def signed_in(client, user):
    client.force_login(user)
    assert client.get("/cereri/" if not user.positions.exists() else "/birou/").status_code == 200
    assert cache.get(principal_key(user.pk)) is not None, "the first page keeps the principal in the cache"
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
    Representation.objects.create(user=users.maria, company=company)
    assert "Firma Mariei SRL" in client.get("/cereri/").content.decode()
    company.name = "Firma Mariei și Asociații SRL"
    company.save()
    assert "Firma Mariei și Asociații SRL" in client.get("/cereri/").content.decode()

    maria = users.maria
    maria.set_password("O-parola-noua-2026!")
    maria.save()
    response = client.get("/cereri/")
    assert response.status_code == 302 and "/cont/intrare/" in response["Location"]
