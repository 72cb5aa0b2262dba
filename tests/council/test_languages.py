"""The public consultation and the council's office in English and Hungarian (the `limba` cookie), the council's
e-mails in the recipient's language; the legal records (the act's name, the legal basis quoted) stay Romanian."""

from datetime import date

from django.utils import translation

from primaria.council import services
from primaria.council.models import Session
from primaria.notifications.models import Notification
from primaria.notifications.services import render

from .test_addressees import _decision
from .test_circuit import ANNOUNCED, new_draft


def _get(client, url, language):
    client.cookies["limba"] = language
    return client.get(url).content.decode()


def test_the_consultation_pages_speak_english_and_hungarian(client, city, office):
    draft = new_draft(office)
    services.open_consultation(actor=office, draft_id=draft, announced_on=ANNOUNCED)
    html = _get(client, "/consultare-publica/", "en")
    assert "Public consultation: draft regulatory acts" in html and "Consultări încheiate" not in html
    assert "Closed consultations" in html
    html = _get(client, f"/consultare-publica/{draft.pk}/", "en")
    assert "Register of proposals" in html and "Registrul propunerilor" not in html
    assert "Legal basis" in html and "Temeiul legal" not in html
    assert "Legea nr. 52/2003, art. 7" in html  # the legal basis is quoted as the law writes it
    html = _get(client, "/consultare-publica/", "hu")
    assert "Közkonzultáció: normatív aktustervezetek" in html and "Consultare publică:" not in html
    html = _get(client, f"/consultare-publica/{draft.pk}/", "hu")
    assert "A javaslatok nyilvántartása" in html and "Trimiteți o propunere" not in html
    client.cookies["limba"] = "ro"
    assert "Registrul propunerilor" in client.get(f"/consultare-publica/{draft.pk}/").content.decode()


def test_the_council_office_speaks_english_and_hungarian(client, city, office):
    draft = new_draft(office)
    client.force_login(office)
    html = _get(client, "/birou/consiliu/", "en")
    assert "Local council: drafts and sessions" in html and "Proiecte și ședințe" not in html
    html = _get(client, f"/birou/consiliu/proiecte/{draft.pk}/", "en")
    assert "Announce the public consultation" in html and "Anunță consultarea publică" not in html
    html = _get(client, "/birou/consiliu/", "hu")
    assert "Helyi tanács: tervezetek és ülések" in html and "Nicio ședință." not in html
    html = _get(client, "/birou/consiliu/sedinta-noua/", "hu")
    assert "A helyi tanács ülésének összehívása" in html and "Convoacă o ședință a consiliului" not in html
    # An error message of the circuit, in the page's language.
    client.cookies["limba"] = "en"
    answer = client.post("/birou/consiliu/sedinta-noua/", {"kind": "ordinara", "date": ""})
    assert "Enter the date of the session." in answer.content.decode()


def test_the_convocation_is_written_in_the_councillors_language(city, office, council):
    deputy = council["deputy"]
    deputy.language = "en"
    deputy.save(update_fields=["language"])
    session = Session.objects.create(institution=council["members"][0].institution, date=date(2026, 2, 26),
                                     kind=Session.Kind.ORDINARY, chair=council["chair"])
    from primaria.notifications.services import notify

    with translation.override("ro"):  # the office works in Romanian; the councillor reads English
        notification = notify(address=deputy.email, template="council_convocation", recipient=deputy, related=session,
                              context={"councillor": "Ion Popescu", "session": session, "date": "26.02.2026",
                                       "kind": session.get_kind_display(), "agenda": ["1. Bugetul local"],
                                       "institution": "Primăria Municipiului Demo"})
    assert notification.language == "en"
    render(notification)
    assert notification.subject == "Convocation: ordinary session of the Local Council on 26.02.2026"
    assert "Dear Councillor Ion Popescu" in notification.body and "Agenda:" in notification.body
    assert "Ordinea de zi" not in notification.body and "Sunteți convocat" not in notification.body


def test_an_individual_act_is_communicated_in_english_to_an_english_reader_and_in_romanian_by_post(
        city, office, users):
    ion = users.ion  # each `users.ion` is read afresh: change and save one instance
    ion.language = "en"
    ion.save(update_fields=["language"])
    decision = _decision(office)
    services.add_addressee(actor=office, decision_id=decision, party_id=users.ion.person.pk)
    services.add_addressee(actor=office, decision_id=decision, name="Asociația Vecinilor Demo",
                           address="Str. Florilor nr. 3, Municipiul Demo", email="vecini@example.ro")
    with translation.override("en"):  # an official working in English
        services.communicate_to_addressees(actor=office, decision_id=decision, on=date(2025, 12, 2))
    online = Notification.objects.get(template="council_act_communicated", recipient=users.ion)
    assert online.language == "en"
    render(online)
    assert online.subject.startswith("Dispoziția nr. 41/2025 privind") and online.subject.endswith(": communication")
    assert "We hereby communicate to you Dispoziția nr. 41/2025" in online.body
    assert "My documents" in online.body and "Vă comunicăm" not in online.body
    assert "OUG nr. 57/2019, art. 199 alin. (1)" in online.body  # the legal basis, quoted
    # Someone without an account is written to in Romanian, the language of the act, not the official's page.
    by_post = Notification.objects.get(template="council_act_communicated", address="vecini@example.ro")
    assert by_post.language == "ro"
    render(by_post)
    assert "Vă comunicăm" in by_post.body and by_post.subject.endswith(": comunicare")
