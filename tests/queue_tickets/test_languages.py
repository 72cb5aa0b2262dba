"""The queue in English and Hungarian: the kiosk, the ticket and the hall's display (with the announcement the
display's script reads aloud, taken from the page) and the clerk's screen, in the language of the `limba` cookie."""

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

from primaria.queue_tickets import services
from tests.i18n.test_pages import StoredText, romanian_in, romanian_vocabulary, visible_texts

from .conftest import MORNING, at


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


@pytest.mark.django_db
@pytest.mark.parametrize("language, words", [
    ("en", {"kiosk": "What are you here for?", "ticket": "Ahead of you", "display": "Turn on voice announcements",
            "called": "is called to", "spoken": "Ticket A 1, to"}),
    ("hu", {"kiosk": "Milyen ügyben érkezett?", "ticket": "Ön előtt", "display": "Hangos bemondás bekapcsolása",
            "called": "sorszámot várják ide", "spoken": "A 1, "}),
])
def test_the_public_pages_speak_the_chosen_language(hall, take, users, language, words):
    client = _client(language)
    with at(MORNING):
        kiosk = client.get("/coada/registratura/").content.decode()
        ticket = take(hall.filing)
        ticket_page = client.get(f"/coada/bon/{ticket.public_id}/").content.decode()
        services.call_next(actor=users.clerk, counter_id=hall.counter1.pk)
        display = client.get("/coada/afisaj/registratura/").content.decode()
    assert words["kiosk"] in kiosk and "Pentru ce veniți?" not in kiosk
    assert f'<html lang="{language}">' in kiosk
    assert words["ticket"] in ticket_page and "Înaintea dumneavoastră" not in ticket_page
    assert words["display"] in display and f'data-lang="{language}"' in display
    assert words["called"] in display and "este chemat la" not in display
    assert f'data-speak="{words["spoken"]}' in display  # what the display's script reads aloud
    for page in (kiosk, ticket_page, display):
        _no_romanian(page)


@pytest.mark.django_db
@pytest.mark.parametrize("language, heading", [("en", "Counter queue"), ("hu", "Sorban állás az ügyfélablaknál")])
def test_the_clerks_screen_speaks_the_chosen_language(hall, users, language, heading):
    client = _client(language, users.clerk)
    with at(MORNING):
        page = client.get(f"/birou/coada/?ghiseu={hall.counter1.pk}").content.decode()
    assert heading in page and "Coada la ghișeu" not in page
    assert {"en": "Call the next one", "hu": "Következő behívása"}[language] in page
    _no_romanian(page)
