from django.apps import apps
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import transaction
from django.db.models import F, Model
from django.template.loader import render_to_string
from django.utils import timezone, translation

from primaria.audit.services import record as audit
from primaria.core.validators import typed_int
from primaria.institutions import tenancy
from primaria.outbox.services import record

from .models import Notification


def notify(*, address: str, template: str, context: dict, recipient=None, related=None, channel="email",
           language: str = "", city_hall=None):
    """Store a message for `address`, with the event that has it sent, in the caller's transaction.

    Only the template and its context are stored here (model instances by reference), so the change that
    causes the message stays short; the worker renders the text before the first attempt and sends it
    outside any transaction (handler `notifications.deliver`). Templates live in
    notifications/<template>.subject.txt and notifications/<template>.txt.

    The message is written in `language` when given (a subscription without an account keeps the language it
    was made in), else in the recipient's chosen language, else in Romanian (`message_language`).

    Its links are written with the address of the city hall it is about (`tenancy.site_url`): `city_hall` when
    given, else the one `related` (or an object of the context) belongs to, else the one the running request
    serves (an account's messages); outside a request and without such an object, `SITE_URL`.
    """
    if not address:
        return None
    language = message_language(language, recipient)
    city_hall = city_hall_about(related, context) if city_hall is None else tenancy.city_hall_of(city_hall)
    with transaction.atomic(savepoint=False):
        notification = Notification.objects.create(
            channel=channel,
            recipient=recipient,
            address=address,
            template=template,
            context=_freeze(context),
            language=language,
            city_hall=city_hall,
            object_type=related._meta.label_lower if related is not None else "",
            object_id=str(related.pk) if related is not None else "",
        )
        record("notification.created", notification, notification_id=notification.pk)
    return notification


def message_language(language: str = "", recipient=None) -> str:
    """The language a message is written in: the one asked for, else the recipient account's, else Romanian.

    Never the language of the page being answered: the change that sends a message is often an official's
    (a clerk filing at the counter for someone without an account), not the recipient's. A subscription or a
    booking made without an account keeps the language of its page and passes it as `language`.
    """
    known = {code for code, _ in settings.LANGUAGES}
    for candidate in (language, getattr(recipient, "language", "")):
        code = (candidate or "").split("-")[0].lower()
        if code in known:
            return code
    return settings.LANGUAGE_CODE


def page_language() -> str:
    """The language of the page being answered, to keep with what someone without an account makes there (a
    subscription, a booking, a report) so that its later messages are written in it."""
    return message_language(translation.get_language())


def _freeze(context: dict) -> dict:
    frozen = {}
    for key, value in context.items():
        if isinstance(value, Model):
            frozen[key] = {"__model__": value._meta.label_lower, "pk": value.pk}
        else:
            frozen[key] = value
    return frozen


def _thaw(context: dict) -> dict:
    thawed = {}
    for key, value in context.items():
        if isinstance(value, dict) and "__model__" in value:
            thawed[key] = apps.get_model(value["__model__"])._default_manager.get(pk=value["pk"])
        else:
            thawed[key] = value
    return thawed


# The relations an object is followed along to the institution it belongs to (a request's, a report's
# department's, an appointment's service's), nearest first.
OWNER_FIELDS = ("city_hall", "institution", "department", "service", "request", "catalog_service", "zone", "debate",
                "session", "decision")


def owner_city_hall(obj, depth: int = 3):
    """The city hall `obj` belongs to (an institution's root), None for what belongs to none (an account)."""
    from primaria.institutions.models import Institution

    if isinstance(obj, Institution):
        return tenancy.city_hall_of(obj)
    if depth <= 0 or not isinstance(obj, Model):
        return None
    for name in OWNER_FIELDS:
        try:
            field = obj._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if not (field.many_to_one or field.one_to_one) or field.auto_created:
            continue
        found = owner_city_hall(getattr(obj, name, None), depth - 1)
        if found is not None:
            return found
    return None


