from django.contrib import admin

from .models import ExtraNonWorkingDay
from .terms import forget_extra_days


@admin.register(ExtraNonWorkingDay)
class ExtraNonWorkingDayAdmin(admin.ModelAdmin):
    list_display = ["date", "reason", "act"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        forget_extra_days()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        forget_extra_days()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        forget_extra_days()
