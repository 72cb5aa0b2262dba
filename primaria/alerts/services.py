"""The one way local alerts and subscriptions change.

    save_draft          an official drafts an alert (or edits the draft): topic, title, description, the area or
                        line (drawn, picked from districts and streets, or pasted GeoJSON), period, department
    publish             the draft becomes public (version 1) and subscribers are told
    update              a published alert changes (a new version); subscribers are told what changed
    close               it ends early or is cancelled, with the reason; subscribers are told
    subscribe           a resident (an area, an address with a radius, or a district; topics; channels) or,
                        without an account, an e-mail address that confirms by a link (double opt-in)
    confirm_subscription, unsubscribe, delete_subscription
    request_phone_code, confirm_phone   a mobile number for SMS, confirmed by a code sent by SMS
    deliver             (the outbox handler) one notice per matching subscriber and channel, exactly once

Alerts and subscriptions belong to the city hall whose site they were made on (`main_institution()`): its
districts and boundary are the ones offered and checked, its subscribers the only ones an alert reaches, and the
links of its messages are written with its address (`tenancy.site_url`).

Each change is one transaction that locks what it changes, writes an audit entry and records its `alert.*` or
`alert_subscription.*` event; messages are stored as notifications and sent by the outbox's worker.
"""

import datetime
import hashlib
import hmac
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from primaria.audit.services import record as audit
from primaria.core import rules
from primaria.core.errors import DomainError
from primaria.core.phrases import phrase
from primaria.core.validators import typed_int
from primaria.institutions import tenancy
from primaria.institutions.selectors import main_institution
from primaria.notifications.services import message_language, notify, page_language
from primaria.notifications.sms import normalise_mobile
from primaria.outbox.services import record as record_event
from primaria.reports import geo
from primaria.reports import services as reports

from . import changes as change_lines
from . import geometry, selectors
from .models import (
    Alert,
    AlertNotice,
    AlertStatus,
    AlertVersion,
    Channel,
    Phone,
    Subscription,
    SubscriptionKind,
    Topic,
)
from .rules import departments_for

RADIUS_CHOICES = (100, 250, 500, 1000)
MAX_SUBSCRIPTIONS = 20
CODE_TTL = datetime.timedelta(minutes=15)
CODE_ATTEMPTS = 5
CONFIRM_TTL = datetime.timedelta(days=7)
# The fields whose change is told to the subscribers (`changes.describe` words each one).
FIELD_LABELS = ("topic", "title", "description", "geometry", "starts_at", "ends_at", "department")


def _city_hall():
    """The city hall the request serves: what is made here belongs to it."""
    city_hall = main_institution()
    if city_hall is None:
        raise DomainError(_("Nicio primărie nu este configurată pe acest site."))
    return city_hall


def _boundary(city_hall):
    limit = reports.boundary(city_hall)
    return limit.geometry if limit is not None else None


def _districts(city_hall):
    """The districts of `city_hall` (the reports' map areas): the ones offered to subscribe to and to draw on."""
    return reports.districts(city_hall)


def district_choices(city_hall=None) -> list:
    """The districts a page offers: those of `city_hall`, by default of the one the request serves."""
    city_hall = city_hall or main_institution()
    return list(_districts(city_hall)) if city_hall is not None else []


def _id(value) -> int | None:
    """A positive whole number typed on a page or sent to the API (text or a JSON number); None otherwise."""
    if isinstance(value, bool) or value is None:
        return None
    return typed_int(str(value), positive=True)


def _texts(values) -> list:
    """The texts of a list given by a page or the API (anything else: none)."""
    return [v for v in values if isinstance(v, str)] if isinstance(values, list | tuple) else []


def _url(city_hall, path: str) -> str:
    """An absolute link to `path` on the site of `city_hall` (messages are read outside any request)."""
    return tenancy.site_url(city_hall).rstrip("/") + path


# --- the shape of an alert --------------------------------------------------------------------------------------


