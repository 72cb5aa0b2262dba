"""A closed request or report invites its applicant to the survey exactly once; the signed link, one answer only,
the expired link refused in Romanian; a report's rating is not asked twice."""

from datetime import timedelta

import pytest
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from primaria.audit.models import AuditEntry
from primaria.core.errors import DomainError
from primaria.notifications.models import Notification
from primaria.outbox.models import Delivery, Event
from primaria.satisfaction import services
from primaria.satisfaction.handlers import invite_request
from primaria.satisfaction.models import Answer, Invitation

from .conftest import drain, path_of

pytestmark = pytest.mark.django_db

GOOD = {"q_overall": "4", "q_clear": "da", "q_on_time": "nu", "q_duration": "mai mult decât mă așteptam",
        "q_comment": "Mi-ar fi plăcut un telefon."}


def test_a_request_resolved_through_its_whole_circuit_invites_once(users, pki, django_capture_on_commit_callbacks):
    from primaria.requests import services as requests
    from tests.factories import propose_and_sign, submitted_request

    request = submitted_request(users.ion)
    requests.assign(actor=users.urb_head, request_id=request.pk, assignee=users.urb_specialist)
    with django_capture_on_commit_callbacks(execute=True):
        request = propose_and_sign(request, users.urb_specialist, resolution="Adresa este strada Florilor nr. 3.")
    assert request.status == "resolved"
    drain()
    drain()
    invitation = Invitation.objects.get(request=request)
    assert invitation.department == request.department and invitation.service == request.service
    assert invitation.user == users.ion and invitation.email == "ion.popescu@example.ro"
    assert invitation.expires_at - invitation.created_at == timedelta(days=services.VALID_DAYS)
    # The handler run again (a worker that died before marking it done) invites no one twice.
    event = Event.objects.get(name="request.issue", subject_id=str(request.pk))
    invite_request(event)
    assert Invitation.objects.filter(request=request).count() == 1
    mails = Notification.objects.filter(template="satisfaction/invitation", address="ion.popescu@example.ro")
    assert mails.count() == 1
    assert Delivery.objects.filter(handler="satisfaction.invite_request", event=event).count() == 1


def test_open_requests_and_withdrawn_ones_are_not_surveyed(users):
    from primaria.outbox.services import record as record_event
    from tests.factories import submitted_request

    request = submitted_request(users.ion)
    record_event("request.issue", request, request_id=request.pk)  # an event out of order: still open
    drain()
    assert not Invitation.objects.filter(request=request).exists()


def test_the_signed_link_works_without_an_account_and_takes_one_answer(closed_request, client):
    request = closed_request()
    drain()
    mail = Notification.objects.get(template="satisfaction/invitation", object_id=str(request.pk))
    from primaria.notifications.services import render

    render(mail)
    assert "chestionar" in mail.subject.lower() and request.reference in mail.body
    path = path_of(mail.context["link"])
    page = client.get(path)
    body = page.content.decode()
    assert page.status_code == 200 and "Cât de mulțumit sunteți" in body and "Ați primit răspunsul la timp?" in body
    # Bad input: a message next to the field, nothing saved.
    bad = client.post(path, {**GOOD, "q_overall": "7", "q_comment": "<b>bine</b>"})
    assert bad.status_code == 400
    text = bad.content.decode()
    answers = Answer.objects.filter(invitation__request=request)
    assert "Alegeți o notă de la 1 la 5." in text and "fără semnele" in text and not answers.exists()
    too_long = client.post(path, {**GOOD, "q_comment": "a" * 501})
    assert too_long.status_code == 400 and "cel mult 500 de caractere" in too_long.content.decode()
    done = client.post(path, GOOD)
    assert done.status_code == 302 and client.get(done["Location"]).status_code == 200
    answer = answers.get()
    assert answer.overall == 4 and answer.comment == "Mi-ar fi plăcut un telefon."
    assert answer.values == {"overall": 4, "clear": "da", "on_time": "nu", "duration": "mai mult decât mă așteptam"}
    assert answer.question_set.version == 1 and answer.invitation.answered_at
    assert AuditEntry.objects.filter(action="satisfaction.answer", object_id=str(answer.invitation_id)).count() == 1
    assert Event.objects.filter(name="survey.answered", subject_id=str(answer.invitation_id)).count() == 1
    # One answer per invitation: the link now says so, and the domain refuses a second one.
    again = client.post(path, {**GOOD, "q_overall": "1"})
    assert "Ați răspuns deja" in again.content.decode()
    with pytest.raises(DomainError) as twice:
        services.answer(actor=None, invitation_id=answer.invitation_id, data=GOOD, by_link=True)
    assert "Ați răspuns deja" in twice.value.messages[0]
    assert answers.count() == 1


