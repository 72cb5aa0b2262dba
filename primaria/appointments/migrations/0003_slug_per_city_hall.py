"""Codes of locations and services unique per institution instead of per installation; a service keeps its
department's institution (filled in here for the existing rows)."""

import django.db.models.deletion
from django.db import migrations, models


def fill_institution(apps, schema_editor):
    AppointmentService = apps.get_model("appointments", "AppointmentService")
    for service in AppointmentService.objects.select_related("department").only("pk", "department__institution_id"):
        AppointmentService.objects.filter(pk=service.pk).update(institution_id=service.department.institution_id)


class Migration(migrations.Migration):

    dependencies = [
        ("appointments", "0002_language"),
        ("institutions", "0003_alter_position_role_delegation"),
    ]

    operations = [
        migrations.AddField(
            model_name="appointmentservice",
            name="institution",
            field=models.ForeignKey(null=True, editable=False, on_delete=django.db.models.deletion.PROTECT,
                                    related_name="appointment_services", to="institutions.institution",
                                    verbose_name="instituția"),
        ),
        migrations.AlterField(
            model_name="appointmentservice",
            name="slug",
            field=models.SlugField(max_length=80, verbose_name="cod"),
        ),
        migrations.AlterField(
            model_name="location",
            name="slug",
            field=models.SlugField(max_length=60, verbose_name="cod"),
        ),
        migrations.RunPython(fill_institution, migrations.RunPython.noop),
    ]