def compose_geometry(*, geojson: str = "", district_codes=(), street_names=(), city_hall=None) -> dict | None:
    """The alert's shape from the page: the drawn or pasted GeoJSON, plus the districts (of the city hall the
    request serves, or `city_hall`) and streets picked from the city's base layer (the form without JavaScript).
    None when nothing was given."""
    parts = []
    if (geojson or "").strip():
        try:
            parts.append(geometry.read(geojson).geojson())
        except geometry.InvalidShape as error:
            raise DomainError({"geometry": str(error)}) from None
    city_hall = city_hall or _city_hall()
    codes = [str(code) for code in district_codes]
    if codes:
        for area in _districts(city_hall).filter(code__in=codes):
            parts.append(area.geometry)
    streets = dict(reports._streets(city_hall))
    for name in street_names:
        if name in streets:
            parts.append({"type": "LineString", "coordinates": streets[name]})
    if not parts:
        return None
    try:
        return geometry.read({"type": "GeometryCollection", "geometries": parts}).geojson()
    except geometry.InvalidShape as error:
        raise DomainError({"geometry": str(error)}) from None


def _when(value, field: str, errors: dict):
    if isinstance(value, datetime.datetime):
        moment = value
    else:
        moment = parse_datetime(str(value or "").strip())
        if moment is None:
            errors[field] = _("Scrieți data și ora, de exemplu 15.12.2026 08:00.")
            return None
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def _clean(actor, *, city_hall, topic, title, description, geometry_value, starts_at, ends_at,
           department_id) -> dict:
    errors = {}
    if topic not in Topic.values:
        errors["topic"] = _("Alegeți subiectul alertei.")
    title = " ".join((title or "").split())
    if not 5 <= len(title) <= 200:
        errors["title"] = _("Titlul are între 5 și 200 de caractere.")
    description = (description or "").strip()
    if not 10 <= len(description) <= 4000:
        errors["description"] = _("Descrierea are între 10 și 4000 de caractere.")
    shape = None
    if not geometry_value:
        errors["geometry"] = _("Desenați zona sau traseul pe hartă, alegeți cartiere sau străzi, ori lipiți "
                                "geometria GeoJSON.")
    else:
        try:
            shape = geometry.validate(geometry_value, boundary=_boundary(city_hall))
        except DomainError as error:
            errors.update(error.message_dict and {k: v[0] for k, v in error.message_dict.items()})
    start, end = _when(starts_at, "starts_at", errors), _when(ends_at, "ends_at", errors)
    if start and end and end <= start:
        errors["ends_at"] = _("Sfârșitul este după început.")
    department_pk = _id(department_id)
    department = departments_for(actor).filter(pk=department_pk).first() if department_pk else None
    if department is not None and department.institution_id not in tenancy.institution_ids(city_hall):
        department = None
    if department is None:
        errors["department"] = _("Alegeți compartimentul emitent dintre cele în care lucrați.")
    if errors:
        raise DomainError(errors)
    south, north, west, east = shape.bbox()
    return {"topic": topic, "title": title, "description": description, "geometry": shape.geojson(),
            "min_lat": south, "max_lat": north, "min_lon": west, "max_lon": east,
            "starts_at": start, "ends_at": end, "department": department}


def _snapshot(alert) -> dict:
    return {"topic": alert.topic, "title": alert.title, "description": alert.description, "geometry": alert.geometry,
            "starts_at": alert.starts_at.isoformat(), "ends_at": alert.ends_at.isoformat(),
            "department": alert.department_id, "status": alert.status}


# --- the official's side ------------------------------------------------------------------------------------------


