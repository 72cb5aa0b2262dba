"""Checks of Romanian identifiers and contact data, with messages in Romanian.

python-stdnum does the arithmetic (CNP control digit and birth date, CUI control digit, IBAN mod 97);
this module only turns its exceptions into messages a resident understands.
"""

import re

from django.core.exceptions import ValidationError
from django.core.validators import validate_email as django_validate_email
from stdnum import iban as std_iban
from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength
from stdnum.exceptions import ValidationError as StdError
from stdnum.ro import cnp as std_cnp
from stdnum.ro import cui as std_cui

PHONE_RE = re.compile(r"^(\+40|0040|0)[237]\d{8}$")


def clean_cnp(value: str) -> str:
    value = (value or "").strip()
    try:
        return std_cnp.validate(value)
    except InvalidLength:
        raise ValidationError("CNP-ul trebuie să aibă exact 13 cifre.", code="cnp_length")
    except InvalidFormat:
        raise ValidationError("CNP-ul poate conține doar cifre.", code="cnp_format")
    except InvalidComponent:
        raise ValidationError("CNP-ul nu corespunde unei date de naștere sau unui județ valid.", code="cnp_component")
    except InvalidChecksum:
        raise ValidationError("CNP-ul nu este valid: cifra de control nu se potrivește.", code="cnp_checksum")
    except StdError:
        raise ValidationError("CNP-ul nu este valid.", code="cnp")


def clean_cui(value: str) -> str:
    value = (value or "").strip().upper().replace(" ", "")
    try:
        return std_cui.validate(value)
    except (InvalidLength, InvalidFormat):
        raise ValidationError("CUI-ul trebuie să conțină între 2 și 10 cifre (opțional precedate de RO).", code="cui_format")
    except InvalidChecksum:
        raise ValidationError("CUI-ul nu este valid: cifra de control nu se potrivește.", code="cui_checksum")
    except StdError:
        raise ValidationError("CUI-ul nu este valid.", code="cui")


def clean_iban(value: str) -> str:
    value = std_iban.compact(value or "")
    if value.startswith("RO") and len(value) != 24:
        raise ValidationError("IBAN-ul nu are lungimea corectă (în România are 24 de caractere).", code="iban_length")
    try:
        return std_iban.validate(value)
    except InvalidLength:
        raise ValidationError("IBAN-ul nu are lungimea corectă (în România are 24 de caractere).", code="iban_length")
    except InvalidChecksum:
        raise ValidationError("IBAN-ul nu este valid: cifrele de control nu se potrivesc.", code="iban_checksum")
    except StdError:
        raise ValidationError("IBAN-ul nu este valid.", code="iban")


def clean_email(value: str) -> str:
    value = (value or "").strip()
    try:
        django_validate_email(value)
    except ValidationError:
        raise ValidationError("Adresa de e-mail nu este validă (exemplu: nume@exemplu.ro).", code="email")
    return value.lower()


def clean_phone(value: str) -> str:
    compact = re.sub(r"[\s.\-()]", "", value or "")
    if not PHONE_RE.match(compact):
        raise ValidationError(
            "Numărul de telefon nu este valid (exemplu: 0722 123 456 sau +40 256 123 456).", code="phone"
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
