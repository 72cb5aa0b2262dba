# i18n: ro (demo data, in Romanian like the demo city)
"""The demo city's tax figures and fiscal register.

DEMO HCL: the figures below are NOT those of a real local council decision. They sit within the limits of
Codul fiscal Titlul IX (building rates 0.08–0.2% residential, 0.2–1.3% non-residential) and take the
shape of the law's tables, so that the demo computes like a real city; a real city records its own HCL as
a new version (admin, "Regulile anilor (HCL)"). Loading is idempotent.
"""

from datetime import date

from django.db import transaction
from django.db.models import F

DEMO_DECISION = "HCL demonstrativă nr. 1/2025 (cifre demonstrative, nu ale unei hotărâri reale)"

_COEFFICIENTS = {zone: dict(zip(["0", "I", "II", "III", "IV", "V"], values, strict=True)) for zone, values in {
    "A": ["2.60", "2.50", "2.40", "2.30", "1.10", "1.05"], "B": ["2.50", "2.40", "2.30", "2.20", "1.05", "1.00"],
    "C": ["2.40", "2.30", "2.20", "2.10", "1.00", "0.95"], "D": ["2.30", "2.20", "2.10", "2.00", "0.95", "0.90"],
}.items()}
_BUILT_LAND = {zone: dict(zip(["0", "I", "II", "III", "IV", "V"], values, strict=True)) for zone, values in {
    "A": ["8282", "6878", "6042", "5236", "711", "569"], "B": ["6878", "5199", "4215", "3558", "569", "427"],
    "C": ["5199", "3558", "2668", "1690", "427", "284"], "D": ["3558", "1690", "1410", "1168", "284", "142"],
}.items()}

DEMO_RULES = {
    "rank": "II",  # the rank of Municipiul Demo (Legea 351/2001)
    "due_dates": ["03-31", "09-30"],
    "bonus": {"percent": "10", "until": "03-31", "companies": True},
    "small_tax_limit": "50",
    "increase_rate": "1",
    "building": {
        "rates": {"person": {"rezidentiala": "0.1", "nerezidentiala": "0.5"},
                  "company": {"rezidentiala": "0.2", "nerezidentiala": "1.0"}},
        "value_per_m2": {"standard": "1500", "lemn": "450", "anexa": "400"},
        "coefficients": _COEFFICIENTS,
    },
    "land": {
        "intravilan_built": _BUILT_LAND,
        "intravilan_other": {
            "arabil": {"A": "28", "B": "21", "C": "19", "D": "15"}, "pasune": {"A": "21", "B": "19", "C": "15", "D": "13"},
            "faneata": {"A": "21", "B": "19", "C": "15", "D": "13"}, "vie": {"A": "46", "B": "35", "C": "28", "D": "19"},
            "livada": {"A": "53", "B": "46", "C": "35", "D": "28"}, "padure": {"A": "28", "B": "21", "C": "19", "D": "15"},
        },
        "rank_coefficient": {"0": "8", "I": "5", "II": "4", "III": "3", "IV": "1.1", "V": "1"},
        "extravilan": {"arabil": "50", "pasune": "28", "faneata": "28", "vie": "55", "livada": "56", "padure": "16"},
    },
    "vehicle": {
        "autoturism": [[1600, "9"], [2000, "19"], [2600, "76"], [3000, "153"], [None, "308"]],
        "motocicleta": [[1600, "9"], [None, "19"]],
        "autobuz": [[None, "25"]],
        "tractor": [[None, "19"]],
    },
    "concession": {"due_day": 25},
    "reductions": {"veteran": "100", "handicap": "100", "cladire-eficienta": "50"},
}

DEMO_SOURCE = "date demonstrative"


def _register():
    """(party finder, kind, label, identifier, attrs, starts_on, share, concession, ends_on)"""
    return [
        ({"cnp": "1800101350018"}, "cladire", "Str. Mărășești nr. 4, ap. 2, Municipiul Demo", "DEMO-1001-C1-U2",
         {"use": "rezidentiala", "area": "65", "zone": "A", "rank": "II", "year_built": 1978}, date(2012, 5, 14), "1",
         False, None),
        ({"cnp": "1800101350018"}, "teren", "Str. Livezii nr. 10, Municipiul Demo", "DEMO-2040",
         {"area": "200", "category": "curti-constructii", "location": "intravilan", "zone": "A", "rank": "II"},
         date(2019, 9, 2), "1", False, None),
        ({"cnp": "1800101350018"}, "auto", "DM-12-ION", "UU1DEMO0000000001",
         {"vehicle": "autoturism", "engine_cc": 1598}, date(2021, 3, 10), "1", False, None),
        ({"cnp": "2500505350016"}, "cladire", "Bd. Revoluției nr. 17, casa din curte, Municipiul Demo", "DEMO-3003",
         {"use": "rezidentiala", "area": "30", "structure": "lemn", "zone": "C", "rank": "II"}, date(1995, 6, 1), "1",
         False, None),
        ({"cui": "18547290"}, "cladire", "Calea Aradului nr. 88, Municipiul Demo", "DEMO-4100",
         {"use": "nerezidentiala", "value": "850000", "area": "420", "zone": "B", "rank": "II"}, date(2008, 2, 1), "1",
         False, None),
        ({"cui": "18547290"}, "cladire", "Chioșc nr. 3, Piața Unirii (domeniul public), Municipiul Demo", "DEMO-PUB-3",
         {"use": "nerezidentiala", "value": "60000", "area": "12", "zone": "A", "rank": "II"}, date(2026, 7, 1), "1",
         True, date(2027, 7, 1)),
    ]


@transaction.atomic
def load_demo_taxes(years=(2026, 2027), emit_year: int = 2026):
    from primaria.accounts.models import Party

    from . import selectors, services
    from .models import Emission, Holding, RuleSet

    city_hall = selectors.city_hall()
    for year in years:
        if not RuleSet.objects.filter(institution=city_hall, year=year).exists():
            services.publish_rules(actor=None, year=year, rules=DEMO_RULES, decision=DEMO_DECISION, demo=True,
                                   note="Cifrele orașului demonstrativ")
    if not Holding.objects.filter(item__institution=city_hall, source=DEMO_SOURCE).exists():
        for finder, kind, label, identifier, attrs, starts_on, share, concession, ends_on in _register():
            party = Party.objects.filter(**finder).order_by(F("user_id").desc(nulls_last=True), "pk").first()
            if party is None:
                continue
            services.add_item(actor=None, party=party, kind=kind, label=label, identifier=identifier, attrs=attrs,
                              starts_on=starts_on, share=share, concession=concession, ends_on=ends_on,
                              source=DEMO_SOURCE)
    if emit_year and not Emission.objects.filter(ruleset__institution=city_hall, year=emit_year).exists():
        services.emit_year(actor=None, year=emit_year, today=date(emit_year, 1, 5))
