"""The one way payments change state.

    start_payment       the basket's chosen items become a payment; the provider opens it (no lock held)
    receive_notification
                        a provider's notification: logged as it came, verified, checked against the payment,
                        then the provider is asked the status and the payment is settled
    refresh             ask the provider how a payment stands and settle it (the payer's return, the job)
    settle              the domain function: lock the payment, check the provider's report, move the state,
                        audit entry and the `payment.settled` event in one transaction; a repeat does nothing
    check_pending       the periodic job: payments whose notification never came are asked about
    refund              full or partial, through the provider, with an audit entry
    import_statement    a bank statement: each credit line matched by reference becomes a confirmed payment

Network calls (the gateway) are made before a transaction or between two short ones, never while a row is
locked; each short transaction re-reads and re-checks the state it changes.
"""

import logging
from datetime import timedelta
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from primaria.audit.services import record as audit
from primaria.core import rules
from primaria.core.errors import DomainError
from primaria.institutions import tenancy
from primaria.outbox.services import record as record_event

from . import providers as provider_registry
from .models import (
    OPEN_STATUSES,
    PAID_STATUSES,
    BankStatement,
    Payment,
    PaymentLine,
    ProviderNotification,
    Refund,
    StatementLine,
    Status,
    Verdict,
)
from .payables import item_key, lei, shown
from .payables import source as payable_source
from .providers import CANCELLED, CONFIRMED, REJECTED, GatewayError, NotificationRefused, StatusReport

logger = logging.getLogger(__name__)

OUTCOME_STATUS = {CONFIRMED: Status.CONFIRMED, REJECTED: Status.REJECTED, CANCELLED: Status.CANCELLED}
HEADERS_KEPT = ("Verification-token", "Content-Type", "Content-Length", "User-Agent")
CENT = Decimal("0.01")


def _city_hall(city_hall=None):
    """The city hall a payment goes to: the one given (or the one it belongs to), else the site's, else the
    installation's only one."""
    if city_hall is not None:
        return tenancy.city_hall_of(city_hall)
    return tenancy.current() or tenancy.default_city_hall()


def _site(path: str, city_hall=None) -> str:
    """`path` on the address of `city_hall` (the one whose page the payer pays from): the provider sends the
    payer back, and its notices, to that city hall's host name."""
    return tenancy.site_url(city_hall).rstrip("/") + path


def _lock(payment_id) -> Payment:
    return Payment.objects.select_for_update().get(pk=payment_id)


# --- starting a payment ----------------------------------------------------------------------------------


def resolve_items(party, keys) -> list:
    """The payable items named "source:reference" in a form, still open and owed by `party`."""
    items, seen = [], set()
    for key in keys:
        name, _sep, reference = (key or "").partition(":")
        found = payable_source(name)
        item = found.item(reference) if found is not None and reference else None
        if item is None or item.party_id != party.pk:
            raise DomainError(_("O obligație aleasă nu mai este de plată (a fost plătită între timp). Reîncărcați pagina."))
        if item_key(item) not in seen:
            seen.add(item_key(item))
            items.append(item)
    if not items:
        raise DomainError({"item": _("Alegeți cel puțin o obligație de plată.")})
    return items


