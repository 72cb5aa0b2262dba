from django.contrib import admin

from .models import Document, DocumentType


@admin.register(DocumentType)
class DocumentTypeAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "validity_days"]
    search_fields = ["name", "code"]


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ["title", "owner", "source", "mime", "pages", "created_at"]
    list_filter = ["source", "document_type"]
    search_fields = ["title", "owner__name", "sha256"]
    readonly_fields = [f.name for f in Document._meta.fields]

    def has_add_permission(self, request):
        return False
