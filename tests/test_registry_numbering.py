"""Registration numbers: sequential per institution and calendar year, never repeated, without gaps."""

import threading
from datetime import datetime
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.db import connections, transaction

from primaria.accounts.selectors import person_of
from primaria.catalog.models import Service
from primaria.institutions.models import Institution
from primaria.registry import services as registry
from primaria.registry.models import Channel, Direction, RegistryEntry
from primaria.requests import services
from tests.factories import answers_for, uploads_for

BUCHAREST = ZoneInfo("Europe/Bucharest")


def _drafts(user, count):
    service = Service.objects.get(slug="adeverinta-nomenclatura-stradala")
    drafts = []
    for _ in range(count):
        draft = services.start_draft(actor=user, party=person_of(user), service=service)
        services.save_draft(actor=user, request_id=draft.pk, answers=answers_for(service), uploads=uploads_for(service))
        drafts.append(draft)
    return drafts


@pytest.mark.django_db(transaction=True)
def test_concurrent_filings_get_exactly_one_to_n(users):
    """20+ applicants pressing "Depune" at the same moment get the numbers 1..N, each once."""
    n = 24
    ion = users.ion
    drafts = _drafts(ion, n)
    barrier = threading.Barrier(n)
    numbers, failures = [], []

    def file(draft):
        try:
            barrier.wait()
            submitted = services.submit(actor=ion, request_id=draft.pk)
            numbers.append(submitted.registry_entry.number)
        except Exception as exc:  # noqa: BLE001 - reported below
            failures.append(repr(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=file, args=(d,)) for d in drafts]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []
    assert sorted(numbers) == list(range(1, n + 1))
    assert RegistryEntry.objects.count() == n


@pytest.mark.django_db(transaction=True)
def test_a_failed_filing_gives_its_number_back(city, users):
    """A registration rolled back by a later error leaves no gap."""
    institution = Institution.objects.get(code="PMD")
    with pytest.raises(RuntimeError), transaction.atomic():
        registry.register(institution=institution, direction=Direction.INBOUND, channel=Channel.POST, summary="Scrisoare")
        raise RuntimeError("failure after numbering")
    with transaction.atomic():
        entry = registry.register(institution=institution, direction=Direction.INBOUND, channel=Channel.POST, summary="Alta")
    assert entry.number == 1


@pytest.mark.django_db
def test_numbers_restart_on_first_of_january_and_are_per_institution(city):
    pmd = Institution.objects.get(code="PMD")
    adp = Institution.objects.get(code="ADP")

    def register_at(moment, institution):
        with mock.patch("django.utils.timezone.now", return_value=moment):
            with transaction.atomic():
                return registry.register(institution=institution, direction=Direction.INBOUND, channel=Channel.POST,
                                         summary="Test")

    late = datetime(2026, 12, 31, 23, 59, tzinfo=BUCHAREST)
    assert register_at(late, pmd).number == 1
    assert register_at(late, pmd).number == 2
    assert register_at(late, adp).number == 1
    # 00:30 in Bucharest on 1 January is still 31 December in UTC: the local calendar year counts.
    new_year = datetime(2027, 1, 1, 0, 30, tzinfo=BUCHAREST)
    first = register_at(new_year, pmd)
    assert (first.year, first.number) == (2027, 1)
    assert first.reference == "1/01.01.2027"


@pytest.mark.django_db(transaction=True)
def test_register_refuses_to_run_outside_a_transaction(city):
    pmd = Institution.objects.get(code="PMD")
    with pytest.raises(RuntimeError):
        registry.register(institution=pmd, direction=Direction.INBOUND, channel=Channel.POST, summary="Fără tranzacție")
    assert not RegistryEntry.objects.exists()