def start_payment(*, actor, party, provider_id: str, keys, ip=None, return_to: str = "",
                  city_hall=None) -> tuple[Payment, str]:
    """Open a payment for the chosen items at a card provider; returns it and the provider's page.

    `return_to` (a path of this site) is where the payer lands after the return page has asked the provider
    how the payment stands: the confirmation of the request whose fee is paid, for instance. The return page
    is on the address of `city_hall` (by default the one the running request serves)."""
    rules.require(actor, party, "act_for")
    provider = provider_registry.provider(provider_id)
    if provider is None or provider.kind != "card" or not provider.check_config().ok:
        raise DomainError({"provider": _("Această modalitate de plată nu este disponibilă acum.")})
    items = resolve_items(party, keys)
    city_hall = _city_hall(city_hall)
    with transaction.atomic():
        from primaria.accounts.models import Party

        Party.objects.select_for_update().get(pk=party.pk)  # one basket at a time per payer
        busy = (PaymentLine.objects.filter(payment__status__in=OPEN_STATUSES, payment__party=party)
                .filter(reference__in=[i.reference for i in items]).select_related("payment"))
        busy = [line for line in busy if any(i.source == line.source and i.reference == line.reference for i in items)]
        if busy:
            raise DomainError(_("Pentru „%(label)s” există deja o plată în curs (nr. %(order)s). Continuați-o din "
                                "istoricul plăților sau așteptați câteva minute confirmarea ei.") % {
                "label": busy[0].label, "order": busy[0].payment.order_id})
        payment = Payment.objects.create(party=party, payer=actor, provider=provider_id, city_hall=city_hall,
                                         amount=sum((i.amount for i in items), Decimal("0")))
        PaymentLine.objects.bulk_create([PaymentLine(payment=payment, source=i.source, reference=i.reference,
                                                     label=i.label, amount=i.amount) for i in items])
        audit(actor=actor, action="payment.started", target=payment, ip_address=ip, order_id=payment.order_id,
              amount=str(payment.amount), provider=provider_id, items=[item_key(i) for i in items])
    return_url = _site(reverse("payments:return", kwargs={"public_id": payment.public_id}), city_hall)
    if return_to:
        return_url += "?" + urlencode({"inapoi": return_to})
    notify_url = _site(reverse("payments:notify", kwargs={"provider_id": provider_id}), city_hall)
    try:
        started = provider.start(payment, return_url=return_url, notify_url=notify_url)
    except GatewayError as exc:
        with transaction.atomic():
            payment = _lock(payment.pk)
            if payment.status == Status.INITIATED:
                payment.status, payment.reason = Status.CANCELLED, str(exc)[:300]
                payment.save(update_fields=["status", "reason"])
                audit(actor=actor, action="payment.cancelled", target=payment, ip_address=ip, reason=str(exc))
        raise DomainError(_("Plata nu a putut fi pornită: procesatorul de plăți nu răspunde. "
                          "Nu s-a debitat nimic; încercați din nou în câteva minute."))
    with transaction.atomic():
        payment = _lock(payment.pk)
        if payment.status == Status.INITIATED:
            payment.status = Status.PENDING
            payment.provider_reference, payment.gateway_url = started.provider_reference, started.redirect_url[:500]
            payment.save(update_fields=["status", "provider_reference", "gateway_url"])
    return payment, started.redirect_url


def pay_request_fees(*, actor, request, return_to: str = "", ip=None) -> tuple[Payment, str]:
    """The card payment of exactly the unpaid fees of one filed request (its fee and urgent fee)."""
    from .sources import unpaid_fees

    keys = [line.key for line in unpaid_fees(request)]
    if not keys:
        raise DomainError(_("Taxa acestei cereri este deja plătită."))
    methods = provider_registry.card_providers()
    if not methods:
        raise DomainError(_("Plata cu cardul nu este disponibilă acum. Puteți plăti taxa mai târziu din pagina "
                          "Plăți, cu cardul sau prin ordin de plată."))
    return start_payment(actor=actor, party=request.applicant, provider_id=methods[0].identifier, keys=keys, ip=ip,
                         return_to=return_to, city_hall=request.institution)


CASHIER = "casierie"


def clean_cashier_receipt(text) -> str:
    """The number of the receipt the cashier gave (chitanța de la casierie), or DomainError."""
    receipt = " ".join(str(text or "").split())
    if not receipt:
        raise DomainError({"fee_receipt": _("Scrieți numărul chitanței de la casierie.")})
    if len(receipt) > 40 or not any(c.isdigit() for c in receipt) or not all(
            c.isalnum() or c in " -/." for c in receipt):
        raise DomainError({"fee_receipt": _("Numărul chitanței are cel mult 40 de caractere: cifre, litere, "
                                          "spații, „-”, „/” sau „.”, de exemplu „CH 1234”.")})
    return receipt


def record_counter_payment(*, actor, request_id, receipt: str, ip=None) -> Payment:
    """A request filed earlier whose fee the applicant paid later at the cashier (the office's request page)."""
    from primaria.requests.models import Request

    request = Request.objects.select_related("service", "applicant", "registry_entry").get(pk=request_id)
    rules.require(actor, request, "record_fee")
    return record_cashier_fees(actor=actor, request=request, receipt=receipt, ip=ip)


