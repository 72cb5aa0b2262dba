"""Every change of the parking subscriptions goes through this module.

    save_zone, save_type  the parking department keeps the zones and the subscription types (the admin)
    buy                   a subscription for a plate, a zone's type and a start date; it waits in the basket
    renew                 the next period of a paid subscription, from the day after it ends
    apply_payment         a confirmed payment makes the subscription paid (idempotent, from `payment.settled`)
    lapse                 an unpaid subscription past its time to be paid is cancelled; the plate is free again
    remind                the holder is told by e-mail, once, that the subscription ends soon
    check_plate           an inspector asks whether a plate may park in a zone today (an audit entry each time)

Each function runs in one transaction, locks the row it changes (a purchase locks its zone, so two purchases
for the same plate and zone never both pass the overlap check), writes an audit entry and records the event
of the change (`parking.<action>`). Nothing slow happens under these locks.
"""

import logging
import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from primaria.audit.services import record as audit
from primaria.core import rules
from primaria.core.errors import DomainError
from primaria.core.phrases import phrase
from primaria.notifications.services import notify
from primaria.outbox.services import record as record_event

from . import periods, plates, selectors
from .models import Period, Status, Subscription, SubscriptionType, Zone

logger = logging.getLogger(__name__)

MAX_DAYS_AHEAD = 90


def _fold(text: str) -> str:
    """Lower case without diacritics or punctuation, spaces run together: how addresses are compared."""
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    return " ".join("".join(ch if ch.isalnum() else " " for ch in text).split())


def require_department(actor):
    if not (rules.parking_inspector(actor) or getattr(actor, "is_superuser", False)):
        raise PermissionDenied(_("Doar Serviciul Parcări modifică zonele și abonamentele."))


# --- zones and types (the admin) ----------------------------------------------------------------------------


def check_zone(zone: Zone) -> None:
    """Checks a zone of its city hall (by default the one the request serves): its code is unique there."""
    errors = {}
    if zone.institution_id is None:
        zone.institution = selectors.city_hall()
    zone.code = (zone.code or "").strip().upper()
    zone.name = (zone.name or "").strip()
    if not zone.code or not all(ch.isalnum() or ch == "-" for ch in zone.code):
        errors["code"] = _("Codul zonei are doar litere, cifre și cratimă, de exemplu „Z1” sau „R-CENTRU”.")
    elif Zone.objects.filter(institution=zone.institution, code=zone.code).exclude(pk=zone.pk).exists():
        errors["code"] = _("Există deja zona „%(code)s”.") % {"code": zone.code}
    if not zone.name:
        errors["name"] = _("Scrieți denumirea zonei.")
    if zone.residential and not zone.street_names():
        errors["streets"] = _("O zonă de rezidență are cel puțin o stradă (câte una pe rând).")
    if errors:
        raise DomainError(errors)


def save_zone(*, actor, zone: Zone, ip=None) -> Zone:
    require_department(actor)
    check_zone(zone)
    with transaction.atomic():
        created = zone.pk is None
        if not created:
            Zone.objects.select_for_update().get(pk=zone.pk)
        try:
            with transaction.atomic():
                zone.save()
        except IntegrityError:  # the same code was saved at the same moment
            raise DomainError({"code": _("Există deja zona „%(code)s”.") % {"code": zone.code}})
        audit(actor=actor, action="parking.zone_saved", target=zone, ip_address=ip, code=zone.code,
              created=created, active=zone.active)
        record_event("parking.zone_saved", zone, zone_id=zone.pk, code=zone.code)
    return zone


def check_type(subscription_type: SubscriptionType) -> None:
    errors = {}
    subscription_type.name = (subscription_type.name or "").strip()
    if not subscription_type.name:
        errors["name"] = _("Scrieți denumirea abonamentului, de exemplu „Abonament rezident”.")
    if subscription_type.period not in Period.values:
        errors["period"] = _("Alegeți valabilitatea: o lună, trei luni sau un an.")
    if subscription_type.price is None or subscription_type.price <= 0:
        errors["price"] = _("Prețul este o sumă mai mare decât zero, în lei.")
    zone = subscription_type.zone if subscription_type.zone_id else None
    if subscription_type.residents_only and zone is not None and not zone.residential:
        errors["residents_only"] = _("Abonamentele doar pentru locatari se vând într-o zonă de rezidență.")
    if errors:
        raise DomainError(errors)


