from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.db.models import F, Model
from django.template.loader import render_to_string
from django.utils import timezone, translation

from primaria.audit.services import record as audit
from primaria.core.validators import typed_int
from primaria.outbox.services import record

from .models import Notification


def notify(*, address: str, template: str, context: dict, recipient=None, related=None, channel="email",
           language: str = ""):
    """Store a message for `address`, with the event that has it sent, in the caller's transaction.

    Only the template and its context are stored here (model instances by reference), so the change that
    causes the message stays short; the worker renders the text before the first attempt and sends it
    outside any transaction (handler `notifications.deliver`). Templates live in
    notifications/<template>.subject.txt and notifications/<template>.txt.

    The message is written in `language` when given (a subscription without an account keeps the language it
    was made in), else in the recipient's chosen language, else in Romanian (`message_language`).
    """
    if not address:
        return None
    language = message_language(language, recipient)
    with transaction.atomic(savepoint=False):
        notification = Notification.objects.create(
            channel=channel,
            recipient=recipient,
            address=address,
            template=template,
            context=_freeze(context),
            language=language,
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


def render(notification: Notification):
    """Fill in the subject and body from the stored template and context (once), in the message's language."""
    context = {"SITE_URL": settings.SITE_URL, **_thaw(notification.context)}
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
