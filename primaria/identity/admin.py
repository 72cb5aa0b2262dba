from django.contrib import admin

from .models import ClaimMapping, EidLink


@admin.register(ClaimMapping)
class ClaimMappingAdmin(admin.ModelAdmin):
    list_display = ["provider", "claim", "target", "order"]
    list_editable = ["target", "order"]
    list_filter = ["provider", "target"]


@admin.register(EidLink)
class EidLinkAdmin(admin.ModelAdmin):
    """Read-only: links are made by the person (identity.services); removing one frees the account."""

    list_display = ["user", "provider", "issuer", "linked_at", "last_login_at"]
    search_fields = ["user__email", "subject"]
    readonly_fields = ["user", "provider", "issuer", "subject", "linked_at", "last_login_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
