"""Retention: each year the units whose term has expired are proposed to the archive commission; its
approval makes a disposal record; permanent units are never proposed."""

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from primaria.archive import services, tasks
from primaria.archive.models import (
    ArchiveDocument,
    ArchivePage,
    ArchiveUnit,
    DisposalProposal,
    DisposalRecord,
    UnitKind,
)
from primaria.archive.selectors import search
from primaria.audit.models import AuditEntry
from primaria.core.errors import DomainError
from primaria.search.engines import search_engine

pytestmark = pytest.mark.django_db


def _unit(entry, year, text):
    unit = ArchiveUnit.objects.create(institution=entry.institution, entry=entry, year=year, kind=UnitKind.FILE,
                                      title=entry.title, retention_years=entry.retention_years, page_count=1)
    document = services._create_document(
        natural_key=f"test:{entry.index}:{year}", institution=entry.institution, unit=unit, department=entry.department,
        source="scan", title=f"{entry.title} {year}", doc_type="Test", issuer="Test", holder="Test",
        retention_years=unit.retention_years, sha256="0" * 64, page_count=1, text_status="done",
    )
    services._store_pages(document, [text])
    services.request_index(document.pk)
    return unit


@pytest.fixture
def units(nomenclator, run_on_commit):
    year = timezone.localdate().year
    with run_on_commit():
        return {
            "expired_3": _unit(nomenclator["VI/2"], year - 4, "informații de interes public despre parcări"),  # 3 years
            "not_yet_3": _unit(nomenclator["VI/2"], year - 3, "informații de interes public despre buget"),
            "expired_10": _unit(nomenclator["III/1"], year - 11, "dosar fiscal cu scutire de impozit"),
            "permanent": _unit(nomenclator["II/1"], year - 60, "autorizație de construire veche"),
        }


def test_the_yearly_proposal_holds_expired_units_and_never_permanent_ones(users, city, units, run_on_commit):
    with run_on_commit():
        tasks.yearly_disposal_proposals()
    proposal = DisposalProposal.objects.get(institution=city)
    assert proposal.year == timezone.localdate().year and proposal.status == DisposalProposal.Status.PENDING
    assert set(proposal.units.all()) == {units["expired_3"], units["expired_10"]}
    assert ArchiveUnit.objects.get(pk=units["permanent"].pk).status == ArchiveUnit.Status.CLOSED  # closed, kept
    assert units["permanent"].disposable_from_year is None
    # Asking again the same year changes nothing.
    assert services.propose_disposal(actor=users.secretary, institution=city) == proposal
    assert proposal.units.count() == 2


def test_approval_by_the_secretary_general_makes_the_disposal_record(users, city, units, run_on_commit):
    proposal = services.propose_disposal(actor=users.secretary, institution=city)
    for outsider in (users.admin, users.clerk, users.mayor, users.urb_head):
        with pytest.raises(PermissionDenied):
            services.decide_disposal(actor=outsider, proposal_id=proposal.pk, approve=True)
    assert len(search(user=users.secretary, text="parcari").results) == 1
    with run_on_commit():
        services.decide_disposal(actor=users.secretary, proposal_id=proposal.pk, approve=True,
                                 keep_unit_ids=[units["expired_10"].pk], note="Dosarul fiscal se păstrează (litigiu).")
    proposal.refresh_from_db()
    record = DisposalRecord.objects.get(proposal=proposal)
    assert proposal.status == "approved" and record.unit_count == 1 and record.units[0]["id"] == units["expired_3"].pk
    assert record.number == f"PV-{proposal.year}-{proposal.pk:04d}"
    assert ArchiveUnit.objects.get(pk=units["expired_3"].pk).status == ArchiveUnit.Status.DISPOSED
    assert ArchiveUnit.objects.get(pk=units["expired_10"].pk).status == ArchiveUnit.Status.CLOSED
    disposed = ArchiveDocument.objects.get(unit=units["expired_3"])
    assert disposed.disposed_at and not ArchivePage.objects.filter(document=disposed).exists()
    assert search(user=users.secretary, text="parcari").results == []  # gone from the index too
    assert disposed.pk not in search_engine().document_ids()
    assert AuditEntry.objects.filter(action="archive.disposal.approve", object_id=str(proposal.pk)).exists()
    with pytest.raises(DomainError):
        services.decide_disposal(actor=users.secretary, proposal_id=proposal.pk, approve=True)
    # A disposed unit takes no new documents.
    with pytest.raises(DomainError):
        services.unit_for(units["expired_3"].entry, units["expired_3"].year)


def test_rejection_needs_reasons_and_returns_the_units(users, city, units):
    proposal = services.propose_disposal(actor=users.secretary, institution=city)
    for note in ("nu", "..........", "n  u  .  .  ."):  # a reason must say something (core.rules.require_reason)
        with pytest.raises(DomainError):
            services.decide_disposal(actor=users.secretary, proposal_id=proposal.pk, approve=False, note=note)
    services.decide_disposal(actor=users.secretary, proposal_id=proposal.pk, approve=False,
                             note="Inventarele nu sunt complete; refaceți propunerea.")
    assert not DisposalRecord.objects.exists()
    assert {u.status for u in proposal.units.all()} == {ArchiveUnit.Status.CLOSED}
    assert not ArchiveUnit.objects.filter(status=ArchiveUnit.Status.PROPOSED).exists()


def test_nothing_expired_no_proposal(users, city, nomenclator):
    assert services.propose_disposal(actor=users.secretary, institution=city) is None
    assert not DisposalProposal.objects.exists()
