# Exports asked before keep their links on SITE_URL's address (the site they were asked on is not known).

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('institutions', '0004_host_names'),
        ('privacy', '0002_first_consent_texts'),
    ]

    operations = [
        migrations.AddField(
            model_name='dataexport',
            name='city_hall',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL,
                                    related_name='+', to='institutions.institution', verbose_name='primăria'),
        ),
    ]
