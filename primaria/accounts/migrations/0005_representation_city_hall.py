import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def to_default_city_hall(apps, schema_editor):
    """The mandates claimed before city halls were told apart belong to the installation's own city hall."""
    Institution = apps.get_model("institutions", "Institution")
    Representation = apps.get_model("accounts", "Representation")
    if not Representation.objects.exists():
        return
    code = getattr(settings, "PRIMARIA_INSTITUTION_CODE", "")
    city_hall = (Institution.objects.filter(code=code, parent__isnull=True).first() if code else None) or (
        Institution.objects.filter(parent__isnull=True).order_by("pk").first())
    if city_hall is None:
        raise RuntimeError("Mandatele existente nu au o primărie căreia să fie atribuite: creați întâi instituția.")
    Representation.objects.filter(city_hall__isnull=True).update(city_hall=city_hall)


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0004_language"),
        ("institutions", "0004_host_names"),
    ]

    operations = [
        migrations.AddField(
            model_name="representation",
            name="city_hall",
            field=models.ForeignKey(
                limit_choices_to={"parent__isnull": True}, null=True,
                on_delete=django.db.models.deletion.PROTECT, related_name="+", to="institutions.institution",
                verbose_name="primăria",
            ),
        ),
        migrations.RunPython(to_default_city_hall, migrations.RunPython.noop),
    ]
