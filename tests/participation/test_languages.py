"""Public participation in English and Hungarian: the debate pages, the newsletter form and the office pages follow
the reader's language (the `limba` cookie), and a newsletter subscription made without an account keeps the
language of its page: the confirmation and every announcement reach it in that language. Titles, agendas and topic
names are content and stay as written; the legal basis of a term is quoted in Romanian."""

import email
import re

import pytest
from django.db import transaction
from django.test import Client
from django.utils import timezone

from primaria.core.phrases import phrase
from primaria.outbox import runner
from primaria.participation import handlers, services
from primaria.participation.models import Debate, Subscription, Topic


@pytest.fixture
def debate(city, office):
    from datetime import datetime, time, timedelta

    day = timezone.localdate() + timedelta(days=5)
    return services.announce_debate(
        actor=office, title="bugetul local al municipiului pe anul 2027", subject=Debate.Subject.BUDGET,
        starts_at=timezone.make_aware(datetime.combine(day, time(17, 0))), place="Sala de ședințe",
        agenda="1. Prezentarea proiectului de buget.")


def page(path, language, user=None):
    client = Client()
    client.cookies["limba"] = language
    if user is not None:
        client.force_login(user)
    response = client.get(path)
    assert response.status_code == 200, path
    return response.content.decode()


def sent(mailbox):
    messages = [email.message_from_bytes(path.read_bytes()) for path in sorted(mailbox.directory.glob("*.eml"))]
    return [(str(email.header.make_header(email.header.decode_header(m["Subject"]))),
             m.get_payload(decode=True).decode(m.get_content_charset() or "utf-8"), m["To"]) for m in messages]


@pytest.mark.parametrize("language, words, absent", [
    ("en", ["Public debates", "Announced debates", "Register to speak", "Agenda", "Deadlines"],
     ["Dezbateri anunțate", "Înscrieți-vă la cuvânt", "Ordinea de zi"]),
    ("hu", ["Közvita", "Meghirdetett közviták", "Jelentkezzen felszólalásra", "Napirend", "Határidők"],
     ["Dezbateri anunțate", "Înscrieți-vă la cuvânt", "Ordinea de zi"]),
])
def test_the_debate_pages_speak_the_readers_language(debate, language, words, absent):
    text = page("/dezbateri-publice/", language) + page(debate.get_absolute_url(), language)
    assert all(w in text for w in words), language
    assert not any(w in text for w in absent)
    assert debate.title in text  # the title is content: as written


@pytest.mark.parametrize("language, words", [
    ("en", ["announcements by e-mail", "E-mail address", "Topics", "Subscribe me"]),
    ("hu", ["Kapja meg e-mailben a polgármesteri hivatal közleményeit", "E-mail-cím", "Témák", "Feliratkozom"]),
])
def test_the_newsletter_form_speaks_the_readers_language(city, language, words):
    text = page("/abonamente/", language)
    assert all(w in text for w in words), language
    assert "Primiți anunțurile primăriei pe e-mail" not in text and "Abonează-mă" not in text


@pytest.mark.parametrize("language, words", [
    ("en", ["Public debates – office", "Announce a debate", "Written requests for a public debate"]),
    ("hu", ["Közviták – ügyintézés", "Közvita meghirdetése", "Közvita iránti írásbeli kérelmek"]),
])
def test_the_office_pages_speak_the_officials_language(city, office, language, words):
    text = page("/birou/dezbateri/", language, office) + page("/birou/dezbateri/dezbatere-noua/", language, office)
    assert all(w in text for w in words), language
    assert "Anunță o dezbatere" not in text and "Cereri scrise de dezbatere publică" not in text


def test_a_subscription_without_an_account_gets_its_messages_in_the_language_of_its_page(debate, mailbox):
    runner.drain()
    mailbox.clear()
    topics = Topic.objects.filter(slug__in=["dezbateri", "achizitii"])
    client = Client()
    client.cookies["limba"] = "en"
    response = client.post("/abonamente/", {"email": "visitor@example.ro", "topics": [str(t.pk) for t in topics],
                                            "agree": "1"})
    assert response.status_code == 302
    assert set(Subscription.objects.filter(email="visitor@example.ro").values_list("language", flat=True)) == {"en"}
    runner.drain()
    [(subject, body, _to)] = sent(mailbox)
    assert subject == "Confirm your subscription to the city hall's announcements"
    assert "Someone (probably you) asked" in body and "valid for 48 hours" in body and "Bună ziua" not in body
    link = re.search(r"https?://\S+/abonamente/confirmare/\S+/", body).group(0)
    assert Client().post(link[link.index("/abonamente/"):]).status_code == 200
    mailbox.clear()
    with transaction.atomic():
        services.send_to_topic(feed=Topic.Feed.PROCUREMENT, key="procurement:test",
                               subject=phrase("Anunț de achiziție publică"),
                               summary=phrase("%(title)s (anunțul %(reference)s); oferte până la %(deadline)s.",
                                              title="Reabilitarea Școlii nr. 5", reference="ADV-1",
                                              deadline="15.01.2027"),
                               url="https://primaria.example/achizitii/")
    runner.drain()
    [(subject, body, to)] = sent(mailbox)
    assert to == "visitor@example.ro"
    assert subject == "Achiziții publice: Public procurement notice"  # the topic's name is content
    assert "Reabilitarea Școlii nr. 5 (notice ADV-1); bids until 15.01.2027." in body
    assert "You are receiving this message because you subscribed" in body and "Dezabonare" not in body
    # The announcement of a debate, worded by the handler, reaches it in English too; a Romanian one in Romanian.
    services.subscribe(email="vizitator@example.ro", topic_ids=[topics.get(slug="dezbateri").pk], agree=True,
                       language="ro")
    Subscription.objects.filter(email="vizitator@example.ro").update(status=Subscription.Status.CONFIRMED)
    runner.drain()
    mailbox.clear()

    class Event:
        payload = {"debate_id": debate.pk}

    with transaction.atomic():
        handlers.debate_announced(Event())
    runner.drain()
    messages = {to: (subject, body) for subject, body, to in sent(mailbox)}
    when = timezone.localtime(debate.starts_at)
    assert messages["visitor@example.ro"][0] == "Dezbateri publice: Public debate announced"
    assert f"{debate.title}: {when:%d.%m.%Y}, at {when:%H:%M}" in messages["visitor@example.ro"][1]
    assert messages["vizitator@example.ro"][0] == "Dezbateri publice: Dezbatere publică anunțată"
    assert f"{when:%d.%m.%Y}, ora {when:%H:%M}" in messages["vizitator@example.ro"][1]


def test_an_account_holders_confirmation_follows_the_page_it_subscribed_on(city, users, mailbox):
    runner.drain()
    mailbox.clear()
    topic = Topic.objects.get(slug="concursuri")
    client = Client()
    client.cookies["limba"] = "hu"
    client.force_login(users.maria)
    assert client.post("/abonamente/", {"email": users.maria.email, "topics": [str(topic.pk)],
                                        "agree": "1"}).status_code == 302
    runner.drain()
    [(subject, body, _to)] = sent(mailbox)
    assert subject == "Erősítse meg feliratkozását a polgármesteri hivatal közleményeire"
    assert "Valaki (valószínűleg Ön) kérte" in body
