import django.db.models.deletion
from django.db import migrations, models

MODELS = ("RuleSet", "FiscalItem", "Debt", "Account", "PaymentApplication", "CreditEntry")


class Migration(migrations.Migration):

    dependencies = [
        ("taxes", "0004_city_hall"),
    ]

    operations = [
        *[migrations.AlterField(model_name=name.lower(), name="institution", field=models.ForeignKey(
            on_delete=django.db.models.deletion.PROTECT, related_name="+", to="institutions.institution",
            verbose_name="primăria")) for name in MODELS],
        migrations.RemoveConstraint(model_name="ruleset", name="taxes_ruleset_unique"),
        migrations.AddConstraint(
            model_name="ruleset",
            constraint=models.UniqueConstraint(fields=("institution", "year", "version"), name="taxes_ruleset_unique"),
        ),
        migrations.AlterField(
            model_name="account",
            name="party",
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="tax_accounts",
                                    to="accounts.party"),
        ),
        migrations.AddConstraint(
            model_name="account",
            constraint=models.UniqueConstraint(fields=("institution", "party"), name="taxes_account_unique"),
        ),
        migrations.AddIndex(
            model_name="debt",
            index=models.Index(fields=["institution", "party"], name="taxes_debt_city_party_idx"),
        ),
    ]
