# The outbox: events recorded with the change that causes them, and their deliveries.

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
    ]

    operations = [
        migrations.CreateModel(
            name='Event',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=80, verbose_name='evenimentul')),
                ('subject_type', models.CharField(blank=True, max_length=80, verbose_name='obiectul')),
                ('subject_id', models.CharField(blank=True, max_length=64, verbose_name='id-ul obiectului')),
                ('payload', models.JSONField(blank=True, default=dict, verbose_name='date')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='înregistrat la')),
            ],
            options={
                'verbose_name': 'eveniment',
                'verbose_name_plural': 'evenimente',
                'ordering': ['-pk'],
                'indexes': [models.Index(fields=['subject_type', 'subject_id'], name='outbox_event_subject_idx')],
            },
        ),
        migrations.CreateModel(
            name='Delivery',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('handler', models.CharField(max_length=100, verbose_name='efectul')),
                ('status', models.CharField(choices=[('pending', 'De făcut'), ('running', 'În lucru'), ('done', 'Făcută'), ('failed', 'Eșuată')], default='pending', max_length=10, verbose_name='starea')),
                ('attempts', models.PositiveSmallIntegerField(default=0, verbose_name='încercări')),
                ('available_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='de făcut de la')),
                ('lease_until', models.DateTimeField(blank=True, null=True, verbose_name='rezervată până la')),
                ('heartbeat_at', models.DateTimeField(blank=True, null=True)),
                ('worker', models.CharField(blank=True, max_length=100, verbose_name='lucrătorul')),
                ('last_error', models.TextField(blank=True, verbose_name='ultima eroare')),
                ('waiting', models.BooleanField(default=False, help_text='Nu se poate face încă (de exemplu lipsește o poziție din nomenclator); nu consumă încercări.', verbose_name='așteaptă o condiție')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('finished_at', models.DateTimeField(blank=True, null=True, verbose_name='făcută la')),
                ('event', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='deliveries', to='outbox.event', verbose_name='evenimentul')),
            ],
            options={
                'verbose_name': 'efect al unui eveniment',
                'verbose_name_plural': 'efectele evenimentelor',
                'ordering': ['-pk'],
                'indexes': [models.Index(condition=models.Q(('status', 'pending')), fields=['available_at'], name='outbox_due_idx'), models.Index(condition=models.Q(('status', 'running')), fields=['lease_until'], name='outbox_lease_idx'), models.Index(fields=['handler', 'status'], name='outbox_handler_idx')],
                'constraints': [models.UniqueConstraint(fields=('event', 'handler'), name='outbox_delivery_unique')],
            },
        ),
    ]
