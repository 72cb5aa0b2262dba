"""Newsletters per topic: double opt-in (nothing is sent before the signed link is confirmed; an expired or forged
link is refused in Romanian), one-click unsubscribe (RFC 8058: the List-Unsubscribe headers in the e-mail really
sent, a POST without CSRF token or sign-in), and an act published in the Monitorul Oficial Local reaching exactly the
confirmed subscribers of its topic, once each, however often the handler runs."""

import email
import re
import time
from datetime import date
from urllib.parse import urlparse

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client

from primaria.notifications.models import Notification
from primaria.outbox import runner
from primaria.outbox.models import Event
from primaria.participation import handlers, services
from primaria.participation.models import NewsletterSend, Subscription, Topic


def sent(mailbox):
    """The messages the SMTP server received, with their headers."""
    return [email.message_from_bytes(path.read_bytes()) for path in sorted(mailbox.directory.glob("*.eml"))]


def header(message, name) -> str:
    """A header's value unfolded (a long one arrives folded over lines, RFC 5322)."""
    return re.sub(r"\r?\n[ \t]+", " ", str(message[name] or "")).strip()


def body(message) -> str:
    return message.get_payload(decode=True).decode(message.get_content_charset() or "utf-8")


def confirmed(address, topics):
    pending = services.subscribe(email=address, topic_ids=[t.pk for t in topics], agree=True)
    services.confirm(token=services.confirm_token(address, pending))
    return pending


def publish_decision(actor, number=45):
    from primaria.monitor.models import Kind
    from primaria.monitor.services import publish_act

    return publish_act(actor=actor, kind=Kind.DECISION, number=number, adopted_on=date(2025, 6, 26),
                       title="stabilirea taxei speciale de salubrizare pentru anul 2026",
                       body="Art. 1. Se stabilește taxa specială de salubrizare la 12 lei pe lună.")


def test_double_opt_in_sends_nothing_before_the_confirmation(client, city, mailbox):
    runner.drain()  # what loading the demo city left to send
    mailbox.clear()
    topic = Topic.objects.get(slug="hotarari")
    refused = client.post("/abonamente/", {"email": "ana@example.ro", "topics": [str(topic.pk)]})
    assert refused.status_code == 400 and "Bifați acordul" in refused.content.decode()
    assert not Subscription.objects.exists()
    page = client.post("/abonamente/", {"email": "Ana@Example.ro", "topics": [str(topic.pk)], "agree": "1"})
    assert page.status_code == 302
    subscription = Subscription.objects.get(email="ana@example.ro")
    assert subscription.status == Subscription.Status.PENDING and subscription.consent_text
    runner.drain()
    [confirmation] = sent(mailbox)
    assert confirmation["To"] == "ana@example.ro"
    link = re.search(r"https?://\S+/abonamente/confirmare/\S+/", body(confirmation)).group(0)
    # Before the confirmation an announcement of the topic reaches nobody.
    with transaction.atomic():
        assert services.send_to_topic(feed=Topic.Feed.DECISIONS, key="test:1", subject="Test", summary="Test",
                                      url="/") == 0
    path = urlparse(link).path
    shown = client.get(path)
    assert shown.status_code == 200 and "Confirm abonarea" in shown.content.decode()
    subscription.refresh_from_db()
    assert subscription.status == Subscription.Status.PENDING  # opening the link alone confirms nothing
    assert client.post(path).status_code == 200
    subscription.refresh_from_db()
    assert subscription.status == Subscription.Status.CONFIRMED and subscription.confirmed_at is not None
    with transaction.atomic():
        assert services.send_to_topic(feed=Topic.Feed.DECISIONS, key="test:2", subject="Test", summary="Test",
                                      url="/") == 1


def test_an_expired_or_forged_confirmation_link_is_refused(client, city, monkeypatch):
    topic = Topic.objects.get(slug="dezbateri")
    pending = services.subscribe(email="dan@example.ro", topic_ids=[topic.pk], agree=True)
    token = services.confirm_token("dan@example.ro", pending)
    forged = client.post(f"/abonamente/confirmare/{token[:-3]}abc/")
    assert forged.status_code == 400 and "nu este validă" in forged.content.decode()
    real = time.time
    monkeypatch.setattr(time, "time", lambda: real() - (services.confirm_hours() + 1) * 3600)
    old = services.confirm_token("dan@example.ro", pending)
    monkeypatch.setattr(time, "time", real)
    expired = client.post(f"/abonamente/confirmare/{old}/")
    assert expired.status_code == 400 and "a expirat" in expired.content.decode()
    assert Subscription.objects.get().status == Subscription.Status.PENDING


