"""Bad input of every shape gets a Romanian message, never a 500; alerts are changed only by their department's
officials; a subscription is confirmed only by pressing the button; the subscription limit holds under races."""

import datetime
import json

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from primaria.alerts import geometry, services
from primaria.alerts.models import Alert, AlertStatus, Subscription
from primaria.core import rules
from primaria.core.errors import DomainError

from .conftest import polygon, resident

AREA = polygon(21.195, 45.735, 21.205, 45.742)
RING = [[21.19, 45.73], [21.20, 45.73], [21.20, 45.74], [21.19, 45.74], [21.19, 45.73]]


# --- 1. size limits before any costly check ----------------------------------------------------------------


def _big_ring(n):
    import math

    ring = [[round(21.2 + 0.01 * math.cos(2 * math.pi * i / n), 7), round(45.74 + 0.01 * math.sin(2 * math.pi * i / n), 7)]
            for i in range(n)]
    return ring + [ring[0]]


def test_too_many_points_are_refused_before_any_ring_is_checked(monkeypatch):
    def checked(_ring):
        raise AssertionError("a ring was checked before the points were counted")

    monkeypatch.setattr(geometry, "_self_intersecting", checked)
    many = {"type": "MultiPolygon", "coordinates": [[_big_ring(399)] for _ in range(40)]}
    with pytest.raises(geometry.InvalidShape, match="prea multe puncte"):
        geometry.read(many)


def test_pasted_text_is_limited_in_length():
    text = json.dumps({"type": "Polygon", "coordinates": [RING]}) + " " * geometry.MAX_TEXT
    with pytest.raises(geometry.InvalidShape, match="prea lung"):
        geometry.read(text)
    assert geometry.read(json.dumps({"type": "Polygon", "coordinates": [RING]})).polygons


# --- 3. every wrong type is a Romanian message -------------------------------------------------------------

BAD = [
    {"type": "GeometryCollection", "geometries": 5},
    {"type": "GeometryCollection", "geometries": "abc"},
    {"type": "GeometryCollection", "geometries": {"type": "Polygon"}},
    {"type": "GeometryCollection", "geometries": [5, None]},
    {"type": 5, "coordinates": [RING]}, {"type": None}, {"type": ["Polygon"]}, {"type": {"a": 1}}, {"type": True},
    {"type": "FeatureCollection", "features": 5}, {"type": "FeatureCollection", "features": [5]},
    {"type": "Feature", "geometry": 5}, {"type": "Feature", "geometry": "Polygon"},
    {"type": "Feature", "geometry": {"type": "Feature", "geometry": {"type": "Feature", "geometry": {
        "type": "Feature", "geometry": {"type": "Polygon", "coordinates": [RING]}}}}},
    {"type": "Polygon"}, {"type": "Polygon", "coordinates": 5}, {"type": "Polygon", "coordinates": "abc"},
    {"type": "Polygon", "coordinates": True}, {"type": "Polygon", "coordinates": []},
    {"type": "Polygon", "coordinates": [5]}, {"type": "Polygon", "coordinates": RING},
    {"type": "Polygon", "coordinates": [[RING]]}, {"type": "Polygon", "coordinates": [["a", "b", "c", "d"]]},
    {"type": "Polygon", "coordinates": [[[True, False], [1, 1], [1, 2], [True, False]]]},
    {"type": "Polygon", "coordinates": [[[float("nan"), 45.7], [21.2, 45.7], [21.2, 45.8], [float("nan"), 45.7]]]},
    {"type": "Polygon", "coordinates": [[[float("inf"), 45.7], [21.2, 45.7], [21.2, 45.8], [float("inf"), 45.7]]]},
    {"type": "Polygon", "coordinates": [[[10**400, 45.7], [21.2, 45.7], [21.2, 45.8], [10**400, 45.7]]]},
    {"type": "Polygon", "coordinates": [[[21.2, 45.7], [21.3, 45.7], [21.2, 45.7], [21.2, 45.7]]]},
    {"type": "MultiPolygon", "coordinates": 5}, {"type": "MultiPolygon", "coordinates": [5]},
    {"type": "MultiPolygon", "coordinates": [[5]]}, {"type": "MultiPolygon", "coordinates": "abc"},
    {"type": "LineString", "coordinates": 5}, {"type": "LineString", "coordinates": "ab"},
    {"type": "LineString", "coordinates": [[21.2, 45.7]]}, {"type": "LineString", "coordinates": [21.2, 45.7]},
    {"type": "LineString", "coordinates": [[[21.2, 45.7]], [[21.3, 45.7]]]},
    {"type": "LineString", "coordinates": [[True, 45.7], [21.3, 45.7]]},
    {"type": "MultiLineString", "coordinates": 5}, {"type": "MultiLineString", "coordinates": [5]},
    {"type": "Point", "coordinates": [21.2, 45.7]},
    5, "abc", None, True, [RING], [], {},
    "[" * 100_000, "{", "5", "null", '{"type": "Polygon", "coordinates": [[[NaN, 1], [1, 1], [1, 2], [NaN, 1]]]}',
    '{"type": "Polygon", "coordinates": [[[Infinity, 1], [1, 1], [1, 2], [Infinity, 1]]]}',
    '{"type": "Polygon", "coordinates": [[[1e400, 1], [1, 1], [1, 2], [1e400, 1]]]}',
    b"\xff\xfe", json.dumps({"type": "GeometryCollection", "geometries": 5}),
]


