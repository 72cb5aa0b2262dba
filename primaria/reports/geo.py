"""Plane geometry over GeoJSON, without a GIS extension in the database.

The city's boundary and districts are kept as GeoJSON (Polygon or MultiPolygon, longitude first) and the
reports' positions as decimal latitude and longitude, so SQLite and PostgreSQL store them alike. A city is
small enough that treating longitude and latitude as plane coordinates decides "inside or outside" exactly as
a GIS would; distances use the haversine formula on the mean Earth radius (error well under a metre at the
hundreds of metres compared here).
"""

import math
import unicodedata
from decimal import Decimal, InvalidOperation

EARTH_RADIUS_M = 6_371_008.8


def parse_coordinate(text, *, low: float, high: float) -> float | None:
    """A latitude or longitude typed or sent by the map ("45.75", "45,75"), or None if it is not one."""
    value = str(text or "").strip().replace(",", ".")
    if not value:
        return None
    try:
        number = Decimal(value)
    except InvalidOperation:
        return None
    if not number.is_finite() or not low <= number <= high:
        return None
    return float(round(number, 6))


def _ring_contains(ring, lon: float, lat: float) -> bool:
    """Even-odd rule: a ray from the point eastwards crosses the ring's edges an odd number of times."""
    inside = False
    count = len(ring)
    for i in range(count):
        x1, y1 = ring[i][0], ring[i][1]
        x2, y2 = ring[(i + 1) % count][0], ring[(i + 1) % count][1]
        if (y1 > lat) != (y2 > lat):
            crossing = x1 + (lat - y1) * (x2 - x1) / (y2 - y1)
            if lon < crossing:
                inside = not inside
    return inside


def _on_edge(ring, lon: float, lat: float, tolerance: float = 1e-9) -> bool:
    for i in range(len(ring)):
        x1, y1 = ring[i][0], ring[i][1]
        x2, y2 = ring[(i + 1) % len(ring)][0], ring[(i + 1) % len(ring)][1]
        cross = (x2 - x1) * (lat - y1) - (y2 - y1) * (lon - x1)
        if abs(cross) <= tolerance and min(x1, x2) - tolerance <= lon <= max(x1, x2) + tolerance \
                and min(y1, y2) - tolerance <= lat <= max(y1, y2) + tolerance:
            return True
    return False


def _polygons(geometry: dict) -> list:
    if not isinstance(geometry, dict):
        return []
    if geometry.get("type") == "Feature":
        return _polygons(geometry.get("geometry"))
    if geometry.get("type") == "Polygon":
        return [geometry.get("coordinates") or []]
    if geometry.get("type") == "MultiPolygon":
        return list(geometry.get("coordinates") or [])
    return []


def contains(geometry: dict, lat: float, lon: float) -> bool:
    """Whether the point lies in the (Multi)Polygon: inside an outer ring and outside its holes; a point on an
    outer edge counts as inside."""
    for polygon in _polygons(geometry):
        if not polygon:
            continue
        outer, holes = polygon[0], polygon[1:]
        if _on_edge(outer, lon, lat) or _ring_contains(outer, lon, lat):
            if not any(_ring_contains(hole, lon, lat) and not _on_edge(hole, lon, lat) for hole in holes):
                return True
    return False


def is_polygon(geometry) -> bool:
    """A GeoJSON Polygon or MultiPolygon whose rings are closed lists of at least four [lon, lat] pairs."""
    polygons = _polygons(geometry)
    if not polygons:
        return False
    for polygon in polygons:
        if not isinstance(polygon, list) or not polygon:
            return False
        for ring in polygon:
            if not isinstance(ring, list) or len(ring) < 4 or ring[0] != ring[-1]:
                return False
            for point in ring:
                if (not isinstance(point, list | tuple) or len(point) < 2
                        or not all(isinstance(c, int | float) for c in point[:2])
                        or not -180 <= point[0] <= 180 or not -90 <= point[1] <= 90):
                    return False
    return True


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """The great-circle distance in metres (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a)))


def bounding_box(lat: float, lon: float, radius_m: float) -> tuple[float, float, float, float]:
    """(south, north, west, east) of a box holding every point within `radius_m`: the cheap database filter
    before the exact distance."""
    dlat = math.degrees(radius_m / EARTH_RADIUS_M)
    dlon = math.degrees(radius_m / (EARTH_RADIUS_M * max(math.cos(math.radians(lat)), 1e-6)))
    return lat - dlat, lat + dlat, lon - dlon, lon + dlon


def fold(text: str) -> str:
    """Lower case without diacritics (ș and ş alike), for matching street names typed by hand."""
    text = unicodedata.normalize("NFKD", (text or "").lower())
    return " ".join("".join(ch for ch in text if not unicodedata.combining(ch)).replace(".", " ").split())


def line_middle(coordinates) -> tuple[float, float] | None:
    """(lat, lon) of the point halfway along a LineString."""
    points = [(p[1], p[0]) for p in coordinates or [] if isinstance(p, list | tuple) and len(p) >= 2]
    if not points:
        return None
    lengths = [distance_m(*a, *b) for a, b in zip(points, points[1:], strict=False)]
    half, walked = sum(lengths) / 2, 0.0
    for (a, b), length in zip(zip(points, points[1:], strict=False), lengths, strict=True):
        if walked + length >= half and length:
            t = (half - walked) / length
            return round(a[0] + (b[0] - a[0]) * t, 6), round(a[1] + (b[1] - a[1]) * t, 6)
        walked += length
    return points[0]
