"""i18n: ro (demo data stays Romanian). The demo city's audiences: the mayor's and a deputy mayor's audience hours and the catalog service of the requests
an audience sends to a department (`load_demo_audiences`, part of the demo city), and two audience requests waiting
for the mayor's office (`load_demo_audience_requests`, added by `manage.py load_demo_city` only: they take numbers
in the register, which the demo city otherwise leaves empty)."""

from datetime import time

from django.db import transaction

from primaria.accounts.models import Party, User
from primaria.catalog.models import Category, FormField, Service, ServiceSigner
from primaria.documents.models import DocumentTemplate, TemplateKind
from primaria.institutions.models import Department, Institution

HOURS = [
    # (email, title, weekday, from, to, minutes, location)
    ("primar@primaria-demo.ro", "Primar", 1, time(10), time(13), 20, "Sala de audiențe, etajul 1, camera 10"),
    ("viceprimar@primaria-demo.ro", "Viceprimar", 3, time(14), time(16), 15, "Biroul viceprimarului, etajul 1, camera 14"),
]
SERVICE = {
    "slug": "solicitare-in-urma-audientei", "name": "Solicitare în urma audienței",
    "summary": "Cererea pe care o înregistrează Cabinetul Primarului pentru compartimentul competent, după o audiență.",
    "description": "Nu se depune direct: o înregistrează Cabinetul Primarului când trimite problema prezentată într-o "
                   "cerere de audiență sau hotărâtă în audiență compartimentului care o poate rezolva. Compartimentul "
                   "răspunde în termenul legal al petițiilor.",
    "legal_basis": "OG nr. 27/2002 privind soluționarea petițiilor; Regulamentul de audiențe al primăriei",
}
DEMO_AUDIENCES = [
    ("ion.popescu@example.ro", "primar@primaria-demo.ro", "urbanism", [1],
     "Blocul vecin construiește o anexă pe spațiul verde dintre blocuri, fără să fi văzut vreo autorizație afișată. "
     "Am depus o sesizare acum două luni și nu am primit răspuns."),
    ("maria.ionescu@example.ro", None, "public_domain",
     [], "Strada Florilor nu are iluminat public pe porțiunea dintre numerele 20 și 40 de peste un an; seara este "
         "periculos pentru copiii care vin de la școală."),
]


@transaction.atomic
def load_demo_audiences():
    city = Institution.objects.get(code="PMD")
    cabinet = Department.objects.get(institution=city, code="cab")
    category = Category.objects.get(code="relatii_cetateni")
    service, _ = Service.objects.update_or_create(
        institution=city, slug=SERVICE["slug"],
        defaults={**{k: v for k, v in SERVICE.items() if k != "slug"}, "category": category, "department": cabinet,
                  "for_persons": True, "for_companies": True, "term_days": 30, "term_unit": "calendar",
                  "answer_title": "Răspuns la solicitarea în urma audienței",
                  # Not in the public catalog: only the mayor's office files it (audiences.services).
                  "active": False},
    )
    for order, (name, label, kind) in enumerate([
        ("audienta", "Numărul cererii de audiență", "text"),
        ("continut", "Ce are de rezolvat compartimentul", "long_text"),
    ]):
        FormField.objects.update_or_create(service=service, name=name, defaults={
            "order": order, "label": label, "kind": kind, "required": True, "max_length": 4000 if kind == "long_text" else 60})
    if not service.signers.exists():
        ServiceSigner.objects.create(service=service, order=0, role="specialist", function="Inspector de specialitate",
                                     capacity="Întocmit")
        ServiceSigner.objects.create(service=service, order=1, role="head", function="Director executiv",
                                     capacity="Director executiv")
    DocumentTemplate.objects.update_or_create(
        service=service, kind=TemplateKind.ANSWER,
        defaults={"institution": city, "name": f"Răspuns – {service.name}", "title": service.answer_title,
                  "active": True, "body_html": (
                      "<p>Ca urmare a problemei pe care ați prezentat-o Primarului (cererea de audiență nr. "
                      "{{ data.audienta }}), înregistrată la compartimentul nostru cu nr. {{ registration_number }} din "
                      "{{ registration_date }}, vă comunicăm următoarele.</p>")},
    )
    from .models import AudienceHours

    for email, title, weekday, start, end, minutes, location in HOURS:
        AudienceHours.objects.update_or_create(
            official=User.objects.get(email=email), weekday=weekday,
            defaults={"institution": city, "title": title, "starts_at": start, "ends_at": end, "slot_minutes": minutes,
                      "location": location, "active": True},
        )


def load_demo_audience_requests():
    """Two audience requests waiting for the mayor's office; made once only, so the decisions tried stand."""
    from . import services
    from .models import Audience

    for email, official_email, category, days, topic in DEMO_AUDIENCES:
        user = User.objects.get(email=email)
        party = Party.objects.get(user=user)
        if Audience.objects.filter(applicant=party, topic=topic).exists():
            continue
        official = User.objects.get(email=official_email) if official_email else None
        services.ask(actor=user, party=party, official=official, category=category, topic=topic, preferred_days=days)
