import pytest

from primaria.alerts import geometry
from primaria.core.errors import DomainError

from .conftest import polygon

BOUNDARY = polygon(21.17, 45.72, 21.28, 45.79)


def shape(g):
    return geometry.read(g)


def test_polygons_touching_crossing_inside_and_apart():
    a = shape(polygon(21.19, 45.73, 21.20, 45.74))
    assert geometry.intersects(a, shape(polygon(21.195, 45.735, 21.197, 45.737)))  # inside
    assert geometry.intersects(a, shape(polygon(21.20, 45.735, 21.21, 45.737)))  # shares an edge
    assert geometry.intersects(a, shape(polygon(21.20, 45.74, 21.21, 45.75)))  # shares a corner only
    assert geometry.intersects(a, shape(polygon(21.185, 45.735, 21.205, 45.736)))  # crosses
    assert not geometry.intersects(a, shape(polygon(21.2001, 45.73, 21.21, 45.74)))  # 8 m apart


def test_lines_against_a_polygon():
    area = shape(polygon(21.19, 45.73, 21.20, 45.74))
    crossing = shape({"type": "LineString", "coordinates": [[21.18, 45.735], [21.21, 45.735]]})
    inside = shape({"type": "LineString", "coordinates": [[21.192, 45.735], [21.198, 45.736]]})
    away = shape({"type": "LineString", "coordinates": [[21.18, 45.7418], [21.21, 45.7418]]})  # 200 m north
    assert geometry.intersects(crossing, area) and geometry.intersects(area, crossing)
    assert geometry.intersects(inside, area)
    assert not geometry.intersects(away, area)
    assert 190 < geometry.distance_m(away, 45.74, 21.195) < 210


def test_a_hole_is_not_the_area():
    with_hole = {"type": "Polygon", "coordinates": [
        [[21.19, 45.73], [21.21, 45.73], [21.21, 45.75], [21.19, 45.75], [21.19, 45.73]],
        [[21.195, 45.735], [21.205, 45.735], [21.205, 45.745], [21.195, 45.745], [21.195, 45.735]]]}
    assert not geometry.intersects(shape(with_hole), shape(polygon(21.198, 45.738, 21.202, 45.742)))


@pytest.mark.parametrize("bad, message", [
    ({"type": "Polygon", "coordinates": [[[21.19, 45.73], [21.2, 45.73], [21.2, 45.74]]]}, "patru puncte"),
    ({"type": "Polygon", "coordinates": [[[21.19, 45.73], [21.2, 45.73], [21.2, 45.74], [21.19, 45.74],
                                          [21.19, 45.735]]]}, "închidă"),
    ({"type": "Polygon", "coordinates": [[[21.19, 45.73], [21.2, 45.74], [21.2, 45.73], [21.19, 45.74],
                                          [21.19, 45.73]]]}, "intersectează"),
    ({"type": "LineString", "coordinates": [[21.19, 45.73]]}, "două puncte"),
    ({"type": "Point", "coordinates": [21.19, 45.73]}, "doar suprafețe"),
    ({"type": "LineString", "coordinates": [[21.19, "x"], [21.2, 45.73]]}, "longitudine"),
    ({"type": "LineString", "coordinates": [[221.19, 45.73], [21.2, 45.73]]}, "intervalelor"),
    ("{nu este json", "GeoJSON valid"),
])
def test_malformed_geojson_is_refused_in_romanian(bad, message):
    with pytest.raises(DomainError) as error:
        geometry.validate(bad, boundary=BOUNDARY)
    assert message in error.value.message_dict["geometry"][0]


def test_outside_the_city_is_refused_touching_is_accepted():
    with pytest.raises(DomainError) as error:
        geometry.validate(polygon(21.0, 45.5, 21.05, 45.55), boundary=BOUNDARY)
    assert "în afara localității" in error.value.message_dict["geometry"][0]
    geometry.validate({"type": "LineString", "coordinates": [[21.10, 45.75], [21.17, 45.75]]}, boundary=BOUNDARY)
    geometry.validate(polygon(21.2, 45.74, 21.21, 45.75), boundary=BOUNDARY)


def test_feature_collections_are_normalised():
    collection = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {}, "geometry": polygon(21.19, 45.73, 21.2, 45.74)},
        {"type": "Feature", "properties": {}, "geometry": {"type": "LineString",
                                                             "coordinates": [[21.19, 45.73], [21.2, 45.75]]}}]}
    out = geometry.read(collection).geojson()
    assert out["type"] == "GeometryCollection" and len(out["geometries"]) == 2
