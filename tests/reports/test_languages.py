"""Reports in English and Hungarian: the pages, the map's texts, the report's steps in the reader's language, and
the e-mails in the language of the page the report was made in (without an account) or of the account."""

import pytest
from django.urls import reverse
from django.utils import translation

from primaria.notifications.models import Notification
from primaria.notifications.services import render
from primaria.reports import services

from .conftest import INSIDE, answers, user

pytestmark = pytest.mark.django_db

OFFICIAL = "adp.specialist@primaria-demo.ro"


@pytest.fixture(autouse=True)
def _back_to_romanian():
    """The test client's requests leave their language active in this thread: the next tests start in Romanian."""
    yield
    translation.deactivate()


def _page(client, url, language):
    client.cookies["limba"] = language
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(("language", "expected", "romanian"), [
    ("en", ["Report a problem", "What you can report"], "Ce puteți semnala"),
    ("hu", ["Probléma bejelentése", "Mit jelezhet"], "Ce puteți semnala"),
])
def test_the_resident_pages_are_in_the_readers_language(client, categories, language, expected, romanian):
    body = _page(client, reverse("reports:index"), language)
    assert all(text in body for text in expected) and romanian not in body
    start = _page(client, reverse("reports:start"), language)
    assert "Faceți o sesizare" not in start and "Unde este problema?" not in start
    assert ("Where is the problem?" if language == "en" else "Hol van a probléma?") in start


@pytest.mark.parametrize(("language", "place", "count"), [
    ("en", 'data-text-place="Place of the problem"', 'data-text-count="{count} reports on the map."'),
    ("hu", 'data-text-place="A probléma helye"', 'data-text-count="{count} bejelentés a térképen."'),
])
def test_the_maps_texts_come_from_the_page(client, categories, language, place, count):
    body = _page(client, reverse("reports:map"), language)
    assert place in body and count in body and "Locul problemei" not in body


def test_the_steps_of_a_report_show_in_the_readers_language(client, make_report):
    report = make_report("iluminat", email="vecin.en@example.ro")
    services.act(actor=user(OFFICIAL), report_id=report.pk, action="take")
    event = report.events.get(action="submit")
    assert "a fost primită și repartizată" in event.message and event.message_key  # the record keeps Romanian
    link = services.follow_url(report, "vecin.en@example.ro")
    path = link[link.index("/sesizari/"):]
    english = _page(client, path, "en")
    assert "has been received and assigned to" in english and "has been taken on and is in progress" in english
    assert "a fost primită" not in english and "History" in english
    hungarian = _page(client, path, "hu")
    assert "beérkezett, és továbbítottuk ide" in hungarian and "Előzmények" in hungarian
    assert "a fost primită" not in hungarian


@pytest.mark.parametrize(("language", "expected"), [("en", "Reports to handle"), ("hu", "Intézendő bejelentések")])
def test_the_office_pages_are_in_the_readers_language(client, make_report, language, expected):
    report = make_report("iluminat")
    client.force_login(user(OFFICIAL))
    body = _page(client, reverse("reports_office:index"), language)
    assert expected in body and "Sesizări de rezolvat" not in body
    detail = _page(client, reverse("reports_office:detail", args=[report.public_id]), language)
    taken = "Take the report (in progress)" if language == "en" else "Átveszem a bejelentést (folyamatban)"
    assert taken in detail and "Soluționare" not in detail and "Preiau sesizarea" not in detail


def test_a_report_made_on_an_english_page_gets_its_later_emails_in_english(categories):
    with translation.override("en"):
        report = services.submit(actor=None, category_id=categories["iluminat"].pk, latitude=INSIDE[0],
                                 longitude=INSIDE[1], description="The street light is out since Monday.",
                                 data=answers("iluminat"), email="visitor@example.com")
    assert report.language == "en"
    # The official works in Romanian; the reporter's e-mail stays in English.
    with translation.override("ro"):
        services.act(actor=user(OFFICIAL), report_id=report.pk, action="resolve",
                     message="Am înlocuit becurile stâlpilor.")
    mail = Notification.objects.filter(address="visitor@example.com", template="reports/changed").order_by("pk").last()
    assert mail.language == "en"
    render(mail)
    assert mail.subject == f"Report {report.reference}: Resolved"
    assert "Hello," in mail.body and "The report has been resolved. Am înlocuit becurile stâlpilor." in mail.body
    assert "Please tell us, with a rating from 1 to 5" in mail.body and "Bună ziua" not in mail.body


def test_an_account_in_english_gets_the_reports_emails_in_english(make_report):
    resident = user("ion.popescu@example.ro")
    resident.language = "en"
    resident.save(update_fields=["language"])
    with translation.override("ro"):
        report = make_report("iluminat", actor=resident)
    mail = Notification.objects.filter(template="reports/changed", object_id=str(report.pk)).get()
    render(mail)
    assert mail.subject == f"Report {report.reference}: New" and "has been received and assigned to" in mail.body
