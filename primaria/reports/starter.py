# i18n: ro (stored data: a city hall's categories are written in Romanian, as its officials name them)
"""The report categories a new city hall starts with (`manage.py add_city_hall`), each sent to the department
that usually handles it; the city hall then draws its boundary and districts, and edits the categories, in the
admin. Without a boundary a commune's reports are accepted anywhere on the map and routed by category only."""

from .models import Category, Kind

# slug, name, hint, kind, department code (as in primaria.catalog.starter.DEPARTMENTS)
CATEGORIES = [
    ("groapa", "Groapă în carosabil sau trotuar", "asfalt spart, capac de canal lipsă", Kind.PROBLEM, "URB"),
    ("iluminat", "Iluminat public defect", "stâlp stins, lampă care pâlpâie, cablu atârnând", Kind.PROBLEM, "URB"),
    ("deseuri", "Deșeuri neridicate", "gunoi lângă containere, depozitare ilegală", Kind.PROBLEM, "URB"),
    ("spatii-verzi", "Spații verzi și arbori", "arbore căzut, iarbă netunsă, bancă ruptă", Kind.PROBLEM, "URB"),
    ("parcare-ilegala", "Parcare ilegală", "pe trotuar, pe trecere, pe locuri rezervate", Kind.PROBLEM, "PAR"),
    ("petitie", "Petiție către primărie", "cerere, reclamație sau propunere scrisă (OG nr. 27/2002)", Kind.PETITION,
     "SG"),
]


def load_starter_categories(city_hall, departments: dict) -> list[Category]:
    """The starter categories of `city_hall`; `departments` maps a department code (upper case) to the city hall's
    department. A category whose department the city hall lacks goes to its secretary general, else is left out."""
    made = []
    for order, (slug, name, hint, kind, code) in enumerate(CATEGORIES):
        department = departments.get(code) or departments.get("SG")
        if department is None:
            continue
        category, _created = Category.objects.get_or_create(city_hall=city_hall, slug=slug, defaults={
            "name": name, "hint": hint, "kind": kind, "department": department, "order": order, "active": True})
        made.append(category)
    return made
