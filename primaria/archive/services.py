"""Every change to the archive goes through this module.

Each public function runs in one transaction, locks the rows it changes, writes an audit entry and
records the events of its background work (archiving, OCR, indexing: primaria.outbox) in that transaction,
so the work starts only after the commit and is never lost. Work that takes long (OCR, PDF generation)
runs in the event handlers (`handlers.py`) outside any transaction, and each checks what is already done,
so running it twice changes nothing.
"""

import csv
import hashlib
import io
import logging
import uuid
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from primaria.audit.services import record
from primaria.core.errors import DomainError
from primaria.core.validators import safe_filename
from primaria.institutions.models import Role
from primaria.institutions.selectors import positions_of
from primaria.outbox.services import NotReady, retry_waiting
from primaria.outbox.services import record as record_event
from primaria.search.text import normalize

from . import uploads
from .models import (
    ArchiveDocument,
    ArchivePage,
    ArchiveUnit,
    DisposalProposal,
    DisposalRecord,
    NomenclatorEntry,
    Retention,
    ScanBatch,
    ScanItem,
    UnitKind,
)

logger = logging.getLogger(__name__)

# Who keeps the archive: the secretary general (who answers for it), the registry (registratură și arhivă)
# and the IT admin (imports of scanned binders). Only the secretary general, as president of the
# archive commission (comisia de selecționare), approves a disposal.
MANAGER_ROLES = (Role.SECRETARY_GENERAL, Role.REGISTRY_CLERK, Role.IT_ADMIN)
COMMISSION_ROLES = (Role.SECRETARY_GENERAL,)
SCAN_MIMES = {"application/pdf", "image/tiff", "image/jpeg", "image/png"}


def institutions_with_role(actor, roles) -> set[int]:
    return {p.department.institution_id for p in positions_of(actor) if p.role in roles}


def can_manage(actor, institution_id) -> bool:
    return institution_id in institutions_with_role(actor, MANAGER_ROLES)


def can_decide_disposal(actor, institution_id) -> bool:
    return institution_id in institutions_with_role(actor, COMMISSION_ROLES)


def _require_manager(actor, institution_id):
    if not can_manage(actor, institution_id):
        raise PermissionDenied(_("Doar secretarul general, registratura sau administratorul IT gestionează arhiva."))


# --- the nomenclator -----------------------------------------------------------------------------------


def save_entry(*, actor, institution, data: dict, entry_id=None, ip=None) -> NomenclatorEntry:
    """Add or change a line of the nomenclator. `data`: department, index, title, retention_years,
    services (ids), default_for_department, active, approval."""
    _require_manager(actor, institution.pk)
    errors = {}
    index = (data.get("index") or "").strip()
    title = (data.get("title") or "").strip()
    if not index:
        errors["index"] = _("Scrieți indicativul dosarului, așa cum apare în nomenclator.")
    if len(title) < 3:
        errors["title"] = _("Scrieți conținutul pe scurt al dosarului.")
    try:
        retention = int(data.get("retention_years", ""))
        if retention not in Retention.values:
            raise ValueError
    except (TypeError, ValueError):
        errors["retention_years"] = _("Alegeți termenul de păstrare: permanent, 50, 30, 10, 5 sau 3 ani.")
        retention = None
    department = institution.departments.filter(pk=data.get("department") or 0).first()
    if department is None:
        errors["department"] = _("Alegeți compartimentul care creează dosarul.")
    from primaria.catalog.models import Service

    service_ids = [int(v) for v in data.get("services") or [] if str(v).isdigit()]
    services = list(Service.objects.filter(institution=institution, pk__in=service_ids))
    with transaction.atomic():
        entry = None
        if entry_id is not None:
            entry = NomenclatorEntry.objects.select_for_update().filter(pk=entry_id, institution=institution).first()
            if entry is None:
                raise DomainError(_("Poziția din nomenclator nu există."))
        clash = NomenclatorEntry.objects.filter(institution=institution, index=index).exclude(pk=getattr(entry, "pk", None))
        if index and clash.exists():
            errors["index"] = _("Indicativul „%(index)s” există deja în nomenclator.") % {"index": index}
        if errors:
            raise DomainError(errors)
        before = None if entry is None else {"index": entry.index, "retention_years": entry.retention_years}
        entry = entry or NomenclatorEntry(institution=institution)
        entry.department = department
        entry.index = index
        entry.title = title
        entry.retention_years = retention
        entry.default_for_department = bool(data.get("default_for_department"))
        entry.active = bool(data.get("active", True))
        entry.approval = (data.get("approval") or "").strip()[:200]
        entry.save()
        entry.services.set(services)
        record(actor=actor, action="archive.nomenclator.save", target=entry, institution_id=institution.pk, ip_address=ip,
               index=index, retention_years=retention, before=before)
        # Requests closed while no entry fitted them are archived now.
        retry_waiting("archive.request")
    return entry


