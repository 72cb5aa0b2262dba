"""The form fields of a page as a screen reader meets them: each control with the hints and errors its
field shows, and what the control (or its fieldset) says it is described by."""

from dataclasses import dataclass, field
from html.parser import HTMLParser

CONTROLS = {"input", "select", "textarea"}
VOID = {"input", "br", "img", "hr", "meta", "link", "area", "base", "col", "embed", "source", "track", "wbr"}


@dataclass
class Control:
    tag: str
    attrs: dict
    described_by: set          # its own aria-describedby and that of every fieldset around it
    field_id: str
    field_error: bool


@dataclass
class Field:
    id: str
    error: bool
    hints: list = field(default_factory=list)     # ids (None for a hint without one)
    errors: list = field(default_factory=list)
    controls: list = field(default_factory=list)


class _Parser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.stack = []   # (tag, attrs)
        self.ids = set()
        self.fields = []

    def _current_field(self):
        for _tag, _attrs, fld in reversed(self.stack):
            if fld is not None:
                return fld
        return None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        classes = (attrs.get("class") or "").split()
        fld = None
        if "field" in classes:
            fld = Field(id=attrs.get("id", ""), error="error" in classes)
            self.fields.append(fld)
        current = fld or self._current_field()
        if current is not None:
            if "hint" in classes:
                current.hints.append(attrs.get("id"))
            if "error-message" in classes:
                current.errors.append(attrs.get("id"))
            if tag in CONTROLS and attrs.get("type") not in ("hidden", "submit", "button"):
                described = set((attrs.get("aria-describedby") or "").split())
                for t, a, _f in self.stack:
                    if t == "fieldset":
                        described |= set((a.get("aria-describedby") or "").split())
                current.controls.append(Control(tag, attrs, described, current.id, current.error))
        if tag not in VOID:
            self.stack.append((tag, attrs, fld))

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break


def fields_of(html: str):
    """(fields, every element id on the page)."""
    parser = _Parser()
    parser.feed(html)
    return parser.fields, parser.ids


def problems(html: str) -> list:
    """Every way the page's fields fail the rules below, as readable lines (empty when none):
    - every hint and error message has an id;
    - every control of a field is described by each hint and error of its field (on itself or its
      fieldset), and every id it names exists;
    - in a field in error, every text box, drop-down and text area says aria-invalid="true" (of a date's
      three boxes, at least the one at fault)."""
    fields, ids = fields_of(html)
    found = []
    for fld in fields:
        for kind, refs in (("hint", fld.hints), ("error", fld.errors)):
            if any(ref is None for ref in refs):
                found.append(f"{fld.id}: a {kind} without an id")
        wanted = {ref for ref in fld.hints + fld.errors if ref}
        for control in fld.controls:
            name = control.attrs.get("name") or control.attrs.get("id")
            if control.attrs.get("type") == "checkbox" and name == "remove":
                continue  # "elimină" the attached file: its own label says all
            missing = wanted - control.described_by
            if missing:
                found.append(f"{fld.id}/{name}: not described by {sorted(missing)}")
            dangling = control.described_by - ids
            if dangling:
                found.append(f"{fld.id}/{name}: aria-describedby names missing ids {sorted(dangling)}")
        if fld.error:
            if not fld.errors:
                found.append(f"{fld.id}: in error without an error message")
            boxes = [c for c in fld.controls if c.attrs.get("type") not in ("radio", "checkbox")]
            date_boxes = [c for c in boxes if (c.attrs.get("name") or "").endswith(("-zi", "-luna", "-an"))]
            others = [c for c in boxes if c not in date_boxes]
            for control in others:
                if control.attrs.get("aria-invalid") != "true":
                    found.append(f"{fld.id}/{control.attrs.get('name')}: in error but not aria-invalid")
            if date_boxes and not any(c.attrs.get("aria-invalid") == "true" for c in date_boxes):
                found.append(f"{fld.id}: no part of the date is marked aria-invalid")
    return found
