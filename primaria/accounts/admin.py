from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from primaria.institutions.models import Position

from .models import Party, Representation, User


class PositionInline(admin.TabularInline):
    model = Position
    extra = 0


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "email_verified", "is_staff", "is_active"]
    search_fields = ["email", "first_name", "last_name"]
    inlines = [PositionInline]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Date personale", {"fields": ["first_name", "last_name", "phone", "email_verified"]}),
        ("Drepturi", {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]}),
        ("Date importante", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]


class RepresentationInline(admin.TabularInline):
    model = Representation
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Party)
class PartyAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "cnp", "cui", "email", "user"]
    list_filter = ["kind"]
    search_fields = ["name", "cnp", "cui", "email"]
    inlines = [RepresentationInline]
