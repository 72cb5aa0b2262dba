"""Payment references: digits with two check digits, ISO 7064 MOD 97-10 (the scheme of IBAN and of the
ISO 11649 creditor reference).

A reference is `YY` (the tax year) + 10 digits + 2 check digits: 14 digits a bank clerk can type and a
mistyped digit, or two swapped ones, is caught (`valid`). Like pagoPA's notice number, each debt carries its
own, printed on the statement.
"""

import secrets

LENGTH = 14


def check_digits(body: str) -> str:
    return f"{98 - int(body + '00') % 97:02d}"


def make(year: int, number: int | None = None) -> str:
    body = f"{year % 100:02d}{(secrets.randbelow(10 ** 10) if number is None else number) % 10 ** 10:010d}"
    return body + check_digits(body)


def normalise(text: str) -> str:
    return "".join(ch for ch in str(text or "") if not ch.isspace())


def valid(text: str) -> bool:
    value = normalise(text)
    return len(value) == LENGTH and value.isdigit() and int(value) % 97 == 1


def grouped(reference: str) -> str:
    """As printed: groups of four digits, easier to copy."""
    return " ".join(reference[i:i + 4] for i in range(0, len(reference), 4))
