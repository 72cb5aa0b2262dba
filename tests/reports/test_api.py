"""The REST API goes through the same domain functions: the boundary, the public data, the department's rights."""

import pytest

from primaria.reports.models import Report, Status

from .conftest import INSIDE, OUTSIDE, user

pytestmark = pytest.mark.django_db


def test_categories_and_an_anonymous_report(client, city):
    categories = client.get("/api/v1/report-categories/").json()
    assert {"slug": "groapa"}.items() <= next(c for c in categories if c["slug"] == "groapa").items()
    outside = client.post("/api/v1/reports/", {"category": "groapa", "latitude": OUTSIDE[0], "longitude": OUTSIDE[1],
                                               "description": "Groapă mare în afara orașului.", "q_unde": "în carosabil",
                                               "q_marime": "mică (sub 30 cm)", "email": "a@example.ro"},
                          content_type="application/json")
    assert outside.status_code == 400 and "în afara localității" in outside.json()["place"][0]
    made = client.post("/api/v1/reports/", {"category": "groapa", "latitude": "45.771234", "longitude": "21.251234",
                                            "description": "Groapă mare pe banda unu.", "q_unde": "în carosabil",
                                            "q_marime": "mică (sub 30 cm)", "email": "api.vecin@example.ro"},
                       content_type="application/json")
    assert made.status_code == 201, made.content
    assert made.json()["latitude"] == 45.7712 and "api.vecin" not in made.content.decode()
    listed = client.get("/api/v1/reports/").content.decode()
    assert made.json()["id"] in listed and "api.vecin@example.ro" not in listed and "banda unu" not in listed


def test_the_office_api_acts_for_the_competent_department_only(client, make_report):
    report = make_report("iluminat", at=INSIDE)
    client.force_login(user("par.specialist@primaria-demo.ro"))
    assert client.post(f"/api/v1/office/reports/{report.public_id}/act/", {"action": "take"},
                       content_type="application/json").status_code == 404
    client.force_login(user("adp.specialist@primaria-demo.ro"))
    assert report.reference in client.get("/api/v1/office/reports/").content.decode()
    short = client.post(f"/api/v1/office/reports/{report.public_id}/act/", {"action": "resolve", "message": "ok"},
                        content_type="application/json")
    assert short.status_code == 400 and "10 caractere" in short.json()["message"][0]
    done = client.post(f"/api/v1/office/reports/{report.public_id}/act/",
                       {"action": "resolve", "message": "Lămpile au fost înlocuite."}, content_type="application/json")
    assert done.status_code == 200 and done.json()["status"] == "resolved"
    assert Report.objects.get(pk=report.pk).status == Status.RESOLVED
