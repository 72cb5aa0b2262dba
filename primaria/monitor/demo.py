# i18n: ro (demo data: the demo city's records are Romanian)
"""The demo city's Monitorul Oficial Local and public information: a few acts in each section (the statute, the ROF,
council decisions of which one repeals another, the mayor's dispositions, the budget and its execution), the register
of draft decisions, procurement notices and a job competition with the catalog service through which candidates apply.

`load_demo_monitor` is run by `manage.py load_demo_city` (after `create_demo_pki`, which gives the city hall its
electronic seal); every act is published through `services.publish_act`, so it has its sealed PDF. Loading again
adds only what is missing.
"""

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db import transaction

from primaria.accounts.models import User
from primaria.catalog.models import Category, FormField, Service, ServiceSigner
from primaria.documents.models import DocumentTemplate, TemplateKind
from primaria.institutions.models import Department, Institution
from primaria.signing.models import SigningCredential

from . import services
from .models import Act, DraftDecision, JobCompetition, Kind, ProcurementNotice, Section

PUBLISHER = "sg.specialist@primaria-demo.ro"

# (key, kind, section, number, adopted_on, title, body, amends keys, repeals keys, initiator)
ACTS = [
    ("statut", Kind.DECISION, Section.STATUTE, 12, date(2025, 2, 27),
     "aprobarea Statutului Municipiului Demo",
     "Consiliul Local al Municipiului Demo, întrunit în ședință ordinară,\n\n"
     "Având în vedere art. 129 alin. (3) lit. a) și art. 197 din OUG nr. 57/2019 privind Codul administrativ,\n\n"
     "HOTĂRĂȘTE:\n\nArt. 1. Se aprobă Statutul Municipiului Demo, prevăzut în anexa care face parte integrantă din "
     "prezenta hotărâre.\n\nArt. 2. Secretarul general asigură comunicarea și publicarea prezentei hotărâri în "
     "Monitorul Oficial Local.", [], [], "Primarul Municipiului Demo"),
    ("rof", Kind.DECISION, Section.REGULATIONS, 31, date(2025, 4, 24),
     "aprobarea Regulamentului de organizare și funcționare a Consiliului Local al Municipiului Demo",
     "Art. 1. Se aprobă Regulamentul de organizare și funcționare a Consiliului Local, potrivit anexei.\n\n"
     "Art. 2. La data intrării în vigoare a prezentei hotărâri orice dispoziție contrară se abrogă.",
     [], [], "Comisia pentru administrație publică locală, juridică și disciplină"),
    ("taxa_veche", Kind.DECISION, Section.DECISIONS, 45, date(2025, 6, 26),
     "stabilirea taxei speciale de salubrizare pentru anul 2026",
     "Art. 1. Se stabilește taxa specială de salubrizare la 12 lei pe lună pentru fiecare persoană.\n\n"
     "Art. 2. Direcția Impozite și Taxe Locale duce la îndeplinire prezenta hotărâre.", [], [],
     "Primarul Municipiului Demo"),
    ("parcare", Kind.DECISION, Section.DECISIONS, 58, date(2025, 9, 25),
     "aprobarea Regulamentului de parcare cu plată în Municipiul Demo",
     "Art. 1. Se aprobă Regulamentul de parcare cu plată, potrivit anexei.\n\n"
     "Art. 2. Zonele de parcare și tarifele sunt cele din anexa nr. 2.", [], [], "Primarul Municipiului Demo"),
    ("buget_hcl", Kind.DECISION, Section.FINANCIAL, 5, date(2026, 1, 29),
     "aprobarea bugetului local al Municipiului Demo pe anul 2026",
     "Art. 1. Se aprobă bugetul local pe anul 2026 la venituri în sumă de 184.250 mii lei și la cheltuieli în sumă "
     "de 191.730 mii lei, cu un deficit de 7.480 mii lei acoperit din excedentul anilor precedenți.\n\n"
     "Art. 2. Se aprobă programul de investiții publice, potrivit anexei nr. 3.", [], [],
     "Primarul Municipiului Demo"),
    ("taxa_noua", Kind.DECISION, Section.DECISIONS, 15, date(2026, 3, 26),
     "stabilirea taxei speciale de salubrizare și abrogarea Hotărârii Consiliului Local nr. 45/2025",
     "Art. 1. Se stabilește taxa specială de salubrizare la 14 lei pe lună pentru fiecare persoană, începând cu "
     "1 mai 2026.\n\nArt. 2. La aceeași dată se abrogă Hotărârea Consiliului Local nr. 45/2025.", [], ["taxa_veche"],
     "Primarul Municipiului Demo"),
    ("parcare_mod", Kind.DECISION, Section.DECISIONS, 27, date(2026, 5, 28),
     "modificarea Regulamentului de parcare cu plată în Municipiul Demo",
     "Art. 1. Anexa nr. 2 la Hotărârea Consiliului Local nr. 58/2025 se modifică: tariful zonei R1 devine 3 lei pe "
     "oră.", ["parcare"], [], "Primarul Municipiului Demo"),
    ("disp_comisie", Kind.DISPOSITION, Section.DISPOSITIONS, 112, date(2026, 2, 10),
     "constituirea comisiei de recepție a lucrărilor de modernizare a străzii Florilor",
     "Art. 1. Se constituie comisia de recepție a lucrărilor, în componența prevăzută în anexă.\n\n"
     "Art. 2. Secretarul general comunică prezenta dispoziție persoanelor nominalizate.", [], [], ""),
    ("disp_convocare", Kind.DISPOSITION, Section.DISPOSITIONS, 245, date(2026, 3, 19),
     "convocarea Consiliului Local al Municipiului Demo în ședință ordinară pe 26 martie 2026",
     "Art. 1. Se convoacă Consiliul Local în ședință ordinară joi, 26 martie 2026, ora 14:00, în sala de ședințe.\n\n"
     "Art. 2. Proiectul ordinii de zi este cel din anexă.", [], [], ""),
    ("executie", Kind.FINANCIAL, Section.FINANCIAL, 3, date(2026, 10, 20),
     "execuția bugetului local la 30 septembrie 2026",
     "Venituri încasate: 139.612 mii lei (75,8% din prevederile anuale). Plăți efectuate: 128.944 mii lei "
     "(67,3%). Detalierea pe capitole și titluri este în anexă.", [], [], ""),
    ("pmud", Kind.OTHER, Section.OTHER, 1, date(2026, 6, 15),
     "Planul de mobilitate urbană durabilă al Municipiului Demo 2026–2032, supus consultării publice",
     "Documentul este supus consultării publice timp de 30 de zile. Propunerile se trimit la registratura primăriei "
     "sau online, prin catalogul de servicii.", [], [], ""),
]

