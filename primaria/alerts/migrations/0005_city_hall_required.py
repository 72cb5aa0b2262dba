import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('alerts', '0004_city_hall_rows'),
    ]

    operations = [
        migrations.AlterField(
            model_name='alert',
            name='city_hall',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+',
                                    to='institutions.institution', verbose_name='primăria'),
        ),
        migrations.AlterField(
            model_name='subscription',
            name='city_hall',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+',
                                    to='institutions.institution', verbose_name='primăria'),
        ),
        migrations.RemoveIndex(
            model_name='alert',
            name='alert_current_idx',
        ),
        migrations.RemoveIndex(
            model_name='subscription',
            name='alert_sub_bbox_idx',
        ),
        migrations.AddIndex(
            model_name='alert',
            index=models.Index(fields=['city_hall', 'status', 'ends_at', 'starts_at'], name='alert_hall_current_idx'),
        ),
        migrations.AddIndex(
            model_name='subscription',
            index=models.Index(fields=['city_hall', 'status', 'min_lat', 'max_lat', 'min_lon', 'max_lon'],
                               name='alert_sub_hall_bbox_idx'),
        ),
    ]
