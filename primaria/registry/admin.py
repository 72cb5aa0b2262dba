from django.contrib import admin

from .models import RegistryEntry


@admin.register(RegistryEntry)
class RegistryEntryAdmin(admin.ModelAdmin):
    list_display = ["number", "year", "registered_at", "direction", "channel", "sender", "summary", "department"]
    list_filter = ["institution", "year", "direction", "channel"]
    search_fields = ["=number", "sender", "summary", "recipient"]
    readonly_fields = [f.name for f in RegistryEntry._meta.fields]

    def has_add_permission(self, request):
        return False  # numbers are given only by registry.services.register

    def has_delete_permission(self, request, obj=None):
        return False
