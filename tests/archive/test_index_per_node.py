"""The search index kept per node: two machines, each with its own index, brought up to date from the events in
the database by their followers; a late-committing transaction is not skipped; a new node rebuilds."""

from datetime import timedelta

import pytest
from django.utils import timezone

from primaria.archive import follower, services
from primaria.archive.models import ArchiveUnit, UnitKind
from primaria.outbox.models import Delivery, Event
from primaria.search.engines import Filters, search_engine
from primaria.search.text import parse_query

pytestmark = pytest.mark.django_db


def _document(entry, key, text, year):
    unit = ArchiveUnit.objects.create(institution=entry.institution, entry=entry, year=year, kind=UnitKind.FILE,
                                      title=entry.title, retention_years=entry.retention_years, page_count=1)
    document = services._create_document(
        natural_key=f"test:{key}", institution=entry.institution, unit=unit, department=entry.department,
        source="scan", title=f"{entry.title} {key}", doc_type="Test", issuer="Test", holder="Test",
        retention_years=unit.retention_years, sha256="0" * 64, page_count=1, text_status="done")
    services._store_pages(document, [text])
    return document


def _found(settings, node, words) -> set:
    settings.PRIMARIA_SEARCH_DIR = str(node)
    hits = search_engine().search(parse_query(words), Filters(), limit=20)
    return {hit.document_id for hit in hits.hits}


def _follow(settings, node, **kwargs):
    settings.PRIMARIA_SEARCH_DIR = str(node)
    return follower.follow_once(**kwargs)


@pytest.fixture
def nodes(settings, tmp_path):
    settings.PRIMARIA_SEARCH_PER_NODE = True
    return tmp_path / "nod-1", tmp_path / "nod-2"


def test_each_node_brings_its_own_index_up_to_date(settings, nodes, nomenclator, run_on_commit):
    one, two = nodes
    entry = nomenclator["VI/2"]
    assert _follow(settings, one)["rebuilt"] == 0 and _follow(settings, two)["rebuilt"] == 0  # new nodes
    with run_on_commit():
        first = _document(entry, "a", "autorizație de construire pentru strada Florilor", 2020)
        services.request_index(first.pk)  # the outbox's handler runs and writes nothing in per-node mode
    assert _found(settings, one, "florilor") == set()
    assert _follow(settings, one) == {"rebuilt": None, "applied": 1}
    assert _found(settings, one, "florilor") == {first.pk} and _found(settings, two, "florilor") == set()
    assert _follow(settings, two)["applied"] == 1 and _found(settings, two, "florilor") == {first.pk}
    assert _follow(settings, two)["applied"] == 0  # nothing twice

    # A change (the document's pages replaced) and a disposal reach both nodes too.
    services._store_pages(first, ["certificat de urbanism pentru strada Teiului"])
    services.request_index(first.pk)
    for node in nodes:
        _follow(settings, node)
        assert _found(settings, node, "florilor") == set() and _found(settings, node, "teiului") == {first.pk}


def test_an_event_that_becomes_visible_late_is_still_applied(settings, nodes, nomenclator):
    one, _two = nodes
    entry = nomenclator["VI/2"]
    _follow(settings, one)
    early = _document(entry, "early", "hotărârea consiliului local privind parcările", 2020)
    late = _document(entry, "late", "dispoziția primarului privind iluminatul", 2021)
    services.request_index(early.pk)
    services.request_index(late.pk)
    early_event, late_event = Event.objects.filter(name=follower.EVENT).order_by("pk")
    # The transaction of the earlier id commits after the later one was seen: hide it for the first pass.
    early_event.deliveries.all().delete()
    Event.objects.filter(pk=early_event.pk).delete()
    assert _follow(settings, one)["applied"] == 1 and _found(settings, one, "iluminatul") == {late.pk}
    assert follower.read_state()["done_below"] < early_event.pk  # the missing id stays open
    Event.objects.create(pk=early_event.pk, name=follower.EVENT, payload=early_event.payload,
                         created_at=early_event.created_at)  # ...and its transaction commits now
    assert _follow(settings, one)["applied"] == 1
    assert _found(settings, one, "parcarile") == {early.pk} and _found(settings, one, "iluminatul") == {late.pk}
    assert _follow(settings, one)["applied"] == 0  # nothing twice
    _follow(settings, one, now=timezone.now() + follower.SETTLE + timedelta(seconds=1))
    state = follower.read_state()
    assert state["done_below"] >= late_event.pk and state["applied"] == []


def test_a_missing_id_is_passed_once_it_is_old_enough(settings, nodes, nomenclator):
    one, _two = nodes
    _follow(settings, one)
    first = _document(nomenclator["VI/2"], "x", "registrul agricol", 2020)
    second = _document(nomenclator["VI/2"], "z", "registrul de intrări", 2021)
    services.request_index(first.pk)
    services.request_index(second.pk)
    # The first event's transaction is still open (or was rolled back): its id is not visible.
    missing = Event.objects.filter(name=follower.EVENT).order_by("pk").first()
    missing.deliveries.all().delete()
    Event.objects.filter(pk=missing.pk).delete()
    _follow(settings, one)
    assert follower.read_state()["done_below"] < missing.pk  # not passed while it may still commit
    _follow(settings, one, now=timezone.now() + follower.SETTLE + timedelta(seconds=1))
    last = Event.objects.filter(name=follower.EVENT).latest("pk").pk
    assert follower.read_state()["done_below"] >= last and follower.read_state()["applied"] == []


def test_a_node_away_longer_than_the_events_are_kept_rebuilds(settings, nodes, nomenclator, run_on_commit):
    one, _two = nodes
    _follow(settings, one)
    with run_on_commit():
        document = _document(nomenclator["VI/2"], "y", "autorizație de funcționare", 2020)
        services.request_index(document.pk)
    later = timezone.now() + timedelta(days=settings.PRIMARIA_OUTBOX_KEEP_DAYS)
    Delivery.objects.all().delete()  # pruned meanwhile
    Event.objects.all().delete()
    assert _follow(settings, one, now=later)["rebuilt"] == 1
    assert _found(settings, one, "functionare") == {document.pk}