@pytest.mark.parametrize("value", BAD, ids=range(len(BAD)))
def test_malformed_geojson_is_a_romanian_message(value):
    with pytest.raises(DomainError) as error:
        geometry.validate(value, boundary=None)
    [message] = error.value.message_dict["geometry"]
    assert any(word in message for word in ("Geometria", "Textul", "Coordonatele", "Se acceptă", "punct", "linie",
                                            "contur", "Colecția", "suprafaț"))


def test_a_malformed_collection_on_the_public_page_is_a_400(city, client):
    response = client.post(reverse("alerts:subscribe"), {
        "kind": "area", "geojson": '{"type": "GeometryCollection", "geometries": 5}', "topics": ["apa"],
        "email": "vecin@example.ro"})
    assert response.status_code == 400 and "Coordonatele nu sunt o listă" in response.text


# --- 2. whole numbers as typed -----------------------------------------------------------------------------


@pytest.mark.parametrize("values, field", [
    ({"kind": "address", "address": "Str. Florilor 2", "radius_m": "²"}, "radius_m"),
    ({"kind": "district", "district_id": "²"}, "district"),
    ({"kind": "area", "geojson": AREA, "channels": ["sms"], "phone_id": "²"}, "phone"),
])
def test_superscript_digits_are_not_numbers(city, values, field):
    user = resident("cifre@example.ro")
    with pytest.raises(DomainError) as error:
        services.subscribe(actor=user, **({"topics": ["apa"], "channels": ["email"]} | values))
    assert field in error.value.message_dict


def test_superscript_digits_on_the_pages_and_the_api(city, client, publisher):
    response = client.post(reverse("alerts:subscribe"), {"kind": "address", "address": "Str. Florilor 2",
                                                         "radius_m": "²", "topics": ["apa"], "email": "a@example.ro"})
    assert response.status_code == 400 and "Alegeți raza din listă" in response.text
    now = timezone.now()
    with pytest.raises(DomainError) as error:
        services.save_draft(actor=publisher, topic="apa", title="Întrerupere de test", description="O descriere lungă.",
                            geometry_value=AREA, starts_at=now, ends_at=now + datetime.timedelta(hours=2),
                            department_id="²")
    assert "department" in error.value.message_dict
    with pytest.raises(DomainError):
        services.delete_subscription(actor=publisher, subscription_id="²")
    api = APIClient()
    api.force_authenticate(publisher)
    assert api.delete("/api/v1/alert-subscriptions/²/").status_code in (400, 404)


# --- 4. the API checks the request's shape first -------------------------------------------------------------


@pytest.mark.parametrize("body", [
    [1, 2], "text", 5,
    {"kind": "area", "geojson": AREA, "topics": 5, "channels": ["inapp"]},
    {"kind": "area", "geojson": AREA, "topics": ["apa"], "channels": "inapp"},
    {"kind": ["area"], "geojson": AREA, "topics": ["apa"], "channels": ["inapp"]},
    {"kind": "address", "address": "Str. Florilor 2", "radius_m": "²", "topics": ["apa"], "channels": ["inapp"]},
    {"kind": "district", "district_id": {"a": 1}, "topics": ["apa"], "channels": ["inapp"]},
    {"kind": "area", "geojson": 5, "topics": ["apa"], "channels": ["inapp"]},
    {"kind": "area", "geojson": {"type": "GeometryCollection", "geometries": 5}, "topics": ["apa"],
     "channels": ["inapp"]},
    {"kind": "area", "geojson": AREA, "topics": [5, None], "channels": ["inapp"]},
])
def test_api_bad_bodies_are_json_400s(city, body):
    client, user = APIClient(), resident("api.rau@example.ro")
    client.force_authenticate(user)
    response = client.post("/api/v1/alert-subscriptions/", body, format="json")
    assert response.status_code == 400
    assert response.json()
    assert not Subscription.objects.filter(user=user).exists()


def test_api_a_number_as_label_is_taken_as_text(city):
    client = APIClient()
    client.force_authenticate(resident("api.eticheta@example.ro"))
    response = client.post("/api/v1/alert-subscriptions/", {
        "kind": "area", "geojson": AREA, "topics": ["apa"], "channels": ["inapp"], "label": 5}, format="json")
    assert response.status_code == 201 and response.json()["label"] == "5"