def entry_for_request(request) -> NomenclatorEntry | None:
    entries = NomenclatorEntry.objects.filter(institution_id=request.institution_id, active=True)
    return (
        entries.filter(services=request.service_id).order_by("index").first()
        or entries.filter(department_id=request.department_id, default_for_department=True).order_by("index").first()
    )


# --- units ---------------------------------------------------------------------------------------------


def unit_for(entry: NomenclatorEntry, year: int, *, kind=UnitKind.FILE, pages: int = 0, volume: int | None = None) -> ArchiveUnit:
    """The unit a new document of `pages` pages goes into (call inside a transaction).

    With `volume` given (a binder named in a manifest) that volume is used; otherwise the last volume,
    or a new one when the last would pass ArchiveUnit.MAX_PAGES.
    """
    units = ArchiveUnit.objects.select_for_update().filter(entry=entry, year=year, kind=kind)
    if volume is not None:
        unit = units.filter(volume=volume).first()
    else:
        unit = units.order_by("-volume").first()
        if unit is not None and unit.page_count and unit.page_count + pages > ArchiveUnit.MAX_PAGES:
            volume, unit = unit.volume + 1, None
    if unit is None:
        try:
            with transaction.atomic():
                unit = ArchiveUnit.objects.create(
                    institution_id=entry.institution_id, entry=entry, year=year, kind=kind, volume=volume or 1,
                    title=entry.title, retention_years=entry.retention_years,
                )
        except IntegrityError:  # another worker created it first
            unit = units.get(volume=volume or 1)
    if unit.status in (ArchiveUnit.Status.PROPOSED, ArchiveUnit.Status.DISPOSED):
        raise DomainError(_("Unitatea %(unit)s este propusă pentru eliminare sau eliminată; nu mai primește documente.") % {"unit": unit})
    return unit


def _add_pages(unit: ArchiveUnit, pages: int):
    ArchiveUnit.objects.filter(pk=unit.pk).update(page_count=F("page_count") + pages)


def _identifier(document: ArchiveDocument) -> str:
    prefix = (document.institution.register_prefix or document.institution.code).upper()
    return f"{prefix}-ARH-{document.archived_at:%Y}-{document.pk:07d}"


def _create_document(**fields) -> ArchiveDocument:
    document = ArchiveDocument(identifier=f"tmp-{uuid.uuid4().hex}", **fields)  # the final one needs the pk
    document.save()
    document.identifier = _identifier(document)
    document.save(update_fields=["identifier"])
    return document


def _store_pages(document: ArchiveDocument, texts: list[str]):
    ArchivePage.objects.filter(document=document).delete()
    ArchivePage.objects.bulk_create(
        [ArchivePage(document=document, number=n, text=normalize(t)) for n, t in enumerate(texts, start=1)]
    )


def request_index(document_id: int):
    """Keep the search engine in step with this document (after the surrounding transaction commits)."""
    record_event("archive.index", document_id=document_id)


