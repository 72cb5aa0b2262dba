"""An official draws a water cut on the city map and publishes it; the demo resident subscribed to the area around
her home finds the notice in her account ("Notificările mele")."""

import datetime
import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

TITLE = "Întrerupere apă pe Bd. Revoluției, tronsonul de est"
WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def _axe(page) -> list:
    results = Axe().run(page, options=WCAG)
    return [f"{v['id']}: {v['help']} {[n['target'] for n in v['nodes']][:3]}" for v in results.response["violations"]]


def test_an_official_publishes_and_a_subscribed_resident_sees_the_notice(open_session, live_server):
    from django.utils import timezone

    from primaria.alerts.models import Alert
    from primaria.notifications.models import Notification

    official = open_session("adp.sef@primaria-demo.ro")
    errors = []
    official.on("pageerror", lambda e: errors.append(str(e)))
    official.goto("/birou/alerte/noua/")
    official.get_by_label("Subiectul").select_option("apa")
    official.get_by_label("Titlul").fill(TITLE)
    official.get_by_label("Descrierea (ce, de ce, ce pot face locuitorii)").fill(
        "Se înlocuiește un van pe conducta de distribuție; apa rece este oprită.")
    start = timezone.localtime() - datetime.timedelta(minutes=5)
    official.get_by_label("Începe la").fill(start.strftime("%Y-%m-%dT%H:%M"))
    official.get_by_label("Se încheie la").fill((start + datetime.timedelta(hours=8)).strftime("%Y-%m-%dT%H:%M"))
    # A triangle east of the city centre, over Bd. Revoluției nr. 17 (the map opens on the centre at zoom 13).
    expect(official.locator("#harta-desen path.leaflet-interactive, #harta-desen path").first).to_be_attached()
    official.locator("#harta-desen").scroll_into_view_if_needed()
    box = official.locator("#harta-desen").bounding_box()
    cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    for dx, dy in ((70, -30), (110, -30), (90, 20)):
        official.mouse.click(cx + dx, cy + dy)
    official.get_by_role("button", name="Închide zona").click()
    expect(official.get_by_label("GeoJSON (zone Polygon, linii LineString)")).to_have_value(
        re.compile('"type": ?"Polygon"'))
    assert _axe(official) == []
    official.get_by_role("button", name="Publică").click()
    expect(official.get_by_role("heading", name=TITLE)).to_be_visible()
    expect(official.get_by_text("Publicată", exact=True)).to_be_visible()
    assert errors == []
    alert = Alert.objects.get(title=TITLE)
    assert alert.status == "published"

    resident = open_session("maria.ionescu@example.ro")
    resident.goto("/")
    menu = resident.get_by_role("link", name="Notificările mele")
    expect(menu.locator(".tag")).to_be_visible()
    menu.click()
    expect(resident.get_by_role("heading", name=f"Alertă nouă: {TITLE}")).to_be_visible()
    assert _axe(resident) == []
    notice = Notification.objects.get(channel="inapp", object_type="alerts.alert", object_id=str(alert.pk))
    assert notice.recipient.email == "maria.ionescu@example.ro" and notice.read_at is None
    resident.get_by_role("button", name="Marchează toate ca citite").click()
    expect(resident.get_by_text("Nu aveți notificări.")).not_to_be_visible()
    notice.refresh_from_db()
    assert notice.read_at is not None
    resident.goto("/alerte/")
    expect(resident.get_by_role("link", name=TITLE)).to_be_visible()
    expect(resident.locator("#harta-alerte path.leaflet-interactive").first).to_be_visible()
    assert _axe(resident) == []
    resident.goto("/alerte/abonare/")
    assert _axe(resident) == []
