# i18n: ro (demo data: the demo city is Romanian by design)
"""The demo city's reports: its boundary and districts (from the project's own base layer), the categories with
their questions, the routing table and a few reports in every state.

Street lighting and roads go to the subordinate Administrația Domeniului Public (its Serviciul Drumuri și Iluminat
Public, made here with the two ADP officials also placed in it), green spaces to its Serviciul Spații Verzi,
illegal parking to the city hall's Serviciul Parcări, petitions to the Secretar General.
"""

import json

from django.contrib.staticfiles import finders

from primaria.accounts.models import User
from primaria.institutions.models import Department, Institution, Position, Role

from . import services
from .models import Area, Category, Kind, Report, Route, Status

CITY = "PMD"  # the demo city's own institution code: the areas, categories and routes are its own
LAYER = "reports/demo-city.geojson"  # its base layer, named by its boundary
ROADS = ("ADP", "dip", "Serviciul Drumuri și Iluminat Public")
CATEGORIES = [
    # slug, name, hint, kind, (institution, department), questions
    ("groapa", "Groapă în carosabil sau trotuar", "asfalt spart, capac de canal lipsă", Kind.PROBLEM, ("ADP", "dip"), [
        {"name": "unde", "label": "Unde este groapa?", "type": "choice", "required": True,
         "choices": ["în carosabil", "pe trotuar", "pe pista de biciclete"]},
        {"name": "marime", "label": "Cât de mare este?", "type": "choice", "required": True,
         "choices": ["mică (sub 30 cm)", "mare (peste 30 cm)"]},
        {"name": "pericol", "label": "Este periculoasă pentru trafic?", "type": "yesno", "required": False},
    ]),
    ("iluminat", "Iluminat public defect", "stâlp stins, lampă care pâlpâie, cablu atârnând", Kind.PROBLEM,
     ("ADP", "dip"), [
        {"name": "stalpi", "label": "Câți stâlpi nu funcționează?", "type": "text", "required": True},
        {"name": "cod", "label": "Numărul scris pe stâlp, dacă se vede", "type": "text", "required": False},
    ]),
    ("deseuri", "Deșeuri neridicate", "gunoi lângă containere, depozitare ilegală", Kind.PROBLEM, ("ADP", "sv"), [
        {"name": "fel", "label": "Ce fel de deșeuri sunt?", "type": "choice", "required": True,
         "choices": ["menajere", "voluminoase (mobilier, electrocasnice)", "moloz", "altele"]},
    ]),
    ("parcare-ilegala", "Parcare ilegală", "pe trotuar, pe trecere, pe locuri rezervate", Kind.PROBLEM,
     ("PMD", "par"), [
        {"name": "numar", "label": "Numărul de înmatriculare, dacă se vede", "type": "text", "required": False},
        {"name": "acces", "label": "Blochează accesul pietonilor sau al altor mașini?", "type": "yesno",
         "required": True},
    ]),
    ("spatii-verzi", "Spații verzi și arbori", "arbore căzut, iarbă netunsă, bancă ruptă", Kind.PROBLEM,
     ("ADP", "sv"), [
        {"name": "ce", "label": "Ce s-a întâmplat?", "type": "choice", "required": True,
         "choices": ["arbore căzut sau periculos", "iarbă netunsă", "mobilier urban stricat", "altceva"]},
    ]),
    ("petitie", "Petiție către primărie", "cerere, reclamație sau propunere scrisă (OG nr. 27/2002)", Kind.PETITION,
     ("PMD", "sg"), []),
]
# (category, district) -> (institution, department): waste in the west district is the city hall's urbanism
# department's for now (the district's new contract is theirs to follow).
ROUTES = [("deseuri", "vest", ("PMD", "urb"))]
REPORTS = [
    # category, lat, lon, address, description, answers, reporter email or account, final status, rating
    ("groapa", 45.7545, 21.2380, "Bd. Revoluției nr. 20", "Groapă adâncă pe banda a doua, lângă stația de autobuz.",
     {"unde": "în carosabil", "marime": "mare (peste 30 cm)", "pericol": "da"}, "ion.popescu@example.ro",
     Status.IN_PROGRESS, None),
    ("iluminat", 45.7450, 21.2300, "Str. Mărășești", "Trei stâlpi stinși de o săptămână, strada e întunecată.",
     {"stalpi": "3"}, "vecin@example.ro", Status.NEW, None),
    ("deseuri", 45.7420, 21.1990, "Str. Florilor", "Mobilier vechi lăsat lângă containere.",
     {"fel": "voluminoase (mobilier, electrocasnice)"}, "maria.ionescu@example.ro", Status.RESOLVED, 4),
    ("spatii-verzi", 45.7650, 21.2500, "Str. Grădinii", "Un arbore s-a rupt după furtună și stă pe trotuar.",
     {"ce": "arbore căzut sau periculos"}, "ion.popescu@example.ro", Status.RESOLVED, None),
    ("parcare-ilegala", 45.7538, 21.2262, "Piața Unirii", "Mașini parcate pe trecerea de pietoni în fiecare seară.",
     {"acces": "da"}, "locatar@example.ro", Status.NEW, None),
]


