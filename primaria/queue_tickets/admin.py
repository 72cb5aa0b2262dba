from django.contrib import admin

from .models import QueueService, Ticket


@admin.register(QueueService)
class QueueServiceAdmin(admin.ModelAdmin):
    list_display = ["letter", "service", "default_minutes", "active"]
    list_editable = ["active"]


@admin.register(Ticket)
class TicketAdmin(admin.ModelAdmin):
    """Read only: tickets change only through the kiosk and the counters (queue_tickets.services)."""

    list_display = ["code", "date", "location", "service", "priority", "status", "counter", "issued_at", "called_at",
                    "finished_at"]
    list_filter = ["status", "location", "service", "date"]
    search_fields = ["code"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
