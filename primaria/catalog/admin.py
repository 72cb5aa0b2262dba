from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _

from primaria.core.admin import DomainAdmin, add_domain_errors

from . import services
from .models import Category, FormField, RequiredDocument, SearchSynonym, Service, ServiceSigner


class FormFieldInline(admin.TabularInline):
    model = FormField
    extra = 0
    fields = ["order", "name", "label", "kind", "required", "help_text", "choices", "allowed_types", "max_size_mb"]


class RequiredDocumentInline(admin.TabularInline):
    model = RequiredDocument
    extra = 0
    autocomplete_fields = ["document_type"]


class ServiceSignerInline(admin.TabularInline):
    model = ServiceSigner
    extra = 0


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    list_display = ["name", "category", "department", "term_days", "term_unit", "fee", "active"]
    list_filter = ["category", "department", "active", "institution"]
    search_fields = ["name", "summary", "legal_basis", "keywords"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [FormFieldInline, RequiredDocumentInline, ServiceSignerInline]
    fieldsets = [
        (None, {"fields": ["institution", "category", "name", "slug", "summary", "description", "legal_basis", "keywords",
                           "active"]}),
        ("Cine poate depune", {"fields": ["for_persons", "for_companies"]}),
        (_("Termene și taxe"), {"fields": ["term_days", "term_unit", "term_extension_days", "urgent_term_days", "urgent_fee", "fee"]}),
        (_("Soluționare"), {"fields": ["department", "answer_title", "answer_body"]}),
    ]


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "order"]


class SearchSynonymForm(forms.ModelForm):
    actor = None

    class Meta:
        model = SearchSynonym
        fields = ["term", "expansion"]

    def _get_validation_exclusions(self):
        # Whether the pair already exists is judged by catalog.services, with the same folding as the search.
        return super()._get_validation_exclusions() | {"expansion"}

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        try:
            services.check_synonym(actor=self.actor, term=cleaned.get("term", ""),
                                   expansion=cleaned.get("expansion", ""), synonym_id=self.instance.pk)
        except (ValidationError, PermissionDenied) as exc:
            add_domain_errors(self, exc)
        return cleaned


@admin.register(SearchSynonym)
class SearchSynonymAdmin(DomainAdmin, admin.ModelAdmin):
    """What the catalog search also looks for when a word is typed; every change goes to the audit log."""

    form = SearchSynonymForm
    list_display = ["term", "expansion"]
    search_fields = ["term", "expansion"]

    def save_model(self, request, obj, form, change):
        saved = services.save_synonym(actor=request.user, term=form.cleaned_data["term"],
                                      expansion=form.cleaned_data["expansion"], synonym_id=obj.pk if change else None,
                                      ip=request.META.get("REMOTE_ADDR"))
        obj.pk, obj.term, obj.expansion = saved.pk, saved.term, saved.expansion
        obj._state.adding = False

    def delete_model(self, request, obj):
        services.delete_synonym(actor=request.user, synonym_id=obj.pk, ip=request.META.get("REMOTE_ADDR"))

    def delete_queryset(self, request, queryset):
        for synonym_id in queryset.values_list("pk", flat=True):
            services.delete_synonym(actor=request.user, synonym_id=synonym_id, ip=request.META.get("REMOTE_ADDR"))
