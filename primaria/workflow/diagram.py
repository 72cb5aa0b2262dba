"""The process drawn on the server as SVG from the BPMN file's own diagram (BPMN DI): shapes, edges and
Romanian labels, with the steps a request has done and the ones it is at marked. No JavaScript needed; the
same steps are also given as a text list for screen readers and for print."""

import textwrap
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from lxml import etree

from .engine import BPMN_NS, NS

STATE_LABELS = {"current": gettext_lazy("pasul curent"), "done": gettext_lazy("încheiat"), "skipped": gettext_lazy("omis"),
                "": gettext_lazy("neînceput")}
FILL = {"current": "#fff3c4", "done": "#cfe9d6", "skipped": "#eceff1", "": "#ffffff"}
STROKE = {"current": "#8a5300", "done": "#1d6b35", "skipped": "#9aa5b1", "": "#1b1f24"}


@dataclass
class DiagramStep:
    id: str
    label: str
    state: str
    x: float
    y: float

    @property
    def state_label(self):
        return STATE_LABELS[self.state]


def _float(node, name):
    return float(node.get(name, "0"))


def render(bpmn_xml: str, states: dict | None = None, *, title: str = "Procesul", dom_id: str = "proces") -> dict:
    """{"svg": safe SVG markup, "steps": [DiagramStep] in drawing order, "has_di": bool}."""
    states = states or {}
    root = etree.fromstring(bpmn_xml.encode("utf-8"), etree.XMLParser(resolve_entities=False, no_network=True))
    elements = {}
    for node in root.iter():
        if isinstance(node.tag, str) and node.tag.startswith(f"{{{BPMN_NS}}}") and node.get("id"):
            elements[node.get("id")] = node
    shapes, edges = [], []
    for shape in root.iterfind(".//bpmndi:BPMNShape", NS):
        bounds = shape.find("dc:Bounds", NS)
        element = elements.get(shape.get("bpmnElement"))
        if bounds is None or element is None:
            continue
        shapes.append((element, _float(bounds, "x"), _float(bounds, "y"), _float(bounds, "width"), _float(bounds, "height")))
    for edge in root.iterfind(".//bpmndi:BPMNEdge", NS):
        points = [(_float(p, "x"), _float(p, "y")) for p in edge.iterfind("di:waypoint", NS)]
        element = elements.get(edge.get("bpmnElement"))
        if len(points) >= 2 and element is not None:
            edges.append((element, points))
    steps = sorted(
        (DiagramStep(id=e.get("id"), label=e.get("name") or e.get("id"), state=states.get(e.get("id"), ""), x=x, y=y)
         for e, x, y, _w, _h in shapes if etree.QName(e).localname in ("userTask", "manualTask", "task")),
        key=lambda s: (s.x, s.y),
    )
    if not shapes:
        return {"svg": "", "steps": steps, "has_di": False}
    min_x = min(min(x for _e, x, *_ in shapes), min((p[0] for _e, pts in edges for p in pts), default=0)) - 20
    min_y = min(min(y for _e, _x, y, *_ in shapes), min((p[1] for _e, pts in edges for p in pts), default=0)) - 30
    max_x = max(x + w for _e, x, _y, w, _h in shapes) + 20
    max_y = max(y + h for _e, _x, y, _w, h in shapes) + 40
    width, height = max_x - min_x, max_y - min_y
    summary = "; ".join(f"{s.label}: {s.state_label}" for s in steps)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="{dom_id}-titlu {dom_id}-desc" '
        f'id="{dom_id}" class="process-diagram" viewBox="{min_x:.0f} {min_y:.0f} {width:.0f} {height:.0f}" '
        f'width="{width:.0f}" height="{height:.0f}" font-family="DejaVu Sans, Arial, sans-serif" font-size="11">',
        f'<title id="{dom_id}-titlu">{escape(title)}</title>',
        f'<desc id="{dom_id}-desc">{escape(summary)}</desc>',
        f'<defs><marker id="{dom_id}-sageata" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" '
        'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#1b1f24"/></marker></defs>',
    ]
    for element, points in edges:
        path = " ".join(f"{x:.0f},{y:.0f}" for x, y in points)
        out.append(f'<polyline points="{path}" fill="none" stroke="#1b1f24" stroke-width="1.5" '
                   f'marker-end="url(#{dom_id}-sageata)"/>')
        name = element.get("name")
        if name:
            (x1, y1), (x2, y2) = points[0], points[1]
            out.append(f'<text x="{(x1 + x2) / 2 + 4:.0f}" y="{(y1 + y2) / 2 - 4:.0f}" fill="#505a64">{escape(name)}</text>')
    for element, x, y, w, h in shapes:
        kind = etree.QName(element).localname
        name = element.get("name") or ""
        state = states.get(element.get("id"), "")
        if kind in ("userTask", "manualTask", "task"):
            stroke_width = 4 if state == "current" else 2
            dash = ' stroke-dasharray="5 4"' if state == "skipped" else ""
            out.append(f'<g class="step step-{state or "todo"}" data-step="{escape(element.get("id"))}" data-state="{state}">')
            out.append(f'<rect x="{x:.0f}" y="{y:.0f}" width="{w:.0f}" height="{h:.0f}" rx="10" fill="{FILL[state]}" '
                       f'stroke="{STROKE[state]}" stroke-width="{stroke_width}"{dash}/>')
            lines = textwrap.wrap(name, 17)[:4]
            top = y + h / 2 - (len(lines) - 1) * 7
            for i, line in enumerate(lines):
                out.append(f'<text x="{x + w / 2:.0f}" y="{top + i * 14:.0f}" text-anchor="middle" '
                           f'dominant-baseline="middle">{escape(line)}</text>')
            if state:
                mark = escape({"done": _("✓ încheiat"), "current": _("● acum"), "skipped": _("omis")}[state])
                out.append(f'<text x="{x + w / 2:.0f}" y="{y + h + 14:.0f}" text-anchor="middle" fill="{STROKE[state]}" '
                           f'font-weight="bold">{mark}</text>')
            out.append("</g>")
        elif kind.endswith("Gateway"):
            cx, cy = x + w / 2, y + h / 2
            out.append(f'<polygon points="{cx:.0f},{y:.0f} {x + w:.0f},{cy:.0f} {cx:.0f},{y + h:.0f} {x:.0f},{cy:.0f}" '
                       'fill="#fff" stroke="#1b1f24" stroke-width="2"/>')
            symbol = "+" if kind == "parallelGateway" else "×" if kind == "exclusiveGateway" else "○"
            out.append(f'<text x="{cx:.0f}" y="{cy:.0f}" text-anchor="middle" dominant-baseline="middle" '
                       f'font-size="20">{symbol}</text>')
            if name:
                out.append(f'<text x="{cx:.0f}" y="{y - 8:.0f}" text-anchor="middle" fill="#505a64">{escape(name)}</text>')
        elif kind.endswith("Event"):
            r = min(w, h) / 2
            out.append(f'<circle cx="{x + r:.0f}" cy="{y + r:.0f}" r="{r:.0f}" fill="#fff" stroke="#1b1f24" '
                       f'stroke-width="{4 if kind == "endEvent" else 2}"/>')
            for i, line in enumerate(textwrap.wrap(name, 16)[:2]):
                out.append(f'<text x="{x + r:.0f}" y="{y + h + 14 + i * 13:.0f}" text-anchor="middle">{escape(line)}</text>')
    out.append("</svg>")
    return {"svg": mark_safe("\n".join(out)), "steps": steps, "has_di": True}
