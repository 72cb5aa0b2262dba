"""Alerts and subscriptions belong to a city hall: the field, nullable until the rows are filled in (0004)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('institutions', '0004_host_names'),
        ('alerts', '0002_languages'),
    ]

    operations = [
        migrations.AddField(
            model_name='alert',
            name='city_hall',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+',
                                    to='institutions.institution', verbose_name='primăria'),
        ),
        migrations.AddField(
            model_name='subscription',
            name='city_hall',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+',
                                    to='institutions.institution', verbose_name='primăria'),
        ),
    ]
