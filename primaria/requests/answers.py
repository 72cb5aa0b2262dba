"""Checking the answers to a service's form, field by field, with messages in Romanian.

Used by the pages, the API and the counter alike, so a value is accepted or refused the same way
whichever way it came in.
"""

import calendar
from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from primaria.catalog.models import FieldKind
from primaria.core import validators

YES = {"true", "1", "da", "yes", "on"}
NO = {"false", "0", "nu", "no", "off"}


def _empty(raw) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip())


def _text(field, raw) -> str:
    """The answer as text, without invisible or control characters (which could hide or reorder what an
    official reads on the screen and on the printed answer); line breaks only in a long text."""
    return validators.clean_text(raw, multiline=field.kind == FieldKind.LONG_TEXT).strip()


def clean_value(field, raw):
    """Return the value to store for one answer, or raise ValidationError."""
    kind = field.kind
    if isinstance(raw, dict | list | tuple | set):
        raise ValidationError(_("Răspunsul trebuie să fie un text, un număr sau da/nu."))
    if kind == FieldKind.YES_NO:
        if isinstance(raw, bool):
            return raw
        text = str(raw).strip().lower()
        if text in YES:
            return True
        if text in NO:
            return False
        raise ValidationError(_("Alegeți „Da” sau „Nu”."))
    text = _text(field, raw)
    if field.max_length and len(text) > field.max_length:
        raise ValidationError(_("Textul are %(length)s caractere; cel mult %(limit)s sunt permise.")
                              % {"length": len(text), "limit": field.max_length})
    if kind in (FieldKind.TEXT, FieldKind.ADDRESS) and len(text) > 500:
        raise ValidationError(_("Textul este prea lung (cel mult 500 de caractere)."))
    if kind == FieldKind.LONG_TEXT and len(text) > 10000:
        raise ValidationError(_("Textul este prea lung (cel mult 10.000 de caractere)."))
    if kind == FieldKind.ADDRESS and len(text) < 5:
        raise ValidationError(_("Scrieți adresa completă: localitatea, strada, numărul."))
    if kind == FieldKind.NUMBER:
        try:
            number = Decimal(text.replace(" ", "").replace(",", "."))
        except InvalidOperation:
            raise ValidationError(_("Introduceți un număr (de exemplu 120 sau 45,5)."))
        if not number.is_finite():
            raise ValidationError(_("Introduceți un număr (de exemplu 120 sau 45,5)."))
        return str(number)
    if kind == FieldKind.DATE:
        return _clean_date(text).isoformat()
    if kind == FieldKind.CHOICE:
        # Compared as cleaned, so that a variant typed in the admin with a decomposed "ă" still matches.
        choices = {_text(field, choice): choice for choice in field.choice_list}
        if text not in choices:
            raise ValidationError(_("Alegeți una dintre variantele din listă."))
        return choices[text]
    if kind == FieldKind.EMAIL:
        return validators.clean_email(text)
    if kind == FieldKind.PHONE:
        return validators.clean_phone(text)
    if kind == FieldKind.CNP:
        return validators.clean_cnp(text)
    if kind == FieldKind.CUI:
        return validators.clean_cui(text)
    if kind == FieldKind.IBAN:
        return validators.clean_iban(text)
    return text


def _clean_date(text: str) -> date:
    parsed = _iso(text)
    if parsed is not None:
        return parsed
    parts = [p.strip() for p in text.replace("/", ".").replace("-", ".").split(".")]
    if len(parts) != 3:
        raise ValidationError(_("Introduceți o dată validă, de exemplu 23.11.2026."))
    if len(parts[0]) == 4 and len(parts[2]) <= 2:  # written year first, as 2026-02-31
        parts.reverse()
    message, _bad = date_problem(*parts)
    if message:
        raise ValidationError(message)
    day, month, year = (int(p) for p in parts)
    return date(year, month, day)


def _iso(text):
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


MONTHS = (gettext_lazy("ianuarie"), gettext_lazy("februarie"), gettext_lazy("martie"), gettext_lazy("aprilie"),
          gettext_lazy("mai"), gettext_lazy("iunie"), gettext_lazy("iulie"), gettext_lazy("august"),
          gettext_lazy("septembrie"), gettext_lazy("octombrie"), gettext_lazy("noiembrie"), gettext_lazy("decembrie"))
DATE_PARTS = ("zi", "luna", "an")  # the names of the three boxes of a date on the pages: {field}-zi, ...
_PART_WORDS = {"zi": gettext_lazy("ziua"), "luna": gettext_lazy("luna"), "an": gettext_lazy("anul")}


