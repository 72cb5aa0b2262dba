"""The council in the admin: councillors and the specialty committees are configuration (edited here by the
administrator after the elections or a change of mandate); the circuit itself (drafts, consultations, proposals,
opinions, sessions, votes, decisions) is read only and changes only through the domain functions (/birou/consiliu/)."""

from django.contrib import admin

from primaria.core.admin import ReadOnlyAdmin

from .models import (
    Addressee,
    Committee,
    CommitteeOpinion,
    Consultation,
    Councillor,
    Decision,
    Draft,
    Proposal,
    Session,
    Vote,
)


@admin.register(Councillor)
class CouncillorAdmin(admin.ModelAdmin):
    list_display = ["full_name", "party_group", "email", "active"]
    list_filter = ["active", "party_group"]
    search_fields = ["full_name", "email"]
    raw_id_fields = ["user"]


@admin.register(Committee)
class CommitteeAdmin(admin.ModelAdmin):
    list_display = ["name"]
    filter_horizontal = ["members"]


@admin.register(Draft)
class DraftAdmin(ReadOnlyAdmin):
    list_display = ["number", "year", "kind", "title", "normative", "status"]
    list_filter = ["kind", "status", "normative", "year"]


@admin.register(Consultation)
class ConsultationAdmin(ReadOnlyAdmin):
    list_display = ["draft", "announced_on", "proposals_until", "earliest_adoption"]


@admin.register(Proposal)
class ProposalAdmin(ReadOnlyAdmin):
    list_display = ["consultation", "number", "name", "received_at"]


@admin.register(CommitteeOpinion)
class CommitteeOpinionAdmin(ReadOnlyAdmin):
    list_display = ["draft", "committee", "verdict", "given_on"]


@admin.register(Session)
class SessionAdmin(ReadOnlyAdmin):
    list_display = ["date", "kind", "chair", "convocation_sent_on"]


@admin.register(Vote)
class VoteAdmin(ReadOnlyAdmin):
    list_display = ["session", "draft", "councillor", "choice"]


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin):
    list_display = ["draft", "number", "adopted_on", "status", "votes_for", "required", "communicated_prefect_on"]
    exclude = ["pdf"]


@admin.register(Addressee)
class AddresseeAdmin(ReadOnlyAdmin):
    list_display = ["decision", "name", "channel", "communicated_on", "registry_entry"]
    list_filter = ["channel"]
