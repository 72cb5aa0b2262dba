import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("appointments", "0003_slug_per_city_hall"),
    ]

    operations = [
        migrations.AlterField(
            model_name="appointmentservice",
            name="institution",
            field=models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT,
                                    related_name="appointment_services", to="institutions.institution",
                                    verbose_name="instituția"),
        ),
        migrations.AddConstraint(
            model_name="appointmentservice",
            constraint=models.UniqueConstraint(fields=("institution", "slug"), name="appointment_service_slug_unique"),
        ),
        migrations.AddConstraint(
            model_name="location",
            constraint=models.UniqueConstraint(fields=("institution", "slug"), name="location_slug_unique"),
        ),
    ]
