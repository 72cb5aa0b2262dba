"""The shapes of alerts and subscriptions: validation and an exact "do they touch" test.

Like `primaria.reports.geo` (whose point-in-polygon, distance and street-name folding are reused here), longitude
and latitude are treated as plane coordinates inside the city, which decides crossing and touching exactly as a
GIS would at this scale; distances to a subscribed address use a local metric projection (under a metre of error
over a few kilometres). No GIS extension and no Shapely: only polygons, lines and circles are needed.

A shape is normalised to `Shape(polygons, lines)`: polygons as lists of rings (the first outer, the rest holes),
lines as lists of points, every point a (lon, lat) tuple.
"""

import json
import math
from dataclasses import dataclass

from django.utils.translation import gettext as _

from primaria.core.errors import DomainError
from primaria.reports import geo

MAX_POINTS = 5000
MAX_TEXT = 200_000  # characters of pasted GeoJSON
EPSILON = 1e-12

POLYGON_TYPES = ("Polygon", "MultiPolygon")
LINE_TYPES = ("LineString", "MultiLineString")


@dataclass(frozen=True)
class Shape:
    polygons: tuple = ()
    lines: tuple = ()

    @property
    def points(self):
        for polygon in self.polygons:
            for ring in polygon:
                yield from ring
        for line in self.lines:
            yield from line

    def bbox(self) -> tuple[float, float, float, float]:
        """(south, north, west, east)."""
        points = list(self.points)
        lats, lons = [p[1] for p in points], [p[0] for p in points]
        return min(lats), max(lats), min(lons), max(lons)

    def geojson(self) -> dict:
        parts = [{"type": "Polygon", "coordinates": [[list(p) for p in ring] for ring in polygon]}
                 for polygon in self.polygons]
        parts += [{"type": "LineString", "coordinates": [list(p) for p in line]} for line in self.lines]
        if len(parts) == 1:
            return parts[0]
        if parts and all(p["type"] == "Polygon" for p in parts):
            return {"type": "MultiPolygon", "coordinates": [p["coordinates"] for p in parts]}
        if parts and all(p["type"] == "LineString" for p in parts):
            return {"type": "MultiLineString", "coordinates": [p["coordinates"] for p in parts]}
        return {"type": "GeometryCollection", "geometries": parts}


class InvalidShape(ValueError):
    pass


# --- reading and validating ---------------------------------------------------------------------------------


def _point(value) -> tuple[float, float]:
    if (not isinstance(value, list | tuple) or len(value) < 2
            or not all(isinstance(c, int | float) and not isinstance(c, bool) for c in value[:2])):
        raise InvalidShape(_("Un punct nu are forma [longitudine, latitudine]."))
    try:
        lon, lat = float(value[0]), float(value[1])
    except OverflowError:
        raise InvalidShape(_("Un punct are coordonate în afara intervalelor posibile.")) from None
    if not (math.isfinite(lon) and math.isfinite(lat) and -180 <= lon <= 180 and -90 <= lat <= 90):
        raise InvalidShape(_("Un punct are coordonate în afara intervalelor posibile."))
    return round(lon, 7), round(lat, 7)


def _line(value) -> tuple:
    if not isinstance(value, list) or len(value) < 2:
        raise InvalidShape(_("O linie are cel puțin două puncte."))
    points = tuple(_point(p) for p in value)
    if len(set(points)) < 2:
        raise InvalidShape(_("O linie are cel puțin două puncte diferite."))
    return points


def _ring(value) -> tuple:
    if not isinstance(value, list) or len(value) < 4:
        raise InvalidShape(_("Un contur de suprafață are cel puțin patru puncte (primul repetat la sfârșit)."))
    points = tuple(_point(p) for p in value)
    if points[0] != points[-1]:
        raise InvalidShape(_("Conturul unei suprafețe trebuie să se închidă: ultimul punct este egal cu primul."))
    if len(set(points)) < 3:
        raise InvalidShape(_("Conturul unei suprafețe nu cuprinde nicio suprafață."))
    if _self_intersecting(points):
        raise InvalidShape(_("Conturul unei suprafețe se intersectează cu el însuși."))
    if abs(_ring_area(points)) < EPSILON:
        raise InvalidShape(_("Conturul unei suprafețe nu cuprinde nicio suprafață."))
    return points


