"""Bank transfers (the `transfer` plugin of `registry("payments")`) and the bank statements that prove them.

A resident pays by a payment order (ordin de plată) to the city hall's account, writing the reference of
what they pay in the payment's details. The tax office uploads the bank statement; every credit line whose
details hold the reference of an open payable item, for exactly its amount, becomes a confirmed payment
(`services.import_statement`). A line is recorded once, by the bank's transaction id, however many
statements repeat it; lines that match nothing are listed for the tax office to handle by hand.

Statements are read as:

* **MT940** (SWIFT customer statement, what Romanian banks and the Treasury export): parsed by the `mt-940`
  library; the transaction id is the bank's reference of the `:61:` line (else the reference for the
  account owner), with the account and the booking date; the details are the `:86:` text.
* **CSV** with a header line, `;` or `,` separated. Columns (Romanian or English names, any order):
  `data`/`date` (2026-03-14 or 14.03.2026), `suma`/`amount` (1234.56 or 1.234,56; negative for debits),
  `moneda`/`currency` (RON by default), `id`/`referinta`/`transaction_id` (the bank's id of the
  transaction), `platitor`/`payer`, `detalii`/`details`.
"""

import csv
import hashlib
import io
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from primaria.core.errors import DomainError
from primaria.core.plugins import HealthReport

from .providers import (
    CONFIRMED,
    GatewayError,
    NotificationRefused,
    PaymentProvider,
    StatusReport,
    payment_providers,
)

MAX_STATEMENT_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True)
class Entry:
    transaction_id: str
    booked_on: date
    amount: Decimal  # negative: a debit
    currency: str
    payer: str
    details: str


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode().lower().strip()
    return re.sub(r"[^a-z0-9]+", "_", text).strip("_")


def _amount(text: str) -> Decimal:
    value = (text or "").strip().replace(" ", "").replace("\u00a0", "")
    if "," in value and "." in value:
        value = value.replace(".", "").replace(",", ".") if value.rfind(",") > value.rfind(".") else value.replace(",", "")
    elif "," in value:
        value = value.replace(",", ".")
    return Decimal(value).quantize(Decimal("0.01"))


def _date(text: str) -> date:
    value = (text or "").strip()
    for pattern in ("%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y", "%d-%m-%Y"):
        try:
            return datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    raise ValueError(value)


def _fallback_id(*parts) -> str:
    return hashlib.sha256("|".join(str(p) for p in parts).encode()).hexdigest()[:32]


COLUMNS = {
    "date": {"data", "date", "data_operatiei", "data_tranzactiei", "booking_date"},
    "amount": {"suma", "amount", "valoare", "credit"},
    "currency": {"moneda", "currency", "valuta"},
    "id": {"id", "referinta", "referinta_banca", "transaction_id", "id_tranzactie", "reference"},
    "payer": {"platitor", "payer", "ordonator", "nume_platitor"},
    "details": {"detalii", "details", "explicatii", "descriere", "detalii_plata"},
}


def parse_csv(text: str) -> list[Entry]:
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=";,\t")
    except csv.Error:
        dialect = csv.excel
    rows = list(csv.reader(io.StringIO(text), dialect))
    if not rows:
        raise DomainError(_("Fișierul CSV este gol."))
    header = [_fold(name) for name in rows[0]]
    where = {key: next((i for i, name in enumerate(header) if name in names), None) for key, names in COLUMNS.items()}
    lacking = [key for key in ("date", "amount", "details") if where[key] is None]
    if lacking:
        names = {"date": "data", "amount": "suma", "details": "detalii"}
        raise DomainError(_("Fișierul CSV nu are coloanele: %(columns)s. Prima linie trebuie să numească coloanele "
                            "(data; suma; moneda; id; platitor; detalii).") % {
            "columns": ", ".join(names[k] for k in lacking)})
    entries = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue

        def cell(key, row=row):
            index = where[key]
            return row[index].strip() if index is not None and index < len(row) else ""

        try:
            booked_on, amount = _date(cell("date")), _amount(cell("amount"))
        except (ValueError, InvalidOperation):
            raise DomainError(_("Linia %(number)s a fișierului CSV nu are o dată și o sumă valide.") % {"number": number})
        details, payer = cell("details"), cell("payer")
        transaction_id = cell("id") or _fallback_id(booked_on, amount, payer, details)
        entries.append(Entry(f"CSV:{transaction_id}"[:80], booked_on, amount, (cell("currency") or "RON").upper()[:3],
                             payer[:200], details))
    return entries


