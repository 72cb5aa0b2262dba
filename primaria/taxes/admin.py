"""The tax office's records in the admin: rules are added as new versions (never edited), the year's
computation and the register import run through the domain functions, everything else is read only. Each list
shows the records of the city hall the site serves."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from primaria.accounts.models import Party
from primaria.core.admin import DomainAdmin, LegalRecordAdmin, ReadOnlyAdmin, add_domain_errors

from . import selectors, services
from .models import (
    Allocation,
    CreditEntry,
    Debt,
    Emission,
    FiscalItem,
    Holding,
    ItemFact,
    PaymentApplication,
    RuleSet,
)


class OfCityHall:
    """Lists and opens only the rows of the city hall the site serves."""

    city_hall_path = "institution"

    def get_queryset(self, request):
        return super().get_queryset(request).filter(**{self.city_hall_path: selectors.city_hall()})


class RuleSetForm(forms.ModelForm):
    class Meta:
        model = RuleSet
        fields = ["year", "decision", "rules", "note", "demo"]

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        try:
            services.check_rules(data["year"], data["rules"])
        except ValidationError as exc:
            add_domain_errors(self, exc)
        return data


@admin.register(RuleSet)
class RuleSetAdmin(OfCityHall, LegalRecordAdmin, admin.ModelAdmin):
    """A new version is added (the form starts from the latest one); a published version is never changed."""

    form = RuleSetForm
    list_display = ["year", "version", "decision", "demo", "created_at"]
    list_filter = ["year", "demo"]
    actions = ["emit"]

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in RuleSet._meta.fields] if obj else []

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        latest = RuleSet.objects.filter(institution=selectors.city_hall()).order_by("-year", "-version").first()
        if latest:
            initial.setdefault("year", latest.year)
            initial.setdefault("decision", latest.decision)
            initial.setdefault("rules", latest.rules)
        return initial

    def save_model(self, request, obj, form, change):
        created = services.publish_rules(actor=request.user, year=obj.year, rules=obj.rules, decision=obj.decision,
                                         note=obj.note, demo=obj.demo)
        obj.pk, obj.version = created.pk, created.version

    @admin.action(description=gettext_lazy("Calculează rolul anilor selectați (emiterea rolului)"))
    def emit(self, request, queryset):
        for year in sorted(set(queryset.values_list("year", flat=True))):
            try:
                emission = services.emit_year(actor=request.user, year=year)
            except ValidationError as exc:
                self.message_user(request, f"{year}: " + " ".join(exc.messages), messages.ERROR)
            else:
                self.message_user(request, _("%(year)s: %(created)s debite noi, %(corrected)s corecții.") % {
                    "year": year, "created": emission.created, "corrected": emission.corrected})


class FactInline(admin.TabularInline):
    model = ItemFact
    fields = ["valid_from", "attrs", "source", "request", "recorded_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class HoldingInline(FactInline):
    model = Holding
    fields = ["party", "share", "starts_on", "ends_on", "concession", "reduction", "source"]
    readonly_fields = fields


class FiscalItemForm(forms.ModelForm):
    """A new item with its first facts and its holder, entered by the tax office (services.add_item)."""

    party = forms.ModelChoiceField(queryset=Party.objects.order_by("name"), label=gettext_lazy("Contribuabilul"))
    starts_on = forms.DateField(label=gettext_lazy("Data dobândirii (sau a începutului concesiunii)"))
    share = forms.CharField(label=gettext_lazy("Cota-parte"), initial="1")
    concession = forms.BooleanField(label=gettext_lazy("Concesiune, închiriere sau folosință a proprietății publice"), required=False)
    ends_on = forms.DateField(label=gettext_lazy("Data încheierii (concesiune)"), required=False)
    reduction = forms.CharField(label=gettext_lazy("Scutire / reducere (cod din HCL)"), required=False)
    attrs = forms.JSONField(label=gettext_lazy("Atribute"), initial=dict,
                            help_text=gettext_lazy('De exemplu {"use": "rezidentiala", "area": "120", "zone": "A", "rank": "II"}; '
                                      "cheile sunt descrise în docs/taxes.md."))

    class Meta:
        model = FiscalItem
        fields = ["kind", "label", "identifier"]

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        try:
            services.clean_attrs(data["kind"], data.get("attrs") or {})
            services._share(data.get("share") or "1")
        except ValidationError as exc:
            add_domain_errors(self, exc)
        return data


@admin.register(FiscalItem)
class FiscalItemAdmin(OfCityHall, DomainAdmin, LegalRecordAdmin, admin.ModelAdmin):
    list_display = ["label", "kind", "identifier", "created_at"]
    list_filter = ["kind"]
    search_fields = ["label", "identifier", "holdings__party__name", "holdings__party__cnp", "holdings__party__cui"]
    inlines = [FactInline, HoldingInline]

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = FiscalItemForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_inlines(self, request, obj):
        return self.inlines if obj else []

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        holding = services.add_item(
            actor=request.user, party=data["party"], kind=data["kind"], label=data["label"],
            identifier=data.get("identifier", ""), attrs=data.get("attrs") or {}, starts_on=data["starts_on"],
            share=data.get("share") or "1", concession=data.get("concession", False), ends_on=data.get("ends_on"),
            reduction=data.get("reduction", ""), source="introdus de Direcția Impozite și Taxe Locale")  # i18n: ro (kept in the register)
        obj.pk = holding.item_id

    def save_related(self, request, form, formsets, change):
        pass


@admin.register(Debt)
class DebtAdmin(OfCityHall, ReadOnlyAdmin):
    list_display = ["reference", "party", "kind", "year", "term", "amount", "due_date", "executory"]
    list_filter = ["kind", "category", "year", "executory"]
    search_fields = ["reference", "party__name", "party__cnp", "party__cui"]


class AllocationInline(FactInline):
    model = Allocation
    fields = ["order", "debt", "amount", "bonus"]
    readonly_fields = fields


@admin.register(PaymentApplication)
class PaymentApplicationAdmin(OfCityHall, ReadOnlyAdmin):
    list_display = ["payment_id", "reference", "party", "amount", "paid_at", "credit"]
    search_fields = ["reference", "party__name"]
    inlines = [AllocationInline]


@admin.register(Emission)
class EmissionAdmin(OfCityHall, ReadOnlyAdmin):
    city_hall_path = "ruleset__institution"
    list_display = ["year", "at", "ruleset", "created", "corrected", "actor"]


@admin.register(CreditEntry)
class CreditEntryAdmin(OfCityHall, ReadOnlyAdmin):
    list_display = ["party", "amount", "reason", "created_at"]
