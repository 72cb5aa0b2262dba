"""Choosing the language: the switcher on every page, the account that remembers it, messages written in it."""

import pytest
from django.utils import translation

pytestmark = pytest.mark.django_db


def test_the_switcher_keeps_the_choice_in_a_cookie_and_returns_to_the_page(client, city):
    page = client.get("/servicii/")
    assert b'<html lang="ro">' in page.content
    assert b'action="/limba/"' in page.content and b'value="hu"' in page.content

    answer = client.post("/limba/", {"language": "en", "next": "/servicii/"})
    assert answer.status_code == 302 and answer["Location"] == "/servicii/"
    assert answer.cookies["limba"].value == "en"
    assert b'<html lang="en">' in client.get("/servicii/").content


def test_an_unknown_language_or_a_foreign_address_changes_nothing(client, city):
    answer = client.post("/limba/", {"language": "xx", "next": "/servicii/"})
    assert answer.status_code == 302 and "limba" not in answer.cookies
    answer = client.post("/limba/", {"language": "hu", "next": "https://elsewhere.example/"})
    assert answer.status_code == 302 and "elsewhere.example" not in answer["Location"]
    assert client.get("/limba/").status_code == 405


def test_an_account_remembers_its_language_on_another_browser(client, users):
    from django.test import Client

    from primaria.audit.models import AuditEntry

    ion = users.ion
    client.force_login(ion)
    client.post("/limba/", {"language": "hu", "next": "/"})
    ion.refresh_from_db()
    assert ion.language == "hu"
    assert AuditEntry.objects.filter(action="accounts.choose_language", object_id=str(ion.pk)).count() == 1
    client.post("/limba/", {"language": "hu", "next": "/"})  # the same choice again is not a change
    assert AuditEntry.objects.filter(action="accounts.choose_language", object_id=str(ion.pk)).count() == 1

    elsewhere = Client()
    elsewhere.force_login(ion)
    assert b'<html lang="hu">' in elsewhere.get("/servicii/").content
    elsewhere.cookies["limba"] = "en"  # what this browser chose wins over the account's
    assert b'<html lang="en">' in elsewhere.get("/servicii/").content


def test_a_message_is_written_in_its_recipients_language(users):
    from primaria.notifications.services import message_language, notify

    ion = users.ion
    ion.language = "en"
    ion.save(update_fields=["language"])
    assert notify(address="ion@example.ro", template="verify_email", context={}, recipient=ion).language == "en"
    with translation.override("hu"):
        # not the language of the page that caused it (an official's, filing for someone at the counter):
        # the one asked for (a subscription's), else Romanian
        assert notify(address="a@example.ro", template="verify_email", context={}).language == "ro"
        assert notify(address="a@example.ro", template="verify_email", context={}, language="en").language == "en"
        other = users.maria  # an account that never chose a language
        assert notify(address="m@example.ro", template="verify_email", context={}, recipient=other).language == "ro"
    assert message_language("de") == "ro"  # a language the site does not speak: Romanian


def test_the_worker_renders_a_message_in_its_language(users, monkeypatch):
    from primaria.notifications import services
    from primaria.notifications.models import Notification

    seen = []
    monkeypatch.setattr(services, "render_to_string", lambda name, context: seen.append(translation.get_language()) or "x")
    with translation.override("ro"):
        services.render(Notification(template="verify_email", context={}, language="hu"))
        assert seen == ["hu", "hu"]
        assert translation.get_language() == "ro"