def record_cashier_fees(*, actor, request, receipt: str, ip=None) -> Payment:
    """The fees of a request filed at the counter were paid at the cashier (casierie): a confirmed payment
    whose reference is the cashier's receipt number, in the caller's transaction, and `payment.settled`, so
    the fee is recorded as paid by the same handler as a card payment. A receipt number is recorded once."""
    from primaria.requests.models import Request

    from .sources import unpaid_fees

    receipt = clean_cashier_receipt(receipt)
    with transaction.atomic():
        Request.objects.select_for_update(of=("self",)).filter(pk=request.pk).first()  # one recording at a time
        lines = unpaid_fees(request)
        if not lines:
            raise DomainError({"fee_receipt": _("Taxa acestei cereri este deja plătită sau cererea nu are taxă.")})
        if Payment.objects.filter(provider=CASHIER, provider_reference=receipt).exists():
            raise DomainError({"fee_receipt": _("Chitanța „%(receipt)s” a fost deja înregistrată pentru altă plată.") % {
                "receipt": receipt}})
        now = timezone.now()
        payment = Payment.objects.create(party=request.applicant, payer=None, provider=CASHIER,
                                         city_hall=_city_hall(request.institution),
                                         amount=sum((line.amount for line in lines), Decimal("0")),
                                         status=Status.CONFIRMED, settled_at=now, checked_at=now,
                                         provider_reference=receipt)
        PaymentLine.objects.bulk_create([PaymentLine(payment=payment, source="taxa-serviciu", reference=line.reference,
                                                     label=line.label[:300], amount=line.amount) for line in lines])
        audit(actor=actor, action="payment.confirmed", target=payment, ip_address=ip, via="casierie",
              order_id=payment.order_id, amount=str(payment.amount), receipt=receipt)
        record_event("payment.settled", payment, payment_id=payment.pk, party_id=payment.party_id, provider=CASHIER,
                     amount=payment.amount, paid_at=now)
    return payment


# --- settling ------------------------------------------------------------------------------------------------


def settle(*, payment_id, report: StatusReport, via: str, actor=None, ip=None) -> tuple[Payment, bool]:
    """Apply the provider's answer to a payment: (payment, whether it changed). A repeat changes nothing.

    `report` comes from the provider's status query, made by the caller before this transaction."""
    with transaction.atomic():
        payment = _lock(payment_id)
        payment.checked_at = timezone.now()
        if report.order_id != payment.order_id:
            raise DomainError(_("Răspunsul procesatorului privește comanda %(reported)s, nu %(order)s.") % {
                "reported": report.order_id, "order": payment.order_id})
        target = OUTCOME_STATUS.get(report.outcome)
        if target is None or payment.status == target or payment.status not in OPEN_STATUSES:
            if target is not None and payment.status != target and payment.status not in OPEN_STATUSES:
                logger.warning("Plata %s este %s, dar procesatorul spune %s; nu se schimbă nimic.",
                               payment.order_id, payment.status, report.outcome)
            payment.save(update_fields=["checked_at"])
            return payment, False
        if target == Status.CONFIRMED and (report.amount != payment.amount or report.currency != payment.currency):
            raise DomainError(_("Procesatorul raportează %(reported)s %(reported_currency)s, iar plata este de "
                                "%(amount)s %(currency)s.") % {
                "reported": lei(report.amount), "reported_currency": report.currency, "amount": lei(payment.amount),
                "currency": payment.currency})
        previous = payment.status
        payment.status = target
        if report.provider_reference and not payment.provider_reference:
            payment.provider_reference = report.provider_reference
        if target == Status.CONFIRMED:
            payment.settled_at = payment.checked_at
        else:
            payment.reason = (report.message or "")[:300]
        payment.save()
        audit(actor=actor, action=f"payment.{target}", target=payment, ip_address=ip, via=via,
              status_from=previous, order_id=payment.order_id, amount=str(payment.amount),
              provider_reference=payment.provider_reference)
        if target == Status.CONFIRMED:
            record_event("payment.settled", payment, payment_id=payment.pk, party_id=payment.party_id,
                         provider=payment.provider, amount=payment.amount, paid_at=payment.settled_at)
        else:
            record_event(f"payment.{target}", payment, payment_id=payment.pk, party_id=payment.party_id)
    return payment, True


def refresh(*, payment_id, via: str, actor=None, ip=None) -> tuple[Payment, bool]:
    """Ask the provider how an open payment stands (no lock held) and settle it."""
    payment = Payment.objects.get(pk=payment_id)
    if payment.status not in OPEN_STATUSES:
        return payment, False
    provider = provider_registry.provider(payment.provider)
    if provider is None or payment.status == Status.INITIATED or not payment.provider_reference:
        return payment, False  # the provider never opened it: the job cancels it when it is old
    report = provider.status(payment)
    return settle(payment_id=payment.pk, report=report, via=via, actor=actor, ip=ip)


