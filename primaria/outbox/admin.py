from django.contrib import admin, messages
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import services
from .models import Delivery, Event


class DeliveryInline(admin.TabularInline):
    model = Delivery
    fields = ["handler", "status", "attempts", "available_at", "finished_at", "last_error"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    """Events are the record of what happened: read only, never deleted."""

    list_display = ["pk", "created_at", "name", "subject_type", "subject_id"]
    list_filter = ["name"]
    search_fields = ["subject_id", "name"]
    readonly_fields = ["name", "subject_type", "subject_id", "payload", "created_at"]
    inlines = [DeliveryInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["pk", "handler", "event", "status", "waiting", "attempts", "available_at", "finished_at"]
    list_filter = ["status", "waiting", "handler"]
    search_fields = ["handler", "event__name", "event__subject_id"]
    readonly_fields = [f.name for f in Delivery._meta.fields]
    actions = ["retry"]

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    @admin.action(description=gettext_lazy("Reîncearcă efectele selectate (eșuate sau în așteptare)"))
    def retry(self, request, queryset):
        count = services.retry(list(queryset.values_list("pk", flat=True)))
        messages.info(request, _("%(count)s efecte au fost puse din nou în lucru.") % {"count": count})

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False  # read only; the "retry" action goes through outbox.services.retry

    def has_delete_permission(self, request, obj=None):
        return False
