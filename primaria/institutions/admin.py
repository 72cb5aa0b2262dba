from django.contrib import admin

from .models import Delegation, Department, Institution, Position


class DepartmentInline(admin.TabularInline):
    model = Department
    extra = 0


@admin.register(Institution)
class InstitutionAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "parent"]
    inlines = [DepartmentInline]


@admin.register(Position)
class PositionAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "department", "function", "active"]
    list_filter = ["role", "department__institution", "department", "active"]
    search_fields = ["user__email", "user__first_name", "user__last_name"]
    autocomplete_fields = ["user"]


@admin.register(Delegation)
class DelegationAdmin(admin.ModelAdmin):
    list_display = ["principal", "deputy", "starts_on", "ends_on", "capacity", "revoked"]
    list_filter = ["revoked"]
    autocomplete_fields = ["principal", "deputy"]
