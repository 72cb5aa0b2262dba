import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("parking", "0003_zone_institution"),
    ]

    operations = [
        migrations.AlterField(
            model_name="zone",
            name="institution",
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+",
                                    to="institutions.institution", verbose_name="primăria"),
        ),
        migrations.AlterField(
            model_name="zone",
            name="code",
            field=models.CharField(help_text="Cum apare pe indicatoare, de exemplu „Z1” sau „R-CENTRU”.", max_length=10,
                                   verbose_name="codul"),
        ),
        migrations.AddConstraint(
            model_name="zone",
            constraint=models.UniqueConstraint(fields=("institution", "code"), name="parking_zone_code_unique"),
        ),
    ]
