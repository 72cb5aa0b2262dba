"""E-mail is stored before it is sent and delivered at least once, with back-off while the server is down."""

from datetime import timedelta

import pytest
from django.utils import timezone

from primaria.notifications import services
from primaria.notifications.models import Notification
from primaria.outbox import runner
from primaria.outbox.models import Delivery
from tests.factories import submitted_request

pytestmark = pytest.mark.django_db


def test_the_applicant_gets_a_romanian_email_when_the_request_is_registered(users, mailbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        request = submitted_request(users.ion)
    [message] = mailbox.to("ion.popescu@example.ro")
    assert message["subject"] == f"Cererea nr. {request.reference} – Înregistrată"
    assert f"înregistrată cu nr. {request.reference}" in message["body"]
    assert "Termenul de soluționare" in message["body"]


def _delivery(notification) -> Delivery:
    return Delivery.objects.get(handler="notifications.deliver", event__payload__notification_id=notification.pk,
                                event__payload__again__isnull=True)


def test_a_message_that_fails_is_retried_with_back_off_then_delivered(users, mailbox, settings,
                                                                       django_capture_on_commit_callbacks):
    settings.EMAIL_PORT = 1  # nothing listens there
    with django_capture_on_commit_callbacks(execute=True):
        submitted_request(users.ion)
    notification = Notification.objects.get()
    delivery = _delivery(notification)
    assert notification.status == Notification.Status.PENDING and notification.attempts == 1
    assert "Connection" in notification.last_error
    assert delivery.status == Delivery.Status.PENDING and delivery.available_at > timezone.now()
    settings.EMAIL_PORT = mailbox.port
    runner.drain()
    assert Notification.objects.get().attempts == 1  # not due yet
    Delivery.objects.filter(pk=delivery.pk).update(available_at=timezone.now() - timedelta(seconds=1))
    runner.drain()
    notification.refresh_from_db()
    assert notification.status == Notification.Status.SENT and notification.attempts == 2
    assert len(mailbox.to("ion.popescu@example.ro")) == 1


def test_after_the_last_attempt_the_message_stays_visible_as_failed_and_can_be_sent_again(
        users, settings, mailbox, django_capture_on_commit_callbacks):
    settings.EMAIL_PORT = 1
    with django_capture_on_commit_callbacks(execute=True):
        notification = services.notify(address="x@example.ro", template="verify_email",
                                       context={"user": users.ion, "link": "http://x"})
    delivery = _delivery(notification)
    for _ in range(Delivery.MAX_ATTEMPTS):
        Delivery.objects.filter(pk=delivery.pk).update(available_at=timezone.now())
        runner.run(delivery.pk)
    notification.refresh_from_db()
    delivery.refresh_from_db()
    assert notification.status == Notification.Status.FAILED and delivery.status == Delivery.Status.FAILED
    settings.EMAIL_PORT = mailbox.port
    with django_capture_on_commit_callbacks(execute=True):
        services.send_again(actor=users.admin, notification_id=notification.pk)
    notification.refresh_from_db()
    assert notification.status == Notification.Status.SENT and len(mailbox.to("x@example.ro")) == 1
