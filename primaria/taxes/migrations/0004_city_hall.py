"""The yearly rules and the fiscal register belong to a city hall: existing rows go to the installation's
default one (the debts and credits follow their party's accounts there)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

MODELS = ("RuleSet", "FiscalItem", "Debt", "Account", "PaymentApplication", "CreditEntry")


def default_city_hall(apps, schema_editor):
    Institution = apps.get_model("institutions", "Institution")
    if not any(apps.get_model("taxes", name).objects.filter(institution__isnull=True).exists() for name in MODELS):
        return
    city_hall = (Institution.objects.filter(code=getattr(settings, "PRIMARIA_INSTITUTION_CODE", "")).first()
                 or Institution.objects.filter(parent__isnull=True).order_by("pk").first())
    if city_hall is None:
        raise RuntimeError("Evidența fiscală existentă nu are o primărie: adăugați întâi instituția.")  # i18n: ro (internal error)
    for name in MODELS:
        apps.get_model("taxes", name).objects.filter(institution__isnull=True).update(institution=city_hall)


def _institution(null):
    return models.ForeignKey(null=null, on_delete=django.db.models.deletion.PROTECT, related_name="+",
                             to="institutions.institution", verbose_name="primăria")


class Migration(migrations.Migration):

    dependencies = [
        ("institutions", "0004_host_names"),
        ("taxes", "0003_record_phrases"),
    ]

    operations = [
        *[migrations.AddField(model_name=name.lower(), name="institution", field=_institution(True)) for name in MODELS],
        migrations.RunPython(default_city_hall, migrations.RunPython.noop),
    ]