def parse_mt940(text: str) -> list[Entry]:
    import mt940

    try:
        transactions = mt940.models.Transactions()
        transactions.parse(text)
    except Exception as exc:  # noqa: BLE001 - the library raises many kinds; the person gets one message
        raise DomainError(_("Extrasul MT940 nu poate fi citit: %(error)s") % {"error": exc})
    account = str(transactions.data.get("account_identification") or "")
    entries = []
    for transaction in transactions:
        data = transaction.data
        amount = data.get("amount")
        booked_on = data.get("date")
        if amount is None or booked_on is None:
            continue
        value = Decimal(str(amount.amount)).quantize(Decimal("0.01"))
        details = " ".join(str(data.get(key) or "") for key in ("transaction_details", "extra_details")).strip()
        reference = next((str(data.get(key)) for key in ("bank_reference", "customer_reference")
                          if data.get(key) and str(data.get(key)).upper() != "NONREF"), "")
        reference = reference or _fallback_id(booked_on, value, details)
        entries.append(Entry(f"MT940:{account}:{booked_on:%Y%m%d}:{reference}"[:80],
                             date(booked_on.year, booked_on.month, booked_on.day), value,
                             str(getattr(amount, "currency", "") or "RON")[:3], "", re.sub(r"\s+", " ", details)))
    return entries


def parse_statement(filename: str, content: bytes) -> tuple[str, str, list[Entry]]:
    """(format, text, entries) of an uploaded statement; a DomainError in Romanian for what cannot be read."""
    if not content:
        raise DomainError(_("Alegeți fișierul extrasului de cont."))
    if len(content) > MAX_STATEMENT_BYTES:
        raise DomainError(_("Extrasul de cont este prea mare (cel mult 5 MB)."))
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = content.decode("cp1250", errors="replace")
    if "\x00" in text:
        raise DomainError(_("Fișierul nu este un extras de cont în format text (MT940 sau CSV)."))
    looks_mt940 = ":20:" in text and ":61:" in text
    if looks_mt940 or filename.lower().endswith((".sta", ".mt940", ".940")):
        return "MT940", text, parse_mt940(text)
    return "CSV", text, parse_csv(text)


REFERENCE_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9/\-]{3,63}")
GROUPED_DIGITS = re.compile(r"\d{2,4}(?: \d{2,4}){2,}")  # a long number copied in groups: 2600 0012 3456 78


def candidate_references(details: str) -> list[str]:
    """The words of a transfer's details that could be a payable reference: as written, in upper case, and
    numbers written in groups of digits put back together."""
    seen = []
    tokens = REFERENCE_TOKEN.findall(details or "") + [g.replace(" ", "") for g in GROUPED_DIGITS.findall(details or "")]
    for token in tokens:
        for variant in (token, token.upper(), token.strip("-/")):
            if variant and variant not in seen:
                seen.append(variant)
    return seen


@payment_providers.register
class TransferProvider(PaymentProvider):
    identifier = "transfer"
    verbose_name = gettext_lazy("Ordin de plată (transfer bancar)")
    kind = "transfer"

    def check_config(self) -> HealthReport:
        return HealthReport(ok=True, message=_("Extrasele de cont (MT940 sau CSV) se încarcă la /birou/plati/extrase/."))

    def start(self, payment, *, return_url, notify_url):
        raise GatewayError(_("Plata prin transfer bancar se face din banca plătitorului, cu referința obligației."))

    def verify_notification(self, body, headers):
        raise NotificationRefused("Transferurile bancare nu trimit notificări; ele se citesc din extrasul de cont.")  # i18n: ro (providers' log)

    def status(self, payment) -> StatusReport:
        # The bank statement line is the proof: a transfer payment is born confirmed.
        return StatusReport(order_id=payment.order_id, provider_reference=payment.provider_reference,
                            amount=payment.amount, currency=payment.currency, outcome=CONFIRMED)

    def refund(self, payment, amount) -> str:
        # The treasury pays it back by a payment order to the payer's account; the platform records it.
        return f"OP-RESTITUIRE-{payment.order_id}"