def _polygon(value) -> tuple:
    if not isinstance(value, list) or not value:
        raise InvalidShape(_("O suprafață are cel puțin un contur."))
    return tuple(_ring(r) for r in value)


def _collect(geometry, polygons: list, lines: list, depth=0):
    """The polygons and lines as given (lists, not yet checked point by point), so that their size is known before
    any costly check."""
    if depth > 3 or not isinstance(geometry, dict):
        raise InvalidShape(_("Geometria nu este un obiect GeoJSON."))
    kind = geometry.get("type")
    if not isinstance(kind, str):
        kind = ""
    if kind == "FeatureCollection":
        features = geometry.get("features")
        if not isinstance(features, list):
            raise InvalidShape(_("Colecția GeoJSON nu are elemente."))
        for feature in features:
            _collect(feature, polygons, lines, depth + 1)
    elif kind == "Feature":
        _collect(geometry.get("geometry"), polygons, lines, depth + 1)
    elif kind == "GeometryCollection":
        for part in _list(geometry.get("geometries")):
            _collect(part, polygons, lines, depth + 1)
    elif kind == "Polygon":
        polygons.append(_list(geometry.get("coordinates")))
    elif kind == "MultiPolygon":
        polygons.extend(_list(p) for p in _list(geometry.get("coordinates")))
    elif kind == "LineString":
        lines.append(_list(geometry.get("coordinates")))
    elif kind == "MultiLineString":
        lines.extend(_list(line) for line in _list(geometry.get("coordinates")))
    else:
        raise InvalidShape(_("Se acceptă doar suprafețe (Polygon) și linii (LineString) GeoJSON."))


def _list(value):
    if not isinstance(value, list):
        raise InvalidShape(_("Coordonatele nu sunt o listă."))
    return value


def _size(polygons: list, lines: list) -> int:
    """How many points were given, counted before any point or ring is checked."""
    return (sum(len(ring) for polygon in polygons for ring in polygon if isinstance(ring, list))
            + sum(len(line) for line in lines))


