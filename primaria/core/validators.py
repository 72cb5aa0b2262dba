"""Checks of Romanian identifiers and contact data, with messages in Romanian, and the cleaning of free text.

python-stdnum does the arithmetic (CNP control digit and birth date, CUI control digit, IBAN mod 97);
this module only turns its exceptions into messages a resident understands.
"""

import re
import unicodedata
from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import validate_email as django_validate_email
from django.utils.translation import gettext as _
from stdnum import iban as std_iban
from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength
from stdnum.exceptions import ValidationError as StdError
from stdnum.ro import cnp as std_cnp
from stdnum.ro import cui as std_cui

PHONE_RE = re.compile(r"^(\+40|0040|0)[237]\d{8}$")

# Every way of ending a line: in a one-line answer each becomes a space, in a multi-line one a newline.
_LINE_BREAK = re.compile("\r\n|[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
_ASCII_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f]")
# Refused in file names by Windows, or read as part of a path by some program along the way.
_FILENAME_RESERVED = re.compile(r'[<>:"/\\|?*]')
FILENAME_MAX_LENGTH = 200
_EXTENSION_MAX_LENGTH = 16


def _invisible(char: str) -> bool:
    """Characters a reader cannot see but that change what a text means or how it is shown.

    Control characters (Cc); format characters (Cf): the bidirectional overrides and isolates that make
    "factura\u202efdp.exe" display as "facturaexe.pdf", zero-width spaces and joiners, the byte order
    mark, the invisible "tag" letters; lone surrogates (Cs), which no database can store; and the
    noncharacters U+FDD0–U+FDEF and U+xFFFE/U+xFFFF.
    """
    code = ord(char)
    if 0xFDD0 <= code <= 0xFDEF or (code & 0xFFFE) == 0xFFFE:
        return True
    return unicodedata.category(char) in ("Cc", "Cf", "Cs")


def clean_text(value, *, multiline: bool = False) -> str:
    """The text a person meant, as it will be stored, shown, searched and printed.

    Removes control and invisible formatting characters (see `_invisible`). Tabs and line breaks stay
    only where an answer may span lines (every kind of line break becomes "\\n"); in a one-line answer they
    become spaces, so that the words around them stay apart. Normalises to NFC, so that "ă" typed as "a"
    plus a combining breve is stored and compared as the one letter it looks like. Surrounding spaces are
    left for the caller to strip.
    """
    if value is None:
        return ""
    text = _LINE_BREAK.sub("\n" if multiline else " ", str(value))
    if not multiline:
        text = text.replace("\t", " ")
    if text.isascii():
        text = _ASCII_CONTROL.sub("", text)
    else:
        text = "".join(char for char in text if char in "\t\n" or not _invisible(char))
    return unicodedata.normalize("NFC", text)


def safe_filename(name, *, max_length: int = FILENAME_MAX_LENGTH) -> str:
    """A file name that is safe to store, show and offer for download.

    Keeps only the last path component (some browsers send "C:\\Users\\ion\\act.pdf"), removes what
    `clean_text` removes and the characters reserved in file names, drops leading dots (no hidden files, no
    "..") and trailing dots and spaces, and shortens it to `max_length` characters keeping the extension.
    A name with nothing left becomes "document".
    """
    text = re.split(r"[/\\]", str(name or ""))[-1]
    text = _FILENAME_RESERVED.sub("", clean_text(text))
    text = " ".join(text.split()).rstrip(". ")
    stem, dot, extension = text.rpartition(".")
    if not dot or len(extension) > _EXTENSION_MAX_LENGTH or " " in extension:
        stem, extension = text, ""
    extension = f".{extension}" if extension else ""
    stem = stem.lstrip(". ")[: max(1, max_length - len(extension))].rstrip(". ")
    return f"{stem or 'document'}{extension}"


def clean_cnp(value: str) -> str:
    value = clean_text(value).strip()
    try:
        return std_cnp.validate(value)
    except InvalidLength:
        raise ValidationError(_("CNP-ul trebuie să aibă exact 13 cifre."), code="cnp_length")
    except InvalidFormat:
        raise ValidationError(_("CNP-ul poate conține doar cifre."), code="cnp_format")
    except InvalidComponent:
        raise ValidationError(_("CNP-ul nu corespunde unei date de naștere sau unui județ valid."), code="cnp_component")
    except InvalidChecksum:
        raise ValidationError(_("CNP-ul nu este valid: cifra de control nu se potrivește."), code="cnp_checksum")
    except StdError:
        raise ValidationError(_("CNP-ul nu este valid."), code="cnp")


def clean_cui(value: str) -> str:
    value = clean_text(value).strip().upper().replace(" ", "")
    try:
        return std_cui.validate(value)
    except (InvalidLength, InvalidFormat):
        raise ValidationError(_("CUI-ul trebuie să conțină între 2 și 10 cifre (opțional precedate de RO)."), code="cui_format")
    except InvalidChecksum:
        raise ValidationError(_("CUI-ul nu este valid: cifra de control nu se potrivește."), code="cui_checksum")
    except StdError:
        raise ValidationError(_("CUI-ul nu este valid."), code="cui")


def clean_iban(value: str) -> str:
    value = std_iban.compact(clean_text(value))
    if value.startswith("RO") and len(value) != 24:
        raise ValidationError(_("IBAN-ul nu are lungimea corectă (în România are 24 de caractere)."), code="iban_length")
    try:
        return std_iban.validate(value)
    except InvalidLength:
        raise ValidationError(_("IBAN-ul nu are lungimea corectă (în România are 24 de caractere)."), code="iban_length")
    except InvalidChecksum:
        raise ValidationError(_("IBAN-ul nu este valid: cifrele de control nu se potrivesc."), code="iban_checksum")
    except StdError:
        raise ValidationError(_("IBAN-ul nu este valid."), code="iban")


def clean_email(value: str) -> str:
    value = clean_text(value).strip()
    try:
        django_validate_email(value)
    except ValidationError:
        raise ValidationError(_("Adresa de e-mail nu este validă (exemplu: nume@exemplu.ro)."), code="email")
    return value.lower()


def clean_phone(value: str) -> str:
    compact = re.sub(r"[\s.\-()]", "", clean_text(value))
    if not PHONE_RE.match(compact):
        raise ValidationError(
            _("Numărul de telefon nu este valid (exemplu: 0722 123 456 sau +40 256 123 456)."), code="phone"
        )
    return compact


def cnp_birth_date(value: str):
    return std_cnp.get_birth_date(value)


def collect(errors: dict, key: str, clean, value):
    """Run one check; on failure put its message under `key` in `errors` and return the value unchanged.

    Lets a form-like domain function report every wrong field at once instead of stopping at the first.
    """
    try:
        return clean(value)
    except ValidationError as exc:
        errors[key] = exc.messages[0]
        return value


def typed_date(value):
    """A date typed as 2026-03-15 (the browser's date field) or 15.03.2026; None for anything else."""
    value = (value or "").strip()
    for parse in (date.fromisoformat, lambda v: date(*reversed([int(p) for p in v.split(".")]))):
        try:
            return parse(value)
        except (ValueError, TypeError):
            continue
    return None


def typed_int(value, *, positive=False):
    """A whole number as typed; None for anything else, or for one no database column holds (or, with
    `positive`, for zero and below)."""
    try:
        number = int((value or "").strip())
    except (ValueError, AttributeError):
        return None
    if positive and number < 1:
        return None
    return number if -(2**31) < number < 2**31 else None
