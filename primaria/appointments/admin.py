"""Counters, their programme and the services booked at them: edited by the head of the registry (the rule
`configure` of core.rules). Appointments themselves change only through `appointments.services` (the
resident's pages, the clerk's day), so the admin shows them read-only."""

from django.contrib import admin

from primaria.core import rules
from primaria.core.admin import DomainAdmin, ReadOnlyAdmin

from . import services
from .models import Appointment, AppointmentService, Counter, Location, OpeningHours, ScheduleException


class ConfigureOnly:
    """The registry's head (and the IT admin) see and change these; nobody else, whatever Django's permissions."""

    def _allowed(self, request, obj=None):
        if not request.user.is_staff:
            return False
        target = obj if isinstance(obj, Location) else Location
        return rules.can(request.user, target, "configure")

    def has_module_permission(self, request):
        return self._allowed(request)

    def has_view_permission(self, request, obj=None):
        return self._allowed(request, obj)

    def has_add_permission(self, request, obj=None):
        return self._allowed(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._allowed(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._allowed(request, obj)


class OpeningHoursInline(ConfigureOnly, admin.TabularInline):
    model = OpeningHours
    extra = 0


class ExceptionInline(ConfigureOnly, admin.TabularInline):
    model = ScheduleException
    extra = 0


class CounterInline(ConfigureOnly, admin.TabularInline):
    model = Counter
    extra = 0
    filter_horizontal = ["services"]


class SetupAdmin(ConfigureOnly, DomainAdmin, admin.ModelAdmin):
    """Saves go through `services.save_setup` (the rule, the audit entry and the event, in one transaction)."""

    def save_model(self, request, obj, form, change):
        pass  # saved with its inlines by save_related, in one transaction

    def save_related(self, request, form, formsets, change):
        services.save_setup(actor=request.user, obj=form.instance, form=form, formsets=formsets, change=change,
                            ip=request.META.get("REMOTE_ADDR"))


@admin.register(Location)
class LocationAdmin(SetupAdmin):
    list_display = ["name", "address", "institution", "active"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [OpeningHoursInline, ExceptionInline, CounterInline]


@admin.register(AppointmentService)
class AppointmentServiceAdmin(SetupAdmin):
    list_display = ["name", "department", "slot_minutes", "min_notice_hours", "max_days_ahead", "cancel_cutoff_hours",
                    "active"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Appointment)
class AppointmentAdmin(ReadOnlyAdmin):
    list_display = ["starts_at", "service", "location", "counter", "name", "status"]
    list_filter = ["status", "location", "service"]
    search_fields = ["name", "email", "phone"]
