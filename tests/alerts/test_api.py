from rest_framework.test import APIClient

from primaria.alerts.models import Subscription

from .conftest import polygon, resident


def test_alerts_and_subscriptions_in_the_api(city, make_alert):
    alert = make_alert(polygon(21.195, 45.735, 21.205, 45.742), title="Apă oprită, din API")
    anonymous = APIClient()
    titles = [f["properties"]["title"] for f in anonymous.get("/api/v1/alerts/").json()["results"]]
    assert "Apă oprită, din API" in titles
    assert anonymous.get(f"/api/v1/alerts/{alert.public_id}/").json()["geometry"]["type"] == "Polygon"
    assert anonymous.get("/api/v1/alert-subscriptions/").status_code in (401, 403)

    user = resident("api@example.ro")
    client = APIClient()
    client.force_authenticate(user)
    bad = client.post("/api/v1/alert-subscriptions/", {"kind": "address", "address": "nicăieri", "radius_m": 250,
                                                       "topics": ["apa"], "channels": ["email"]}, format="json")
    assert bad.status_code == 400 and "Nu găsim strada" in str(bad.json())
    made = client.post("/api/v1/alert-subscriptions/", {"kind": "address", "address": "Str. Florilor 2",
                                                        "radius_m": 500, "topics": ["apa"], "channels": ["inapp"]},
                       format="json")
    assert made.status_code == 201 and made.json()["radius_m"] == 500
    assert [s["id"] for s in client.get("/api/v1/alert-subscriptions/").json()] == [made.json()["id"]]
    other = APIClient()
    other.force_authenticate(resident("altul.api@example.ro"))
    assert other.delete(f"/api/v1/alert-subscriptions/{made.json()['id']}/").status_code == 403
    assert client.delete(f"/api/v1/alert-subscriptions/{made.json()['id']}/").status_code == 204
    assert not Subscription.objects.filter(user=user).exists()
