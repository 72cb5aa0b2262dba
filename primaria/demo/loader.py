"""The demo city, "Municipiul Demo": institutions, departments, officials, residents and the catalog.

Loading is idempotent: every object is found by its natural key (a code, an e-mail address, a slug)
and updated in place, so `make run` can load it on every start.
"""

from django.db import transaction

from primaria.accounts.models import Party, PartyKind, ProofKind, Representation, RepresentationStatus, User
from primaria.catalog.models import Category, Service
from primaria.catalog.starter import (
    DEPARTMENTS,
    answer_template,
    load_starter_catalog,
    service_parts,
    starter_data,
)
from primaria.documents.models import DocumentType
from primaria.institutions.models import Department, Institution, Position, Role

DEMO_PASSWORD = "Demo-2026!"

CITY_HALL = {
    "code": "PMD", "name": "Primăria Municipiului Demo", "short_name": "Primăria Demo", "cui": "4305857",
    "address": "Piața Unirii nr. 1, Municipiul Demo, județul Demo", "phone": "0256 000 000",
    "email": "registratura@primaria-demo.ro", "website": "https://primaria-demo.ro", "county": "Demo",
    "register_prefix": "PMD",
}
SUBORDINATE = {
    "code": "ADP", "name": "Administrația Domeniului Public Demo", "short_name": "ADP Demo", "cui": "14841550",
    "address": "Str. Grădinii nr. 12, Municipiul Demo", "phone": "0256 000 100", "email": "office@adp-demo.ro",
    "county": "Demo", "register_prefix": "ADP",
}
ADP_DEPARTMENTS = [
    ("REG", "Registratură ADP", "Șef birou", True),
    ("SV", "Serviciul Spații Verzi", "Șef serviciu", False),
]

# (email, first name, last name, [(institution code, department code, role, function)])
OFFICIALS = [
    ("registratura@primaria-demo.ro", "Elena", "Dumitrescu", [("PMD", "REG", Role.REGISTRY_CLERK, "Referent registratură")]),
    ("secretar@primaria-demo.ro", "Adrian", "Stoica", [("PMD", "SG", Role.SECRETARY_GENERAL, "Secretar general al UAT")]),
    ("primar@primaria-demo.ro", "Mihai", "Constantinescu", [("PMD", "CAB", Role.MAYOR, "Primar")]),
    ("viceprimar@primaria-demo.ro", "Cătălina", "Georgescu", [("PMD", "CAB", Role.DEPUTY_MAYOR, "Viceprimar")]),
    ("adp.registratura@primaria-demo.ro", "Ioana", "Marin", [("ADP", "REG", Role.REGISTRY_CLERK, "Referent")]),
    ("adp.sef@primaria-demo.ro", "Cristian", "Barbu", [("ADP", "SV", Role.HEAD, "Șef serviciu")]),
    ("adp.specialist@primaria-demo.ro", "Andreea", "Toma", [("ADP", "SV", Role.SPECIALIST, "Inginer horticultor")]),
]
HEAD_NAMES = {
    "REG": ("Gabriela", "Munteanu"), "URB": ("Radu", "Enache"), "ITL": ("Monica", "Preda"), "EPSC": ("Daniela", "Lungu"),
    "DAS": ("Florin", "Matei"), "JUR": ("Alina", "Radu"), "SG": ("Sorin", "Tudor"), "CAB": ("Bianca", "Vasile"),
    "PAR": ("Bogdan", "Iordache"),
}
SPECIALIST_NAMES = {
    "REG": ("Andrei", "Pavel"), "URB": ("Vlad", "Neagu"), "ITL": ("Laura", "Ciobanu"), "EPSC": ("Simona", "Ene"),
    "DAS": ("Oana", "Sandu"), "JUR": ("Paul", "Manole"), "SG": ("Irina", "Cristea"), "CAB": ("Dan", "Roman"),
    "PAR": ("Mircea", "Dinu"),  # the parking inspector who checks plates (/birou/parcare/verificare/)
}