def save_type(*, actor, subscription_type: SubscriptionType, ip=None) -> SubscriptionType:
    require_department(actor)
    check_type(subscription_type)
    with transaction.atomic():
        created = subscription_type.pk is None
        if not created:
            SubscriptionType.objects.select_for_update().get(pk=subscription_type.pk)
        subscription_type.save()
        audit(actor=actor, action="parking.type_saved", target=subscription_type, ip_address=ip,
              zone=subscription_type.zone.code, price=str(subscription_type.price),
              period=subscription_type.period, created=created, active=subscription_type.active)
        record_event("parking.type_saved", subscription_type, type_id=subscription_type.pk)
    return subscription_type


# --- buying, renewing --------------------------------------------------------------------------------------


def _clean_plate(text) -> str:
    try:
        return plates.clean_plate(text)
    except ValidationError as exc:
        raise DomainError({"plate": exc.messages[0]}) from exc


def _check_eligibility(party, subscription_type, *, address: str, declared: bool, proof_confirmed: bool) -> dict:
    from primaria.accounts.models import PartyKind

    errors = {}
    if subscription_type.residents_only:
        if party.kind != PartyKind.PERSON:
            errors["type"] = (_("Abonamentul de rezident se eliberează doar persoanelor fizice care locuiesc în zonă; "
                              "o firmă cumpără un abonament obișnuit."))
        elif not address:
            errors["address"] = _("Scrieți adresa de domiciliu din zonă (strada și numărul).")
        elif not any(_fold(street) and _fold(street) in _fold(address)
                     for street in subscription_type.zone.street_names()):
            errors["address"] = _("Adresa nu este pe o stradă a zonei %(zone)s. Străzile zonei: %(streets)s.") % {
                "zone": subscription_type.zone.code, "streets": ", ".join(subscription_type.zone.street_names())}
        elif not declared:
            errors["declared"] = _("Confirmați pe propria răspundere că locuiți la adresa declarată.")
    if subscription_type.proof and not proof_confirmed:
        errors["proof"] = _("Confirmați că veți prezenta la control: %(proof)s.") % {"proof": subscription_type.proof}
    return errors


def _overlap_message(found: Subscription) -> str:
    values = {"plate": found.plate_display, "zone": found.zone.code, "starts_on": f"{found.starts_on:%d.%m.%Y}",
              "ends_on": f"{found.ends_on:%d.%m.%Y}"}
    if found.status == Status.PAID:
        return _("Numărul %(plate)s are deja un abonament plătit în zona %(zone)s pentru %(starts_on)s–%(ends_on)s. "
                 "Alegeți o dată de început după %(ends_on)s sau reînnoiți abonamentul existent.") % values
    return _("Numărul %(plate)s are deja un abonament care așteaptă plata în zona %(zone)s pentru "
             "%(starts_on)s–%(ends_on)s. Alegeți o dată de început după %(ends_on)s sau reînnoiți abonamentul "
             "existent.") % values


def _create(*, actor, party, plate, subscription_type, starts_on, address="", renewal_of=None, ip=None):
    """In the caller's transaction, with the zone locked: the overlap check and the new subscription."""
    ends_on = periods.period_end(starts_on, subscription_type.period)
    found = selectors.blocking(plate, subscription_type.zone, starts_on, ends_on).select_related("zone").first()
    if found is not None:
        raise DomainError({"starts_on": _overlap_message(found)} if renewal_of is None else _overlap_message(found))
    now = timezone.now()
    subscription = Subscription.objects.create(
        party=party, bought_by=actor if getattr(actor, "is_authenticated", False) else None, plate=plate,
        zone=subscription_type.zone, type=subscription_type, price=subscription_type.price, starts_on=starts_on,
        ends_on=ends_on, address=address[:300], renewal_of=renewal_of, created_at=now,
        pay_by=now + timedelta(hours=settings.PRIMARIA_PARKING_PAY_HOURS))
    action = "parking.renewal_requested" if renewal_of else "parking.subscription_requested"
    audit(actor=actor, action=action, target=subscription, ip_address=ip, plate=plate, zone=subscription.zone.code,
          type=subscription_type.pk, price=str(subscription.price), starts_on=starts_on.isoformat(),
          ends_on=ends_on.isoformat(), party=party.pk, renewal_of=renewal_of.pk if renewal_of else None)
    record_event(action, subscription, subscription_id=subscription.pk, party_id=party.pk,
                 reference=subscription.reference, amount=subscription.price)
    return subscription


