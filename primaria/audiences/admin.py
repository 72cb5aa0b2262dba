"""Audiences in the admin: read only. The mayor's office keeps the audience hours and decides on the requests
on its own pages (/birou/audiente/), through the domain functions."""

from django.contrib import admin

from primaria.core.admin import LegalRecordAdmin, ReadOnlyAdmin

from .models import Audience, AudienceEvent, AudienceHours


class AudienceEventInline(admin.TabularInline):
    model = AudienceEvent
    fields = ["at", "actor_label", "action", "status_to", "message", "public"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Audience)
class AudienceAdmin(LegalRecordAdmin, ReadOnlyAdmin):
    list_display = ["__str__", "applicant", "category", "status", "official", "starts_at"]
    list_filter = ["status", "category"]
    search_fields = ["applicant__name", "topic"]
    list_select_related = ["registry_entry", "applicant", "official"]
    inlines = [AudienceEventInline]


@admin.register(AudienceHours)
class AudienceHoursAdmin(ReadOnlyAdmin):
    list_display = ["official", "title", "weekday", "starts_at", "ends_at", "slot_minutes", "location", "active"]
    list_filter = ["active", "weekday"]