def test_api_messages_are_in_romanian(city):
    client = APIClient()
    client.force_authenticate(resident("api.ro@example.ro"))
    response = client.post("/api/v1/alert-subscriptions/", {"kind": "area", "topics": 5}, format="json")
    assert response.status_code == 400 and "listă" in json.dumps(response.json(), ensure_ascii=False)


# --- 5. an alert is changed only by its department's officials ----------------------------------------------


@pytest.fixture
def mayor(city):
    from primaria.accounts.models import User

    return User.objects.get(email="primar@primaria-demo.ro")


def _draft(actor, **kw):
    from primaria.alerts.rules import departments_for

    now = timezone.now()
    return services.save_draft(
        actor=actor, topic="apa", title="Întrerupere de test", description="Descrierea alertei din teste.",
        geometry_value=AREA, starts_at=now - datetime.timedelta(hours=1), ends_at=now + datetime.timedelta(hours=5),
        department_id=departments_for(actor).first().pk, **kw)


def test_another_departments_alert_cannot_be_changed(city, mayor, publisher, make_alert, client):
    from primaria.alerts.rules import departments_for

    assert not set(departments_for(mayor)) & set(departments_for(publisher))
    draft = _draft(mayor)
    assert rules.can(mayor, draft, "publish") and not rules.can(publisher, draft, "publish")
    with pytest.raises(PermissionDenied):
        services.publish(actor=publisher, alert_id=draft.pk)
    with pytest.raises(PermissionDenied):
        _draft(publisher, alert_id=draft.pk)
    published = make_alert(AREA)  # the public-domain administration's own alert
    now = timezone.now()
    with pytest.raises(PermissionDenied):
        services.update(actor=mayor, alert_id=published.pk, topic="apa", title="Titlu schimbat de altcineva",
                        description="O descriere schimbată.", geometry_value=AREA, starts_at=now,
                        ends_at=now + datetime.timedelta(hours=3), department_id=departments_for(mayor).first().pk)
    with pytest.raises(PermissionDenied):
        services.close(actor=mayor, alert_id=published.pk, cancel=True, reason="Nu este a mea, dar o anulez.")
    assert Alert.objects.get(pk=draft.pk).status == AlertStatus.DRAFT
    assert Alert.objects.get(pk=published.pk).status == AlertStatus.PUBLISHED

    client.force_login(publisher)
    page = client.get(reverse("alerts_office:detail", args=[draft.public_id]))
    assert page.status_code == 200 and 'value="publish"' not in page.text and "alt compartiment" in page.text
    assert client.get(reverse("alerts_office:edit", args=[draft.public_id])).status_code == 403
    assert client.post(reverse("alerts_office:act", args=[draft.public_id]), {"action": "publish"}).status_code == 403
    own = client.get(reverse("alerts_office:detail", args=[published.public_id]))
    assert 'value="cancel"' in own.text and reverse("alerts_office:edit", args=[published.public_id]) in own.text
    client.force_login(mayor)
    assert 'value="publish"' in client.get(reverse("alerts_office:detail", args=[draft.public_id])).text


# --- 6. double opt-in: a GET confirms nothing -----------------------------------------------------------------


def test_the_confirmation_link_shows_a_button_and_only_the_post_confirms(city, client):
    subscription = services.subscribe(actor=None, kind="area", geojson=AREA, topics=["apa"], channels=[],
                                      email="scanner@example.ro")
    url = reverse("alerts:confirm", args=[subscription.confirm_token])
    page = client.get(url)
    assert page.status_code == 200 and "<form" in page.text and "Confirm abonarea" in page.text
    subscription.refresh_from_db()
    assert subscription.status == Subscription.Status.PENDING
    assert client.post(url).status_code == 200
    subscription.refresh_from_db()
    assert subscription.status == Subscription.Status.ACTIVE
    assert client.post(reverse("alerts:confirm", args=["nu-exista"])).status_code == 400


# --- 7. the 20-subscription limit under parallel requests ----------------------------------------------------


def test_the_limit_is_counted_again_under_the_accounts_lock(city):
    """A parallel request that saves its subscription right after this one counted must not take the account
    past the limit: the count is repeated while the account's row is locked."""
    user = resident("limita@example.ro")
    for _ in range(services.MAX_SUBSCRIPTIONS - 1):
        services.subscribe(actor=user, kind="area", geojson=AREA, topics=["apa"], channels=["inapp"])
    state = {"done": False}

    def racing(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if not state["done"] and "COUNT" in sql.upper() and Subscription._meta.db_table in sql:
            state["done"] = True  # the other request commits its subscription now
            services.subscribe(actor=user, kind="area", geojson=AREA, topics=["apa"], channels=["inapp"])
        return result

    with connection.execute_wrapper(racing), pytest.raises(DomainError, match="Aveți deja"):
        services.subscribe(actor=user, kind="area", geojson=AREA, topics=["apa"], channels=["inapp"])
    assert Subscription.objects.filter(user=user).count() == services.MAX_SUBSCRIPTIONS
