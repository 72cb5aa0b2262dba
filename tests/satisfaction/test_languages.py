"""The survey in English and Hungarian: its pages (the default questions included), the office's comments, and the
invitation e-mail in the recipient's language."""

import pytest
from django.urls import reverse
from django.utils import translation

from primaria.notifications.models import Notification
from primaria.notifications.services import render
from primaria.satisfaction.models import Invitation

from .conftest import drain, path_of

pytestmark = pytest.mark.django_db


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


@pytest.mark.parametrize(("language", "expected"), [
    ("en", ["How did it go?", "Overall, how satisfied are you", "Did you receive the answer on time?",
            "Faster than I expected", "Send your answer"]),
    ("hu", ["Hogyan zajlott?", "Összességében mennyire elégedett", "Időben megkapta a választ?",
            "Gyorsabban, mint vártam", "Válasz elküldése"]),
])
def test_the_survey_page_is_in_the_readers_language(closed_request, client, language, expected):
    request = closed_request()
    drain()
    mail = Notification.objects.get(template="satisfaction/invitation", object_id=str(request.pk))
    body = _page(client, path_of(mail.context["link"]), language)
    assert all(text in body for text in expected), body
    assert "Cât de mulțumit" not in body and "Trimiteți răspunsul" not in body
    # The answer keeps the Romanian values the question set defines.
    response = client.post(path_of(mail.context["link"]), {"q_overall": "5", "q_duration": "cât mă așteptam"})
    assert response.status_code == 302
    assert Invitation.objects.get(request=request).answer.values["duration"] == "cât mă așteptam"


@pytest.mark.parametrize(("language", "expected"), [("en", "My surveys"), ("hu", "Kérdőíveim")])
def test_the_residents_surveys_are_in_the_readers_language(closed_request, users, client, language, expected):
    closed_request(users.ion)
    drain()
    client.force_login(users.ion)
    body = _page(client, reverse("satisfaction:mine"), language)
    assert expected in body and "Chestionarele mele" not in body
    assert ("request no." if language == "en" else "számú kérelem") in body


@pytest.mark.parametrize(("language", "expected"), [
    ("en", "Comments from the satisfaction surveys"), ("hu", "Az elégedettségi kérdőívek megjegyzései")])
def test_the_office_comments_are_in_the_readers_language(users, client, language, expected):
    client.force_login(users.mayor)
    body = _page(client, reverse("satisfaction_office:comments"), language)
    assert expected in body and "Comentariile din chestionarele" not in body


def test_the_invitation_is_written_in_the_recipients_language(closed_request, users):
    resident = users.ion
    resident.language = "en"
    resident.save(update_fields=["language"])
    with translation.override("ro"):
        request = closed_request(resident)
        drain()
    mail = Notification.objects.get(template="satisfaction/invitation", object_id=str(request.pk))
    assert mail.language == "en"
    render(mail)
    assert mail.subject.startswith(f"How did it go? A short survey about request no. {request.reference}")
    assert "Hello," in mail.body and "has been closed" in mail.body and "Bună ziua" not in mail.body


def test_a_report_made_without_an_account_is_surveyed_in_the_language_of_its_page(city):
    from primaria.accounts.models import User
    from primaria.reports import services as reports
    from primaria.reports.models import Category

    category = Category.objects.get(slug="iluminat")
    with translation.override("hu"):
        report = reports.submit(actor=None, category_id=category.pk, latitude="45.754500", longitude="21.238000",
                                description="Nem világít a lámpa hétfő óta.", data={"q_stalpi": "2"},
                                email="latogato@example.hu")
    official = User.objects.get(email="adp.specialist@primaria-demo.ro")
    with translation.override("ro"):
        reports.act(actor=official, report_id=report.pk, action="reject", message="Stâlpul nu este al primăriei.")
        drain()
    mail = Notification.objects.get(template="satisfaction/invitation", object_id=str(report.pk))
    assert mail.language == "hu"
    render(mail)
    assert "Hogyan zajlott?" in mail.subject and "lezártuk" in mail.body and "Bună ziua" not in mail.body
