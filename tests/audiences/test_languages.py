"""Audiences in English and Hungarian: the resident's and the mayor's office's pages in the language of the
`limba` cookie, the history lines read in the reader's language, and the e-mail in the account's language."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from primaria.accounts.models import User
from primaria.accounts.selectors import person_of
from primaria.audiences import services
from primaria.notifications.models import Notification
from primaria.notifications.services import render
from tests.i18n.test_pages import StoredText, romanian_in, romanian_vocabulary, visible_texts

TOPIC = "Trotuarul din fața blocului meu este spart de doi ani și nimeni nu l-a reparat."


@pytest.fixture(autouse=True)
def _back_to_romanian():
    """A page in English or Hungarian leaves its language active in the thread: the next tests expect Romanian."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


def _client(language, user=None):
    client = Client()
    client.cookies["limba"] = language
    if user is not None:
        client.force_login(user)
    return client


def _no_romanian(page: str):
    found = romanian_in(visible_texts(page), romanian_vocabulary(), StoredText())
    assert not found, found


@pytest.fixture
def cabinet(users):
    return User.objects.get(email="cab.specialist@primaria-demo.ro")


@pytest.fixture
def audience(users):
    return services.ask(actor=users.ion, party=person_of(users.ion), official=users.mayor, category="public_domain",
                        topic=TOPIC, preferred_days=[1])


@pytest.mark.parametrize("language, words, romanian", [
    ("en", ["Audiences with the mayor, deputy mayors and directors", "Request an audience"], "Cereți o audiență"),
    ("hu", ["Fogadóóra a polgármesternél", "Jelentkezés fogadóórára"], "Cereți o audiență"),
])
def test_the_residents_pages_speak_the_chosen_language(users, audience, language, words, romanian):
    client = _client(language, users.ion)
    mine = client.get(reverse("audiences:mine")).content.decode()
    for word in words:
        assert word in mine
    assert romanian not in mine
    detail = client.get(reverse("audiences:detail", args=[audience.public_id])).content.decode()
    # The history line kept in Romanian is shown in the reader's language.
    assert {"en": "has been registered under no.", "hu": "számon iktattuk"}[language] in detail
    assert "a fost înregistrată" not in detail
    _no_romanian(mine)
    _no_romanian(detail)


@pytest.mark.parametrize("language, heading", [("en", "Audience requests to decide"),
                                               ("hu", "Döntésre váró fogadóórás kérelmek")])
def test_the_mayors_office_pages_speak_the_chosen_language(users, cabinet, audience, language, heading):
    client = _client(language, cabinet)
    office = client.get(reverse("audiences_office:index")).content.decode()
    assert heading in office and "Cereri de audiență de decis" not in office
    detail = client.get(reverse("audiences_office:detail", args=[audience.public_id])).content.decode()
    assert {"en": "Schedule the audience", "hu": "A fogadás ütemezése"}[language] in detail
    _no_romanian(office)
    _no_romanian(detail)


def test_the_email_is_written_in_the_applicants_language(users, audience):
    ion = users.ion
    ion.language = "en"
    ion.save(update_fields=["language"])
    services.refuse(actor=User.objects.get(email="cab.specialist@primaria-demo.ro"), audience_id=audience.pk,
                    reason="Problema se rezolvă prin cererea depusă deja la Direcția Tehnică.")
    mail = Notification.objects.filter(template="audience_changed", recipient=users.ion).order_by("-pk").first()
    assert mail.language == "en"
    render(mail)
    assert mail.subject == f"Audience no. {audience.reference} – Rejected"
    assert "Your audience request has been refused. Reason: Problema se rezolvă" in mail.body
    assert "Bună ziua" not in mail.body and "Starea" not in mail.body
