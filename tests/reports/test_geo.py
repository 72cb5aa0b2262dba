"""The plane geometry the map's checks stand on."""

import pytest

from primaria.reports import geo

SQUARE = {"type": "Polygon", "coordinates": [[[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]],
                                             [[4, 4], [6, 4], [6, 6], [4, 6], [4, 4]]]}


@pytest.mark.parametrize(("lat", "lon", "inside"), [
    (5, 1, True), (1, 9, True), (5, 5, False),  # in the hole
    (11, 5, False), (-1, 5, False), (5, 10, True),  # on the outer edge counts as inside
    (0, 0, True), (5, -0.001, False),
])
def test_point_in_polygon_with_a_hole(lat, lon, inside):
    assert geo.contains(SQUARE, lat, lon) is inside


def test_multipolygon_and_concave_shapes():
    concave = {"type": "MultiPolygon", "coordinates": [
        [[[0, 0], [10, 0], [10, 10], [5, 3], [0, 10], [0, 0]]],
        [[[20, 20], [21, 20], [21, 21], [20, 20]]],
    ]}
    assert geo.contains(concave, 1, 5)
    assert not geo.contains(concave, 8, 5)  # in the notch of the concave outline
    assert geo.contains(concave, 20.2, 20.8)
    assert not geo.contains(concave, 30, 30)


def test_distance_and_the_box_that_holds_it():
    # One degree of latitude is about 111.2 km everywhere.
    assert geo.distance_m(45, 21, 46, 21) == pytest.approx(111_195, rel=1e-3)
    south, north, west, east = geo.bounding_box(45.75, 21.22, 150)
    for lat, lon in ((north, 21.22), (south, 21.22), (45.75, east), (45.75, west)):
        assert geo.distance_m(45.75, 21.22, lat, lon) == pytest.approx(150, rel=1e-3)


def test_coordinates_as_typed():
    assert geo.parse_coordinate("45,7537", low=-90, high=90) == 45.7537
    assert geo.parse_coordinate("91", low=-90, high=90) is None
    assert geo.parse_coordinate("NaN", low=-90, high=90) is None
    assert geo.parse_coordinate("abc", low=-90, high=90) is None


def test_polygon_validation():
    assert geo.is_polygon(SQUARE)
    assert not geo.is_polygon({"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1]]]})  # not closed
    assert not geo.is_polygon({"type": "Point", "coordinates": [0, 0]})