def buy(*, actor, party, plate: str, type_id, starts_on: date | None, address: str = "", declared: bool = False,
        proof_confirmed: bool = False, ip=None) -> Subscription:
    """A subscription for `plate` of the type `type_id`, from `starts_on`; it waits in the payer's basket."""
    rules.require(actor, party, "act_for")
    errors = {}
    try:
        plate = _clean_plate(plate)
    except DomainError as exc:
        errors.update(exc.message_dict)
    subscription_type = (selectors.types_on_sale()
                         .filter(pk=type_id if str(type_id or "").isdigit() else None).first())
    if subscription_type is None:
        errors["type"] = _("Alegeți zona și tipul abonamentului.")
    today = timezone.localdate()
    if starts_on is None:
        errors.setdefault("starts_on", _("Scrieți data de început a abonamentului, de exemplu 1 12 2026."))
    elif starts_on < today:
        errors["starts_on"] = _("Abonamentul nu poate începe în trecut; alegeți azi sau o zi următoare.")
    elif starts_on > today + timedelta(days=MAX_DAYS_AHEAD):
        errors["starts_on"] = _("Abonamentul se cumpără cu cel mult %(days)s de zile înainte de început.") % {
            "days": MAX_DAYS_AHEAD}
    address = " ".join((address or "").split())
    if subscription_type is not None:
        errors.update({k: v for k, v in _check_eligibility(
            party, subscription_type, address=address, declared=declared, proof_confirmed=proof_confirmed).items()
            if k not in errors})
    if errors:
        raise DomainError(errors)
    with transaction.atomic():
        Zone.objects.select_for_update().get(pk=subscription_type.zone_id)  # one purchase at a time per zone
        return _create(actor=actor, party=party, plate=plate, subscription_type=subscription_type,
                       starts_on=starts_on, address=address if subscription_type.residents_only else "", ip=ip)


def can_renew(subscription: Subscription, today=None) -> bool:
    today = today or timezone.localdate()
    return (subscription.status == Status.PAID and subscription.ends_on >= today and subscription.type.active
            and subscription.zone.active)


def renew(*, actor, subscription_id, ip=None) -> Subscription:
    """The next period of a paid subscription, from the day after it ends, at the type's current price."""
    with transaction.atomic():
        current = Subscription.objects.select_related("zone", "type", "party").get(pk=subscription_id)
        rules.require(actor, current.party, "act_for")
        Zone.objects.select_for_update().get(pk=current.zone_id)
        current = Subscription.objects.select_for_update().select_related("zone", "type", "party").get(pk=current.pk)
        if current.status != Status.PAID:
            raise DomainError(_("Se reînnoiește doar un abonament plătit."))
        if current.ends_on < timezone.localdate():
            raise DomainError(_("Abonamentul s-a încheiat; cumpărați unul nou."))
        if not (current.type.active and current.zone.active):
            raise DomainError(_("Acest tip de abonament nu se mai vinde; alegeți altul."))
        return _create(actor=actor, party=current.party, plate=current.plate, subscription_type=current.type,
                       starts_on=current.ends_on + timedelta(days=1), address=current.address, renewal_of=current,
                       ip=ip)


# --- payment, lapse, reminder ------------------------------------------------------------------------------


