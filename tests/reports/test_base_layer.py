"""A city hall's base layer names a static GeoJSON file of the project: anything else is refused with a message, and a
name that would leave the static folders never breaks a page."""

import pytest
from django.core.exceptions import ValidationError

from primaria.reports import services
from primaria.reports.models import Area

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", ["../../config/settings.py", "/etc/passwd", "reports/nu-exista.geojson",
                                  "reports/map.js"])
def test_a_base_layer_that_is_not_a_static_geojson_file_is_refused(city, name):
    boundary = Area.objects.get(city_hall=city, kind=Area.Kind.BOUNDARY)
    boundary.base_layer = name
    with pytest.raises(ValidationError) as refused:
        boundary.full_clean()
    assert "fișier static .geojson" in " ".join(refused.value.message_dict["base_layer"])


def test_the_demo_layer_is_accepted_and_a_bad_name_saved_past_the_form_finds_no_street(city):
    boundary = Area.objects.get(city_hall=city, kind=Area.Kind.BOUNDARY)
    boundary.base_layer = "reports/demo-city.geojson"
    boundary.full_clean()
    assert services._streets(city)
    Area.objects.filter(pk=boundary.pk).update(base_layer="../../config/settings.py")
    assert services._streets(city) == [] and services.locate_address("Bd. Revoluției", city) is None