# Residents: (email, first, last, CNP, address)
RESIDENTS = [
    ("ion.popescu@example.ro", "Ion", "Popescu", "1800101350018", "Str. Mărășești nr. 4, ap. 2, Municipiul Demo"),
    ("maria.ionescu@example.ro", "Maria", "Ionescu", "2490315350011", "Bd. Revoluției nr. 17, Municipiul Demo"),
]
COMPANY = {"cui": "18547290", "name": "Demo Construct SRL", "registration_code": "J35/1234/2006",
           "address": "Calea Aradului nr. 88, Municipiul Demo", "representative": "ion.popescu@example.ro",
           "capacity": "Administrator", "proof_kind": ProofKind.ONRC_CERTIFICATE,
           "note": "Date demonstrative: certificatul constatator a fost verificat la ghișeu, fără copie în platformă."}
# A claim still waiting for the registry, so that the queue of mandates (/birou/mandate/) shows one.
PENDING_COMPANY = {"cui": "45123674", "name": "Grădina Verde SRL", "registration_code": "J35/2468/2019",
                   "address": "Str. Florilor nr. 9, Municipiul Demo", "representative": "maria.ionescu@example.ro",
                   "capacity": "Împuternicit", "proof_kind": ProofKind.COMPANY_POWER,
                   "note": "Date demonstrative: împuternicirea se prezintă la ghișeu, fără copie în platformă."}
DEMO_DECIDER = "registratura@primaria-demo.ro"
# A person-for-person mandate: Maria files her elderly mother's tax papers, under a notarial power of
# attorney limited to those services (the mother has no account; the counter knows her by CNP).
PERSON_MANDATE = {"cnp": "2500505350016", "name": "Elena Ionescu", "address": "Bd. Revoluției nr. 17, Municipiul Demo",
                  "representative": "maria.ionescu@example.ro", "capacity": "Împuternicit",
                  "proof_kind": ProofKind.NOTARIAL_POWER,
                  "services": ["certificat-de-atestare-fiscala", "declaratie-fiscala-cladiri", "scutire-reducere-impozit"],
                  "note": "Date demonstrative: procura notarială a fost verificată la ghișeu, fără copie în platformă."}


def catalog_data():
    return starter_data()


def official_accounts():
    """Every demo official as (email, role label, department name): what README and `make run` print."""
    names = {("PMD", c): n for c, n, _t, _r in DEPARTMENTS} | {("ADP", c): n for c, n, _t, _r in ADP_DEPARTMENTS}
    rows = [(email, positions[0][2].label, names[positions[0][:2]]) for email, _f, _l, positions in OFFICIALS]
    for code, name, _title, _reg in DEPARTMENTS:
        rows.append((f"{code.lower()}.sef@primaria-demo.ro", Role.HEAD.label, name))
        rows.append((f"{code.lower()}.specialist@primaria-demo.ro", Role.SPECIALIST.label, name))
    return rows


