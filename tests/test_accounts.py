"""Accounts: sign-up with e-mail confirmation, password reset, companies and acting for them."""

import re

import pytest

from primaria.accounts.models import PartyKind, User
from primaria.accounts.selectors import parties_of

pytestmark = pytest.mark.django_db

SIGNUP = {"first_name": "Ana", "last_name": "Pop", "cnp": "1600520350026", "email": "ana.pop@example.ro",
          "address": "Str. Lalelelor nr. 5, Municipiul Demo", "phone": "0744 123 456", "password": "o-parola-lunga-2026"}


def _link(body):
    return re.search(r"https?://[^/\s]+(/\S+)", body).group(1)


def test_signup_sends_a_confirmation_email_whose_link_confirms_the_address(client, city, mailbox,
                                                                          django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/cont/inregistrare/", SIGNUP)
    assert response.status_code == 302
    user = User.objects.get(email="ana.pop@example.ro")
    assert not user.email_verified and user.person.cnp == SIGNUP["cnp"] and user.person.phone == "0744123456"
    [message] = mailbox.to("ana.pop@example.ro")
    assert "Confirmați adresa de e-mail" in message["subject"]
    response = client.get(_link(message["body"]), follow=True)
    assert "Adresa de e-mail a fost confirmată" in response.content.decode()
    user.refresh_from_db()
    assert user.email_verified


def test_an_unconfirmed_account_cannot_submit(client, city):
    from primaria.catalog.models import Service
    from primaria.core.errors import DomainError
    from primaria.requests import services
    from tests.factories import answers_for, uploads_for

    client.post("/cont/inregistrare/", SIGNUP)
    user = User.objects.get(email="ana.pop@example.ro")
    service = Service.objects.get(slug="adeverinta-nomenclatura-stradala")
    draft = services.start_draft(actor=user, party=user.person, service=service)
    services.save_draft(actor=user, request_id=draft.pk, answers=answers_for(service), uploads=uploads_for(service))
    with pytest.raises(DomainError) as caught:
        services.submit(actor=user, request_id=draft.pk)
    assert "Confirmați mai întâi adresa de e-mail" in caught.value.messages[0]


def test_a_tampered_confirmation_link_is_refused(client, city):
    response = client.get("/cont/confirmare/abc:def/", follow=True)
    assert "Linkul de confirmare nu este valid." in response.content.decode()


def test_the_same_cnp_cannot_open_two_accounts(client, city):
    response = client.post("/cont/inregistrare/", {**SIGNUP, "cnp": "1800101350018"})
    assert "Există deja un cont pentru acest CNP." in response.content.decode()


def test_password_reset_by_email(client, city, mailbox):
    response = client.post("/cont/parola/", {"email": "maria.ionescu@example.ro"})
    assert response.status_code == 302
    [message] = mailbox.to("maria.ionescu@example.ro")
    assert "Resetarea parolei" in message["subject"]
    form = client.get(_link(message["body"]), follow=True)
    assert "Alegeți o parolă nouă" in form.content.decode()
    done = client.post(form.redirect_chain[-1][0], {"new_password1": "parola-noua-2026!", "new_password2": "parola-noua-2026!"})
    assert done.status_code == 302
    login = client.post("/cont/intrare/", {"username": "maria.ionescu@example.ro", "password": "parola-noua-2026!"})
    assert login.status_code == 302 and client.get("/cont/profil/").status_code == 200


def test_a_person_adds_a_company_and_acts_for_it_once_the_registry_verifies_it(client, users):
    from primaria.accounts import services
    from primaria.accounts.models import Representation
    from tests.factories import pdf_file

    client.force_login(users.maria)
    response = client.post("/cont/profil/", {"cui": "RO 30123455", "name": "Floare SRL", "address": "Str. Mare nr. 1, Demo",
                                              "capacity": "Administrator", "proof_kind": "certificat_constatator",
                                              "proof": pdf_file("certificat.pdf")})
    assert response.status_code == 302
    assert not [p for p in parties_of(User.objects.get(pk=users.maria.pk)) if p.kind == PartyKind.COMPANY]
    representation = Representation.objects.get(user=users.maria, company__cui="30123455")
    services.verify_representation(actor=users.clerk, representation_id=representation.pk)
    company = [p for p in parties_of(User.objects.get(pk=users.maria.pk)) if p.kind == PartyKind.COMPANY][0]
    assert company.cui == "30123455"
    client.post("/cont/actionez-pentru/", {"party": str(company.public_id)})
    page = client.get("/cereri/").content.decode()
    assert "Cererile firmei Floare SRL" in page
    bad = client.post("/cont/profil/", {"cui": "30123456", "name": "X", "address": "", "capacity": ""})
    assert "CUI-ul nu este valid" in bad.content.decode()


def test_nobody_can_act_for_a_company_they_do_not_represent(client, users):
    from primaria.accounts.selectors import companies_of

    company = companies_of(users.ion).get()
    client.force_login(users.maria)
    response = client.post("/cont/actionez-pentru/", {"party": str(company.public_id)}, follow=True)
    assert "Nu puteți acționa în numele acestui solicitant." in response.content.decode()
    assert "Cererile mele" in client.get("/cereri/").content.decode()
