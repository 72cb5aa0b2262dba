from django.contrib import admin

from .models import Category, FormField, RequiredDocument, Service, ServiceSigner


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
    search_fields = ["name", "summary", "legal_basis"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [FormFieldInline, RequiredDocumentInline, ServiceSignerInline]
    fieldsets = [
        (None, {"fields": ["institution", "category", "name", "slug", "summary", "description", "legal_basis", "active"]}),
        ("Cine poate depune", {"fields": ["for_persons", "for_companies"]}),
        ("Termene și taxe", {"fields": ["term_days", "term_unit", "term_extension_days", "urgent_term_days", "urgent_fee", "fee"]}),
        ("Soluționare", {"fields": ["department", "answer_title", "answer_body"]}),
    ]


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "order"]