def _words(parts) -> str:
    words = [str(_PART_WORDS[p]) for p in parts]
    if len(words) == 1:
        return words[0]
    return _("%(first)s și %(last)s") % {"first": ", ".join(words[:-1]), "last": words[-1]}


def date_problem(day: str, month: str, year: str) -> tuple[str, set]:
    """What is wrong with a date given as day, month and year, and which of the three parts are wrong
    (("", set()) when it is a real date). The pages mark in error only the parts named here."""
    given = dict(zip(DATE_PARTS, (str(day).strip(), str(month).strip(), str(year).strip()), strict=True))
    missing = [p for p in DATE_PARTS if not given[p]]
    if missing:
        return _("Data trebuie să cuprindă și %(parts)s.") % {"parts": _words(missing)}, set(missing)
    not_digits = [p for p in DATE_PARTS if not (given[p].isascii() and given[p].isdigit())]
    if not_digits:
        return (_("Scrieți %(parts)s doar cu cifre, de exemplu 23 11 2026.") % {"parts": _words(not_digits)},
                set(not_digits))
    d, m, y = int(given["zi"]), int(given["luna"]), int(given["an"])
    if len(given["an"]) != 4 or y < 1:
        return _("Anul trebuie să aibă 4 cifre, de exemplu 2026."), {"an"}
    if not 1 <= m <= 12:
        return _("Luna trebuie să fie un număr între 1 și 12."), {"luna"}
    if not 1 <= d <= 31:
        return _("Ziua trebuie să fie un număr între 1 și 31."), {"zi"}
    if d > calendar.monthrange(y, m)[1]:
        return (_("Data nu există: ziua %(day)s nu este în luna %(month)s %(year)s.")
                % {"day": d, "month": MONTHS[m - 1], "year": y}, {"zi"})
    return "", set()


def date_from_parts(day: str, month: str, year: str) -> str:
    """The three boxes of a date as one answer, "31.02.2026", checked like any other answer; empty when
    all three are empty, so that an optional date may be left out."""
    parts = [str(p or "").strip() for p in (day, month, year)]
    return ".".join(parts) if any(parts) else ""


def date_parts_of(value) -> dict:
    """The day, month and year to show in the three boxes for a stored ISO date or a typed "31.02.2026"."""
    text = str(value or "").strip()
    parsed = _iso(text)
    if parsed is not None:
        return {"zi": str(parsed.day), "luna": str(parsed.month), "an": str(parsed.year)}
    parts = text.replace("/", ".").split(".") if text else []
    if len(parts) != 3:
        return {"zi": "", "luna": "", "an": ""} if not text else {"zi": "", "luna": "", "an": text}
    return dict(zip(DATE_PARTS, (p.strip() for p in parts), strict=True))


def posted_answer(posted, field, prefix: str = ""):
    """One answer as posted under `prefix + field.name`; a date comes in three boxes (day, month, year), put
    together here and checked with every other answer, so that the stored value stays ISO and the API keeps
    sending ISO."""
    name = prefix + field.name
    if field.kind == FieldKind.DATE and any(f"{name}-{p}" in posted for p in DATE_PARTS):
        return date_from_parts(*(posted.get(f"{name}-{p}", "") for p in DATE_PARTS))
    return posted.get(name, "")


def date_boxes(value, error: str) -> dict:
    """What the three boxes of a date answer show: the parts, and the parts marked in error (only the parts at
    fault; a missing or unreadable date marks all three)."""
    parts = date_parts_of(value)
    bad = date_problem(*(parts[p] for p in DATE_PARTS))[1] if error else set()
    return {"date_parts": parts, "date_bad": (bad or set(DATE_PARTS)) if error else set()}


def validate_answers(service, raw: dict, *, require_all: bool):
    """Check every non-file answer. Returns (cleaned answers, {field name: message})."""
    cleaned, errors = {}, {}
    for field in service.fields.all():
        if field.kind == FieldKind.FILE:
            continue
        value = raw.get(field.name)
        if isinstance(value, str):
            # An answer of only invisible characters is an empty answer.
            value = _text(field, value)
        if _empty(value):
            if field.required and require_all:
                errors[field.name] = _("Completați câmpul „%(field)s”.") % {"field": field.label}
            continue
        try:
            cleaned[field.name] = clean_value(field, value)
        except ValidationError as exc:
            errors[field.name] = exc.messages[0]
    return cleaned, errors


def display_value(field, value) -> str:
    if value is None or value == "":
        return "—"
    if field.kind == FieldKind.YES_NO:
        return "Da" if value else "Nu"
    if field.kind == FieldKind.DATE:
        try:
            return date.fromisoformat(value).strftime("%d.%m.%Y")
        except ValueError:
            return str(value)
    if field.kind == FieldKind.NUMBER:
        return str(value).replace(".", ",")
    return str(value)
