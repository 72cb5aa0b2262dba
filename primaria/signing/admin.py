from django.contrib import admin

from .models import SigningCredential


@admin.register(SigningCredential)
class SigningCredentialAdmin(admin.ModelAdmin):
    list_display = ["subject_name", "kind", "institution", "provider", "not_after", "active"]
    list_filter = ["kind", "provider", "active", "institution"]
    search_fields = ["subject_name", "serial", "user__email"]
    readonly_fields = ["user", "institution", "kind", "provider", "key_ref", "certificate_pem", "subject_name", "serial",
                       "not_after", "created_at", "updated_at"]
    fields = readonly_fields[:2] + ["active"] + readonly_fields[2:]

    def has_add_permission(self, request):
        return False  # credentials come from create_demo_pki or from a provider (CSCProvider.import_credential)
