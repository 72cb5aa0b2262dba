"""The shared frame and the core apps in English and Hungarian: the header and footer (templates), the home page
and the error pages (core), the API's errors (api), the management overview (overview), the delegations
(institutions) and the archive (archive). Romanian stays the default; the `limba` cookie picks the language.

These apps send no e-mail or SMS of their own (their messages go through the apps that own them)."""

import pytest
from django.test import Client
from django.utils import translation

from .test_pages import romanian_in, romanian_vocabulary, visible_texts

pytestmark = pytest.mark.django_db


def _client(language, user=None):
    client = Client()
    client.cookies["limba"] = language
    if user is not None:
        client.force_login(user)
    return client


def _page(client, url):
    answer = client.get(url, HTTP_ACCEPT="text/html")
    assert answer.status_code == 200, url
    return answer.content.decode()


class _NoStoredText:
    def is_content(self, text, word):
        return False


def _romanian_interface(page, allowed=()):
    """The Romanian interface words left on a page (names from the demo city, given in `allowed`, are content)."""
    found = romanian_in(visible_texts(page), romanian_vocabulary(), _NoStoredText())
    return [f for f in found if not any(name in f for name in allowed)]


@pytest.mark.parametrize("language, expected, romanian", [
    ("en", "The city hall, online", "Primăria, online"),
    ("hu", "A polgármesteri hivatal, online", "Primăria, online"),
    ("ro", "Primăria, online", "The city hall, online"),
])
def test_the_home_page_and_its_frame_are_in_the_chosen_language(city, language, expected, romanian):
    page = _page(_client(language), "/")
    assert expected in page and romanian not in page
    assert f'<html lang="{language}">' in page
    header = {"en": "Sign in", "hu": "Bejelentkezés", "ro": "Intrare în cont"}[language]
    assert header in page
    if language != "ro":
        assert "Intrare în cont" not in page and "Sari la conținut" not in page


@pytest.mark.parametrize("language, menu, romanian", [
    ("en", "My requests", "Cererile mele"), ("hu", "Kérelmeim", "Cererile mele")])
def test_a_residents_menu_is_in_the_chosen_language(users, language, menu, romanian):
    page = _page(_client(language, users.ion), "/")
    assert menu in page and romanian not in page


@pytest.mark.parametrize("language, text", [
    ("en", "The page you asked for does not exist."), ("hu", "A kért oldal nem létezik.")])
def test_the_error_pages_are_in_the_readers_language(city, language, text):
    answer = _client(language).get("/nu-exista-asa-ceva/", HTTP_ACCEPT="text/html")
    assert answer.status_code == 404
    page = answer.content.decode()
    assert text in page and "Pagina pe care ați cerut-o nu există." not in page
    assert not _romanian_interface(page, allowed=("Municipiul", "Primăria Municipiului Demo", "@primaria-demo.ro"))


@pytest.mark.parametrize("language, text", [
    ("en", "The requested address does not exist in the API."), ("hu", "A kért cím nem létezik az API-ban.")])
def test_the_apis_errors_follow_accept_language(city, language, text):
    answer = Client().get("/api/v1/nu-exista/", HTTP_ACCEPT="application/json", HTTP_ACCEPT_LANGUAGE=language)
    assert answer.status_code == 404
    assert answer.json()["detail"] == text


@pytest.mark.parametrize("language, title, heading", [
    ("en", "Overview of requests", "Requests by department and state"),
    ("hu", "Kérelmek áttekintése", "Kérelmek osztály és állapot szerint"),
])
def test_the_overview_for_management_is_in_the_chosen_language(users, language, title, heading):
    page = _page(_client(language, users.secretary), "/birou/situatie/")
    assert title in page and heading in page
    assert "Situația cererilor" not in page and "Cereri pe compartimente și stări" not in page
    dashboard = _page(_client(language, users.secretary), "/birou/situatie/tablou/")
    assert {"en": "Dashboard", "hu": "Irányítópult"}[language] in dashboard
    assert "Tablou de bord" not in dashboard


@pytest.mark.parametrize("language, heading, button", [
    ("en", "Delegating your duties", "Delegate my duties"),
    ("hu", "Feladatkör átadása helyettesnek", "Feladataim átadása"),
])
def test_the_delegations_page_is_in_the_chosen_language(users, language, heading, button):
    page = _page(_client(language, users.mayor), "/birou/delegari/")
    assert heading in page and button in page
    assert "Delegarea atribuțiilor" not in page and "Deleg atribuțiile" not in page


@pytest.mark.parametrize("language, office, public", [
    ("en", "The institution's archive", "Public documents from the archive"),
    ("hu", "Az intézmény irattára", "Nyilvános dokumentumok az irattárból"),
])
def test_the_archive_is_in_the_chosen_language(users, language, office, public):
    page = _page(_client(language, users.secretary), "/birou/arhiva/")
    assert office in page and "Arhiva instituției" not in page
    assert {"en": "Search the text of documents", "hu": "Keresés a dokumentumok szövegében"}[language] in page
    page = _page(_client(language), "/arhiva/")
    assert public in page and "Documente publice din arhivă" not in page


def test_messages_of_the_core_rules_and_validators_are_translated():
    from django.core.exceptions import ValidationError

    from primaria.core.validators import clean_cnp

    with translation.override("en"):
        with pytest.raises(ValidationError) as error:
            clean_cnp("123")
        assert error.value.messages == ["The personal numeric code (CNP) must have exactly 13 digits."]
    with translation.override("hu"):
        with pytest.raises(ValidationError) as error:
            clean_cnp("123")
        assert error.value.messages == ["A személyi számnak (CNP) pontosan 13 számjegyből kell állnia."]
    with translation.override("ro"), pytest.raises(ValidationError) as error:
        clean_cnp("123")
    assert error.value.messages == ["CNP-ul trebuie să aibă exact 13 cifre."]


def test_file_sizes_use_the_pages_decimal_separator():
    from primaria.core.templatetags.primaria import file_size

    with translation.override("ro"):
        assert file_size(1_400_000) == "1,4 MB"
    with translation.override("en"):
        assert file_size(1_400_000) == "1.4 MB"
    with translation.override("hu"):
        assert file_size(1_400_000) == "1,4 MB"


def test_the_signature_stamp_stays_romanian():
    """A legal record keeps its Romanian text whatever the page's language."""
    import datetime

    from django.utils import timezone

    from primaria.signing.engine import stamp_lines

    class Stamp:
        capacity, signer_name, function = "Primar", "Ion Ionescu", "Primar"

    with translation.override("en"):
        lines = stamp_lines(Stamp(), timezone.make_aware(datetime.datetime(2026, 12, 7, 10, 30)))
    assert "Semnat electronic la 07.12.2026, ora 10:30" in lines
