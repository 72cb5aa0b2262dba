"""The rows made before each city hall had its own: the areas, categories and routing table go to the
installation's default city hall (`PRIMARIA_INSTITUTION_CODE`, else the first institution without a parent), its
boundary names the base layer the installation drew (`PRIMARIA_MAP_BASE_LAYER`), and each report goes to the city
hall of the department it was sent to."""

from django.conf import settings
from django.db import migrations


def _root(Institution, institution_id, cache):
    if institution_id not in cache:
        seen, current = set(), Institution.objects.get(pk=institution_id)
        while current.parent_id is not None and current.pk not in seen:
            seen.add(current.pk)
            current = Institution.objects.get(pk=current.parent_id)
        cache[institution_id] = current.pk
    return cache[institution_id]


def forwards(apps, schema_editor):
    Institution = apps.get_model("institutions", "Institution")
    Area = apps.get_model("reports", "Area")
    Category = apps.get_model("reports", "Category")
    Route = apps.get_model("reports", "Route")
    Report = apps.get_model("reports", "Report")
    Department = apps.get_model("institutions", "Department")
    default = (Institution.objects.filter(code=getattr(settings, "PRIMARIA_INSTITUTION_CODE", "")).first()
               or Institution.objects.filter(parent__isnull=True).order_by("pk").first())
    if default is not None:
        Area.objects.filter(city_hall__isnull=True).update(city_hall=default)
        Category.objects.filter(city_hall__isnull=True).update(city_hall=default)
        Route.objects.filter(city_hall__isnull=True).update(city_hall=default)
        layer = getattr(settings, "PRIMARIA_MAP_BASE_LAYER", "")
        if layer:
            Area.objects.filter(city_hall=default, kind="boundary", base_layer="").update(base_layer=layer)
    cache = {}
    department_ids = Report.objects.filter(city_hall__isnull=True).values_list("department_id", flat=True).distinct()
    for department in Department.objects.filter(pk__in=list(department_ids)):
        Report.objects.filter(city_hall__isnull=True, department_id=department.pk).update(
            city_hall_id=_root(Institution, department.institution_id, cache))


class Migration(migrations.Migration):

    dependencies = [
        ("reports", "0004_city_halls"),
    ]

    operations = [
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