def test_an_act_published_reaches_each_confirmed_subscriber_of_its_topic_once(city, pki, mailbox):
    from primaria.accounts.models import User

    office = User.objects.get(email="sg.specialist@primaria-demo.ro")
    decisions, dispositions = Topic.objects.get(slug="hotarari"), Topic.objects.get(slug="dispozitii")
    confirmed("a@example.ro", [decisions])
    confirmed("b@example.ro", [decisions, dispositions])
    confirmed("c@example.ro", [dispositions])
    services.subscribe(email="pending@example.ro", topic_ids=[decisions.pk], agree=True)
    [gone] = confirmed("gone@example.ro", [decisions])
    services.unsubscribe(token=services.unsubscribe_token(gone))
    runner.drain()
    mailbox.clear()

    publish_decision(office)
    runner.drain()
    newsletters = [m for m in sent(mailbox) if m["List-Unsubscribe"]]
    assert sorted(m["To"] for m in newsletters) == ["a@example.ro", "b@example.ro"]
    assert not [m for m in sent(mailbox) if m["To"] in ("c@example.ro", "pending@example.ro", "gone@example.ro")]
    message = next(m for m in newsletters if m["To"] == "a@example.ro")
    link = header(message, "List-Unsubscribe").strip("<>")
    assert link.startswith(settings.SITE_URL) and "/abonamente/dezabonare/" in link
    assert header(message, "List-Unsubscribe-Post") == "List-Unsubscribe=One-Click"
    assert link in body(message)  # the visible link too
    assert "Hotărâre" in str(email.header.make_header(email.header.decode_header(message["Subject"])))

    # The handler run again (a retry after a crash) sends nothing twice.
    notifications, sends = Notification.objects.count(), NewsletterSend.objects.count()
    event = Event.objects.get(name="monitor.act_published")
    with transaction.atomic():
        handlers.act_published(event)
    runner.drain()
    assert (Notification.objects.count(), NewsletterSend.objects.count()) == (notifications, sends)
    assert len([m for m in sent(mailbox) if m["List-Unsubscribe"]]) == 2


def test_one_click_unsubscribe_by_post_without_csrf_or_sign_in(city, mailbox):
    topic = Topic.objects.get(slug="consultari")
    [subscription] = confirmed("ana@example.ro", [topic])
    runner.drain()
    mailbox.clear()
    with transaction.atomic():
        services.send_to_topic(feed=Topic.Feed.CONSULTATIONS, key="consultation:test", subject="Proiect nou",
                               summary="Un proiect în consultare.", url=settings.SITE_URL)
    runner.drain()
    [message] = [m for m in sent(mailbox) if m["List-Unsubscribe"]]
    assert header(message, "List-Unsubscribe-Post") == "List-Unsubscribe=One-Click"
    path = urlparse(header(message, "List-Unsubscribe").strip("<>")).path
    browser = Client(enforce_csrf_checks=True)
    page = browser.get(path)
    assert page.status_code == 200 and "Confirm dezabonarea" in page.content.decode()
    assert browser.post(f"{path[:-4]}xyz/", {"List-Unsubscribe": "One-Click"}).status_code == 400
    subscription.refresh_from_db()
    assert subscription.status == Subscription.Status.CONFIRMED
    done = browser.post(path, {"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200
    subscription.refresh_from_db()
    assert subscription.status == Subscription.Status.UNSUBSCRIBED
    assert subscription.unsubscribe_method == "un clic (RFC 8058)"
    assert browser.post(path, {"List-Unsubscribe": "One-Click"}).status_code == 200  # again: nothing changes
    with transaction.atomic():
        assert services.send_to_topic(feed=Topic.Feed.CONSULTATIONS, key="consultation:next", subject="Alt proiect",
                                      summary="Alt proiect.", url=settings.SITE_URL) == 0


@pytest.mark.parametrize("path", ["/abonamente/", "/dezbateri-publice/"])
def test_the_public_pages_answer_without_an_account(client, city, path):
    assert client.get(path).status_code == 200
