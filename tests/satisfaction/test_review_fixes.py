"""Bad input on the survey's API and pages, the report's rating copied from the survey without the comment, and
two first publications of the questions at once."""

from datetime import date
from unittest import mock

import pytest
from django.db import IntegrityError

from primaria.satisfaction import selectors, services
from primaria.satisfaction.models import Invitation, QuestionSet

from .conftest import drain

pytestmark = pytest.mark.django_db


def test_a_json_array_or_nested_values_are_refused_in_romanian(closed_request, users):
    from tests.test_api import client_for

    closed_request(users.ion)
    drain()
    token = client_for(users.ion).get("/api/v1/surveys/").json()["results"][0]["token"]
    anonymous = client_for()
    array = anonymous.post(f"/api/v1/surveys/{token}/answer/", [{"overall": 4}], format="json")
    assert array.status_code == 400 and "obiect JSON" in array.json()["detail"][0]
    nested = anonymous.post(f"/api/v1/surveys/{token}/answer/", {"overall": [4], "comment": {"a": 1}},
                            format="json")
    assert nested.status_code == 400 and "q_overall" in nested.json() and "q_comment" in nested.json()
    assert not Invitation.objects.filter(answered_at__isnull=False, user=users.ion).exists()


def test_dates_after_today_or_too_old_fall_back_to_the_default_period(users, client):
    today = date(2026, 6, 1)
    future = selectors.period_from({"de_la": "9999-12-30", "pana_la": "9999-12-31"}, today=today)
    assert "cel târziu azi" in future.error and future.end == today
    old = selectors.period_from({"de_la": "0001-01-01", "pana_la": "0001-01-02"}, today=today)
    assert "după" in old.error and old.end == today
    client.force_login(users.secretary)
    for path in ("/birou/satisfactie/comentarii/", "/birou/situatie/tablou/"):
        page = client.get(path + "?de_la=9999-12-30&pana_la=9999-12-31")
        assert page.status_code == 200 and "cel târziu azi" in page.content.decode()


def test_the_survey_comment_is_not_copied_to_the_report(users):
    from primaria.accounts.models import User
    from primaria.reports import services as reports
    from primaria.reports.models import Category, Report

    report = reports.submit(actor=None, category_id=Category.objects.get(slug="iluminat").pk, latitude="45.754500",
                            longitude="21.238000", description="Doi stâlpi stinși lângă școală.",
                            data={"q_stalpi": "2"}, email="vecin2@example.ro")
    reports.act(actor=User.objects.get(email="adp.sef@primaria-demo.ro"), report_id=report.pk, action="resolve",
                message="Am schimbat becurile.")
    drain()
    invitation = Invitation.objects.get(report=report)
    answer = services.answer(actor=None, invitation_id=invitation.pk, by_link=True,
                             data={"q_overall": "3", "q_comment": "Funcționarul a fost nepoliticos."})
    report = Report.objects.get(pk=report.pk)
    assert report.rating == 3 and report.rating_comment == ""
    assert answer.comment == "Funcționarul a fost nepoliticos."


def test_a_refused_rating_keeps_the_answer(users):
    from primaria.accounts.models import User
    from primaria.core.errors import DomainError
    from primaria.reports import services as reports
    from primaria.reports.models import Category
    from primaria.satisfaction.models import Answer

    report = reports.submit(actor=None, category_id=Category.objects.get(slug="iluminat").pk, latitude="45.754500",
                            longitude="21.238000", description="Un stâlp stins lângă parc.",
                            data={"q_stalpi": "1"}, email="vecin3@example.ro")
    reports.act(actor=User.objects.get(email="adp.sef@primaria-demo.ro"), report_id=report.pk, action="resolve",
                message="Am schimbat becul.")
    drain()
    invitation = Invitation.objects.get(report=report)
    with mock.patch.object(reports, "rate", side_effect=DomainError("x")):
        services.answer(actor=None, invitation_id=invitation.pk, by_link=True, data={"q_overall": "5"})
    assert Answer.objects.filter(invitation=invitation).count() == 1


def test_two_first_publications_at_once_take_the_next_number(users):
    questions = services.current_questions().questions
    real = services._publish
    calls = []

    def clash(**kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise IntegrityError("duplicate key value violates unique constraint")
        return real(**kwargs)

    with mock.patch.object(services, "_publish", side_effect=clash):
        made = services.publish_questions(actor=users.secretary, questions=questions)
    assert len(calls) == 2 and made.version == QuestionSet.objects.order_by("-version").first().version