DRAFTS = [
    (118, date(2026, 11, 12), "Primarul Municipiului Demo",
     "aprobarea impozitelor și taxelor locale pentru anul 2027", date(2026, 11, 13)),
    (121, date(2026, 11, 20), "Un grup de 5 consilieri locali",
     "acordarea titlului de cetățean de onoare al Municipiului Demo doamnei Ana Pop", None),
]

NOTICES = [
    ("CN1089234", "Lucrări de reabilitare termică a Școlii Gimnaziale nr. 3", "licitatie", "45453000-7",
     Decimal("4850000.00"), date(2026, 11, 3), date(2026, 12, 18)),
    ("DA2381170", "Servicii de deszăpezire pentru iarna 2026–2027", "directa", "90620000-9",
     Decimal("185000.00"), date(2026, 10, 15), date(2026, 10, 25)),
]

COMPETITION = {
    "reference": "CONC-2026-07", "position": "Inspector, clasa I, grad profesional asistent",
    "department": "Direcția Urbanism", "grade": "clasa I, grad profesional asistent",
    "published_on": date(2026, 11, 27), "applications_until": date(2026, 12, 16),
    "written_test_on": date(2027, 1, 8), "interview_on": date(2027, 1, 13),
    "conditions": "Studii universitare de licență absolvite cu diplomă în domeniul științe inginerești "
                  "(construcții, arhitectură) sau științe juridice.\nVechime în specialitatea studiilor: minimum un an.\n"
                  "Condițiile generale prevăzute la art. 465 din Codul administrativ.",
    "bibliography": "Constituția României; OUG nr. 57/2019 privind Codul administrativ, partea a VI-a; "
                    "Legea nr. 50/1991 privind autorizarea executării lucrărilor de construcții; "
                    "Legea nr. 350/2001 privind amenajarea teritoriului și urbanismul.",
}

SERVICE = {
    "name": "Înscriere la concurs",
    "summary": "Dosarul de înscriere la un concurs de angajare organizat de primărie, depus online.",
    "description": "Alegeți concursul din lista concursurilor cu înscrieri deschise și încărcați documentele dosarului. "
                   "Primiți pe loc numărul de înregistrare; rezultatul selecției dosarelor vă este comunicat în "
                   "cel mult două zile lucrătoare de la încheierea înscrierilor și se afișează pe pagina concursului.",
    "legal_basis": "OUG nr. 57/2019 privind Codul administrativ, art. 618; HG nr. 1336/2022",
    "keywords": "concurs angajare post loc de munca functie publica dosar inscriere",
}


