"""Reads of the archive: what a person may see, the search, the lists of the pages."""

import time
import uuid
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.urls import reverse

from primaria.institutions.selectors import institution_ids_of, is_official, visible_department_ids
from primaria.search.engines import Filters, IndexedPage, search_engine
from primaria.search.text import parse_query

from .models import (
    ArchiveDocument,
    ArchivePage,
    ArchiveUnit,
    DisposalProposal,
    NomenclatorEntry,
    ScanBatch,
    ScanItem,
)

# --- what the search engine holds ------------------------------------------------------------------------


def _meta(document: ArchiveDocument) -> str:
    return " ".join(filter(None, [document.title, document.doc_type, document.keywords, document.issuer,
                                  document.registration, document.identifier]))


def _page(document, number, text, meta) -> IndexedPage:
    return IndexedPage(
        document_id=document.pk, page=number, text=text, meta=meta if number == 1 else "",
        institution_id=document.institution_id, department_id=document.department_id, entry_id=document.unit.entry_id,
        year=document.unit.year, doc_type=document.doc_type, public=document.published,
    )


def indexed_pages(document: ArchiveDocument) -> list[IndexedPage]:
    meta = _meta(document)
    pages = list(document.pages.values_list("number", "text"))
    if not pages:  # no text (a failed OCR): the metadata can still be found
        pages = [(1, "")]
    return [_page(document, number, text, meta) for number, text in pages]


def all_indexed_pages(chunk: int = 5000):
    """Every page of every live document, streamed (for a rebuild of the index)."""
    documents = {d.pk: d for d in ArchiveDocument.objects.filter(disposed_at__isnull=True).select_related("unit")}
    metas = {}
    last = 0
    while True:
        rows = list(
            ArchivePage.objects.filter(pk__gt=last, document__disposed_at__isnull=True).order_by("pk")
            .values_list("pk", "document_id", "number", "text")[:chunk]
        )
        if not rows:
            break
        for pk, document_id, number, text in rows:
            document = documents.get(document_id)
            if document is None:
                continue
            if number == 1 and document_id not in metas:
                metas[document_id] = _meta(document)
            yield _page(document, number, text, metas.get(document_id, "") if number == 1 else "")
            last = pk
        last = rows[-1][0]


# --- access -----------------------------------------------------------------------------------------------


def official_filters(user) -> Filters:
    """An official sees the archive of the departments they see elsewhere (institution-wide roles: all)."""
    cached = getattr(user, "_archive_filters", None)
    if cached is not None:  # once per request (the user object lives as long as the request)
        return cached
    if not is_official(user):
        filters = Filters(institution_ids=frozenset(), department_ids=frozenset())
    else:
        filters = Filters(institution_ids=frozenset(institution_ids_of(user)),
                          department_ids=frozenset(visible_department_ids(user) or ()))
    if getattr(user, "is_authenticated", False):
        user._archive_filters = filters
    return filters


def documents_for(user):
    filters = official_filters(user)
    return ArchiveDocument.objects.filter(
        institution_id__in=filters.institution_ids, department_id__in=filters.department_ids, disposed_at__isnull=True
    )


def document_for_official(user, public_id) -> ArchiveDocument | None:
    return documents_for(user).select_related("unit__entry", "department", "institution", "request").filter(public_id=public_id).first()


def published_document(public_id) -> ArchiveDocument | None:
    return ArchiveDocument.objects.select_related("unit__entry", "department", "institution").filter(
        public_id=public_id, published=True, disposed_at__isnull=True
    ).first()


def units_for(user):
    filters = official_filters(user)
    return ArchiveUnit.objects.filter(institution_id__in=filters.institution_ids,
                                      entry__department_id__in=filters.department_ids).select_related("entry__department")


def unit_for_official(user, public_id) -> ArchiveUnit | None:
    return units_for(user).filter(public_id=public_id).first()


# --- search -----------------------------------------------------------------------------------------------


@dataclass
class DocumentSummary:
    """What a result shows of a document (read in one query, no model instances)."""

    pk: int
    public_id: object
    identifier: str
    title: str
    doc_type: str
    document_date: object
    published: bool
    institution_id: int
    department_id: int
    unit_label: str
    department_name: str


_SUMMARY_FIELDS = ("pk", "public_id", "identifier", "title", "doc_type", "document_date", "published", "institution_id",
                   "department_id", "unit__entry__index", "unit__year", "department__name")


def _summaries(ids) -> dict[int, DocumentSummary]:
    rows = ArchiveDocument.objects.filter(pk__in=ids, disposed_at__isnull=True).order_by().values_list(*_SUMMARY_FIELDS)
    return {row[0]: DocumentSummary(*row[:9], unit_label=f"{row[9]}/{row[10]}", department_name=row[11]) for row in rows}


@dataclass
class SearchResult:
    document: DocumentSummary
    page: int
    snippet: str
    url: str