def _save_file(name: str, data: bytes) -> str:
    """Content-addressed files: the same bytes always land on the same name, so a re-run adds nothing."""
    if default_storage.exists(name):
        default_storage.delete(name)
    return default_storage.save(name, ContentFile(data))


# --- closed requests, archived automatically -------------------------------------------------------------


def archive_request_later(request):
    """Ask for a request's archiving again (it is asked by itself when the request is resolved or withdrawn)."""
    record_event("archive.archive_request", request, request_id=request.pk)


def archive_request(request_id: int) -> list[ArchiveDocument]:
    """Archive a closed request: its summary sheet, the applicant's documents and the answer.

    Idempotent: each document is archived once (by its natural key). Raises NotReady while no
    nomenclator entry fits the request. The archive's records are Romanian, whoever's action led here.
    """
    with translation.override("ro"):
        return _archive_request(request_id)


def _archive_request(request_id: int) -> list[ArchiveDocument]:
    from primaria.requests.models import CLOSED_STATUSES, Request

    from .ocr import digitise
    from .summary import request_summary_pdf

    request = Request.objects.select_related(
        "institution", "service", "applicant", "department", "registry_entry", "answer_document", "outbound_entry"
    ).get(pk=request_id)
    if request.status not in CLOSED_STATUSES:
        return []
    entry = entry_for_request(request)
    if entry is None:
        raise NotReady(
            f"Nicio poziție din nomenclator nu primește cererile pentru „{request.service.name}” "  # i18n: ro (stored)
            f"({request.department.name if request.department_id else 'fără compartiment'})."  # i18n: ro
        )
    closed_at = timezone.localtime(request.resolved_at or request.status_changed_at)
    sources = [("summary", None)] + [("document", a.document) for a in request.attachments.select_related("document__document_type")]
    if request.answer_document_id:
        sources.append(("answer", request.answer_document))
    existing = set(ArchiveDocument.objects.filter(institution_id=request.institution_id, natural_key__startswith=f"request:{request.pk}:")
                   .values_list("natural_key", flat=True))
    prepared = []
    for role, document in sources:
        key = f"request:{request.pk}:{role}" if document is None else f"request:{request.pk}:{role}:{document.pk}"
        if key in existing or any(p["natural_key"] == key for p in prepared):
            continue
        if document is None:
            pdf = request_summary_pdf(request)
            texts = digitise(pdf, "application/pdf").pages
            prepared.append({
                "natural_key": key, "title": f"Fișa cererii {request.reference} – {request.service.name}"[:300],  # i18n: ro (archive record)
                "doc_type": "Fișa cererii",  # i18n: ro (archive record)
                "issuer": request.institution.name, "data": pdf, "mime": "application/pdf",
                "texts": texts, "document": None, "document_date": closed_at.date(), "name": f"fisa-{request.pk}.pdf",
            })
            continue
        with document.file.open("rb") as handle:
            data = handle.read()
        result = digitise(data, document.mime)
        issued = document.source == document.Source.ISSUED
        prepared.append({
            "natural_key": key, "title": document.title[:300],
            "doc_type": "Răspuns" if role == "answer" else (document.document_type.name if document.document_type_id else "Anexă"),  # i18n: ro
            "issuer": f"{request.institution.name} – {request.department.name}" if issued and request.department_id else (
                request.institution.name if issued else request.applicant.name),
            "data": None, "mime": document.mime, "texts": result.pages, "pdf": result.pdf, "document": document,
            "document_date": document.issued_on, "sha256": document.sha256,
        })
    created = []
    keywords = ", ".join(filter(None, [request.service.name, request.reference, request.get_outcome_display() if request.outcome else "",
                                       request.get_status_display()]))
    with transaction.atomic():
        unit = unit_for(entry, closed_at.year, pages=sum(len(p["texts"]) or 1 for p in prepared))
        for item in prepared:
            if ArchiveDocument.objects.filter(institution_id=request.institution_id, natural_key=item["natural_key"]).exists():
                continue
            original, sha = "", item.get("sha256", "")
            if item["data"] is not None:
                sha = hashlib.sha256(item["data"]).hexdigest()
                original = _save_file(f"archive/generated/{sha}.pdf", item["data"])
            pdf_name, pdf_sha = "", ""
            if item.get("pdf"):
                pdf_sha = hashlib.sha256(item["pdf"]).hexdigest()
                pdf_name = _save_file(f"archive/pdf/{pdf_sha}.pdf", item["pdf"])
            document = _create_document(
                natural_key=item["natural_key"], institution_id=request.institution_id, unit=unit, department=entry.department,
                source=ArchiveDocument.Source.REQUEST, request=request, document=item["document"], title=item["title"],
                doc_type=item["doc_type"], issuer=item["issuer"][:300],
                holder=f"{request.institution.name} – {entry.department.name}"[:300], keywords=keywords[:500],
                registration=request.reference, document_date=item["document_date"], retention_years=unit.retention_years,
                original=original, original_name=safe_filename(item.get("name", "")), mime=item["mime"], sha256=sha, pdf=pdf_name,
                pdf_sha256=pdf_sha, page_count=len(item["texts"]) or 1,
                text_status=ArchiveDocument.TextStatus.DONE if any(t.strip() for t in item["texts"]) else ArchiveDocument.TextStatus.FAILED,
            )
            _store_pages(document, item["texts"])
            _add_pages(unit, document.page_count)
            request_index(document.pk)
            created.append(document)
        if created:
            record(actor=None, action="archive.request.archive", target=request, institution_id=request.institution_id,
                   unit=str(unit.public_id), documents=[d.identifier for d in created])
    return created


