"""The communication of acts with individual character to those they concern (OUG 57/2019, art. 199): within 5
working days of the communication to the prefect, online in the folder of those with an account, otherwise by post
(an outgoing registry entry); late communications are visible in the office."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from primaria.accounts.models import Party
from primaria.core.errors import DomainError
from primaria.council import services, terms
from primaria.council.models import Addressee, Decision
from primaria.documents.models import Document
from primaria.monitor.models import Act
from primaria.notifications.models import Notification
from primaria.outbox.models import Event
from primaria.registry.models import Channel, Direction, RegistryEntry
from tests.factories import pdf_bytes

from .test_circuit import messages, new_draft


def test_the_term_is_five_days_after_the_prefect(db):
    # Communicated to the prefect on Thursday 27 November 2025: the 5th day is Tuesday 2 December.
    due = terms.addressees_due(date(2025, 11, 27))
    assert due.day == date(2025, 12, 2)
    assert "art. 199 alin. (1)" in due.basis and "5 zile de la data comunicării oficiale" in due.basis
    # Communicated on Thursday 20 November: the 5th day is Tuesday 25; on Monday 10 November: Saturday 15, a
    # non-working day, so the term ends on Monday 17.
    assert terms.addressees_due(date(2025, 11, 20)).day == date(2025, 11, 25)
    assert terms.addressees_due(date(2025, 11, 10)).day == date(2025, 11, 17)


def _decision(office, *, prefect_on=date(2025, 11, 27)):
    draft = new_draft(office, normative=False, title="atribuirea unui teren în folosință gratuită")
    return Decision.objects.create(draft=draft, adopted_on=date(2025, 11, 20), status=Decision.Status.COMMUNICATED,
                                   number=41, pdf=pdf_bytes("Hotărârea nr. 41/2025"), communicated_prefect_on=prefect_on)


def test_an_individual_act_goes_online_to_an_account_and_by_post_to_others(client, city, office, users):
    decision = _decision(office)
    ion = users.ion.person
    with pytest.raises(PermissionDenied):
        services.add_addressee(actor=users.urb_specialist, decision_id=decision, party_id=ion.pk)
    with pytest.raises(DomainError) as error:
        services.add_addressee(actor=office, decision_id=decision, name="Asociația Vecinilor")
    assert "adresa" in error.value.message_dict["address"][0]
    with pytest.raises(DomainError) as error:
        services.communicate_to_addressees(actor=office, decision_id=decision, on=date(2025, 12, 1))
    assert "Adăugați întâi" in messages(error)

    online = services.add_addressee(actor=office, decision_id=decision, party_id=ion.pk)
    post = services.add_addressee(actor=office, decision_id=decision, name="Asociația Vecinilor Demo",
                                  address="Str. Florilor nr. 3, Municipiul Demo")
    with pytest.raises(DomainError):
        services.add_addressee(actor=office, decision_id=decision, party_id=ion.pk)
    with pytest.raises(DomainError) as error:
        services.communicate_to_addressees(actor=office, decision_id=decision, on=date(2025, 11, 26))
    assert "înaintea comunicării către prefect" in error.value.message_dict["on"][0]

    services.communicate_to_addressees(actor=office, decision_id=decision, on=date(2025, 12, 2))
    online.refresh_from_db()
    post.refresh_from_db()
    assert online.channel == Addressee.Channel.ONLINE and online.communicated_on == date(2025, 12, 2)
    assert online.document.owner == ion and online.document.source == Document.Source.ISSUED
    assert online.registry_entry.direction == Direction.OUTBOUND and online.registry_entry.channel == Channel.ONLINE
    assert post.channel == Addressee.Channel.POST and post.document is None
    assert post.registry_entry.channel == Channel.POST and "Str. Florilor" in post.registry_entry.recipient
    assert RegistryEntry.objects.filter(direction=Direction.OUTBOUND, summary__startswith="Comunicare:").count() == 2
    assert Notification.objects.filter(template="council_act_communicated", recipient=users.ion).count() == 1
    assert Event.objects.filter(name="council.decision_communicated_to_addressees").count() == 1
    assert Decision.objects.get(pk=decision.pk).communicated_on == date(2025, 12, 2)
    # The resident finds the act in his folder.
    assert Document.objects.filter(owner=ion, title__contains="nr. 41/2025").exists()
    with pytest.raises(DomainError):
        services.communicate_to_addressees(actor=office, decision_id=decision, on=date(2025, 12, 2))
    # In time: nothing in the office's list of late communications.
    assert services.addressee_communications(today=date(2025, 12, 10)) == []


def test_late_communications_are_visible_in_the_office(client, city, office):
    decision = _decision(office)
    services.add_addressee(actor=office, decision_id=decision, name="Firma Construct SRL",
                           address="Bd. Unirii nr. 10, Municipiul Demo")
    rows = services.addressee_communications(today=date(2025, 12, 2))
    assert len(rows) == 1 and not rows[0].late and rows[0].term.day == date(2025, 12, 2)
    rows = services.addressee_communications(today=date(2025, 12, 3))
    assert rows[0].late

    client.force_login(office)
    page = client.get("/birou/consiliu/comunicari/").content.decode()
    assert "întârziere" in page and "02.12.2025" in page and "art. 199" in page
    index = client.get("/birou/consiliu/").content.decode()
    assert 'data-testid="late"' in index and "/birou/consiliu/comunicari/" in index
    draft_page = client.get(f"/birou/consiliu/proiecte/{decision.draft_id}/").content.decode()
    assert "Firma Construct SRL" in draft_page and "02.12.2025" in draft_page

    services.communicate_to_addressees(actor=office, decision_id=decision, on=date(2025, 12, 8))
    rows = services.addressee_communications(today=date(2025, 12, 20))
    assert rows[0].late and rows[0].done == date(2025, 12, 8)  # communicated, but late: still shown


def test_the_date_is_noted_on_the_published_act(city, office):
    decision = _decision(office)
    party = Party.objects.create(kind="person", name="Gheorghe Pop", address="Str. Lungă nr. 1")
    services.add_addressee(actor=office, decision_id=decision, party_id=party.pk)
    services.communicate_to_addressees(actor=office, decision_id=decision, on=date(2025, 12, 2))
    assert Addressee.objects.get(party=party).channel == Addressee.Channel.POST  # no account: by post
    assert not Act.objects.exists()  # published later, with the date (publish passes communicated_on)
