from django.contrib import admin

from primaria.core.admin import LegalRecordAdmin

from .models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(LegalRecordAdmin, admin.ModelAdmin):
    """Read-only: entries are written only by primaria.audit.services.record, in the transaction of the change."""

    list_display = ["at", "actor_label", "action", "object_type", "object_id", "ip_address"]
    list_filter = ["action", "object_type"]
    search_fields = ["actor_label", "object_id", "action"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
