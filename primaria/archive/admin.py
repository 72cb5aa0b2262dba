"""The IT admin's view of the archive: read-only (changes go through the archive pages and services),
the background work of the archive is in the outbox's admin, with its "retry" action."""

from django.contrib import admin

from primaria.core.admin import ReadOnlyAdmin

from .models import (
    ArchiveDocument,
    ArchiveUnit,
    DisposalProposal,
    DisposalRecord,
    NomenclatorEntry,
    ScanBatch,
)


@admin.register(NomenclatorEntry)
class NomenclatorEntryAdmin(ReadOnlyAdmin):
    list_display = ["index", "title", "department", "retention_years", "active"]
    list_filter = ["institution", "retention_years", "active"]
    search_fields = ["index", "title"]


@admin.register(ArchiveUnit)
class ArchiveUnitAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "year", "page_count", "retention_years", "status"]
    list_filter = ["status", "kind", "year"]


@admin.register(ArchiveDocument)
class ArchiveDocumentAdmin(ReadOnlyAdmin):
    list_display = ["identifier", "title", "doc_type", "page_count", "text_status", "published", "disposed_at"]
    list_filter = ["source", "text_status", "published"]
    search_fields = ["identifier", "title", "registration"]


@admin.register(ScanBatch)
class ScanBatchAdmin(ReadOnlyAdmin):
    list_display = ["title", "created_at", "created_by", "runs"]


@admin.register(DisposalProposal)
class DisposalProposalAdmin(ReadOnlyAdmin):
    list_display = ["year", "institution", "status", "decided_at"]


@admin.register(DisposalRecord)
class DisposalRecordAdmin(ReadOnlyAdmin):
    list_display = ["number", "approved_at", "unit_count", "page_count"]
