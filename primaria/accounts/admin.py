from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from primaria.institutions.models import Position

from .models import Party, Representation, User


class PositionInline(admin.TabularInline):
    """Shown only: positions are given and ended on their own page, through primaria.institutions.services
    (one mayor per institution, one head per department, an audit entry for each change)."""

    model = Position
    extra = 0
    fields = ["department", "role", "function", "active"]
    readonly_fields = fields
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "email_verified", "is_staff", "is_active"]
    search_fields = ["email", "first_name", "last_name"]
    inlines = [PositionInline]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Date personale"), {"fields": ["first_name", "last_name", "phone", "email_verified"]}),
        (_("Drepturi"), {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]}),
        (_("Date importante"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]


class RepresentationInline(admin.TabularInline):
    """Shown for reference only: a representation is asked with a proof and decided by the registry
    (/birou/mandate/), so that every change has its check, its audit entry and its e-mail."""

    model = Representation
    fk_name = "company"
    extra = 0
    fields = ["city_hall", "user", "capacity", "status", "proof_kind", "services", "valid_from", "valid_until",
              "decided_by", "decided_at", "refusal_reason", "revoked_by", "revoked_at", "revocation_reason", "note",
              "login_method", "assurance_level", "created_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Party)
class PartyAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "cnp", "cui", "email", "user"]
    list_filter = ["kind"]
    search_fields = ["name", "cnp", "cui", "email"]
    inlines = [RepresentationInline]