def test_an_altered_link_is_refused(closed_request, client):
    request = closed_request()
    drain()
    invitation = Invitation.objects.get(request=request)
    token = services.token_for(invitation)
    forged = signing.dumps(str(invitation.public_id), salt="altceva")
    for bad in (token[:-2] + "xx", forged):
        page = client.get(f"/chestionar/{bad}/")
        assert page.status_code == 404 and "nu este valid" in page.content.decode()


def test_an_expired_link_is_refused_in_romanian(closed_request, client):
    request = closed_request()
    drain()
    invitation = Invitation.objects.get(request=request)
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    path = services.survey_path(invitation)
    page = client.get(path)
    assert page.status_code == 410
    assert "Linkul chestionarului a expirat" in page.content.decode()
    assert client.post(path, GOOD).status_code == 410
    with pytest.raises(DomainError) as late:
        services.answer(actor=None, invitation_id=invitation.pk, data=GOOD, by_link=True)
    assert "a expirat" in late.value.messages[0] and "30 de zile" in late.value.messages[0]
    assert not Answer.objects.filter(invitation=invitation).exists()


def test_the_applicant_finds_the_link_on_the_request_page(closed_request, users, client):
    request = closed_request()
    drain()
    client.force_login(users.ion)
    page = client.get(f"/cereri/{request.public_id}/")
    assert page.status_code == 200 and 'data-testid="survey-link"' in page.content.decode()
    client.force_login(users.maria)
    assert client.get("/chestionar/").status_code == 200
    invitation = Invitation.objects.get(request=request)
    with pytest.raises(PermissionDenied):
        services.answer(actor=users.maria, invitation_id=invitation.pk, data=GOOD)
    services.answer(actor=users.ion, invitation_id=invitation.pk, data=GOOD)
    client.force_login(users.ion)
    assert 'data-testid="survey-link"' not in client.get(f"/cereri/{request.public_id}/").content.decode()


def test_a_report_is_surveyed_without_asking_its_rating_twice(users, client):
    from primaria.accounts.models import User
    from primaria.reports import services as reports
    from primaria.reports.models import Category, Report

    adp = User.objects.get(email="adp.sef@primaria-demo.ro")
    category = Category.objects.get(slug="iluminat")
    report = reports.submit(actor=None, category_id=category.pk, latitude="45.754500", longitude="21.238000",
                            description="Trei stâlpi stinși pe strada noastră.", data={"q_stalpi": "3"},
                            email="vecin@example.ro")
    reports.act(actor=adp, report_id=report.pk, action="resolve", message="Am înlocuit becurile stâlpilor.")
    drain()
    invitation = Invitation.objects.get(report=report)
    assert invitation.category == category and invitation.email == "vecin@example.ro"
    # The resolution's own notice asks for the rating; the survey adds no second e-mail.
    assert not Notification.objects.filter(template="satisfaction/invitation", object_id=str(report.pk)).exists()
    follow = reports.follow_url(report, "vecin@example.ro")
    page = client.get(follow[follow.index("/sesizari/"):]).content.decode()
    assert 'data-testid="survey-link"' in page and 'name="rating"' not in page
    services.answer(actor=None, invitation_id=invitation.pk, data=GOOD, by_link=True)
    report = Report.objects.get(pk=report.pk)
    assert report.rating == 4  # the survey's mark is the report's rating
    drain()  # report.rated: the answer is already there, nothing added
    assert Answer.objects.filter(invitation=invitation).count() == 1


