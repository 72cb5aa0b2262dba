from datetime import timedelta

from django.apps import apps
from django.db import transaction
from django.db.models import Model
from django.template.loader import render_to_string
from django.utils import timezone

from .models import Notification


def notify(*, address: str, template: str, context: dict, recipient=None, related=None, channel="email"):
    """Store a message for `address` and send it once the surrounding transaction commits.

    Only the template and its context are stored here (model instances by reference), so the change
    that causes the message stays short; the text is rendered once, by the worker, before the first
    attempt. Templates live in notifications/<template>.subject.txt and notifications/<template>.txt.
    """
    if not address:
        return None
    notification = Notification.objects.create(
        channel=channel,
        recipient=recipient,
        address=address,
        template=template,
        context=_freeze(context),
        object_type=related._meta.label_lower if related is not None else "",
        object_id=str(related.pk) if related is not None else "",
        next_attempt_at=timezone.now(),
    )
    transaction.on_commit(lambda: _enqueue(notification.pk))
    return notification


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
    """Fill in the subject and body from the stored template and context (once)."""
    from django.conf import settings

    context = {"SITE_URL": settings.SITE_URL, **_thaw(notification.context)}
    notification.subject = " ".join(
        render_to_string(f"notifications/{notification.template}.subject.txt", context).split())[:250]
    notification.body = render_to_string(f"notifications/{notification.template}.txt", context)


def _enqueue(pk):
    from .tasks import deliver_notification

    deliver_notification(pk)


def deliver(notification_id: int) -> bool:
    """Send one pending notification; on failure schedule the next attempt with back-off."""
    from .channels import channels

    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update().filter(pk=notification_id, status=Notification.Status.PENDING).first()
        )
        if notification is None:
            return False
        notification.attempts += 1
        try:
            if not notification.body:
                render(notification)
            channels[notification.channel].send(notification)
        except Exception as exc:  # noqa: BLE001 - any delivery failure is retried
            notification.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            if notification.attempts >= Notification.MAX_ATTEMPTS:
                notification.status = Notification.Status.FAILED
                notification.next_attempt_at = None
            else:
                notification.next_attempt_at = timezone.now() + timedelta(minutes=2 ** (notification.attempts - 1))
            notification.save(update_fields=["attempts", "last_error", "status", "next_attempt_at", "subject", "body"])
            return False
        notification.status = Notification.Status.SENT
        notification.sent_at = timezone.now()
        notification.last_error = ""
        notification.save(update_fields=["attempts", "status", "sent_at", "last_error", "subject", "body"])
        return True


def due_notification_ids(limit=200):
    return list(
        Notification.objects.filter(status=Notification.Status.PENDING, next_attempt_at__lte=timezone.now())
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )
