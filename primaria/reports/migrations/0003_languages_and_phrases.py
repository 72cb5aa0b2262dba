from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("reports", "0002_report_reminded_for"),
    ]

    operations = [
        migrations.AddField(
            model_name="follower",
            name="language",
            field=models.CharField(blank=True, max_length=8, verbose_name="limba"),
        ),
        migrations.AddField(
            model_name="report",
            name="language",
            field=models.CharField(blank=True, max_length=8, verbose_name="limba"),
        ),
        migrations.AddField(
            model_name="reportevent",
            name="message_key",
            field=models.CharField(blank=True, max_length=500),
        ),
        migrations.AddField(
            model_name="reportevent",
            name="message_params",
            field=models.JSONField(blank=True, default=dict),
        ),
    ]