@dataclass
class SearchPage:
    query: str
    results: list = field(default_factory=list)
    total: int = 0
    page: int = 1
    per_page: int = 20
    milliseconds: float = 0.0

    @property
    def has_next(self):
        return self.page * self.per_page < self.total

    @property
    def has_previous(self):
        return self.page > 1

    @property
    def first_number(self):
        return (self.page - 1) * self.per_page + 1

    @property
    def last_page(self):
        return max(1, -(-self.total // self.per_page))


_PLACEHOLDER = uuid.UUID(int=0)


def search(*, user=None, public=False, text: str, year=None, entry_id=None, doc_type=None, department_id=None,
           page: int = 1, per_page: int = 20) -> SearchPage:
    """The archive search: officials within their access, the public over published documents only."""
    started = time.perf_counter()
    query = parse_query(text)
    page = max(1, min(int(page or 1), 50))
    result = SearchPage(query=query.text, page=page, per_page=per_page)
    if query.empty:
        return result
    if public:
        filters = Filters(public_only=True)
    else:
        filters = official_filters(user)
        if department_id:
            allowed = filters.department_ids or frozenset()
            filters = Filters(institution_ids=filters.institution_ids,
                              department_ids=frozenset({int(department_id)}) & allowed)
    filters = Filters(
        institution_ids=filters.institution_ids, department_ids=filters.department_ids, public_only=filters.public_only,
        year=int(year) if year else None, entry_id=int(entry_id) if entry_id else None, doc_type=doc_type or None,
    )
    found = search_engine().search(query, filters, limit=per_page, offset=(page - 1) * per_page)
    documents = _summaries({h.document_id for h in found.hits}) if found.hits else {}
    url = reverse("archive_public:pdf" if public else "archive:pdf", args=[_PLACEHOLDER])
    for hit in found.hits:
        document = documents.get(hit.document_id)
        if document is None or not _may_see(document, filters):
            continue  # the index is a step behind the database: never show more than the database allows
        link = url.replace(str(_PLACEHOLDER), str(document.public_id)) + f"#page={hit.page}"
        result.results.append(SearchResult(document=document, page=hit.page, snippet=hit.snippet, url=link))
    result.total = found.total
    result.milliseconds = (time.perf_counter() - started) * 1000
    return result


def _may_see(document, filters: Filters) -> bool:
    if filters.public_only and not document.published:
        return False
    if filters.institution_ids is not None and document.institution_id not in filters.institution_ids:
        return False
    return filters.department_ids is None or document.department_id in filters.department_ids


def search_choices(user=None, public=False) -> dict:
    """The values of the filters of the search form."""
    if public:
        documents = ArchiveDocument.objects.filter(published=True, disposed_at__isnull=True)
        entries = NomenclatorEntry.objects.filter(units__documents__in=documents).distinct()
        departments = []
    else:
        documents = documents_for(user)
        filters = official_filters(user)
        entries = NomenclatorEntry.objects.filter(institution_id__in=filters.institution_ids,
                                                  department_id__in=filters.department_ids)
        from primaria.institutions.models import Department

        departments = Department.objects.filter(pk__in=filters.department_ids).order_by("name")
    years = ArchiveUnit.objects.filter(documents__in=documents).values_list("year", flat=True).distinct().order_by("-year")
    types = documents.values_list("doc_type", flat=True).distinct().order_by("doc_type")
    return {"years": list(years), "entries": list(entries.order_by("index")), "types": list(types)[:200],
            "departments": list(departments)}


# --- the pages of the archive ---------------------------------------------------------------------------------


def batches_for(user):
    return ScanBatch.objects.filter(institution_id__in=institution_ids_of(user)).annotate(
        total=Count("items"),
        finished=Count("items", filter=Q(items__status__in=ScanItem.FINISHED)),
        failed=Count("items", filter=Q(items__status=ScanItem.Status.FAILED)),
    )


def batch_progress(batch: ScanBatch) -> dict:
    counts = dict(batch.items.values_list("status").annotate(n=Count("pk")))
    total = sum(counts.values())
    finished = sum(counts.get(s, 0) for s in ScanItem.FINISHED)
    pages = sum(batch.items.filter(document__isnull=False).values_list("document__page_count", flat=True))
    return {
        "total": total, "finished": finished, "done": counts.get(ScanItem.Status.DONE, 0),
        "duplicate": counts.get(ScanItem.Status.DUPLICATE, 0), "failed": counts.get(ScanItem.Status.FAILED, 0),
        "pending": counts.get(ScanItem.Status.PENDING, 0), "complete": total > 0 and finished == total,
        "percent": round(100 * finished / total) if total else 100, "pages": pages,
    }


def job_summary(institution_ids) -> dict:
    """The archive's background work (primaria.outbox deliveries of its handlers): counts, waiting, failed."""
    from primaria.outbox.models import Delivery

    work = Delivery.objects.filter(handler__startswith="archive.")
    counts = dict(work.values_list("status").annotate(n=Count("pk")).order_by())
    failed = list(work.filter(status=Delivery.Status.FAILED).select_related("event").order_by("-pk")[:20])
    waiting = list(work.filter(status=Delivery.Status.PENDING, waiting=True).select_related("event").order_by("-pk")[:20])
    return {"counts": counts, "failed": failed, "waiting": waiting}


def proposals_for(user):
    return DisposalProposal.objects.filter(institution_id__in=institution_ids_of(user)).annotate(
        unit_count=Count("units")
    )