@transaction.atomic
def load_demo_city(*, password: str = DEMO_PASSWORD) -> Institution:
    city = _institution(CITY_HALL, parent=None)
    adp = _institution(SUBORDINATE, parent=city)
    departments = {("PMD", code): _department(city, code, name, title, reg) for code, name, title, reg in DEPARTMENTS}
    departments.update({("ADP", code): _department(adp, code, name, title, reg) for code, name, title, reg in ADP_DEPARTMENTS})

    admin = _user("admin@primaria-demo.ro", "Administrator", "IT", password)
    admin.is_staff = admin.is_superuser = True
    admin.save(update_fields=["is_staff", "is_superuser"])
    Position.objects.update_or_create(
        user=admin, department=departments[("PMD", "CAB")], role=Role.IT_ADMIN, defaults={"function": "Administrator IT"}
    )
    for email, first, last, positions in OFFICIALS:
        user = _user(email, first, last, password)
        for inst, dept, role, function in positions:
            Position.objects.update_or_create(user=user, department=departments[(inst, dept)], role=role,
                                              defaults={"function": function, "active": True})
    for code, _name, title, _reg in DEPARTMENTS:
        first, last = HEAD_NAMES[code]
        head = _user(f"{code.lower()}.sef@primaria-demo.ro", first, last, password)
        Position.objects.update_or_create(user=head, department=departments[("PMD", code)], role=Role.HEAD,
                                          defaults={"function": title, "active": True})
        first, last = SPECIALIST_NAMES[code]
        specialist = _user(f"{code.lower()}.specialist@primaria-demo.ro", first, last, password)
        Position.objects.update_or_create(user=specialist, department=departments[("PMD", code)], role=Role.SPECIALIST,
                                          defaults={"function": "Inspector de specialitate", "active": True})

    for email, first, last, cnp, address in RESIDENTS:
        user = _user(email, first, last, password)
        Party.objects.update_or_create(
            user=user, defaults={"kind": PartyKind.PERSON, "name": f"{first} {last}", "cnp": cnp, "email": email,
                                 "address": address, "phone": "0722123456"},
        )
    _representation(COMPANY, city, verified=True)
    _representation(PENDING_COMPANY, city, verified=False)

    load_starter_catalog(city, {code: d for (inst, code), d in departments.items() if inst == "PMD"})
    _adp_service(adp, departments[("ADP", "SV")])
    _person_mandate(PERSON_MANDATE, city)
    from primaria.audiences.demo import load_demo_audiences
    load_demo_audiences()  # the mayor's and a deputy's audience hours (docs/audiences.md)
    from primaria.workflow.services import ensure_default_processes
    ensure_default_processes()  # a BPMN process for every service that has none (docs/workflow.md)
    from primaria.demo.second_factor import seed_second_factors
    seed_second_factors()  # officials' authenticator-app key, printed by load_demo_city
    from primaria.taxes.demo import load_demo_taxes
    load_demo_taxes()  # the demo HCL's figures, a small fiscal register and the 2026 roll
    from primaria.appointments.demo import load_demo_appointments
    load_demo_appointments()  # the registry hall's counters, programme and a few appointments of Ion Popescu
    from primaria.queue_tickets.demo import load_demo_queue
    load_demo_queue()  # tickets (bonuri de ordine) for the registry hall's services: A, B, C
    from primaria.parking.demo import load_demo_parking
    load_demo_parking()  # parking zones, their subscription types and a paid subscription of Ion Popescu
    from primaria.reports.demo import load_demo_reports
    load_demo_reports()  # the city's boundary and districts, report categories, routing and a few reports
    from primaria.alerts.demo import load_demo_alerts
    load_demo_alerts()  # local alerts on the map and a resident subscribed to the area around her home
    return city


def _representation(data, city, *, verified):
    """A company and a person's claim to represent it, as the registry would have it.

    The demo keeps no proof file, so that the demo residents' folders start empty: a note on the claim says
    where the proof was seen. The verified one is restored on every load, as the demo promises it; the pending
    one is made once only, so that a clerk's decision taken while trying the demo stands.
    """
    from django.utils import timezone

    company, _ = Party.objects.update_or_create(
        kind=PartyKind.COMPANY, cui=data["cui"],
        defaults={"name": data["name"], "registration_code": data["registration_code"], "address": data["address"],
                  **({"email": data["representative"]} if verified else {})},
    )
    user = User.objects.get(email=data["representative"])
    claims = Representation.objects.filter(user=user, company=company, city_hall=city)
    if verified and claims.filter(status=RepresentationStatus.VERIFIED, valid_until__isnull=True).exists():
        return
    if not verified and claims.exists():
        return
    for stale in claims.filter(status__in=[RepresentationStatus.PENDING, RepresentationStatus.VERIFIED]):
        stale.status, stale.revoked_at = RepresentationStatus.REVOKED, timezone.now()
        stale.revocation_reason = "Înlocuită la reîncărcarea datelor demonstrative."
        stale.save(update_fields=["status", "revoked_at", "revocation_reason"])
    Representation.objects.create(
        city_hall=city, user=user, company=company, capacity=data["capacity"], proof_kind=data["proof_kind"],
        status=RepresentationStatus.VERIFIED if verified else RepresentationStatus.PENDING,
        decided_by=User.objects.get(email=DEMO_DECIDER) if verified else None,
        decided_at=timezone.now() if verified else None,
        note=data["note"],
    )


