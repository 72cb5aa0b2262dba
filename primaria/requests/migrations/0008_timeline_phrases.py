from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("requests", "0007_counter_staged_uploads"),
    ]

    operations = [
        migrations.AddField(
            model_name="timelineevent",
            name="message_key",
            field=models.CharField(blank=True, max_length=500),
        ),
        migrations.AddField(
            model_name="timelineevent",
            name="message_params",
            field=models.JSONField(blank=True, default=dict),
        ),
    ]
