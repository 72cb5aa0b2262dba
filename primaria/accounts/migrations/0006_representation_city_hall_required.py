import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """Every mandate now has its city hall (0005, in its own transaction: PostgreSQL does not alter a table
    whose rows the same transaction has just updated)."""

    dependencies = [
        ("accounts", "0005_representation_city_hall"),
    ]

    operations = [
        migrations.AlterField(
            model_name="representation",
            name="city_hall",
            field=models.ForeignKey(
                limit_choices_to={"parent__isnull": True}, on_delete=django.db.models.deletion.PROTECT,
                related_name="+", to="institutions.institution", verbose_name="primăria",
            ),
        ),
        migrations.RemoveConstraint(model_name="representation", name="representation_open_unique"),
        migrations.RemoveIndex(model_name="representation", name="representation_queue_idx"),
        migrations.AddIndex(
            model_name="representation",
            index=models.Index(fields=["city_hall", "status", "created_at"], name="representation_queue_idx"),
        ),
        migrations.AddConstraint(
            model_name="representation",
            constraint=models.UniqueConstraint(
                condition=models.Q(("status__in", ["pending", "verified"])),
                fields=("city_hall", "user", "company"), name="representation_open_unique",
            ),
        ),
    ]
