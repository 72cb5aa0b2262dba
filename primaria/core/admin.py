from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import ExtraNonWorkingDay
from .terms import forget_extra_days

admin.site.site_header = gettext_lazy("Primăria Digitală – administrare")
admin.site.site_title = "Primăria Digitală"  # i18n: ro (the product's name)
admin.site.index_title = gettext_lazy("Administrarea platformei")


class LegalRecordAdmin:
    """Mixed into the admin of a record the law keeps (ProtectedRecord): no delete page and no bulk delete,
    so the IT admin is not offered what the model would refuse anyway."""

    def has_delete_permission(self, request, obj=None):
        return False

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions


class ReadOnlyAdmin(admin.ModelAdmin):
    """The admin of rows written only by domain functions: it shows them and changes nothing."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def add_domain_errors(form, exc):
    """Show a domain function's refusal on the admin form: next to the field it names, else above the form."""
    if isinstance(exc, PermissionDenied):
        form.add_error(None, str(exc) or _("Nu aveți dreptul să faceți această schimbare."))
    elif hasattr(exc, "error_dict"):
        for field, field_messages in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, field_messages)
    else:
        form.add_error(None, exc.messages)


class DomainAdmin:
    """Mixed into an admin whose saves call domain functions.

    The form runs the function's checks while it validates, so a refusal shows next to the field. The
    function checks again under its lock; if someone changed the rows in between, the admin's transaction is
    rolled back whole and the refusal is shown above the form instead of an error page. The admin form class
    gets the signed-in user as `actor`, for the checks that depend on who asks.
    """

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.actor = request.user  # get_form builds a new class on every call
        return form

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ValidationError as exc:
            self.message_user(request, " ".join(exc.messages), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())


@admin.register(ExtraNonWorkingDay)
class ExtraNonWorkingDayAdmin(admin.ModelAdmin):
    list_display = ["date", "reason", "act"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        forget_extra_days()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        forget_extra_days()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        forget_extra_days()