def save_draft(*, actor, alert_id=None, topic, title, description, geometry_value, starts_at, ends_at,
               department_id, ip=None) -> Alert:
    rules.require(actor, Alert, "publish")
    city_hall = _city_hall()
    values = _clean(actor, city_hall=city_hall, topic=topic, title=title, description=description,
                    geometry_value=geometry_value, starts_at=starts_at, ends_at=ends_at, department_id=department_id)
    with transaction.atomic():
        if alert_id is None:
            alert = Alert.objects.create(created_by=actor, status=AlertStatus.DRAFT, city_hall=city_hall, **values)
        else:
            alert = Alert.objects.select_for_update().get(pk=alert_id)
            rules.require(actor, alert, "publish")
            if alert.status != AlertStatus.DRAFT:
                raise DomainError(_("Alerta este publicată: schimbările se fac prin „Actualizează”."))
            for key, value in values.items():
                setattr(alert, key, value)
            alert.save()
        audit(actor=actor, action="alerts.draft", target=alert, ip_address=ip, topic=alert.topic)
        record_event("alert.drafted", alert, alert_id=alert.pk)
    return alert


def publish(*, actor, alert_id, ip=None) -> Alert:
    with transaction.atomic():
        alert = Alert.objects.select_for_update().get(pk=alert_id)
        rules.require(actor, alert, "publish")
        if alert.status != AlertStatus.DRAFT:
            raise DomainError(_("Alerta este deja publicată."))
        if alert.ends_at <= timezone.now():
            raise DomainError({"ends_at": _("Perioada alertei s-a încheiat deja; corectați sfârșitul înainte de publicare.")})
        now = timezone.now()
        alert.status, alert.version, alert.published_at, alert.updated_at = AlertStatus.PUBLISHED, 1, now, now
        alert.save(update_fields=["status", "version", "published_at", "updated_at"])
        AlertVersion.objects.create(alert=alert, version=1, action="publish", at=now, actor=actor,
                                    snapshot=_snapshot(alert))
        audit(actor=actor, action="alerts.publish", target=alert, ip_address=ip, topic=alert.topic)
        record_event("alert.published", alert, alert_id=alert.pk, version=1, action="publish")
    return alert


def update(*, actor, alert_id, topic, title, description, geometry_value, starts_at, ends_at, department_id,
           note="", ip=None) -> Alert:
    """A published alert changes: a new version, and the subscribers are told what changed (the area's own
    subscribers and those of the new area)."""
    values = _clean(actor, city_hall=_city_hall(), topic=topic, title=title, description=description,
                    geometry_value=geometry_value, starts_at=starts_at, ends_at=ends_at, department_id=department_id)
    note = " ".join((note or "").split())[:500]
    with transaction.atomic():
        alert = Alert.objects.select_for_update().get(pk=alert_id)
        rules.require(actor, alert, "publish")
        if alert.status != AlertStatus.PUBLISHED:
            raise DomainError(_("Alerta este „%(status)s”; nu se mai actualizează.") % {
                "status": alert.get_status_display()})
        changed = []
        for key, value in values.items():
            current = getattr(alert, key)
            if key in FIELD_LABELS and current != value:
                changed.append(key)
            setattr(alert, key, value)
        if not changed:
            raise DomainError(_("Nu ați schimbat nimic în alertă."))
        now = timezone.now()
        alert.version += 1
        alert.updated_at = now
        alert.save()
        items = changed_items(changed, alert)
        AlertVersion.objects.create(alert=alert, version=alert.version, action="update", at=now, actor=actor,
                                    changes=change_lines.romanian(items, note),
                                    changes_params={"changed": items, "note": note}, snapshot=_snapshot(alert))
        audit(actor=actor, action="alerts.update", target=alert, ip_address=ip, changed=changed)
        record_event("alert.updated", alert, alert_id=alert.pk, version=alert.version, action="update")
    return alert


def changed_items(changed: list, alert) -> list[dict]:
    """The changed fields with their new values, as kept beside the version (`changes.describe` words them)."""
    items = []
    for key in changed:
        if key in ("starts_at", "ends_at"):
            items.append({"field": key, "value": f"{timezone.localtime(getattr(alert, key)):%d.%m.%Y %H:%M}"})
        elif key in ("topic", "title"):
            items.append({"field": key, "value": getattr(alert, key)})
        else:
            items.append({"field": key})
    return items


def describe_changes(changed: list, alert) -> str:
    """What changed, in the active language."""
    return change_lines.describe(changed_items(changed, alert))