def check_pending(*, older_than_minutes: int | None = None, limit: int = 200) -> dict:
    """The periodic job: payments still open some minutes after they started are asked about (a notification
    that never came), and payments the provider never opened are cancelled after a day."""
    minutes = older_than_minutes if older_than_minutes is not None else settings.PRIMARIA_PAYMENTS_STATUS_AFTER_MINUTES
    now = timezone.now()
    before = now - timedelta(minutes=minutes)
    done = {"checked": 0, "settled": 0, "errors": 0, "cancelled": 0}
    pending = list(Payment.objects.filter(status=Status.PENDING, created_at__lte=before)
                   .exclude(checked_at__gt=before).order_by("created_at").values_list("pk", flat=True)[:limit])
    for pk in pending:
        done["checked"] += 1
        try:
            _payment, changed = refresh(payment_id=pk, via="interogare periodică")  # i18n: ro (a record: audit, providers' log, bank statement)
            done["settled"] += int(changed)
        except (GatewayError, DomainError) as exc:
            done["errors"] += 1
            logger.warning("Starea plății %s nu a putut fi aflată: %s", pk, exc)
            Payment.objects.filter(pk=pk).update(checked_at=timezone.now())
    for pk in Payment.objects.filter(status=Status.INITIATED, created_at__lte=now - timedelta(days=1)).values_list(
            "pk", flat=True)[:limit]:
        with transaction.atomic():
            payment = _lock(pk)
            if payment.status == Status.INITIATED:
                payment.status, payment.reason = Status.CANCELLED, "Procesatorul nu a deschis plata."  # i18n: ro (a record: audit, providers' log, bank statement)
                payment.save(update_fields=["status", "reason"])
                audit(actor=None, action="payment.cancelled", target=payment, reason=payment.reason)
                done["cancelled"] += 1
    return done


# --- notifications ----------------------------------------------------------------------------------------


def _verdict(log: ProviderNotification, verdict: str, reason: str = "", payment=None):
    log.verdict, log.reason = verdict, reason[:500]
    fields = ["verdict", "reason"]
    if payment is not None:
        log.payment, log.order_id = payment, payment.order_id
        fields += ["payment", "order_id"]
    log.save(update_fields=fields)


def receive_notification(*, provider_id: str, body: bytes, headers, ip=None) -> ProviderNotification:
    """A provider's notification (NETOPIA's IPN): kept as it came, then verified and applied at most once.

    Refused (and logged, with the reason): a bad signature or a tampered body, an unknown order, an amount or a
    currency other than the payment's. Otherwise the provider is asked the payment's status and the payment is
    settled on that answer; a notification repeated after that changes nothing (verdict "repetată")."""
    log = ProviderNotification.objects.create(
        provider=provider_id[:30], remote_addr=ip, body=body.decode("utf-8", errors="replace")[:100_000],
        headers={name: headers.get(name) for name in HEADERS_KEPT if headers.get(name) is not None})
    provider = provider_registry.provider(provider_id)
    try:
        if provider is None:
            raise NotificationRefused(f"Procesator necunoscut: {provider_id}.")
        notice = provider.verify_notification(body, headers)
        payment = Payment.objects.filter(provider=provider_id, order_id=notice.order_id).first()
        if payment is None:
            log.order_id = notice.order_id[:64]
            log.save(update_fields=["order_id"])
            raise NotificationRefused(f"Comanda {notice.order_id} nu este a noastră.")  # i18n: ro (a record: audit, providers' log, bank statement)
        if notice.amount != payment.amount or notice.currency != payment.currency:
            _verdict(log, Verdict.REFUSED, f"Notificarea spune {lei(notice.amount)} {notice.currency}, "  # i18n: ro (a record: audit, providers' log, bank statement)
                                           f"plata este de {lei(payment.amount)} {payment.currency}.", payment)  # i18n: ro (a record: audit, providers' log, bank statement)
            logger.warning("Notificare %s refuzată: %s", log.pk, log.reason)
            return log
        if payment.provider_reference and notice.provider_reference != payment.provider_reference:
            _verdict(log, Verdict.REFUSED, f"Tranzacția {notice.provider_reference} nu este a plății "  # i18n: ro (a record: audit, providers' log, bank statement)
                                           f"({payment.provider_reference}).", payment)  # i18n: ro (a record: audit, providers' log, bank statement)
            logger.warning("Notificare %s refuzată: %s", log.pk, log.reason)
            return log
    except NotificationRefused as exc:
        _verdict(log, Verdict.REFUSED, str(exc))
        logger.warning("Notificare %s de la %s refuzată: %s", log.pk, provider_id, exc)
        return log
    if payment.status == Status.INITIATED:  # the start's answer is not stored yet: NETOPIA sends it again
        _verdict(log, Verdict.FAILED, "Plata nu este încă deschisă la noi; notificarea se reia.", payment)  # i18n: ro (a record: audit, providers' log, bank statement)
        return log
    try:
        payment, changed = refresh(payment_id=payment.pk, via="notificare")
    except GatewayError as exc:
        _verdict(log, Verdict.FAILED, f"Starea plății nu a putut fi aflată: {exc}", payment)  # i18n: ro (a record: audit, providers' log, bank statement)
        return log
    except DomainError as exc:
        _verdict(log, Verdict.REFUSED, "; ".join(exc.messages), payment)
        logger.warning("Notificare %s refuzată: %s", log.pk, log.reason)
        return log
    _verdict(log, Verdict.ACCEPTED if changed else Verdict.REPEATED,
             f"Plata este {payment.get_status_display().lower()}.", payment)  # i18n: ro (a record: audit, providers' log, bank statement)
    return log