def test_a_rating_given_on_the_report_page_counts_as_the_answer(users):
    from primaria.accounts.models import User
    from primaria.reports import services as reports
    from primaria.reports.models import Category

    adp = User.objects.get(email="adp.sef@primaria-demo.ro")
    report = reports.submit(actor=users.ion, category_id=Category.objects.get(slug="iluminat").pk,
                            latitude="45.754500", longitude="21.238000",
                            description="Un stâlp stins de o săptămână.", data={"q_stalpi": "1"})
    reports.act(actor=adp, report_id=report.pk, action="resolve", message="Becul a fost schimbat azi.")
    reports.rate(actor=users.ion, report_id=report.pk, rating=2, comment="Greu.")
    drain()
    answer = Answer.objects.get(invitation__report=report)
    assert (answer.overall, answer.comment, answer.source) == (2, "Greu.", Answer.Source.RATING)
    assert Invitation.objects.get(report=report).answered_at is not None


def test_a_rejected_report_gets_the_survey_by_email(users):
    from primaria.accounts.models import User
    from primaria.reports import services as reports
    from primaria.reports.models import Category

    report = reports.submit(actor=None, category_id=Category.objects.get(slug="iluminat").pk, latitude="45.754500",
                            longitude="21.238000", description="Stâlp stins în fața blocului.",
                            data={"q_stalpi": "1"}, email="vecina@example.ro")
    reports.act(actor=User.objects.get(email="adp.sef@primaria-demo.ro"), report_id=report.pk, action="reject",
                message="Stâlpul este al unei firme private.")
    drain()
    drain()
    assert Notification.objects.filter(template="satisfaction/invitation", address="vecina@example.ro").count() == 1


def test_questions_are_versioned_data(users):
    first = services.current_questions()
    with pytest.raises(PermissionDenied):
        services.publish_questions(actor=users.ion, questions=first.questions)
    with pytest.raises(DomainError) as missing:
        services.publish_questions(actor=users.secretary, questions=[q for q in first.questions
                                                                     if q["code"] != "overall"])
    assert "overall" in missing.value.message_dict["questions"][0]
    changed = [*first.questions[:1], {"code": "staff", "label": "Funcționarii v-au ajutat?", "type": "yesno"},
               first.questions[-1]]
    second = services.publish_questions(actor=users.secretary, questions=changed, note="O întrebare nouă.")
    assert second.version == 2 and services.current_questions() == second
    assert first.questions[1]["code"] == "clear"  # the old version is kept as it was


def test_the_admin_publishes_a_new_version_through_the_domain(client, users):
    import json

    from primaria.satisfaction.models import QuestionSet

    first = services.current_questions()
    client.force_login(users.admin)
    form = client.get("/admin/satisfaction/questionset/add/")
    assert form.status_code == 200 and "overall" in form.content.decode()
    refused = client.post("/admin/satisfaction/questionset/add/",
                          {"questions": json.dumps([{"code": "overall"}]), "note": ""})
    assert refused.status_code == 200 and "Scrieți textul întrebării 1" in refused.content.decode()
    assert not QuestionSet.objects.filter(version=first.version + 1).exists()
    changed = [*first.questions, {"code": "staff", "label": "Funcționarii v-au ajutat?", "type": "yesno"}]
    done = client.post("/admin/satisfaction/questionset/add/", {"questions": json.dumps(changed), "note": "Nou."})
    assert done.status_code == 302
    second = QuestionSet.objects.get(version=first.version + 1)
    assert second.questions[-1]["code"] == "staff" and second.created_by == users.admin
    assert AuditEntry.objects.filter(action="satisfaction.publish_questions", object_id=str(second.pk)).exists()
    assert client.post(f"/admin/satisfaction/questionset/{first.pk}/delete/").status_code == 403
