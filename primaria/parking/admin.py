"""The parking department's data in the admin: zones and subscription types are saved through
`parking.services` (DomainAdmin runs its checks while the form validates); subscriptions are read only. Each
list shows the zones of the city hall the site serves, and what is in them."""

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.forms.models import construct_instance

from primaria.core.admin import DomainAdmin, LegalRecordAdmin, ReadOnlyAdmin, add_domain_errors
from primaria.core.errors import DomainError

from . import selectors, services
from .models import Subscription, SubscriptionType, Zone


class OfCityHall:
    """Lists and opens only the rows of the city hall the site serves (`city_hall_path` leads to the zone's)."""

    city_hall_path = "zone__institution"

    def get_queryset(self, request):
        return super().get_queryset(request).filter(**{self.city_hall_path: selectors.city_hall()})


class ZoneForm(forms.ModelForm):
    class Meta:
        model = Zone
        fields = ["code", "name", "description", "residential", "streets", "active"]

    def clean(self):
        data = super().clean()
        if not self.errors:
            try:
                services.require_department(getattr(self, "actor", None))
                services.check_zone(construct_instance(self, self.instance))
            except (DomainError, PermissionDenied) as exc:
                add_domain_errors(self, exc)
        return data


@admin.register(Zone)
class ZoneAdmin(OfCityHall, DomainAdmin, admin.ModelAdmin):
    city_hall_path = "institution"
    form = ZoneForm
    list_display = ["code", "name", "residential", "active"]
    list_filter = ["residential", "active"]
    search_fields = ["code", "name"]

    def has_delete_permission(self, request, obj=None):
        return False  # a zone with subscriptions is kept; one no longer sold is marked inactive

    def save_model(self, request, obj, form, change):
        services.save_zone(actor=request.user, zone=obj, ip=request.META.get("REMOTE_ADDR"))


class SubscriptionTypeForm(forms.ModelForm):
    class Meta:
        model = SubscriptionType
        fields = ["zone", "name", "period", "price", "residents_only", "proof", "active"]

    def clean(self):
        data = super().clean()
        if not self.errors:
            try:
                services.require_department(getattr(self, "actor", None))
                services.check_type(construct_instance(self, self.instance))
            except (DomainError, PermissionDenied) as exc:
                add_domain_errors(self, exc)
        return data


@admin.register(SubscriptionType)
class SubscriptionTypeAdmin(OfCityHall, DomainAdmin, admin.ModelAdmin):
    form = SubscriptionTypeForm
    list_display = ["name", "zone", "period", "price", "residents_only", "active"]
    list_filter = ["period", "active"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "zone":
            kwargs["queryset"] = selectors.zones_of().order_by("code")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        services.save_type(actor=request.user, subscription_type=obj, ip=request.META.get("REMOTE_ADDR"))


@admin.register(Subscription)
class SubscriptionAdmin(OfCityHall, LegalRecordAdmin, ReadOnlyAdmin):
    list_display = ["plate", "zone", "type", "starts_on", "ends_on", "status", "party"]
    list_filter = ["status"]
    search_fields = ["plate", "party__name"]
    date_hierarchy = "starts_on"
