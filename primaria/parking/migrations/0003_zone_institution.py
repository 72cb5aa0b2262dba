"""Zones belong to a city hall: existing zones go to the installation's default one."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def default_city_hall(apps, schema_editor):
    Institution = apps.get_model("institutions", "Institution")
    Zone = apps.get_model("parking", "Zone")
    if not Zone.objects.filter(institution__isnull=True).exists():
        return
    city_hall = (Institution.objects.filter(code=getattr(settings, "PRIMARIA_INSTITUTION_CODE", "")).first()
                 or Institution.objects.filter(parent__isnull=True).order_by("pk").first())
    if city_hall is None:
        raise RuntimeError("Zonele de parcare existente nu au o primărie: adăugați întâi instituția.")  # i18n: ro (internal error)
    Zone.objects.filter(institution__isnull=True).update(institution=city_hall)


class Migration(migrations.Migration):

    dependencies = [
        ("institutions", "0004_host_names"),
        ("parking", "0002_note_phrase"),
    ]

    operations = [
        migrations.AddField(
            model_name="zone",
            name="institution",
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+",
                                    to="institutions.institution", verbose_name="primăria"),
        ),
        migrations.RunPython(default_city_hall, migrations.RunPython.noop),
    ]
