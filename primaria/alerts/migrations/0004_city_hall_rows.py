"""The alerts and subscriptions made before city halls: an alert belongs to the city hall of its issuing
department's institution; a subscription (and an alert whose tree cannot be walked) to the installation's
default city hall (`PRIMARIA_INSTITUTION_CODE`, else the first institution without a parent)."""

from django.conf import settings
from django.db import migrations


def fill(apps, schema_editor):
    Institution = apps.get_model("institutions", "Institution")
    Alert = apps.get_model("alerts", "Alert")
    Subscription = apps.get_model("alerts", "Subscription")
    if not (Alert.objects.filter(city_hall__isnull=True).exists()
            or Subscription.objects.filter(city_hall__isnull=True).exists()):
        return
    default = (Institution.objects.filter(code=settings.PRIMARIA_INSTITUTION_CODE).first()
               or Institution.objects.filter(parent__isnull=True).order_by("pk").first())
    parents = dict(Institution.objects.values_list("pk", "parent_id"))

    def root(pk):
        seen = set()
        while parents.get(pk) is not None and pk not in seen:
            seen.add(pk)
            pk = parents[pk]
        return pk

    for alert in Alert.objects.filter(city_hall__isnull=True).select_related("department"):
        city_hall_id = root(alert.department.institution_id) if alert.department_id else None
        Alert.objects.filter(pk=alert.pk).update(city_hall_id=city_hall_id or default.pk)
    if default is not None:
        Subscription.objects.filter(city_hall__isnull=True).update(city_hall=default)


class Migration(migrations.Migration):

    dependencies = [
        ('alerts', '0003_city_hall'),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
