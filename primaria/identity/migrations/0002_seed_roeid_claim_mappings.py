"""The names under which ROeID sends a person's attributes, and the fields they fill."""

from django.db import migrations

ROEID_DEFAULTS = [
    ("cnp", "cnp"),
    ("nume", "last_name"),
    ("prenume", "first_name"),
    ("email", "email"),
    ("telefon", "phone"),
    ("adresa", "address"),
    ("localitate", "locality"),
    ("judet", "county"),
]


def seed(apps, schema_editor):
    ClaimMapping = apps.get_model("identity", "ClaimMapping")
    for order, (claim, target) in enumerate(ROEID_DEFAULTS):
        ClaimMapping.objects.get_or_create(provider="roeid", claim=claim, defaults={"target": target, "order": order * 10})


def unseed(apps, schema_editor):
    ClaimMapping = apps.get_model("identity", "ClaimMapping")
    ClaimMapping.objects.filter(provider="roeid", claim__in=[claim for claim, _ in ROEID_DEFAULTS]).delete()


class Migration(migrations.Migration):
    dependencies = [("identity", "0001_eid_links_and_claim_mappings")]

    operations = [migrations.RunPython(seed, unseed)]
