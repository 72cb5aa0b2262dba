from django.contrib import admin

from primaria.core.admin import ReadOnlyAdmin

from .models import Consent, ConsentText, DataExport


@admin.register(ConsentText)
class ConsentTextAdmin(admin.ModelAdmin):
    """A text once published is what people agreed to: a change is a new version, never an edit."""

    list_display = ("purpose", "version", "published_at")
    list_filter = ("purpose",)

    def get_readonly_fields(self, request, obj=None):
        return ("purpose", "version", "text", "published_at") if obj else ("published_at",)

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Consent)
class ConsentAdmin(ReadOnlyAdmin):
    list_display = ("user", "purpose", "text_version", "given_at", "withdrawn_at")
    list_filter = ("purpose",)
    search_fields = ("user__email",)


@admin.register(DataExport)
class DataExportAdmin(ReadOnlyAdmin):
    list_display = ("user", "status", "requested_at", "ready_at", "expires_at", "downloads")
    list_filter = ("status",)
    search_fields = ("user__email",)
    exclude = ("file",)
