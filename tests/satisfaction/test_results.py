"""The dashboard's figures per department, service and report category, with the small-group rule; comments only
for those allowed, never with the applicant's name; the API."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from primaria.core import rules
from primaria.satisfaction import selectors, services
from primaria.satisfaction.models import Invitation

from .conftest import drain

pytestmark = pytest.mark.django_db


def _answered(closed_request, users, marks, *, slug="adeverinta-nomenclatura-stradala", comment=""):
    for mark in marks:
        request = closed_request(users.ion, slug=slug)
        drain()
        invitation = Invitation.objects.get(request=request)
        if mark is not None:
            services.answer(actor=users.ion, invitation_id=invitation.pk,
                            data={"q_overall": str(mark), "q_comment": comment})
    return invitation


def test_figures_per_department_and_service_hide_small_groups(closed_request, users):
    _answered(closed_request, users, [5, 4, 4, 3, 5, None])  # 5 answers of 6: enough
    _answered(closed_request, users, [2, 1], slug="certificat-de-urbanism")  # 2 answers: too few
    period = selectors.period_from({})
    figures = selectors.results(users.mayor, period)
    total = figures["total"]  # the demo's closed reports are counted too
    assert total["answered"] >= 7 and total["invited"] >= 8 and total["enough"]
    services_rows = {row["name"]: row for row in figures["services"]}
    small = next(row for name, row in services_rows.items() if "urbanism" in name.lower())
    assert small["answered"] == 2 and small["enough"] is False and small["average"] is None
    assert small["distribution"] is None
    big = next(row for row in figures["services"] if row is not small)
    assert big["answered"] == 5 and big["average"] == 4.2 and big["rate"] == round(100 * 5 / 6, 1)
    assert [d["count"] for d in big["distribution"]] == [0, 0, 1, 2, 2]
    assert {row["name"] for row in figures["departments"]}


def test_the_dashboard_shows_the_section_with_the_rule_said(closed_request, users, client):
    _answered(closed_request, users, [5, 2], comment="Numele meu este Ion Popescu, a durat prea mult.")
    client.force_login(users.mayor)
    page = client.get("/birou/situatie/tablou/?perioada=30")
    body = page.content.decode()
    assert page.status_code == 200 and 'data-testid="satisfaction"' in body
    assert "prea puține răspunsuri" in body and "sub 5 răspunsuri nu se arată media" in body
    assert "ion.popescu@example.ro" not in body
    bad = client.get("/birou/situatie/tablou/?de_la=2026-13-01&pana_la=x").content.decode()
    assert "Scrieți ambele date ale perioadei" in bad


def test_a_chosen_period_counts_only_its_closings(closed_request, users):
    _answered(closed_request, users, [4])
    today = timezone.localdate()
    earlier = selectors.period_from({"de_la": (today - timedelta(days=60)).isoformat(),
                                     "pana_la": (today - timedelta(days=30)).isoformat()})
    assert selectors.results(users.mayor, earlier)["total"]["invited"] == 0
    assert selectors.period_from({"de_la": "2026-05-01", "pana_la": "2026-04-01"}).error
    assert selectors.period_from({"perioada": "365"}, today=date(2026, 12, 31)).start == date(2026, 1, 1)


def test_only_leaders_and_heads_read_the_comments_never_residents(closed_request, users, client):
    invitation = _answered(closed_request, users, [2], comment="Am așteptat mult la ghișeu.")
    assert rules.can(users.mayor, invitation, "read_comments")
    assert rules.can(users.urb_head, invitation, "read_comments")  # the head of the request's department
    assert not rules.can(users.ion, invitation, "read_comments")  # not even the resident who wrote it
    assert not rules.can(users.maria, invitation, "read_comments")
    assert not rules.can(users.itl_head, invitation, "read_comments")  # another department
    assert list(selectors.comments_visible_to(users.maria)) == []
    assert [a.comment for a in selectors.comments_visible_to(users.urb_head)] == ["Am așteptat mult la ghișeu."]
    client.force_login(users.maria)
    assert client.get("/birou/satisfactie/comentarii/").status_code == 403
    client.force_login(users.ion)
    assert client.get("/birou/satisfactie/comentarii/").status_code == 403
    client.force_login(users.secretary)
    page = client.get("/birou/satisfactie/comentarii/").content.decode()
    assert "Am așteptat mult la ghișeu." in page and "Popescu" not in page


def test_the_resident_answers_through_the_api(closed_request, users):
    from tests.test_api import client_for

    closed_request(users.ion)
    drain()
    api = client_for(users.ion)
    listed = api.get("/api/v1/surveys/").json()
    token = listed["results"][0]["token"]
    assert token and listed["results"][0]["answered_at"] is None
    other = client_for(users.maria).get("/api/v1/surveys/").json()
    assert all(item["subject"] == "report" for item in other["results"])  # her own report only, not Ion's request
    anonymous = client_for()
    questions = anonymous.get(f"/api/v1/surveys/{token}/").json()
    assert questions["questions"][0]["code"] == "overall"
    refused = anonymous.post(f"/api/v1/surveys/{token}/answer/", {"overall": 9}, format="json")
    assert refused.status_code == 400 and "1 la 5" in refused.json()["q_overall"][0]
    done = anonymous.post(f"/api/v1/surveys/{token}/answer/", {"overall": 5, "clear": "da"}, format="json")
    assert done.status_code == 201 and done.json()["answered_at"]
    again = anonymous.post(f"/api/v1/surveys/{token}/answer/", {"overall": 1}, format="json")
    assert again.status_code == 400 and "Ați răspuns deja" in str(again.json())