# --- refunds ---------------------------------------------------------------------------------------------------


def _money(text) -> Decimal:
    try:
        value = Decimal(str(text).strip().replace(",", ".")).quantize(CENT)
    except (InvalidOperation, ValueError):
        raise DomainError({"amount": _("Scrieți suma în lei, de exemplu 25 sau 25,50.")})
    if value <= 0:
        raise DomainError({"amount": _("Suma rambursată trebuie să fie mai mare decât zero.")})
    return value


def refund(*, actor, payment_id, amount, reason: str, ip=None) -> Refund:
    """Give back all or part of a confirmed payment through its provider; the amount is reserved first, so two
    refunds at once can never give back more than was paid."""
    amount = _money(amount)
    payment = Payment.objects.get(pk=payment_id)
    rules.require(actor, payment, "refund")
    reason = rules.require_reason(reason, field="reason", what=_("Motivați rambursarea"))
    with transaction.atomic():
        payment = _lock(payment_id)
        rules.require(actor, payment, "refund")
        reserved = sum(payment.refunds.filter(status=Refund.Status.REQUESTED).values_list("amount", flat=True),
                       Decimal("0"))
        left = payment.amount - payment.refunded_amount - reserved
        if amount > left:
            raise DomainError({"amount": _("Se mai pot rambursa cel mult %(amount)s lei din această plată.") % {
                "amount": shown(left)}})
        entry = Refund.objects.create(payment=payment, amount=amount, reason=reason, actor=actor)
    provider = provider_registry.provider(payment.provider)
    try:
        reference = provider.refund(payment, amount)
    except GatewayError as exc:
        with transaction.atomic():
            entry = Refund.objects.select_for_update().get(pk=entry.pk)
            entry.status, entry.error = Refund.Status.FAILED, str(exc)[:500]
            entry.save(update_fields=["status", "error"])
            audit(actor=actor, action="payment.refund_failed", target=payment, ip_address=ip, amount=str(amount),
                  error=str(exc))
        raise DomainError(_("Rambursarea nu s-a făcut: %(error)s") % {"error": exc})
    with transaction.atomic():
        payment = _lock(payment_id)
        entry = Refund.objects.select_for_update().get(pk=entry.pk)
        entry.status, entry.provider_reference, entry.done_at = Refund.Status.DONE, reference[:64], timezone.now()
        entry.save(update_fields=["status", "provider_reference", "done_at"])
        previous = payment.status
        payment.refunded_amount += amount
        payment.status = Status.REFUNDED if payment.refunded_amount >= payment.amount else Status.PARTIALLY_REFUNDED
        payment.save(update_fields=["refunded_amount", "status"])
        audit(actor=actor, action="payment.refunded", target=payment, ip_address=ip, amount=str(amount),
              reason=reason, status_from=previous, status_to=payment.status, provider_reference=reference)
        record_event("payment.refunded", payment, payment_id=payment.pk, refund_id=entry.pk, amount=amount,
                     lines=[{"source": line.source, "reference": line.reference} for line in payment.lines.all()])
    return entry


# --- bank statements ---------------------------------------------------------------------------------------------


