"""The IT admin's view of institutions, positions and delegations.

Positions and delegations change only through primaria.institutions.services, which keeps one mayor, one
secretary general and one head per department, refuses overlapping delegations and writes the audit log.
Neither is ever deleted: "delete" here ends a position or revokes a delegation, and the row stays as history.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from primaria.core.admin import DomainAdmin, add_domain_errors

from . import services
from .models import Delegation, Department, HostName, Institution, Position


class DepartmentInline(admin.TabularInline):
    model = Department
    extra = 0


@admin.register(Institution)
class InstitutionAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "parent"]
    inlines = [DepartmentInline]


def _adopt(obj, saved):
    """Make the admin's unsaved object the row the domain function saved, for the admin's log and redirect."""
    for field in saved._meta.concrete_fields:
        setattr(obj, field.attname, getattr(saved, field.attname))
    obj._state.adding = False
    obj._state.db = saved._state.db


def _ip(request):
    return request.META.get("REMOTE_ADDR")


class HistoryKeepingAdmin(DomainAdmin):
    """Admin of rows that are closed rather than deleted (`close(request, obj)` in each subclass): the
    delete page and a bulk action close them, and the admin's log says so."""

    delete_confirmation_template = "admin/institutions/close_confirmation.html"
    closing = {}  # the words of the confirmation page, the action and the messages

    def delete_view(self, request, object_id, extra_context=None):
        context = {"title": self.closing["title"], **self.closing, **(extra_context or {})}
        return super().delete_view(request, object_id, context)

    def delete_model(self, request, obj):
        self.close(request, obj)

    def log_deletions(self, request, queryset):
        for obj in queryset:
            self.log_change(request, obj, self.closing["done"])

    def response_delete(self, request, obj_display, obj_id):
        self.message_user(request, f"{self.closing['done']}: {obj_display}.", messages.SUCCESS)
        return HttpResponseRedirect(reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist"))

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        if self.has_change_permission(request):
            actions["close_selected"] = (type(self).close_selected, "close_selected", self.closing["action"])
        return actions

    def close_selected(self, request, queryset):
        for obj in queryset:
            self.close(request, obj)
            self.log_change(request, obj, self.closing["done"])
        self.message_user(request, f"{self.closing['done']} ({len(queryset)}).", messages.SUCCESS)


# --- positions ----------------------------------------------------------------------------------------------


class PositionForm(forms.ModelForm):
    actor = None

    class Meta:
        model = Position
        fields = ["user", "department", "role", "function", "active"]

    def _get_validation_exclusions(self):
        # A (user, department, role) the official held before is taken up again by assign_position, so the
        # row's uniqueness is the domain function's to judge, not the form's.
        return super()._get_validation_exclusions() | {"role"}

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        try:
            if self.instance.pk is None:
                user, department, role = cleaned.get("user"), cleaned.get("department"), cleaned.get("role")
                held = Position.objects.filter(user=user, department=department, role=role).first()
                if held is not None and held.active:
                    self.add_error("role", _("Funcționarul are deja acest rol în compartiment; funcția (titlul) "
                                           "o puteți schimba din pagina ei."))
                    return cleaned
                services.check_position(actor=self.actor, user=user, department=department, role=role,
                                        function=cleaned.get("function"), position=held)
            elif self.has_changed():
                if cleaned.get("active", True):
                    held = Position.objects.select_related("department").get(pk=self.instance.pk)
                    services.check_position(actor=self.actor, user=held.user, department=held.department,
                                            role=held.role, function=cleaned.get("function"), position=held)
                else:
                    services.require_it_admin(self.actor)
        except (ValidationError, PermissionDenied) as exc:
            add_domain_errors(self, exc)
        return cleaned


@admin.register(Position)
class PositionAdmin(HistoryKeepingAdmin, admin.ModelAdmin):
    form = PositionForm
    list_display = ["user", "role", "department", "function", "active"]
    list_filter = ["role", "department__institution", "department", "active"]
    search_fields = ["user__email", "user__first_name", "user__last_name"]
    autocomplete_fields = ["user"]
    closing = {
        "title": gettext_lazy("Încheierea funcției"),
        "question": gettext_lazy("Încheiați funcția"),
        "note": gettext_lazy("Funcționarul nu mai are drepturile acestei funcții. Funcția rămâne în istoric, cu documentele "
                "și pașii în care apare; o puteți atribui din nou mai târziu."),
        "button": gettext_lazy("Da, încheiați funcția"),
        "done": gettext_lazy("Funcția a fost încheiată"),
        "action": gettext_lazy("Încheie funcțiile selectate"),
    }

    def get_readonly_fields(self, request, obj=None):
        # Another official, department or role is another position: end this one and add that one.
        return ["user", "department", "role"] if obj is not None else []

    def get_exclude(self, request, obj=None):
        return ["active"] if obj is None else []

    def save_model(self, request, obj, form, change):
        if change and not form.has_changed():
            return
        if change and "active" in form.changed_data and not obj.active:
            saved = services.end_position(actor=request.user, position_id=obj.pk, ip=_ip(request))
        else:
            saved = services.assign_position(actor=request.user, user=obj.user, department=obj.department,
                                             role=obj.role, function=obj.function, ip=_ip(request))
        _adopt(obj, saved)

    def close(self, request, obj):
        services.end_position(actor=request.user, position_id=obj.pk, ip=_ip(request))


# --- delegations --------------------------------------------------------------------------------------------


class DelegationForm(forms.ModelForm):
    actor = None

    class Meta:
        model = Delegation
        fields = ["principal", "deputy", "starts_on", "ends_on", "capacity", "reason", "revoked"]
        help_texts = {"capacity": gettext_lazy("Lăsați gol pentru „p. [funcția titularului], [funcția înlocuitorului]”.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "capacity" in self.fields:
            self.fields["capacity"].required = False

    def _get_validation_exclusions(self):
        # An empty capacity is filled in by grant_delegation from the two officials' functions.
        return super()._get_validation_exclusions() | {"capacity"}

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        try:
            if self.instance.pk is None:
                services.check_delegation(actor=self.actor, principal=cleaned.get("principal"),
                                          deputy=cleaned.get("deputy"), starts_on=cleaned.get("starts_on"),
                                          ends_on=cleaned.get("ends_on"))
            elif cleaned.get("revoked"):
                services.check_revocation(actor=self.actor, delegation=self.instance)
        except (ValidationError, PermissionDenied) as exc:
            add_domain_errors(self, exc)
        return cleaned


@admin.register(Delegation)
class DelegationAdmin(HistoryKeepingAdmin, admin.ModelAdmin):
    form = DelegationForm
    list_display = ["principal", "deputy", "starts_on", "ends_on", "capacity", "revoked"]
    list_filter = ["revoked"]
    autocomplete_fields = ["principal", "deputy"]
    closing = {
        "title": gettext_lazy("Revocarea delegării"),
        "question": gettext_lazy("Revocați delegarea"),
        "note": gettext_lazy("Înlocuitorul nu mai semnează în locul titularului. Delegarea rămâne în istoric, cu documentele "
                "semnate în baza ei."),
        "button": gettext_lazy("Da, revocați delegarea"),
        "done": gettext_lazy("Delegarea a fost revocată"),
        "action": gettext_lazy("Revocă delegările selectate"),
    }

    def get_readonly_fields(self, request, obj=None):
        # A delegation given is not rewritten (documents were signed under it); it can only be revoked.
        if obj is None:
            return []
        fixed = ["principal", "deputy", "starts_on", "ends_on", "capacity", "reason", "created_by", "created_at"]
        return fixed + ["revoked"] if obj.revoked else fixed

    def get_exclude(self, request, obj=None):
        return ["revoked"] if obj is None else []

    def save_model(self, request, obj, form, change):
        if change:
            if "revoked" in form.changed_data and obj.revoked:
                _adopt(obj, services.revoke_delegation(actor=request.user, delegation_id=obj.pk, ip=_ip(request)))
            return
        _adopt(obj, services.grant_delegation(
            actor=request.user, principal=obj.principal, deputy=obj.deputy, starts_on=obj.starts_on,
            ends_on=obj.ends_on, capacity=obj.capacity, reason=obj.reason, ip=_ip(request),
        ))

    def close(self, request, obj):
        services.revoke_delegation(actor=request.user, delegation_id=obj.pk, ip=_ip(request))


class HostNameForm(forms.ModelForm):
    class Meta:
        model = HostName
        fields = ["institution", "host", "primary"]

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is None:
            problem = services.check_host_name(institution=cleaned.get("institution"), host=cleaned.get("host") or "")
            if problem:
                self.add_error("host", problem)
        return cleaned


@admin.register(HostName)
class HostNameAdmin(DomainAdmin, admin.ModelAdmin):
    """The host names each city hall is served on; a new city hall comes with `manage.py add_city_hall`."""

    form = HostNameForm
    list_display = ["host", "institution", "primary"]
    list_filter = ["institution"]

    def has_change_permission(self, request, obj=None):
        return False if obj is not None else super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        saved = services.add_host_name(actor=request.user, institution=obj.institution, host=obj.host,
                                       primary=obj.primary, ip=_ip(request))
        _adopt(obj, saved)

    def delete_model(self, request, obj):
        services.remove_host_name(actor=request.user, host_name_id=obj.pk, ip=_ip(request))

    def delete_queryset(self, request, queryset):
        for name in queryset:
            services.remove_host_name(actor=request.user, host_name_id=name.pk, ip=_ip(request))