def city_hall_about(related=None, context=None):
    """The city hall a message is about: `related`'s, else that of an object of its context, else the one the
    running request serves (None outside a request)."""
    for obj in (related, *(context or {}).values()):
        found = owner_city_hall(obj) if isinstance(obj, Model) else None
        if found is not None:
            return found
    return tenancy.current()


def _site_url_of(notification: Notification, context: dict) -> str:
    city_hall = notification.city_hall
    if city_hall is None:  # stored before messages knew their city hall: the one of what it is about
        related = None
        if notification.object_type and notification.object_id:
            try:
                model = apps.get_model(notification.object_type)
                related = model._default_manager.filter(pk=notification.object_id).first()
            except (LookupError, ValueError):
                related = None
        city_hall = next((found for obj in (related, *context.values())
                          if (found := owner_city_hall(obj)) is not None), None)
    return tenancy.site_url(city_hall) if city_hall is not None else settings.SITE_URL


def render(notification: Notification):
    """Fill in the subject and body from the stored template and context (once), in the message's language;
    `SITE_URL` in the templates is the address of the city hall the message is about."""
    thawed = _thaw(notification.context)
    context = {"SITE_URL": _site_url_of(notification, thawed).rstrip("/"), **thawed}
    with translation.override(notification.language or settings.LANGUAGE_CODE):
        notification.subject = " ".join(
            render_to_string(f"notifications/{notification.template}.subject.txt", context).split())[:250]
        notification.body = render_to_string(f"notifications/{notification.template}.txt", context)


def deliver(notification_id: int, *, last_attempt: bool = False) -> bool:
    """Send one notification, at least once. No transaction or row lock is held while the channel works.

    The message carries a Message-ID made from its id, so a repeat after a worker died between sending and
    marking it sent is recognisable as the same message by the recipient's mail system.
    """
    from .channels import channels

    notification = Notification.objects.filter(pk=notification_id).first()
    if notification is None or notification.status == Notification.Status.SENT:
        return False
    try:
        if not notification.body:
            render(notification)
            Notification.objects.filter(pk=notification.pk, body="").update(
                subject=notification.subject, body=notification.body)
        channels[notification.channel].send(notification)
    except Exception as exc:
        Notification.objects.filter(pk=notification.pk).exclude(status=Notification.Status.SENT).update(
            attempts=F("attempts") + 1, last_error=f"{type(exc).__name__}: {exc}"[:2000],
            status=Notification.Status.FAILED if last_attempt else Notification.Status.PENDING)
        raise
    Notification.objects.filter(pk=notification.pk).update(
        attempts=F("attempts") + 1, status=Notification.Status.SENT, sent_at=timezone.now(), last_error="")
    return True


def send_again(*, actor, notification_id) -> bool:
    """The admin's "send again": a new delivery of the same message (a failed one, or one the person lost)."""
    with transaction.atomic():
        notification = Notification.objects.select_for_update().get(pk=notification_id)
        Notification.objects.filter(pk=notification.pk).update(status=Notification.Status.PENDING)
        record("notification.created", notification, notification_id=notification.pk, again=True)
        audit(actor=actor, action="notifications.send_again", target=notification, address=notification.address)
    return True


# --- in-app notices ("Notificările mele") ------------------------------------------------------------------------


def notices_of(user):
    """The in-app notices of an account that are ready to be shown, newest first."""
    if not getattr(user, "is_authenticated", False):
        return Notification.objects.none()
    return Notification.objects.filter(recipient=user, channel="inapp", status=Notification.Status.SENT)


def unread_count(user) -> int:
    return notices_of(user).filter(read_at__isnull=True).count()


def mark_read(*, actor, notification_ids=None) -> int:
    """Mark the actor's own notices read (the ones named, or all of them); another account's are not touched."""
    notices = notices_of(actor).filter(read_at__isnull=True)
    if notification_ids is not None:
        notices = notices.filter(pk__in=[n for n in (typed_int(str(i), positive=True) for i in notification_ids)
                                          if n is not None])
    with transaction.atomic():
        count = notices.update(read_at=timezone.now())
        if count:
            record("notification.read", actor, count=count)
    return count