def read(geometry, *, polygons_only=False) -> Shape:
    """A well-formed shape from GeoJSON (a dict or its text); InvalidShape with a Romanian message otherwise."""
    if isinstance(geometry, str | bytes):
        if len(geometry) > MAX_TEXT:
            raise InvalidShape(_("Textul GeoJSON este prea lung (cel mult %(size)s KB). Simplificați desenul.")
                               % {"size": MAX_TEXT // 1000})
        try:
            geometry = json.loads(geometry)
        except (ValueError, RecursionError):
            raise InvalidShape(_("Textul nu este GeoJSON valid.")) from None
    raw_polygons, raw_lines = [], []
    _collect(geometry, raw_polygons, raw_lines)
    if not raw_polygons and not raw_lines:
        raise InvalidShape(_("Geometria este goală: desenați o zonă sau o linie."))
    if _size(raw_polygons, raw_lines) > MAX_POINTS:
        raise InvalidShape(_("Geometria are prea multe puncte (cel mult %(count)s).") % {"count": MAX_POINTS})
    if polygons_only and raw_lines:
        raise InvalidShape(_("Desenați o zonă (un contur închis), nu o linie."))
    polygons = [_polygon(p) for p in raw_polygons]
    lines = [_line(line) for line in raw_lines]
    return Shape(tuple(polygons), tuple(lines))


def within_city(shape: Shape, boundary: dict | None) -> bool:
    """Whether the shape lies in the city: it touches the boundary's polygon (inside it, crossing or touching its
    edge). A street under works may run past the limit; a shape wholly outside the city is refused."""
    if boundary is None:
        return True
    return intersects(shape, read(boundary))


def validate(geometry, *, boundary: dict | None, field="geometry", polygons_only=False) -> Shape:
    """`read` + `within_city`, as the DomainError the services raise."""
    try:
        shape = read(geometry, polygons_only=polygons_only)
    except InvalidShape as error:
        raise DomainError({field: str(error)}) from None
    if not within_city(shape, boundary):
        raise DomainError({field: _("Zona sau linia desenată este în afara localității. Desenați-o în interiorul "
                                    "limitei de pe hartă.")})
    return shape


# --- plane geometry -------------------------------------------------------------------------------------------


def _ring_area(ring) -> float:
    return sum(a[0] * b[1] - b[0] * a[1] for a, b in zip(ring, ring[1:], strict=False)) / 2


def _orient(a, b, c) -> float:
    value = (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])
    return 0.0 if abs(value) <= EPSILON * 1e-2 else value


def _on_segment(a, b, p) -> bool:
    return (min(a[0], b[0]) - EPSILON <= p[0] <= max(a[0], b[0]) + EPSILON
            and min(a[1], b[1]) - EPSILON <= p[1] <= max(a[1], b[1]) + EPSILON)


def segments_intersect(a, b, c, d) -> bool:
    """Whether segment ab and segment cd share at least one point (touching ends and overlaps count)."""
    d1, d2, d3, d4 = _orient(c, d, a), _orient(c, d, b), _orient(a, b, c), _orient(a, b, d)
    if ((d1 > 0 > d2) or (d1 < 0 < d2)) and ((d3 > 0 > d4) or (d3 < 0 < d4)):
        return True
    return ((d1 == 0 and _on_segment(c, d, a)) or (d2 == 0 and _on_segment(c, d, b))
            or (d3 == 0 and _on_segment(a, b, c)) or (d4 == 0 and _on_segment(a, b, d)))


def _self_intersecting(ring) -> bool:
    edges = list(zip(ring, ring[1:], strict=False))
    if len(edges) > 400:  # large drawn areas: the quadratic check is skipped, containment still works
        return False
    for i, (a, b) in enumerate(edges):
        for j in range(i + 2, len(edges)):
            if i == 0 and j == len(edges) - 1:
                continue  # the closing edge meets the first one at the start point
            c, d = edges[j]
            if segments_intersect(a, b, c, d):
                return True
    return False


def _edges(shape: Shape):
    for polygon in shape.polygons:
        for ring in polygon:
            yield from zip(ring, ring[1:], strict=False)
    for line in shape.lines:
        yield from zip(line, line[1:], strict=False)


def _in_polygon(polygon, point) -> bool:
    return geo.contains({"type": "Polygon", "coordinates": [list(map(list, r)) for r in polygon]}, point[1], point[0])


def intersects(a: Shape, b: Shape) -> bool:
    """Whether the two shapes share at least one point: an edge crosses or touches an edge, or one lies inside a
    polygon of the other (a line wholly inside an area, an area inside another)."""
    sa, na, wa, ea = a.bbox()
    sb, nb, wb, eb = b.bbox()
    if sa > nb or sb > na or wa > eb or wb > ea:
        return False
    edges_b = list(_edges(b))
    for p, q in _edges(a):
        for r, s in edges_b:
            if segments_intersect(p, q, r, s):
                return True
    for first, second in ((a, b), (b, a)):
        for polygon in second.polygons:
            for part in first.polygons:
                if _in_polygon(polygon, part[0][0]):
                    return True
            for line in first.lines:
                if _in_polygon(polygon, line[0]):
                    return True
    return False


def distance_m(shape: Shape, lat: float, lon: float) -> float:
    """The distance in metres from the point to the shape (0 inside one of its areas)."""
    if any(_in_polygon(polygon, (lon, lat)) for polygon in shape.polygons):
        return 0.0
    kx = geo.EARTH_RADIUS_M * math.cos(math.radians(lat)) * math.pi / 180
    ky = geo.EARTH_RADIUS_M * math.pi / 180

    def xy(p):
        return (p[0] - lon) * kx, (p[1] - lat) * ky

    best = math.inf
    for p, q in _edges(shape):
        (x1, y1), (x2, y2) = xy(p), xy(q)
        dx, dy = x2 - x1, y2 - y1
        length = dx * dx + dy * dy
        t = 0.0 if length == 0 else max(0.0, min(1.0, -(x1 * dx + y1 * dy) / length))
        best = min(best, math.hypot(x1 + t * dx, y1 + t * dy))
    return best


def circle(lat: float, lon: float, radius_m: float, sides: int = 48) -> dict:
    """A polygon approximating a circle, for drawing a subscribed address and its radius on the map."""
    south, north, west, east = geo.bounding_box(lat, lon, radius_m)
    ry, rx = (north - south) / 2, (east - west) / 2
    ring = [[round(lon + rx * math.cos(2 * math.pi * i / sides), 7), round(lat + ry * math.sin(2 * math.pi * i / sides), 7)]
            for i in range(sides)]
    return {"type": "Polygon", "coordinates": [ring + [ring[0]]]}
