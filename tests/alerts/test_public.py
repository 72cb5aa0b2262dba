import datetime
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from django.utils import timezone

from primaria.alerts import services
from primaria.alerts.models import Alert

from .conftest import polygon

AREA = polygon(21.195, 45.735, 21.205, 45.742)
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def alerts(city, make_alert, publisher):
    Alert.objects.update(status="ended")  # the demo's own alerts out of the way (a test-only shortcut)
    return {
        "current": make_alert(AREA, topic="apa", title="Apă oprită acum"),
        "traffic": make_alert({"type": "LineString", "coordinates": [[21.2, 45.74], [21.21, 45.745]]},
                              topic="circulatie", title="Stradă închisă acum"),
        "upcoming": make_alert(AREA, topic="curent", title="Curent oprit mâine", hours=(24, 30)),
        "draft": make_alert(AREA, topic="apa", title="Ciornă nepublicată", publish=False),
        "ended": services.close(actor=publisher, alert_id=make_alert(AREA, title="Alertă încheiată").pk,
                                cancel=False, reason="Lucrarea s-a terminat."),
    }


def test_atom_feed_parses_and_holds_only_current_alerts(client, alerts):
    response = client.get(reverse("alerts:feed"))
    assert response.status_code == 200 and "atom" in response["Content-Type"]
    root = ET.fromstring(response.content)
    titles = sorted(e.find(f"{ATOM}title").text for e in root.findall(f"{ATOM}entry"))
    assert titles == ["Restricții de circulație: Stradă închisă acum", "Întrerupere apă: Apă oprită acum"]
    topic = ET.fromstring(client.get(reverse("alerts:topic_feed", args=["circulatie"])).content)
    assert [e.find(f"{ATOM}title").text for e in topic.findall(f"{ATOM}entry")] == [
        "Restricții de circulație: Stradă închisă acum"]
    assert client.get("/alerte/feed/necunoscut.atom").status_code == 404


def test_geojson_is_valid_current_only_and_without_personal_data(client, alerts, publisher):
    response = client.get(reverse("alerts:geojson"))
    data = response.json()
    assert response["Content-Type"].startswith("application/geo+json")
    assert data["type"] == "FeatureCollection"
    assert sorted(f["properties"]["title"] for f in data["features"]) == ["Apă oprită acum", "Stradă închisă acum"]
    for feature in data["features"]:
        assert feature["type"] == "Feature" and feature["geometry"]["type"] in ("Polygon", "LineString")
        assert set(feature["properties"]) == {"id", "topic", "topic_label", "title", "description", "starts_at",
                                              "ends_at", "issuer", "institution", "version", "url"}
    assert publisher.email not in response.text and publisher.last_name not in response.text
    upcoming = client.get(reverse("alerts:geojson") + "?viitoare=1").json()
    assert "Curent oprit mâine" in [f["properties"]["title"] for f in upcoming["features"]]


def test_public_pages_work_without_javascript(client, alerts):
    page = client.get(reverse("alerts:index")).text
    assert "Apă oprită acum" in page and "Curent oprit mâine" in page
    assert "Ciornă nepublicată" not in page and "Alertă încheiată" not in page
    assert client.get(alerts["current"].get_absolute_url()).status_code == 200
    assert client.get(alerts["draft"].get_absolute_url()).status_code == 404
    ended = client.get(alerts["ended"].get_absolute_url())
    assert ended.status_code == 200 and "Lucrarea s-a terminat." in ended.text
    assert "Alerte locale" in client.get("/").text


def test_a_resident_cannot_publish(city, client, alerts):
    from django.core.exceptions import PermissionDenied

    from primaria.accounts.models import User

    ion = User.objects.get(email="ion.popescu@example.ro")
    client.force_login(ion)
    assert client.get(reverse("alerts_office:index")).status_code == 403
    assert client.post(reverse("alerts_office:act", args=[alerts["draft"].public_id]),
                       {"action": "publish"}).status_code == 403
    with pytest.raises(PermissionDenied):
        services.publish(actor=ion, alert_id=alerts["draft"].pk)
    with pytest.raises(PermissionDenied):
        services.save_draft(actor=ion, topic="apa", title="Încercare", description="Nu are voie să publice.",
                            geometry_value=AREA, starts_at=timezone.now(),
                            ends_at=timezone.now() + datetime.timedelta(hours=1), department_id=1)
    alerts["draft"].refresh_from_db()
    assert alerts["draft"].status == "draft"
    # Nor an official of another department (urbanism), while the secretary general may.
    urb = User.objects.get(email="urb.specialist@primaria-demo.ro")
    client.force_login(urb)
    assert client.get(reverse("alerts_office:index")).status_code == 403
    client.force_login(User.objects.get(email="secretar@primaria-demo.ro"))
    assert client.get(reverse("alerts_office:index")).status_code == 200


def test_an_official_drafts_without_javascript_by_picking_a_district_and_a_street(client, city, publisher,
                                                                                    department):
    client.force_login(publisher)
    assert client.get(reverse("alerts_office:new")).status_code == 200
    start = timezone.localtime() + datetime.timedelta(hours=1)
    form = {"topic": "lucrari", "title": "Lucrări pe Str. Florilor", "description": "Refacerea trotuarelor pe toată strada.",
            "starts_at": start.strftime("%Y-%m-%dT%H:%M"), "ends_at": (start + datetime.timedelta(days=2)).strftime("%Y-%m-%dT%H:%M"),
            "department": str(department.pk), "streets": ["Str. Florilor"], "districts": ["vest"], "publish": "1"}
    response = client.post(reverse("alerts_office:new"), form)
    assert response.status_code == 302
    alert = Alert.objects.get(title="Lucrări pe Str. Florilor")
    assert alert.status == "published" and alert.geometry["type"] == "GeometryCollection"
    outside = client.post(reverse("alerts_office:new"), form | {
        "title": "În afara orașului", "streets": [], "districts": [],
        "geojson": '{"type": "LineString", "coordinates": [[20.0, 44.0], [20.1, 44.1]]}'})
    assert outside.status_code == 400 and "în afara localității" in outside.text
    assert not Alert.objects.filter(title="În afara orașului").exists()
    bad_dates = client.post(reverse("alerts_office:new"), form | {"title": "Date greșite", "ends_at": form["starts_at"]})
    assert bad_dates.status_code == 400 and "Sfârșitul este după început." in bad_dates.text