def close(*, actor, alert_id, cancel: bool, reason: str, ip=None) -> Alert:
    """End the alert early (the works are done, the water is back) or cancel it (it will not happen)."""
    reason = " ".join((reason or "").split())
    if not 5 <= len(reason) <= 500:
        raise DomainError({"reason": _("Scrieți motivul, între 5 și 500 de caractere.")})
    with transaction.atomic():
        alert = Alert.objects.select_for_update().get(pk=alert_id)
        rules.require(actor, alert, "publish")
        if alert.status != AlertStatus.PUBLISHED:
            raise DomainError(_("Alerta este „%(status)s”.") % {"status": alert.get_status_display()})
        now = timezone.now()
        action = "cancel" if cancel else "end"
        alert.status = AlertStatus.CANCELLED if cancel else AlertStatus.ENDED
        alert.version += 1
        alert.closed_at, alert.close_reason, alert.updated_at = now, reason, now
        if not cancel and alert.ends_at > now:
            alert.ends_at = now
        alert.save()
        line = phrase(gettext_noop("Alerta a fost anulată: %(reason)s") if cancel
                      else gettext_noop("Alerta s-a încheiat: %(reason)s"), reason=reason)
        AlertVersion.objects.create(alert=alert, version=alert.version, action=action, at=now, actor=actor,
                                    snapshot=_snapshot(alert), **line.fields("changes"))
        audit(actor=actor, action=f"alerts.{action}", target=alert, ip_address=ip, reason=reason)
        record_event(f"alert.{'cancelled' if cancel else 'ended'}", alert, alert_id=alert.pk, version=alert.version,
                     action=action)
    return alert


# --- delivery (the outbox handler) ------------------------------------------------------------------------------


def deliver(alert_id: int, version: int) -> int:
    """One notice per matching subscriber and channel for this version of the alert; a repeat finds the notices
    already made (`AlertNotice`, unique) and makes none. Returns how many were made. Only the subscribers of the
    alert's own city hall are matched, and the work runs as a request to it (its name, its address)."""
    alert = Alert.objects.select_related("department__institution", "city_hall").get(pk=alert_id)
    with tenancy.serving(alert.city_hall):
        return _deliver(alert, version)


def _deliver(alert, version: int) -> int:
    entry = AlertVersion.objects.filter(alert=alert, version=version).first()
    if entry is None:
        return 0
    done = set(AlertNotice.objects.filter(alert=alert, version=version).values_list("subscriber", "channel"))
    made = 0
    shape = geometry.read(entry.snapshot.get("geometry") or alert.geometry)
    previous = AlertVersion.objects.filter(alert=alert, version__lt=version).order_by("-version").first()
    shapes = [shape]
    if previous is not None and previous.snapshot.get("geometry") != entry.snapshot.get("geometry"):
        shapes.append(geometry.read(previous.snapshot["geometry"]))  # who was told before hears of the change
    topic = entry.snapshot.get("topic", alert.topic)
    seen = set()
    # Subscriptions in force when this version was published: one made later does not get an old notice.
    for subscription in selectors.matching_subscriptions(shapes, topic, city_hall=alert.city_hall,
                                                         confirmed_by=entry.at):
        for channel in subscription.channels:
            key = (subscription.subscriber_key, channel)
            if key in done or key in seen:
                continue
            seen.add(key)
            if not _reachable(subscription, channel):
                continue
            try:
                with transaction.atomic():
                    notice = AlertNotice.objects.create(alert=alert, version=version, subscriber=key[0],
                                                        channel=channel)
            except IntegrityError:  # another run made it first
                continue
            notice.notification = _notice(alert, entry, subscription, channel)
            notice.save(update_fields=["notification"])
            made += 1
    return made


def _reachable(subscription, channel) -> bool:
    if channel == Channel.INAPP:
        return subscription.user_id is not None
    if channel == Channel.SMS:
        return subscription.phone_id is not None and subscription.phone.confirmed
    return channel == Channel.EMAIL and bool(subscription.user_id or subscription.email)


