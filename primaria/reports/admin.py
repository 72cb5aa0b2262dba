from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from . import geo
from .models import Area, Category, Report


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "city_hall", "kind", "department", "order", "active"]
    list_filter = ["city_hall", "kind", "active"]
    search_fields = ["name", "slug"]


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ["name", "city_hall", "kind", "code", "base_layer"]
    list_filter = ["city_hall", "kind"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)

        class CheckedForm(form):
            def clean_geometry(self):
                value = self.cleaned_data.get("geometry")
                if not geo.is_polygon(value):
                    raise ValidationError(_("Geometria trebuie să fie un Polygon sau MultiPolygon GeoJSON cu inele "
                                            "închise, de forma [[[longitudine, latitudine], ...]]."))
                return value

        return CheckedForm


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    """Read only: reports change state through the back office (/birou/sesizari/), which keeps the timeline."""

    list_display = ["__str__", "city_hall", "status", "department", "created_at"]
    list_filter = ["city_hall", "status", "category"]
    readonly_fields = [f.name for f in Report._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