def apply_payment(*, payment_id: int, reference: str, amount: Decimal, paid_at) -> Subscription:
    """A confirmed payment of the subscription `reference`: it becomes paid, once. Called by the handler of
    `payment.settled` (at least once): a repeat of the same payment changes nothing."""
    found = selectors.subscription_by_reference(reference)
    if found is None:
        raise ValueError(f"Referință necunoscută pentru abonament-parcare: {reference!r}")  # i18n: ro (internal error)
    with transaction.atomic():
        Zone.objects.select_for_update().get(pk=found.zone_id)
        subscription = Subscription.objects.select_for_update().select_related("zone", "type").get(pk=found.pk)
        if subscription.payment_id is not None:
            if subscription.payment_id != payment_id:
                logger.warning("Abonamentul %s a fost plătit de două ori (plățile %s și %s); a doua se rambursează "
                               "din birou.", subscription.reference, subscription.payment_id, payment_id)
            return subscription
        subscription.payment_id, subscription.paid_at = payment_id, paid_at
        clash = (selectors.blocking(subscription.plate, subscription.zone, subscription.starts_on,
                                    subscription.ends_on).exclude(pk=subscription.pk).first())
        if clash is not None:
            # Paid after its time to be paid, and the period was taken meanwhile: the money is returned from the
            # office (the tax office's refunds).
            subscription.status = Status.REFUSED
            note = phrase(gettext_noop("Plătit după anulare, perioada fiind ocupată de abonamentul %(reference)s; "
                                       "suma se rambursează."), reference=clash.reference)
            for name, value in note.fields("note", limit=300).items():
                setattr(subscription, name, value)
            action = "parking.subscription_refused"
        else:
            subscription.status, subscription.closed_at = Status.PAID, None
            action = "parking.subscription_paid"
        subscription.save(update_fields=["payment", "paid_at", "status", "note", "note_key", "note_params", "closed_at"])
        address, user = _recipient(subscription)
        notify(address=address, recipient=user, related=subscription,
               template="parking_paid" if subscription.status == Status.PAID else "parking_refused",
               context={"subscription": subscription, "plate": subscription.plate_display,
                        "starts_on": f"{subscription.starts_on:%d.%m.%Y}", "ends_on": f"{subscription.ends_on:%d.%m.%Y}",
                        "name": subscription.party.name})
        audit(actor=None, action=action, target=subscription, payment=payment_id, amount=str(amount),
              plate=subscription.plate, zone=subscription.zone.code)
        record_event(action, subscription, subscription_id=subscription.pk, payment_id=payment_id,
                     party_id=subscription.party_id)
    return subscription


def lapse(*, subscription_id) -> Subscription | None:
    """An unpaid subscription past its time to be paid is cancelled, unless a payment for it is under way (the
    payments job settles or cancels that one first)."""
    from primaria.payments.models import OPEN_STATUSES, PaymentLine

    from .payables import SOURCE

    with transaction.atomic():
        subscription = Subscription.objects.select_for_update().get(pk=subscription_id)
        if subscription.status != Status.PENDING or subscription.pay_by > timezone.now():
            return None
        if PaymentLine.objects.filter(source=SOURCE, reference=subscription.reference,
                                      payment__status__in=OPEN_STATUSES).exists():
            return None
        subscription.status, subscription.closed_at = Status.LAPSED, timezone.now()
        subscription.save(update_fields=["status", "closed_at"])
        audit(actor=None, action="parking.subscription_lapsed", target=subscription, plate=subscription.plate)
        record_event("parking.subscription_lapsed", subscription, subscription_id=subscription.pk)
    return subscription


def _recipient(subscription):
    party = subscription.party
    user = party.user if party.user_id else subscription.bought_by
    return (party.email or (user.email if user else "")), user


def remind(*, subscription_id) -> Subscription | None:
    """Tell the holder, once, that the subscription ends soon and how to renew it."""
    with transaction.atomic():
        subscription = (Subscription.objects.select_for_update().select_related("zone", "type", "party")
                        .get(pk=subscription_id))
        if subscription.status != Status.PAID or subscription.reminded_at is not None:
            return None
        subscription.reminded_at = timezone.now()
        subscription.save(update_fields=["reminded_at"])
        address, user = _recipient(subscription)
        notify(address=address, recipient=user, template="parking_renewal", related=subscription,
               city_hall=subscription.zone.institution,
               context={"subscription": subscription, "plate": subscription.plate_display,
                        "ends_on": f"{subscription.ends_on:%d.%m.%Y}", "name": subscription.party.name})
        audit(actor=None, action="parking.reminded", target=subscription, address=address)
        record_event("parking.reminded", subscription, subscription_id=subscription.pk)
    return subscription