def _notice(alert, entry, subscription, channel):
    """The message of one version to one subscriber: data only (the template words it in the message's language,
    the account's or, without an account, the subscription's)."""
    start, end = timezone.localtime(alert.starts_at), timezone.localtime(alert.ends_at)
    context = {"action": entry.action, "title": entry.snapshot.get("title", alert.title),
               "topic": entry.snapshot.get("topic", alert.topic), "description": alert.description,
               "version": entry, "period": f"{start:%d.%m.%Y %H:%M} – {end:%d.%m.%Y %H:%M}",
               "department": f"{alert.department.name}, {alert.department.institution.name}",
               "link": _url(alert.city_hall, alert.get_absolute_url()), "area": subscription.label,
               "kind": subscription.kind,
               "unsubscribe_url": _url(alert.city_hall, reverse("alerts:unsubscribe",
                                                                args=[subscription.unsubscribe_token]))}
    user = subscription.user
    language = "" if user else subscription.language
    if channel == Channel.EMAIL:
        address = user.email if user else subscription.email
        return notify(address=address, template="alerts/alert", context=context, recipient=user, related=alert,
                      language=language)
    if channel == Channel.INAPP:
        return notify(address=user.email, template="alerts/alert", context=context, recipient=user, related=alert,
                      channel="inapp")
    return notify(address=subscription.phone.number, template="alerts/alert_sms", context=context, recipient=user,
                  related=alert, channel="sms")


# --- subscriptions ----------------------------------------------------------------------------------------------