def load_base_layer(city_hall=None, layer_file: str = LAYER) -> int:
    """The city hall's boundary and districts from its base layer's GeoJSON (the same file its maps draw); the
    boundary names the file. Default: the demo city and its own layer."""
    city_hall = city_hall or Institution.objects.get(code=CITY)
    path = finders.find(layer_file)
    with open(path, encoding="utf-8") as handle:
        layer = json.load(handle)
    count = 0
    for feature in layer["features"]:
        props = feature["properties"]
        if props.get("kind") not in (Area.Kind.BOUNDARY, Area.Kind.DISTRICT):
            continue
        Area.objects.update_or_create(city_hall=city_hall, code=props["code"], defaults={
            "kind": props["kind"], "name": props["name"], "geometry": feature["geometry"],
            "base_layer": layer_file if props["kind"] == Area.Kind.BOUNDARY else ""})
        count += 1
    return count


def _department(institution_code, code):
    return Department.objects.get(institution__code=institution_code, code=code)


def load_demo_reports():
    city = Institution.objects.get(code=CITY)
    load_base_layer(city)
    adp = Institution.objects.get(code=ROADS[0])
    roads, _ = Department.objects.update_or_create(
        institution=adp, code=ROADS[1], defaults={"name": ROADS[2], "head_title": "Șef serviciu",
                                                  "email": "drumuri@adp-demo.ro"})
    for email, role, function in (("adp.sef@primaria-demo.ro", Role.HEAD, "Șef serviciu"),
                                  ("adp.specialist@primaria-demo.ro", Role.SPECIALIST, "Inginer drumuri")):
        user = User.objects.filter(email=email).first()
        if user is not None:
            Position.objects.get_or_create(user=user, department=roads, role=role, defaults={"function": function})
    for order, (slug, name, hint, kind, (inst, dept), questions) in enumerate(CATEGORIES):
        Category.objects.update_or_create(city_hall=city, slug=slug, defaults={
            "name": name, "hint": hint, "kind": kind, "department": _department(inst, dept), "questions": questions,
            "order": order, "active": True})
    for slug, district, (inst, dept) in ROUTES:
        Route.objects.update_or_create(city_hall=city, category=Category.objects.get(city_hall=city, slug=slug),
                                       area=Area.objects.get(city_hall=city, code=district),
                                       defaults={"department": _department(inst, dept)})
    if Report.objects.filter(city_hall=city).exists():
        return
    _demo_reports(city)


def _demo_reports(city):
    for slug, lat, lon, address, description, answers, who, final, rating in REPORTS:
        user = User.objects.filter(email=who).first()
        data = {f"q_{k}": v for k, v in answers.items()}
        report = services.submit(actor=user, category_id=Category.objects.get(city_hall=city, slug=slug).pk, latitude=str(lat),
                                 longitude=str(lon), address=address, description=description, data=data,
                                 email="" if user else who, silent=True)
        if final == Status.NEW:
            continue
        official = _handler(report)
        services.act(actor=official, report_id=report.pk, action="take", silent=True)
        if final == Status.RESOLVED:
            services.act(actor=official, report_id=report.pk, action="resolve",
                         message="Echipa a intervenit și problema a fost rezolvată.", silent=True)
            if rating:
                services.rate(actor=user, report_id=report.pk, rating=rating, comment="Rapid, mulțumesc.",
                              email="" if user else who)


def _handler(report):
    position = (Position.objects.filter(department=report.department, active=True)
                .select_related("user").order_by("role").first())
    return position.user