# --- the inspector's check ----------------------------------------------------------------------------------


@dataclass
class Coverage:
    zone_code: str
    zone_name: str
    type_name: str
    starts_on: date
    ends_on: date


@dataclass
class CheckResult:
    plate: str
    zone: Zone | None
    valid: bool
    message: str
    covering: list = field(default_factory=list)  # valid today in the zone asked (or in any zone)
    elsewhere: list = field(default_factory=list)  # valid today in other zones


def _coverage(subscription) -> Coverage:
    return Coverage(subscription.zone.code, subscription.zone.name, subscription.type.name, subscription.starts_on,
                    subscription.ends_on)


def check_plate(*, actor, plate: str, zone_code: str = "", ip=None) -> CheckResult:
    """Whether a paid subscription covers `plate` today (in the zone `zone_code`, or in any zone). The answer
    names zones and dates only, never the holder. Every check is written in the audit log."""
    if not rules.parking_inspector(actor):
        raise PermissionDenied(_("Verificarea abonamentelor este pentru inspectorii Serviciului Parcări."))
    errors = {}
    try:
        plate = _clean_plate(plate)
    except DomainError as exc:
        errors.update(exc.message_dict)
    zone = None
    if zone_code:
        zone = selectors.zones_of().filter(code=zone_code.strip().upper()).first()
        if zone is None:
            errors["zone"] = _("Alegeți o zonă din listă.")
    if errors:
        raise DomainError(errors)
    today = timezone.localdate()
    paid = list(selectors.paid_for_plate(plate).order_by("-ends_on"))
    current = [s for s in paid if s.starts_on <= today <= s.ends_on]
    covering = [_coverage(s) for s in current if zone is None or s.zone_id == zone.pk]
    elsewhere = [_coverage(s) for s in current if zone is not None and s.zone_id != zone.pk]
    shown = plates.display(plate)
    values = {"plate": shown, "zone": zone.code if zone else ""}
    if covering:
        best = max(covering, key=lambda c: c.ends_on)
        values.update(zone=zone.code if zone else best.zone_code, date=f"{best.ends_on:%d.%m.%Y}")
        message = _("%(plate)s are abonament valabil în zona %(zone)s până la %(date)s.") % values
        outcome = "valid"
    else:
        mine = [s for s in paid if zone is None or s.zone_id == zone.pk]
        ended = next((s for s in mine if s.ends_on < today), None)
        upcoming = min((s for s in mine if s.starts_on > today), key=lambda s: s.starts_on, default=None)
        if upcoming is not None:
            values["date"] = f"{upcoming.starts_on:%d.%m.%Y}"
            message = (_("%(plate)s nu are abonament valabil azi în zona %(zone)s: abonamentul începe la %(date)s.")
                       if zone else _("%(plate)s nu are abonament valabil azi: abonamentul începe la %(date)s.")) % values
            outcome = "not_yet"
        elif ended is not None:
            values["date"] = f"{ended.ends_on:%d.%m.%Y}"
            message = (_("%(plate)s nu are abonament valabil în zona %(zone)s: abonamentul a expirat la %(date)s.")
                       if zone else _("%(plate)s nu are abonament valabil: abonamentul a expirat la %(date)s.")) % values
            outcome = "expired"
        else:
            message = (_("%(plate)s nu are abonament în zona %(zone)s.") if zone
                       else _("%(plate)s nu are abonament.")) % values
            outcome = "none"
    with transaction.atomic():
        audit(actor=actor, action="parking.checked", target=zone, ip_address=ip, plate=plate,
              zone=zone.code if zone else "", outcome=outcome)
    return CheckResult(plate=shown, zone=zone, valid=bool(covering), message=message, covering=covering,
                       elsewhere=elsewhere)