def _person_mandate(data, city):
    """A verified mandate for a person without an account, limited to some services; made once only, so that
    a revocation tried in the demo stands."""
    from django.utils import timezone

    person = Party.objects.filter(kind=PartyKind.PERSON, cnp=data["cnp"]).order_by("pk").first()
    if person is None:
        person = Party.objects.create(kind=PartyKind.PERSON, cnp=data["cnp"], name=data["name"],
                                      address=data["address"])
    user = User.objects.get(email=data["representative"])
    if Representation.objects.filter(user=user, company=person, city_hall=city).exists():
        return
    mandate = Representation.objects.create(
        city_hall=city, user=user, company=person, capacity=data["capacity"], proof_kind=data["proof_kind"],
        status=RepresentationStatus.VERIFIED, decided_by=User.objects.get(email=DEMO_DECIDER),
        decided_at=timezone.now(), note=data["note"],
    )
    mandate.services.set(Service.objects.filter(slug__in=data["services"], institution=city))


def _institution(data, parent):
    institution, _ = Institution.objects.update_or_create(code=data["code"], defaults={**data, "parent": parent})
    return institution


def _department(institution, code, name, head_title, is_registry):
    department, _ = Department.objects.update_or_create(
        institution=institution, code=code.lower(),
        defaults={"name": name, "head_title": head_title, "is_registry": is_registry,
                  "email": f"{code.lower()}@{institution.code.lower()}-demo.ro"},
    )
    return department


def _user(email, first, last, password):
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email=email, password=password, first_name=first, last_name=last,
                                        email_verified=True)
    return user


def _adp_service(adp, department):
    category = Category.objects.get(code=catalog_data()["CATEGORIES"][-1]["code"])
    identity = DocumentType.objects.get(code="act_identitate")
    service, _ = Service.objects.update_or_create(
        institution=adp, slug="toaletare-arbori",
        defaults={
            "category": category, "name": "Toaletarea sau tăierea unor arbori", "department": department,
            "summary": "Cereți Administrației Domeniului Public toaletarea sau tăierea arborilor de pe domeniul public.",
            "description": "Un specialist evaluează arborii la fața locului. Tăierea se aprobă numai pentru arbori "
                           "uscați, bolnavi sau care pun în pericol persoane și bunuri.",
            "legal_basis": "Legea nr. 24/2007 privind reglementarea și administrarea spațiilor verzi",
            "for_persons": True, "for_companies": True, "term_days": 30, "term_unit": "calendar", "fee": "0",
            "answer_title": "Răspuns privind intervenția asupra arborilor", "active": True,
        },
    )
    service_parts(service, {
        "fields": [
            {"name": "adresa", "label": "Adresa unde se află arborii", "kind": "address"},
            {"name": "numar_arbori", "label": "Numărul arborilor", "kind": "number"},
            {"name": "interventie", "label": "Intervenția cerută", "kind": "choice", "choices": ["Toaletare", "Tăiere"]},
            {"name": "motiv", "label": "Motivul", "kind": "long_text"},
            {"name": "fotografii", "label": "Fotografii ale arborilor", "kind": "file", "required": False,
             "allowed_types": ["jpeg", "png", "pdf"], "max_size_mb": 10},
        ],
        "documents": [{"type": identity.code, "required": True}],
        "signers": [{"role": "specialist", "function": "Inginer horticultor", "capacity": "Întocmit"},
                    {"role": "head", "function": "Șef serviciu", "capacity": "Șef serviciu"}],
    }, {identity.code: identity})
    answer_template(service, service.answer_title, (
        "Ca urmare a cererii dumneavoastră înregistrate la nr. {{ registration_number }} din {{ registration_date }}, "
        "privind arborii de la adresa {{ data.adresa }}, vă comunicăm că specialiștii Serviciului Spații Verzi au "
        "evaluat situația la fața locului și au aprobat intervenția solicitată ({{ data.interventie|lower }}). "
        "Lucrările vor fi programate în cel mult 60 de zile, în funcție de condițiile meteorologice."
    ))