def load_competition_service() -> Service:
    """The catalog service through which candidates apply to a competition: data, like every other service."""
    city = Institution.objects.get(code="PMD")
    department = Department.objects.get(institution=city, code__iexact=settings.PRIMARIA_MONITOR_DEPARTMENT)
    category = Category.objects.filter(code="informatii_publice").first() or Category.objects.order_by("order").first()
    service, _ = Service.objects.update_or_create(
        institution=city, slug=settings.PRIMARIA_COMPETITION_SERVICE,
        defaults={**SERVICE, "category": category, "department": department, "for_persons": True,
                  "for_companies": False, "term_days": 2, "term_unit": "working",
                  "answer_title": "Rezultatul selecției dosarului de înscriere", "active": True})
    fields = [
        ("concurs", "Concursul la care vă înscrieți", "choice", True, ""),
        ("telefon", "Telefon", "phone", True, ""),
        ("cv", "Curriculum vitae (model comun european)", "file", True, "pdf"),
        ("studii", "Diplomele de studii", "file", True, "pdf,jpeg,png"),
        ("vechime", "Dovada vechimii (adeverință, extras Revisal)", "file", False, "pdf,jpeg,png"),
        ("cazier", "Cazierul judiciar sau declarația pe propria răspundere", "file", True, "pdf,jpeg,png"),
    ]
    for order, (name, label, kind, required, types) in enumerate(fields):
        FormField.objects.update_or_create(service=service, name=name, defaults={
            "order": order, "label": label, "kind": kind, "required": required, "allowed_types": types,
            "max_size_mb": 10 if kind == "file" else None})
    if not service.signers.exists():
        ServiceSigner.objects.create(service=service, order=0, role="specialist", function="Inspector resurse umane",
                                     capacity="Întocmit")
        ServiceSigner.objects.create(service=service, order=1, role="secretary_general",
                                     function="Secretar general al UAT", capacity="Președintele comisiei de concurs")
    DocumentTemplate.objects.update_or_create(
        service=service, kind=TemplateKind.ANSWER,
        defaults={"institution": city, "name": f"Răspuns – {service.name}", "title": service.answer_title,
                  "active": True, "body_html": (
                      "<p>Vă comunicăm rezultatul selecției dosarului de înscriere la concursul {{ data.concurs }}, "
                      "înregistrat cu nr. {{ registration_number }} din {{ registration_date }}.</p>")})
    services.sync_competition_choices(city)
    return service


def load_demo_monitor():
    city = Institution.objects.get(code="PMD")
    publisher = User.objects.get(email=PUBLISHER)
    load_competition_service()
    published = {}
    if not SigningCredential.objects.filter(institution=city, kind=SigningCredential.Kind.SEAL, active=True).exists():
        # Without the city hall's seal (`manage.py create_demo_pki` was not run) no act can be published sealed.
        return published
    for key, kind, section, number, adopted_on, title, body, amends, repeals, initiator in ACTS:
        act = Act.objects.filter(institution=city, kind=kind, year=adopted_on.year, number=number).first()
        if act is None:
            act = services.publish_act(
                actor=publisher, institution=city, kind=kind, section=section, number=number, adopted_on=adopted_on,
                title=title, body=body, initiator=initiator,
                amends=[published[k] for k in amends if published[k].status != "repealed"],
                repeals=[published[k] for k in repeals if published[k].status != "repealed"],
                communicated_prefect_on=adopted_on if kind == Kind.DECISION else None)
        published[key] = act
    with transaction.atomic():
        for number, registered_on, initiator, title, published_on in DRAFTS:
            if not DraftDecision.objects.filter(institution=city, year=registered_on.year, number=number).exists():
                services.register_draft(actor=publisher, institution=city, number=number, registered_on=registered_on,
                                        initiator=initiator, title=title, published_on=published_on)
        for reference, title, procedure, cpv, value, published_on, deadline in NOTICES:
            if not ProcurementNotice.objects.filter(institution=city, reference=reference).exists():
                services.publish_procurement_notice(
                    actor=publisher, institution=city, reference=reference, title=title, procedure=procedure,
                    cpv=cpv, estimated_value=value, published_on=published_on, deadline=deadline)
        if not JobCompetition.objects.filter(institution=city, reference=COMPETITION["reference"]).exists():
            services.publish_competition(actor=publisher, institution=city, **COMPETITION)
    return published
