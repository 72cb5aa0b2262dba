"""E-mail is stored before it is sent and delivered at least once, with back-off while the server is down."""

from datetime import timedelta

import pytest
from django.utils import timezone

from primaria.notifications import services
from primaria.notifications.models import Notification
from primaria.notifications.tasks import retry_pending_notifications
from tests.factories import submitted_request

pytestmark = pytest.mark.django_db


def test_the_applicant_gets_a_romanian_email_when_the_request_is_registered(users, mailbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        request = submitted_request(users.ion)
    [message] = mailbox.to("ion.popescu@example.ro")
    assert message["subject"] == f"Cererea nr. {request.reference} – Înregistrată"
    assert f"înregistrată cu nr. {request.reference}" in message["body"]
    assert "Termenul de soluționare" in message["body"]


def test_a_message_that_fails_is_retried_with_back_off_then_delivered(users, mailbox, settings,
                                                                       django_capture_on_commit_callbacks):
    settings.EMAIL_PORT = 1  # nothing listens there
    with django_capture_on_commit_callbacks(execute=True):
        submitted_request(users.ion)
    notification = Notification.objects.get()
    assert notification.status == Notification.Status.PENDING and notification.attempts == 1
    assert notification.next_attempt_at > timezone.now() and "Connection" in notification.last_error
    settings.EMAIL_PORT = mailbox.port
    retry_pending_notifications.call_local()
    assert Notification.objects.get().attempts == 1  # not due yet
    Notification.objects.update(next_attempt_at=timezone.now() - timedelta(seconds=1))
    retry_pending_notifications.call_local()
    notification.refresh_from_db()
    assert notification.status == Notification.Status.SENT and notification.attempts == 2
    assert len(mailbox.to("ion.popescu@example.ro")) == 1


def test_after_the_last_attempt_the_message_stays_visible_as_failed(users, settings):
    settings.EMAIL_PORT = 1
    notification = services.notify(address="x@example.ro", template="verify_email",
                                   context={"user": users.ion, "link": "http://x"})
    for _ in range(Notification.MAX_ATTEMPTS):
        Notification.objects.filter(pk=notification.pk).update(next_attempt_at=timezone.now())
        services.deliver(notification.pk)
    notification.refresh_from_db()
    assert notification.status == Notification.Status.FAILED and notification.next_attempt_at is None
