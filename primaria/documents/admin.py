from django.contrib import admin

from primaria.core.admin import LegalRecordAdmin

from .models import Document, DocumentTemplate, DocumentType, OutgoingDocument, SignatureStep


@admin.register(DocumentType)
class DocumentTypeAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "validity_days"]
    search_fields = ["name", "code"]


@admin.register(Document)
class DocumentAdmin(LegalRecordAdmin, admin.ModelAdmin):
    """Read-only: files enter folders only through filing, the counter and issuing."""

    list_display = ["title", "owner", "source", "mime", "pages", "created_at"]
    list_filter = ["source", "document_type"]
    search_fields = ["title", "owner__name", "sha256"]
    readonly_fields = [f.name for f in Document._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(DocumentTemplate)
class DocumentTemplateAdmin(admin.ModelAdmin):
    """The IT admin edits what issued documents say; the letterhead and signatures are added around it."""

    list_display = ["name", "kind", "service", "institution", "active", "updated_at"]
    list_filter = ["kind", "institution", "active"]
    search_fields = ["name", "title", "body_html"]
    autocomplete_fields = ["service"]


class SignatureStepInline(admin.TabularInline):
    model = SignatureStep
    extra = 0
    can_delete = False
    readonly_fields = ["order", "signer", "function", "capacity", "status", "acted_at", "reason", "signed_by",
                       "signed_capacity"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(OutgoingDocument)
class OutgoingDocumentAdmin(LegalRecordAdmin, admin.ModelAdmin):
    """Read-only: documents are signed and issued only through primaria.documents.issuing."""

    list_display = ["title", "kind", "department", "status", "verification_code", "created_at", "issued_at"]
    list_filter = ["status", "kind", "institution"]
    search_fields = ["title", "verification_code"]
    inlines = [SignatureStepInline]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in OutgoingDocument._meta.fields]

    def has_add_permission(self, request):
        return False