def _match(entry):
    """(item, reason): the one open payable item an incoming transfer pays, or why there is none."""
    from .payables import payables
    from .transfer import candidate_references

    if entry.amount <= 0:
        return None, "Plată ieșită din cont (debit)."  # i18n: ro (a record: audit, providers' log, bank statement)
    if entry.currency != "RON":
        return None, f"Moneda {entry.currency}: se verifică manual."  # i18n: ro (a record: audit, providers' log, bank statement)
    found = []
    for token in candidate_references(entry.details):
        for plugin in payables():
            item = plugin.item(token)
            if item is not None and item not in found:
                found.append(item)
    if not found:
        return None, "Nicio referință de plată cunoscută în detaliile plății."  # i18n: ro (a record: audit, providers' log, bank statement)
    if len(found) > 1:
        if sum(i.amount for i in found) == entry.amount:
            return None, "Plătește mai multe obligații deodată: se împarte manual."  # i18n: ro (a record: audit, providers' log, bank statement)
        return None, "Detaliile plății numesc mai multe obligații."  # i18n: ro (a record: audit, providers' log, bank statement)
    if found[0].amount != entry.amount:
        return None, f"Suma ({lei(entry.amount)} lei) diferă de cea datorată ({lei(found[0].amount)} lei) pentru {found[0].reference}."  # i18n: ro (a record: audit, providers' log, bank statement)
    return found[0], ""


def import_statement(*, actor, filename: str, content: bytes, ip=None) -> dict:
    """Read a bank statement (MT940 or CSV) and record each new line once, by the bank's transaction id; a
    credit that names an open payable item, for its amount, becomes a confirmed transfer payment."""
    from .models import Payment as PaymentModel

    if not rules.can(actor, PaymentModel, "reconcile"):
        raise PermissionDenied(_("Doar Direcția Impozite și Taxe Locale încarcă extrasele de cont."))
    from .transfer import parse_statement

    kind, text, entries = parse_statement(filename, content)  # slow work first, no transaction
    known = set(StatementLine.objects.filter(transaction_id__in=[e.transaction_id for e in entries])
                .values_list("transaction_id", flat=True))
    fresh = [e for e in entries if e.transaction_id not in known]
    matches = {e.transaction_id: _match(e) for e in fresh}
    result = {"statement": None, "lines": len(entries), "repeated": len(entries) - len(fresh), "matched": 0,
              "unmatched": 0}
    with transaction.atomic():
        statement = BankStatement.objects.create(uploaded_by=actor, filename=filename[:200], format=kind, content=text)
        result["statement"] = statement
        audit(actor=actor, action="payment.statement_imported", target=statement, ip_address=ip, lines=len(entries))
        for entry in fresh:
            item, reason = matches[entry.transaction_id]
            if item is not None and PaymentLine.objects.filter(
                    source=item.source, reference=item.reference,
                    payment__status__in=PAID_STATUSES).exists():
                item, reason = None, f"{item.reference} a fost plătită între timp."  # i18n: ro (a record: audit, providers' log, bank statement)
            try:
                with transaction.atomic():
                    line = StatementLine.objects.create(
                        statement=statement, transaction_id=entry.transaction_id, booked_on=entry.booked_on,
                        amount=entry.amount, currency=entry.currency, payer=entry.payer, details=entry.details,
                        status=StatementLine.Status.MATCHED if item else StatementLine.Status.UNMATCHED, reason=reason)
            except IntegrityError:  # the same line, imported by someone else a moment ago
                result["repeated"] += 1
                continue
            if item is None:
                if entry.amount > 0:
                    result["unmatched"] += 1
                continue
            line.payment = _transfer_payment(actor=actor, item=item, entry=entry, ip=ip)
            line.save(update_fields=["payment"])
            result["matched"] += 1
    return result


def _transfer_payment(*, actor, item, entry, ip) -> Payment:
    from primaria.accounts.models import Party

    party = Party.objects.get(pk=item.party_id)
    now = timezone.now()
    payment = Payment.objects.create(party=party, payer=None, provider="transfer", amount=entry.amount,
                                     city_hall=_city_hall(),  # the city hall whose statement is imported
                                     currency=entry.currency, status=Status.CONFIRMED, settled_at=now, checked_at=now,
                                     provider_reference=entry.transaction_id[:80])
    PaymentLine.objects.create(payment=payment, source=item.source, reference=item.reference, label=item.label,
                               amount=item.amount)
    audit(actor=actor, action="payment.confirmed", target=payment, ip_address=ip, via="extras de cont",  # i18n: ro (a record: audit, providers' log, bank statement)
          order_id=payment.order_id, amount=str(payment.amount), transaction_id=entry.transaction_id)
    record_event("payment.settled", payment, payment_id=payment.pk, party_id=payment.party_id, provider="transfer",
                 amount=payment.amount, paid_at=now)
    return payment