def subscribe(*, actor, kind, topics, channels, label="", geojson="", address="", radius_m=None, district_id=None,
              phone_id=None, email="", ip=None, language="") -> Subscription:
    """A subscription of the actor's account, or (no account) of an e-mail address, pending until the link sent
    there is followed. Every wrong value gets its message and nothing is saved. The subscription keeps `language`
    (by default the page's): its messages are written in it. It belongs to the city hall the request serves: its
    area lies within that city hall's boundary, its district is one of that city hall's."""
    city_hall = _city_hall()
    limit = _boundary(city_hall)
    user = actor if getattr(actor, "is_authenticated", False) else None
    errors, values = {}, {}
    label = " ".join(str(label or "").split())[:120]
    topics = [t for t in dict.fromkeys(_texts(topics)) if t in Topic.values]
    if not topics:
        errors["topics"] = _("Alegeți cel puțin un subiect.")
    channels = [c for c in dict.fromkeys(_texts(channels)) if c in Channel.values]
    if user is None:
        channels = [Channel.EMAIL]
        email = str(email or "").strip().lower()
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = _("Scrieți o adresă de e-mail validă, de exemplu nume@exemplu.ro.")
    elif not channels:
        errors["channels"] = _("Alegeți cel puțin un canal prin care primiți alertele.")
    phone = None
    if user is not None and Channel.SMS in channels:
        phone_pk = _id(phone_id)
        phone = Phone.objects.filter(pk=phone_pk, user=user, confirmed_at__isnull=False).first() \
            if phone_pk else None
        if phone is None:
            errors["phone"] = _("Pentru SMS alegeți un număr de mobil confirmat (îl confirmați cu codul primit prin SMS).")
    if kind == SubscriptionKind.AREA:
        try:
            shape = geometry.validate(geojson, boundary=limit, polygons_only=True)
        except DomainError as error:
            errors["geometry"] = error.message_dict.get("geometry", [_("Zona nu este validă.")])[0]
        else:
            values["geometry"] = shape.geojson()
            values["min_lat"], values["max_lat"], values["min_lon"], values["max_lon"] = shape.bbox()
    elif kind == SubscriptionKind.ADDRESS:
        address = " ".join(str(address or "").split())[:250]
        radius = _id(radius_m) or 0
        if radius not in RADIUS_CHOICES:
            errors["radius_m"] = _("Alegeți raza din listă.")
        found = reports.locate_address(address, city_hall) if address else None
        if found is None:
            errors["address"] = _("Nu găsim strada pe harta localității. Scrieți numele străzii, de exemplu "
                                   "„Str. Mărășești nr. 10”.")
        elif limit is not None and not geo.contains(limit, *found):
            errors["address"] = reports.OUTSIDE
        elif radius:
            lat, lon = found
            south, north, west, east = geo.bounding_box(lat, lon, radius)
            values.update(address=address, latitude=lat, longitude=lon, radius_m=radius,
                          geometry=geometry.circle(lat, lon, radius), min_lat=south, max_lat=north, min_lon=west,
                          max_lon=east)
    elif kind == SubscriptionKind.DISTRICT:
        district_pk = _id(district_id)
        area = _districts(city_hall).filter(pk=district_pk).first() if district_pk else None
        if area is None:
            errors["district"] = _("Alegeți cartierul.")
        else:
            shape = geometry.read(area.geometry)
            values["district"], values["geometry"] = area, shape.geojson()
            values["min_lat"], values["max_lat"], values["min_lon"], values["max_lon"] = shape.bbox()
            label = label or area.name
    else:
        errors["kind"] = _("Alegeți cum descrieți zona: pe hartă, după adresă sau un cartier.")
    full = _("Aveți deja %(count)s abonări; ștergeți una înainte de a adăuga alta.") % {"count": MAX_SUBSCRIPTIONS}
    mine = Subscription.objects.filter(user=user, city_hall=city_hall)
    if user is not None and mine.count() >= MAX_SUBSCRIPTIONS:
        errors["__all__"] = full
    if errors:
        raise DomainError(errors)
    with transaction.atomic():
        if user is not None:
            # The account's row is the lock: parallel requests of one resident count one after the other.
            get_user_model().objects.select_for_update().only("pk").get(pk=user.pk)
            if mine.count() >= MAX_SUBSCRIPTIONS:
                raise DomainError({"__all__": full})
        subscription = Subscription.objects.create(
            city_hall=city_hall, user=user, email="" if user else email, label=label, kind=kind, topics=topics, channels=channels,
            phone=phone, status=Subscription.Status.ACTIVE if user else Subscription.Status.PENDING,
            language=message_language(language or page_language()),
            confirmed_at=timezone.now() if user else None, **values)
        audit(actor=user, action="alerts.subscribe", target=subscription, ip_address=ip, kind=kind, topics=topics)
        record_event("alert_subscription.created", subscription, subscription_id=subscription.pk)
        if user is None:
            notify(address=email, template="alerts/confirm", related=subscription, language=subscription.language,
                   context={"link": _url(city_hall, reverse("alerts:confirm", args=[subscription.confirm_token])),
                            "area": subscription.label, "kind": subscription.kind, "topics": list(subscription.topics),
                            "unsubscribe_url": _url(city_hall, reverse("alerts:unsubscribe",
                                                                       args=[subscription.unsubscribe_token]))})
    return subscription


def confirm_subscription(*, token: str, ip=None) -> Subscription:
    with transaction.atomic():
        subscription = selectors.served_subscriptions().select_for_update() \
            .filter(confirm_token=str(token)[:40]).first()
        if subscription is None:
            raise DomainError(_("Linkul de confirmare nu este valid sau abonarea a fost ștearsă."))
        if subscription.status == Subscription.Status.ACTIVE:
            return subscription
        if subscription.created_at < timezone.now() - CONFIRM_TTL:
            raise DomainError(_("Linkul de confirmare a expirat (7 zile). Abonați-vă din nou."))
        subscription.status, subscription.confirmed_at = Subscription.Status.ACTIVE, timezone.now()
        subscription.save(update_fields=["status", "confirmed_at"])
        audit(actor=None, action="alerts.confirm", target=subscription, ip_address=ip)
        record_event("alert_subscription.confirmed", subscription, subscription_id=subscription.pk)
    return subscription


def unsubscribe(*, token: str, ip=None) -> bool:
    """The link in every message: the subscription is deleted (it is personal data, not a record to keep)."""
    with transaction.atomic():
        subscription = selectors.served_subscriptions().select_for_update() \
            .filter(unsubscribe_token=str(token)[:40]).first()
        if subscription is None:
            return False
        _delete(subscription, actor=None, ip=ip)
    return True


