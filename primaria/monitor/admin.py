"""The Monitorul Oficial Local in the admin: read only. The secretary general's staff publish on their own pages
(/birou/monitorul-oficial/), through the domain functions."""

from django.contrib import admin

from primaria.core.admin import LegalRecordAdmin, ReadOnlyAdmin

from .models import (
    Act,
    CompetitionStage,
    DraftDecision,
    JobCompetition,
    ProcurementNotice,
    Relation,
    Revision,
    StageResult,
)


@admin.register(Act)
class ActAdmin(LegalRecordAdmin, ReadOnlyAdmin):
    list_display = ["label", "title", "section", "adopted_on", "status", "verification_code"]
    list_filter = ["section", "kind", "status", "year"]
    search_fields = ["title", "verification_code"]


@admin.register(Relation)
class RelationAdmin(LegalRecordAdmin, ReadOnlyAdmin):
    list_display = ["source", "kind", "target"]


@admin.register(DraftDecision)
class DraftDecisionAdmin(LegalRecordAdmin, ReadOnlyAdmin):
    list_display = ["number", "year", "title", "initiator", "outcome"]
    list_filter = ["outcome", "year"]


@admin.register(ProcurementNotice)
class ProcurementNoticeAdmin(ReadOnlyAdmin):
    list_display = ["reference", "title", "procedure", "deadline", "status"]


@admin.register(JobCompetition)
class JobCompetitionAdmin(ReadOnlyAdmin):
    list_display = ["reference", "position", "department", "applications_until", "status"]


@admin.register(Revision)
class RevisionAdmin(LegalRecordAdmin, ReadOnlyAdmin):
    list_display = ["changed_at", "notice", "competition", "reason"]


@admin.register(CompetitionStage)
class CompetitionStageAdmin(LegalRecordAdmin, ReadOnlyAdmin):
    list_display = ["competition", "stage", "held_on", "published_at"]


@admin.register(StageResult)
class StageResultAdmin(LegalRecordAdmin, ReadOnlyAdmin):
    list_display = ["stage", "application", "outcome", "score"]
