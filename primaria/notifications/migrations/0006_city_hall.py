# Messages not yet rendered keep being written with SITE_URL's address (their city hall is not known).

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('institutions', '0004_host_names'),
        ('notifications', '0005_language'),
    ]

    operations = [
        migrations.AddField(
            model_name='notification',
            name='city_hall',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL,
                                    related_name='+', to='institutions.institution', verbose_name='primăria'),
        ),
    ]
