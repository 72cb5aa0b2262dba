"""The public map, its GeoJSON and the accessible list carry no personal data."""

import json

import pytest
from django.urls import reverse

from primaria.reports.models import Report, ReportPhoto, Status

from .conftest import jpeg_with_exif, user

pytestmark = pytest.mark.django_db

SECRETS = ("Maria Secretă", "maria.secreta@example.ro", "Str. Ascunsă 7", "DESCRIERE-PRIVATĂ", "Canon",
           "Ion Popescu", "ion.popescu@example.ro")


@pytest.fixture
def private_report(make_report):
    report = make_report("groapa", at=("45.770012", "21.245017"), email="maria.secreta@example.ro",
                         name="Maria Secretă", address="Str. Ascunsă 7", description="DESCRIERE-PRIVATĂ a problemei",
                         uploads=[jpeg_with_exif(), jpeg_with_exif(name="b.jpg")])
    signed = make_report("iluminat", actor=user("ion.popescu@example.ro"), description="DESCRIERE-PRIVATĂ 2")
    return report, signed


def test_the_geojson_has_only_category_status_dates_and_an_approximate_point(client, private_report):
    report, _signed = private_report
    response = client.get(reverse("reports:geojson"))
    assert response.status_code == 200 and response["Content-Type"] == "application/geo+json"
    text = response.content.decode()
    for secret in SECRETS:
        assert secret not in text
    data = json.loads(text)
    feature = next(f for f in data["features"] if f["properties"]["id"] == str(report.public_id))
    assert set(feature["properties"]) == {"id", "reference", "category", "category_slug", "status", "status_label",
                                          "district", "created", "changed", "photos"}
    assert feature["geometry"]["coordinates"] == [21.245, 45.77]  # rounded to about 10 m, not the exact tap
    assert feature["properties"]["photos"] == []  # nothing public until staff say so
    photo = report.photos.first()
    ReportPhoto.objects.filter(pk=photo.pk).update(is_public=True)
    data = client.get(reverse("reports:geojson")).json()
    feature = next(f for f in data["features"] if f["properties"]["id"] == str(report.public_id))
    assert feature["properties"]["photos"] == [reverse("reports:photo", args=[photo.pk])]


def test_petitions_stay_off_the_public_map(client, make_report):
    petition = make_report("petitie", actor=user("ion.popescu@example.ro"), description="Petiție privată cu text.")
    data = client.get(reverse("reports:geojson")).json()
    assert str(petition.public_id) not in {f["properties"]["id"] for f in data["features"]}
    assert "Petiție privată" not in client.get(reverse("reports:list")).content.decode()


def test_filters_by_category_and_status(client, private_report):
    report, signed = private_report
    ids = {f["properties"]["id"] for f in client.get(reverse("reports:geojson"), {"categorie": "iluminat"}).json()["features"]}
    assert str(signed.public_id) in ids and str(report.public_id) not in ids
    Report.objects.filter(pk=report.pk).update(status=Status.RESOLVED)
    resolved = client.get(reverse("reports:geojson"), {"stare": "resolved"}).json()["features"]
    assert str(report.public_id) in {f["properties"]["id"] for f in resolved}
    assert all(f["properties"]["status"] == "resolved" for f in resolved)


def test_the_accessible_list_and_the_map_page_have_no_personal_data(client, private_report):
    listing = client.get(reverse("reports:list"))
    page = client.get(reverse("reports:map"))
    for response in (listing, page):
        assert response.status_code == 200
        for secret in SECRETS:
            assert secret not in response.content.decode()
    text = listing.content.decode()
    assert "<table" in text and "Groapă în carosabil sau trotuar" in text and "Nouă" in text
    # The map page serves its library and base layer from the platform itself, no CDN.
    html = page.content.decode()
    assert "/static/reports/vendor/leaflet/leaflet.js" in html and "reports/demo-city.geojson" in html
    assert "unpkg" not in html and "cdn" not in html.lower()


def test_a_tile_service_is_one_setting(client, settings, city):
    settings.PRIMARIA_MAP_TILES_URL = "https://tiles.example.ro/{z}/{x}/{y}.png"
    assert 'data-tiles="https://tiles.example.ro/{z}/{x}/{y}.png"' in client.get(reverse("reports:map")).content.decode()


def test_the_nearby_reports_shown_while_reporting_carry_no_personal_data(client, private_report):
    """The details step needs no account: the open reports it offers to join show their category, status, date,
    distance and district, never what another reporter typed (address, name, description)."""
    report, _signed = private_report
    response = client.get(reverse("reports:details"), {"categorie": "groapa", "lat": "45.770000", "lon": "21.245000"})
    assert response.status_code == 200
    text = response.content.decode()
    assert reverse("reports:join", args=[report.public_id]) in text  # the report is offered to join
    for secret in SECRETS:
        assert secret not in text


def test_filters_by_when_the_report_was_sent(client, private_report):
    from datetime import timedelta

    from django.utils import timezone

    report, signed = private_report
    Report.objects.filter(pk=report.pk).update(created_at=timezone.now() - timedelta(days=40))
    recent = {f["properties"]["id"] for f in client.get(reverse("reports:geojson"), {"perioada": "30"}).json()["features"]}
    assert str(signed.public_id) in recent and str(report.public_id) not in recent
    older = {f["properties"]["id"] for f in client.get(reverse("reports:geojson"), {"perioada": "90"}).json()["features"]}
    assert {str(signed.public_id), str(report.public_id)} <= older
    response = client.get(reverse("reports:list"), {"perioada": "30"})
    assert 'value="30" selected' in response.content.decode()
    listed = {row["id"] for row in response.context["rows"]}
    assert str(signed.public_id) in listed and str(report.public_id) not in listed
    # An unknown period is ignored, not an error.
    assert len(client.get(reverse("reports:geojson"), {"perioada": "abc"}).json()["features"]) >= 2