# --- batch import of scanned binders -------------------------------------------------------------------------

MANIFEST_COLUMNS = {
    "fisier": "fișier", "titlu": "titlu", "tip": "tip", "emitent": "emitent", "data": "data",  # i18n: ro (CSV column names)
    "cuvinte_cheie": "cuvinte_cheie", "indicativ": "indicativ", "an": "an", "volum": "volum", "public": "public",
    "nr_inregistrare": "nr_inregistrare",
}
REQUIRED_COLUMNS = ("fisier", "titlu", "indicativ", "an")


@dataclass
class ManifestRow:
    position: int
    filename: str
    metadata: dict


def _column(name: str) -> str:
    from primaria.search.text import fold

    return fold(name).strip().lower().replace(" ", "_").replace("-", "_")


def _parse_date(value: str) -> date | None:
    value = (value or "").strip()
    if not value:
        return None
    for fmt in ("%d.%m.%Y", "%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise ValueError(value)


def read_manifest(manifest: bytes, *, institution, filenames) -> list[ManifestRow]:
    """Check the CSV manifest against the files and the nomenclator; DomainError lists every problem."""
    try:
        text = manifest.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DomainError({"manifest": _("Manifestul trebuie salvat ca CSV în codificarea UTF-8.")})
    try:
        dialect = csv.Sniffer().sniff(text.splitlines()[0] if text.strip() else ",", delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    columns = {_column(c): c for c in (reader.fieldnames or [])}
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if missing:
        raise DomainError({"manifest": _("Manifestului îi lipsesc coloanele: %(columns)s.") % {"columns": ", ".join(missing)}})
    entries = set(NomenclatorEntry.objects.filter(institution=institution, active=True).values_list("index", flat=True))
    rows, problems, seen = [], [], set()
    this_year = timezone.localdate().year
    for position, raw in enumerate(reader, start=2):
        row = {key: (raw.get(original) or "").strip() for key, original in columns.items()}
        if not any(row.values()):
            continue
        where = _("Rândul %(position)s") % {"position": position}
        filename = row.get("fisier", "")
        if filename not in filenames:
            problems.append(_("%(where)s: fișierul „%(filename)s” nu se află în lot.") % {"where": where, "filename": filename})
        elif filename in seen:
            problems.append(_("%(where)s: fișierul „%(filename)s” apare de două ori în manifest.") % {"where": where, "filename": filename})
        seen.add(filename)
        if not row.get("titlu"):
            problems.append(_("%(where)s: lipsește titlul documentului.") % {"where": where})
        if row.get("indicativ") not in entries:
            problems.append(_("%(where)s: indicativul „%(value)s” nu există în nomenclator.") % {"where": where, "value": row.get('indicativ')})
        try:
            year = int(row.get("an", ""))
            if not 1800 <= year <= this_year:
                raise ValueError
        except ValueError:
            problems.append(_("%(where)s: anul „%(value)s” nu este valid.") % {"where": where, "value": row.get('an')})
        try:
            row["data"] = _parse_date(row.get("data", "")).isoformat() if row.get("data") else ""
        except ValueError:
            problems.append(_("%(where)s: data „%(value)s” nu este validă (zz.ll.aaaa).") % {"where": where, "value": row.get('data')})
        if row.get("volum") and not row["volum"].isdigit():
            problems.append(_("%(where)s: volumul trebuie să fie un număr.") % {"where": where})
        rows.append(ManifestRow(position=position, filename=filename, metadata=row))
    if not rows and not problems:
        problems.append(_("Manifestul nu conține niciun document."))
    if problems:
        raise DomainError({"manifest": " ".join(problems[:30])})
    return rows


def import_batch(*, actor, institution, title: str, manifest: bytes, files: dict, source: str = "", ip=None):
    """Import scanned files with their manifest; returns (batch, created).

    `files` maps a file name (as written in the manifest) to its bytes. The same files with the same
    manifest are the same batch: importing it again adds nothing and only runs again what is unfinished.
    A file already in the archive (same content) is marked as such, not archived twice.
    """
    _require_manager(actor, institution.pk)
    title = (title or "").strip() or f"Lot din {timezone.localdate():%d.%m.%Y}"  # i18n: ro (stored title)
    rows = read_manifest(manifest, institution=institution, filenames=set(files))
    mimes = uploads.check_scans({row.filename: files[row.filename] for row in rows})
    prepared = []
    for row in rows:
        data = files[row.filename]
        prepared.append((row, data, hashlib.sha256(data).hexdigest(), mimes[row.filename]))
    fingerprint = hashlib.sha256(
        "\n".join(sorted(f"{r.filename}|{sha}|{sorted(r.metadata.items())}" for r, _d, sha, _m in prepared)).encode()
    ).hexdigest()
    with transaction.atomic():
        batch = ScanBatch.objects.select_for_update().filter(institution=institution, fingerprint=fingerprint).first()
        if batch is not None:
            batch.runs += 1
            batch.save(update_fields=["runs"])
            rerun = 0
            for item in batch.items.exclude(status__in=[ScanItem.Status.DONE, ScanItem.Status.DUPLICATE]):
                if item.status == ScanItem.Status.FAILED:
                    ScanItem.objects.filter(pk=item.pk).update(status=ScanItem.Status.PENDING, error="")
                record_event("archive.ocr", item, item_id=item.pk)
                rerun += 1
            record(actor=actor, action="archive.batch.rerun", target=batch, institution_id=institution.pk, ip_address=ip,
                   unfinished=rerun)
            return batch, False
        batch = ScanBatch.objects.create(institution=institution, title=title[:200], source=source[:300],
                                         fingerprint=fingerprint, created_by=actor if getattr(actor, "is_authenticated", False) else None)
        for row, data, sha, mime in prepared:
            name = _save_file(f"archive/scans/{sha[:2]}/{sha}.{KINDS_EXT.get(mime, 'bin')}", data) if not _scan_exists(sha, mime) \
                else _scan_name(sha, mime)
            existing = ArchiveDocument.objects.filter(institution=institution, natural_key=f"scan:{sha}").first()
            item = ScanItem.objects.create(
                batch=batch, position=row.position, filename=row.filename[:250], file=name, sha256=sha,
                metadata={**row.metadata, "mime": mime},
                status=ScanItem.Status.DUPLICATE if existing else ScanItem.Status.PENDING, document=existing,
            )
            if existing is None:
                record_event("archive.ocr", item, item_id=item.pk)
        record(actor=actor, action="archive.batch.import", target=batch, institution_id=institution.pk, ip_address=ip,
               files=len(prepared), source=source[:300])
    return batch, True


KINDS_EXT = {"application/pdf": "pdf", "image/tiff": "tif", "image/jpeg": "jpg", "image/png": "png"}


def _scan_name(sha, mime):
    return f"archive/scans/{sha[:2]}/{sha}.{KINDS_EXT.get(mime, 'bin')}"


def _scan_exists(sha, mime):
    return default_storage.exists(_scan_name(sha, mime))


def read_folder(folder: Path) -> tuple[bytes, dict]:
    """A folder of scans with its manifest (manifest.csv) → (manifest bytes, {file name: bytes})."""
    folder = Path(folder)
    manifest = folder / "manifest.csv"
    if not manifest.exists():
        raise DomainError({"manifest": _("Dosarul %(folder)s nu conține manifest.csv.") % {"folder": folder}})
    files = {p.name: p.read_bytes() for p in sorted(folder.iterdir())
             if p.is_file() and p.suffix.lower() in {".pdf", ".tif", ".tiff", ".jpg", ".jpeg", ".png"}}
    return manifest.read_bytes(), files


def digitise_item(item_id: int) -> ArchiveDocument | None:
    """OCR one scanned file and archive it (the job behind each file of a batch). Idempotent."""
    from .ocr import digitise

    item = ScanItem.objects.select_related("batch__institution").get(pk=item_id)
    if item.status in ScanItem.FINISHED:
        return item.document
    institution = item.batch.institution
    key = f"scan:{item.sha256}"
    existing = ArchiveDocument.objects.filter(institution=institution, natural_key=key).first()
    result = None
    if existing is None:
        with item.file.open("rb") as handle:
            data = handle.read()
        result = digitise(data, item.metadata.get("mime", "application/pdf"))
        pdf_name = pdf_sha = ""
        if result.pdf is not None:
            pdf_sha = hashlib.sha256(result.pdf).hexdigest()
            pdf_name = _save_file(f"archive/pdf/{pdf_sha}.pdf", result.pdf)
    with transaction.atomic():
        item = ScanItem.objects.select_for_update().select_related("batch").get(pk=item_id)
        if item.status in ScanItem.FINISHED:
            return item.document
        existing = ArchiveDocument.objects.filter(institution=institution, natural_key=key).first()
        if existing is not None:
            item.status, item.document = ScanItem.Status.DUPLICATE if result is None else ScanItem.Status.DONE, existing
            item.save(update_fields=["status", "document"])
            return existing
        meta = item.metadata
        entry = NomenclatorEntry.objects.get(institution=institution, index=meta["indicativ"])
        unit = unit_for(entry, int(meta["an"]), kind=UnitKind.BINDER, pages=len(result.pages),
                        volume=int(meta["volum"]) if meta.get("volum") else None)
        document = _create_document(
            natural_key=key, institution=institution, unit=unit, department=entry.department,
            source=ArchiveDocument.Source.SCAN, title=meta.get("titlu", item.filename)[:300],
            doc_type=(meta.get("tip") or "Document scanat")[:120], issuer=(meta.get("emitent") or institution.name)[:300],
            holder=f"{institution.name} – {entry.department.name}"[:300], keywords=meta.get("cuvinte_cheie", "")[:500],
            registration=meta.get("nr_inregistrare", "")[:60],
            document_date=date.fromisoformat(meta["data"]) if meta.get("data") else None,
            retention_years=unit.retention_years, original=item.file.name, original_name=safe_filename(item.filename),
            mime=meta.get("mime", ""), sha256=item.sha256, pdf=pdf_name, pdf_sha256=pdf_sha,
            page_count=len(result.pages),
            text_status=ArchiveDocument.TextStatus.DONE if any(t.strip() for t in result.pages) else ArchiveDocument.TextStatus.FAILED,
            published=meta.get("public", "").strip().lower() in {"da", "1", "true", "yes"},
            created_by=item.batch.created_by,
        )
        _store_pages(document, result.pages)
        _add_pages(unit, document.page_count)
        item.status, item.document, item.seconds, item.error = ScanItem.Status.DONE, document, result.seconds, ""
        item.save(update_fields=["status", "document", "seconds", "error"])
        record(actor=None, action="archive.scan.digitise", target=document, institution_id=institution.pk,
               batch=str(item.batch.public_id), file=item.filename, pages=document.page_count, seconds=round(result.seconds, 2))
        request_index(document.pk)
    return document


def mark_item_failed(item_id: int, error: str):
    ScanItem.objects.filter(pk=item_id).exclude(status__in=ScanItem.FINISHED).update(
        status=ScanItem.Status.FAILED, error=error[:4000]
    )


# --- the search index ------------------------------------------------------------------------------------


def sync_index(document_ids: list[int]):
    """Put the current pages of these documents in the search engine (or remove them if disposed of)."""
    from primaria.search.engines import search_engine

    from .selectors import indexed_pages

    documents = ArchiveDocument.objects.filter(pk__in=document_ids, disposed_at__isnull=True).select_related("unit")
    pages = [page for document in documents for page in indexed_pages(document)]
    search_engine().replace(document_ids, pages)


def rebuild_index() -> int:
    """Index every page again from the database (after a schema change, or to change engines)."""
    from primaria.search.engines import search_engine

    from .selectors import all_indexed_pages

    return search_engine().rebuild(all_indexed_pages())


# --- retention and disposal -------------------------------------------------------------------------------


def expired_units(institution, year: int):
    """Units whose term ended before 1 January of `year`; permanent units never are."""
    return ArchiveUnit.objects.filter(
        institution=institution, status__in=[ArchiveUnit.Status.OPEN, ArchiveUnit.Status.CLOSED],
        year__lt=year - F("retention_years"),
    ).exclude(retention_years=Retention.PERMANENT).select_related("entry")


def propose_disposal(*, actor, institution, year: int | None = None, ip=None) -> DisposalProposal | None:
    """The yearly proposal of expired units for the archive commission (None when nothing has expired)."""
    if actor is not None:
        _require_manager(actor, institution.pk)
    year = year or timezone.localdate().year
    with transaction.atomic():
        proposal = DisposalProposal.objects.select_for_update().filter(institution=institution, year=year).first()
        if proposal is not None and proposal.status != DisposalProposal.Status.PENDING:
            return proposal
        units = list(expired_units(institution, year).select_for_update(of=("self",)))
        if proposal is None and not units:
            return None
        if proposal is None:
            proposal = DisposalProposal.objects.create(
                institution=institution, year=year, created_by=actor if getattr(actor, "is_authenticated", False) else None
            )
        proposal.units.add(*units)
        ArchiveUnit.objects.filter(pk__in=[u.pk for u in units]).update(status=ArchiveUnit.Status.PROPOSED)
        record(actor=actor, action="archive.disposal.propose", target=proposal, institution_id=institution.pk,
               ip_address=ip, year=year, units=[u.pk for u in units])
    return proposal


def decide_disposal(*, actor, proposal_id, approve: bool, keep_unit_ids=(), note: str = "", ip=None) -> DisposalProposal:
    """The commission approves (a disposal record is made, the units' files and texts are removed) or rejects."""
    note = (note or "").strip()
    with transaction.atomic():
        proposal = DisposalProposal.objects.select_for_update().select_related("institution").filter(pk=proposal_id).first()
        if proposal is None:
            raise DomainError(_("Propunerea nu există."))
        if not can_decide_disposal(actor, proposal.institution_id):
            raise PermissionDenied(_("Doar secretarul general, ca președinte al comisiei de selecționare, aprobă eliminarea."))
        if proposal.status != DisposalProposal.Status.PENDING:
            raise DomainError(_("Propunerea a fost deja %(status)s.") % {"status": proposal.get_status_display().lower()})
        if not approve:
            from primaria.core.rules import require_reason

            note = require_reason(note, field="note", what=_("Scrieți motivul respingerii"))
        units = list(proposal.units.select_for_update(of=("self",)).select_related("entry"))
        keep = {int(k) for k in keep_unit_ids}
        kept = [u for u in units if u.pk in keep or not approve or u.is_permanent]
        disposed = [u for u in units if u not in kept]
        ArchiveUnit.objects.filter(pk__in=[u.pk for u in kept]).update(status=ArchiveUnit.Status.CLOSED)
        proposal.status = DisposalProposal.Status.APPROVED if approve else DisposalProposal.Status.REJECTED
        proposal.decided_at = timezone.now()
        proposal.decided_by = actor
        proposal.note = note
        proposal.save()
        if approve:
            now = timezone.now()
            with translation.override("ro"):  # the disposal record is a legal record: in Romanian
                listed = [{"id": u.pk, "unit": str(u), "index": u.entry.index, "year": u.year, "volume": u.volume,
                           "retention": str(u.retention_label), "pages": u.page_count} for u in disposed]
            DisposalRecord.objects.create(
                proposal=proposal, number=f"PV-{proposal.year}-{proposal.pk:04d}", approved_by=actor,
                units=listed, unit_count=len(disposed), page_count=sum(u.page_count for u in disposed),
            )
            ArchiveUnit.objects.filter(pk__in=[u.pk for u in disposed]).update(status=ArchiveUnit.Status.DISPOSED)
            documents = list(ArchiveDocument.objects.filter(unit__in=disposed, disposed_at__isnull=True))
            names = [n for d in documents for n in (d.original.name, d.pdf.name) if n]
            ArchivePage.objects.filter(document__in=documents).delete()
            ArchiveDocument.objects.filter(pk__in=[d.pk for d in documents]).update(disposed_at=now, pdf="", original="")
            for document in documents:
                request_index(document.pk)
            record_event("archive.files_disposed", proposal, names=names)  # archive.delete_files removes them
        record(actor=actor, action="archive.disposal.approve" if approve else "archive.disposal.reject", target=proposal,
               institution_id=proposal.institution_id, ip_address=ip, note=note,
               disposed=[u.pk for u in disposed], kept=[u.pk for u in kept] if approve else None)
    return proposal


def delete_disposed_files(names):
    """Remove the files of disposed documents (idempotent: a file gone already, or still used, is skipped).
    Failures are raised, so the outbox retries them: disposed files must not outlive their approval."""
    for name in names:
        # Scans and PDFs are content-addressed: keep the file if another live document still uses it.
        if ArchiveDocument.objects.filter(disposed_at__isnull=True).filter(original=name).exists() or \
                ArchiveDocument.objects.filter(disposed_at__isnull=True, pdf=name).exists():
            continue
        default_storage.delete(name)


def close_past_units(today=None) -> int:
    """Units of past years are closed (dosarul se închide la sfârșitul anului)."""
    today = today or timezone.localdate()
    return ArchiveUnit.objects.filter(status=ArchiveUnit.Status.OPEN, year__lt=today.year).update(status=ArchiveUnit.Status.CLOSED)


# --- reading archive documents (audited) ------------------------------------------------------------------


def record_access(*, actor, document: ArchiveDocument, action: str, ip=None, **data):
    """Every view and download of an archive document is written to the audit log."""
    record(actor=actor if getattr(actor, "is_authenticated", False) else None, action=f"archive.{action}", target=document,
           institution_id=document.institution_id, ip_address=ip, identifier=document.identifier, **data)


def unit_page_total(unit: ArchiveUnit) -> int:
    return unit.documents.filter(disposed_at__isnull=True).aggregate(total=Sum("page_count"))["total"] or 0
