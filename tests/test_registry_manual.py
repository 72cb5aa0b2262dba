"""The registry clerk registers letters that arrive by post or e-mail, and exports the register."""

import pytest

from primaria.registry.models import RegistryEntry

pytestmark = pytest.mark.django_db

LETTER = {"direction": "in", "channel": "post", "sender": "Inspectoratul Școlar Județean Demo",
          "sender_reference": "4512", "sender_date": "2026-11-20", "summary": "Solicitare date privind școlile",
          "pages": "3", "annexes": "1 tabel"}


def test_the_clerk_registers_a_letter_and_finds_it_in_the_csv(client, users):
    client.force_login(users.clerk)
    response = client.post("/birou/registratura/inregistreaza/", LETTER)
    assert response.status_code == 302
    entry = RegistryEntry.objects.get()
    assert (entry.number, entry.pages, entry.sender_reference) == (1, 3, "4512")
    assert entry.sender_date.isoformat() == "2026-11-20" and entry.registered_by == users.clerk
    listing = client.get("/birou/registratura/", {"q": "Școlar"}).content.decode()
    assert entry.reference in listing
    csv = b"".join(client.get("/birou/registratura/export.csv").streaming_content).decode("utf-8-sig")
    header, row = csv.splitlines()[:2]
    assert header.startswith("Nr. înregistrare;Data înregistrării")
    assert row.startswith("1;") and "Inspectoratul Școlar Județean Demo" in row and "4512 / 20.11.2026" in row


def test_bad_input_gets_a_message_per_field_and_registers_nothing(client, users):
    client.force_login(users.clerk)
    page = client.post("/birou/registratura/inregistreaza/", {
        **LETTER, "direction": "", "summary": "x", "pages": "zero", "sender_date": "32.13.2026"}).content.decode()
    for message in ["Alegeți sensul documentului.", "Scrieți pe scurt conținutul documentului.",
                    "Numărul de file trebuie să fie un număr întreg, cel puțin 1.", "Data nu este validă."]:
        assert message in page
    assert not RegistryEntry.objects.exists()


def test_only_the_registry_registers(client, users):
    from django.core.exceptions import PermissionDenied

    from primaria.institutions.models import Institution
    from primaria.registry.services import register_manual

    client.force_login(users.urb_specialist)
    assert client.post("/birou/registratura/inregistreaza/", LETTER).status_code == 404
    with pytest.raises(PermissionDenied):
        register_manual(actor=users.adp_clerk, institution=Institution.objects.get(code="PMD"), **LETTER)
    assert not RegistryEntry.objects.exists()
