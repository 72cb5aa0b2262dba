from django.contrib import admin

from primaria.core.admin import LegalRecordAdmin

from .models import RegistryEntry


@admin.register(RegistryEntry)
class RegistryEntryAdmin(LegalRecordAdmin, admin.ModelAdmin):
    list_display = ["number", "year", "registered_at", "direction", "channel", "sender", "summary", "department"]
    list_filter = ["institution", "year", "direction", "channel"]
    search_fields = ["=number", "sender", "summary", "recipient"]
    readonly_fields = [f.name for f in RegistryEntry._meta.fields]

    def has_add_permission(self, request):
        return False  # numbers are given only by registry.services.register
