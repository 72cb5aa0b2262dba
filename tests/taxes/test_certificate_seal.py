"""A certificat de atestare fiscală keeps its number when its seal fails: the number is taken and committed first,
the page says the certificate is being prepared, and the outbox seals it later under the same number."""

from datetime import date

from django.utils import timezone

from primaria.accounts.models import Party
from primaria.outbox import runner
from primaria.outbox.models import Delivery
from primaria.registry.models import RegistryEntry
from primaria.signing.services import SigningError
from primaria.taxes import certificate, services
from primaria.taxes.models import Certificate


def _maria_with_nothing_owed(users):
    maria = Party.objects.get(user=users.maria)
    services.add_item(actor=None, party=maria, kind="cladire", label="Str. Florilor nr. 9, Municipiul Demo",
                      identifier="DEMO-9009", attrs={"use": "rezidentiala", "area": "80", "zone": "A", "rank": "II"},
                      starts_on=date(timezone.localdate().year, 6, 1), source="test")
    return maria


def test_a_failed_seal_keeps_the_number_and_the_outbox_seals_it_later(client, users, city, pki, monkeypatch):
    maria = _maria_with_nothing_owed(users)
    real = certificate._sealed
    failures = {"left": 2}

    def flaky(**kwargs):
        if failures["left"]:
            failures["left"] -= 1
            raise SigningError("Serviciul de semnare nu răspunde.")
        return real(**kwargs)

    monkeypatch.setattr(certificate, "_sealed", flaky)
    outbound = RegistryEntry.objects.filter(direction="out").count()
    client.force_login(users.maria)
    page = client.post("/taxe/certificat/", {"scop": "Dezbatere succesorală"}, follow=True).content.decode()
    numbered = Certificate.objects.get(party=maria)
    number = numbered.registry_entry.reference
    assert numbered.document is None and RegistryEntry.objects.filter(direction="out").count() == outbound + 1
    assert f"a primit nr. {number}" in page and "se pregătește" in page
    assert 'data-testid="certificates-pending"' in page and number in page

    runner.drain()  # the first retry fails too: the delivery waits for its next attempt
    delivery = Delivery.objects.get(handler="taxes.seal_certificate")
    assert delivery.status != Delivery.Status.DONE and delivery.attempts == 1
    Delivery.objects.filter(pk=delivery.pk).update(available_at=timezone.now())
    runner.drain()
    numbered.refresh_from_db()
    assert numbered.document is not None and numbered.registry_entry.reference == number
    assert numbered.document.title == f"Certificat de atestare fiscală nr. {number}"
    assert RegistryEntry.objects.get(pk=numbered.registry_entry_id).document_id == numbered.document_id
    assert RegistryEntry.objects.filter(direction="out").count() == outbound + 1  # no second number
    page = client.get("/taxe/").content.decode()
    assert "se pregătește" not in page and f"/dosar/document/{numbered.document.public_id}/" in page

    # Sealing again changes nothing.
    assert certificate.seal_certificate(numbered.pk) == numbered.document


def test_a_seal_that_works_issues_at_once(client, users, city, pki):
    maria = _maria_with_nothing_owed(users)
    client.force_login(users.maria)
    page = client.post("/taxe/certificat/", {"scop": "Dezbatere succesorală"}, follow=True).content.decode()
    issued = Certificate.objects.get(party=maria)
    assert issued.document is not None and "a fost emis" in page
    runner.drain()
    assert Delivery.objects.get(handler="taxes.seal_certificate").status == Delivery.Status.DONE
    assert Certificate.objects.get(pk=issued.pk).document_id == issued.document_id
