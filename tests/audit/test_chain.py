"""The audit log is tamper-evident: an entry edited, deleted or added by SQL, or the log rewritten from some entry
on, is found by `manage.py audit_verify` and shown on the health page."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone

from primaria.audit import chain
from primaria.audit.models import AuditAnchor, AuditChain, AuditEntry
from primaria.audit.services import record
from tests.factories import submitted_request

pytestmark = pytest.mark.django_db


def _sql(statement, params=()):
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


@pytest.fixture
def sealed(users):
    submitted_request(users.ion)
    for n in range(5):
        record(actor=users.clerk, action="test.action", institution_id=users.clerk.positions.first().department.institution_id,
               note=f"pasul {n}", amount=n + 0.5)
    assert chain.seal() == AuditEntry.objects.count()
    return AuditEntry.objects.order_by("pk")


def test_sealed_chains_verify_and_keep_growing(users, sealed):
    assert all(problems == [] for problems in chain.verify().values())
    for key, entries in _by_chain(sealed).items():
        assert [e.sequence for e in entries] == list(range(1, len(entries) + 1))
        assert AuditChain.objects.get(key=key).head == entries[-1].entry_hash
    record(actor=users.ion, action="test.later")
    assert chain.seal() == 1
    assert all(problems == [] for problems in chain.verify().values())
    assert chain.seal() == 0  # nothing sealed twice


def _by_chain(entries):
    grouped = {}
    for entry in entries:
        grouped.setdefault(entry.chain, []).append(entry)
    return grouped


def test_an_entry_edited_by_sql_is_found(sealed):
    victim = sealed.filter(action="test.action").first()
    _sql("UPDATE audit_auditentry SET actor_label = %s WHERE id = %s", ["altcineva", victim.pk])
    problems = chain.verify()[victim.chain]
    assert any(f"nr. {victim.sequence}" in p and "modificată" in p for p in problems), problems
    with pytest.raises(CommandError):
        call_command("audit_verify")
    assert AuditChain.objects.get(key=victim.chain).problems == problems  # kept for the health page


def test_details_edited_by_sql_are_found(sealed):
    victim = sealed.filter(action="test.action").last()
    data = '{"note": "pasul 4", "amount": 999}'
    _sql("UPDATE audit_auditentry SET data = %s WHERE id = %s", [data, victim.pk])
    assert any("modificată" in p for p in chain.verify()[victim.chain])


def test_a_deleted_entry_is_found(sealed):
    victim = sealed.filter(action="test.action")[2]
    _sql("DELETE FROM audit_auditentry WHERE id = %s", [victim.pk])
    problems = chain.verify()[victim.chain]
    assert any(f"Lipsesc înregistrările nr. {victim.sequence}" in p for p in problems), problems


def test_the_last_entries_deleted_are_found(sealed):
    last = sealed.filter(action="test.action").order_by("-sequence").first()
    _sql("DELETE FROM audit_auditentry WHERE id = %s", [last.pk])
    assert any("Lipsesc ultimele înregistrări" in p for p in chain.verify()[last.chain])


def test_an_entry_inserted_behind_the_platforms_back_is_found_and_never_sealed(users, sealed):
    key = sealed.filter(action="test.action").first().chain
    AuditChain.objects.filter(key=key).update(sealed_at=timezone.now())
    backdated = timezone.now() - chain.SEAL_GRACE * 3
    _sql("INSERT INTO audit_auditentry (at, actor_label, action, object_type, object_id, institution_id, data, "
         "entry_hash) VALUES (%s, %s, %s, '', '', %s, %s, '')", [backdated, "intrus", "test.inserted", key, "{}"])
    assert chain.seal() == 0
    problems = chain.verify()[key]
    assert any("nu a fost scrisă de platformă" in p and "test.inserted" in p for p in problems), problems


def test_a_chain_rewritten_after_an_edit_is_caught_by_its_timestamped_head(users, sealed, pki):
    key = sealed.filter(action="test.action").first().chain
    assert chain.anchor() == AuditChain.objects.filter(length__gt=0).count()
    assert chain.anchor() == 0  # nothing new to timestamp
    assert all(problems == [] for problems in chain.verify().values())
    # The intruder edits an entry and recomputes every hash after it, and the chain's head: the chain is
    # consistent again, but its head is no longer the one the TSA timestamped.
    entries = list(AuditEntry.objects.filter(chain=key).order_by("sequence"))
    entries[1].actor_label = "altcineva"
    previous = entries[0].entry_hash
    for entry in entries[1:]:
        entry.entry_hash = previous = chain.entry_hash(entry, key, entry.sequence, previous)
        _sql("UPDATE audit_auditentry SET actor_label = %s, entry_hash = %s WHERE id = %s",
             [entry.actor_label, entry.entry_hash, entry.pk])
    AuditChain.objects.filter(key=key).update(head=previous)
    problems = chain.verify()[key]
    assert len(problems) == 1 and "jurnalul a fost rescris" in problems[0], problems


def test_an_anchor_whose_token_is_not_for_its_head_is_refused(users, sealed, pki):
    key = sealed.filter(action="test.action").first().chain
    chain.anchor()
    record(actor=users.clerk, action="test.later", institution_id=key)
    chain.seal()
    chain.anchor()
    first, second = AuditAnchor.objects.filter(key=key).order_by("length")
    # A genuine token of the TSA, but for another head: it vouches for nothing here.
    AuditAnchor.objects.filter(pk=first.pk).update(token=bytes(second.token))
    problems = chain.verify()[key]
    assert problems == [f"Ancora înregistrării nr. {first.length}: marca temporală nu corespunde amprentei păstrate."]


def test_the_health_page_shows_the_last_check(client, users, sealed):
    victim = sealed.filter(action="test.action").first()
    _sql("UPDATE audit_auditentry SET action = %s WHERE id = %s", ["altceva", victim.pk])
    chain.verify()
    client.force_login(users.admin)
    text = client.get("/admin/sanatate/").content.decode()
    assert "Jurnalul de audit" in text and "1 probleme găsite" in text
