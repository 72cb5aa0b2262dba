from django.contrib import admin

from primaria.core.admin import LegalRecordAdmin

from .models import Request, TimelineEvent


class TimelineInline(admin.TabularInline):
    model = TimelineEvent
    extra = 0
    can_delete = False
    fields = ["at", "actor_label", "action", "status_to", "message", "public"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Request)
class RequestAdmin(LegalRecordAdmin, admin.ModelAdmin):
    """Read-only here: every change to a request goes through primaria.requests.services, and none of them
    is the IT admin's to make (withdrawing is the applicant's)."""

    list_display = ["__str__", "applicant", "status", "department", "assignee", "due_date", "submitted_at"]
    list_filter = ["status", "channel", "institution", "department", "service"]
    search_fields = ["applicant__name", "registry_entry__number"]
    inlines = [TimelineInline]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in Request._meta.fields]

    def has_add_permission(self, request):
        return False
