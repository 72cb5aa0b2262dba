from django.contrib import admin

from primaria.core.admin import LegalRecordAdmin

from .models import Alert, Subscription


@admin.register(Alert)
class AlertAdmin(LegalRecordAdmin, admin.ModelAdmin):
    """Read-only: alerts change through the back office (/birou/alerte/), that is through `alerts.services`."""

    list_display = ["title", "topic", "status", "starts_at", "ends_at", "department", "city_hall", "version"]
    list_filter = ["city_hall", "status", "topic"]
    search_fields = ["title"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "kind", "status", "city_hall", "created_at"]
    list_filter = ["city_hall", "status", "kind"]
    readonly_fields = [f.name for f in Subscription._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