def delete_subscription(*, actor, subscription_id, ip=None):
    with transaction.atomic():
        subscription_pk = _id(subscription_id)
        subscription = selectors.served_subscriptions().select_for_update().filter(pk=subscription_pk).first() \
            if subscription_pk else None
        if subscription is None:
            raise DomainError(_("Abonarea nu mai există."))
        rules.require(actor, subscription, "manage")
        _delete(subscription, actor=actor, ip=ip)


def _delete(subscription, *, actor, ip):
    audit(actor=actor, action="alerts.unsubscribe", target=subscription, ip_address=ip, kind=subscription.kind)
    record_event("alert_subscription.deleted", subscription, subscription_id=subscription.pk)
    subscription.delete()


# --- a mobile number for SMS ------------------------------------------------------------------------------------


def _code_hash(phone_pk: int, code: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), f"{phone_pk}:{code}".encode(), hashlib.sha256).hexdigest()


def request_phone_code(*, actor, number: str, ip=None) -> Phone:
    """Send a 6-digit code by SMS to the number; at most one code a minute."""
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied(_("Intrați în cont."))
    try:
        number = normalise_mobile(number)
    except ValidationError as error:
        raise DomainError({"number": error.messages[0]}) from None
    code = f"{secrets.randbelow(1_000_000):06d}"
    with transaction.atomic():
        phone, _created = Phone.objects.get_or_create(user=actor, number=number)
        phone = Phone.objects.select_for_update().get(pk=phone.pk)
        now = timezone.now()
        if phone.code_sent_at and now - phone.code_sent_at < datetime.timedelta(minutes=1):
            raise DomainError({"number": _("Am trimis deja un cod acum mai puțin de un minut. Așteptați puțin.")})
        phone.code_hash, phone.code_sent_at, phone.attempts = _code_hash(phone.pk, code), now, 0
        phone.save(update_fields=["code_hash", "code_sent_at", "attempts"])
        audit(actor=actor, action="alerts.phone_code", target=phone, ip_address=ip)
        record_event("alert_phone.code_sent", phone, phone_id=phone.pk)
        notify(address=number, template="alerts/phone_code", recipient=actor, related=phone, channel="sms",
               context={"code": code, "institution": _institution_name()})
    return phone


def _institution_name() -> str:
    from primaria.institutions.selectors import main_institution

    institution = main_institution()
    return institution.short_name or institution.name if institution else _("Primăria")


def confirm_phone(*, actor, phone_id, code: str, ip=None) -> Phone:
    code = "".join(ch for ch in str(code or "") if ch in "0123456789")
    with transaction.atomic():
        phone = Phone.objects.select_for_update().filter(pk=phone_id, user=actor).first() \
            if getattr(actor, "is_authenticated", False) else None
        if phone is None:
            raise DomainError({"code": _("Numărul nu mai există; cereți un cod nou.")})
        if phone.confirmed:
            return phone
        if (not phone.code_hash or phone.attempts >= CODE_ATTEMPTS
                or timezone.now() - phone.code_sent_at > CODE_TTL):
            raise DomainError({"code": _("Codul a expirat sau ați greșit de prea multe ori. Cereți un cod nou.")})
        if not hmac.compare_digest(phone.code_hash, _code_hash(phone.pk, code)):
            phone.attempts += 1
            phone.save(update_fields=["attempts"])
            audit(actor=actor, action="alerts.phone_wrong_code", target=phone, ip_address=ip)
            wrong = True
        else:
            phone.confirmed_at, phone.code_hash = timezone.now(), ""
            phone.save(update_fields=["confirmed_at", "code_hash"])
            audit(actor=actor, action="alerts.phone_confirmed", target=phone, ip_address=ip)
            record_event("alert_phone.confirmed", phone, phone_id=phone.pk)
            wrong = False
    if wrong:
        raise DomainError({"code": _("Codul nu este cel trimis prin SMS. Verificați-l și încercați din nou.")})
    return phone
