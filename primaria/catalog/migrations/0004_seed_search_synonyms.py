"""The common words people use for the catalog's services, which the IT admin can then edit."""

from django.db import migrations

SYNONYMS = [
    ("divorț", "desfacerea căsătoriei"),
    ("buletin", "carte de identitate"),
    ("buletin", "act de identitate"),
    ("CI", "carte de identitate"),
    ("CI", "act de identitate"),
    ("nuntă", "căsătorie"),
    ("cununie", "căsătorie"),
    ("firmă", "societate"),
    ("SRL", "societate"),
    ("autorizație construire", "autorizație de construire"),
    ("casă", "clădire"),
    ("mașină", "vehicul"),
    ("tractor", "vehicul lent"),
    ("căruță", "vehicul lent"),
    ("restaurant", "alimentație publică"),
    ("cafenea", "alimentație publică"),
    ("alocație", "indemnizație"),
    ("ajutor social", "venit minim de incluziune"),
    ("reclamație", "sesizare"),
    ("plângere", "petiție"),
    ("program", "orar"),
    ("pierdut", "duplicat"),
    ("rambursare", "restituire"),
    ("adresă", "nomenclatură stradală"),
]


def seed(apps, schema_editor):
    SearchSynonym = apps.get_model("catalog", "SearchSynonym")
    for term, expansion in SYNONYMS:
        SearchSynonym.objects.get_or_create(term=term, expansion=expansion)


def unseed(apps, schema_editor):
    SearchSynonym = apps.get_model("catalog", "SearchSynonym")
    for term, expansion in SYNONYMS:
        SearchSynonym.objects.filter(term=term, expansion=expansion).delete()


class Migration(migrations.Migration):
    dependencies = [("catalog", "0003_service_keywords_searchsynonym")]

    operations = [migrations.RunPython(seed, unseed)]
