"""The report forms tie their hints and errors to their fields, with an error summary linking to each."""

import pytest
from django.urls import reverse

from tests.a11y.html_fields import problems

from .conftest import OUTSIDE, jpeg_with_exif

pytestmark = pytest.mark.django_db


def test_the_place_page_with_its_errors(client, city):
    empty = client.post(reverse("reports:start"), {})
    html = empty.content.decode()
    assert problems(html) == []
    assert 'href="#f-categorie"' in html and 'href="#f-place"' in html
    outside = client.post(reverse("reports:start"), {"categorie": "groapa", "lat": OUTSIDE[0], "lon": OUTSIDE[1]})
    assert problems(outside.content.decode()) == []
    unknown = client.post(reverse("reports:start"), {"categorie": "groapa", "adresa": "Strada Lunii 1"})
    assert 'href="#f-adresa"' in unknown.content.decode() and problems(unknown.content.decode()) == []


def test_the_details_page_with_its_errors(client, city):
    url = reverse("reports:details") + "?categorie=groapa&lat=45.770000&lon=21.245000"
    assert problems(client.get(url).content.decode()) == []
    bad = client.post(url, {"description": "scurt", "email": "nu-e-mail", "photos": [jpeg_with_exif(name=f"{i}.jpg")
                                                                                      for i in range(4)]})
    html = bad.content.decode()
    assert bad.status_code == 400 and problems(html) == []
    for key in ("q_unde", "q_marime", "description", "email", "photos"):
        assert f'href="#f-{key}"' in html, key
