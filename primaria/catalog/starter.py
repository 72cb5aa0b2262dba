# i18n: ro (the starter catalog is data, Romanian by design)
"""The starter catalog: the usual services of a Romanian city hall (`starter_catalog.py`), loaded into a new city
hall's catalog (`manage.py add_city_hall`) and into the demo city. Services are data: after loading, the IT admin
adapts names, fees, documents and signers in the admin; loading again updates the services by their slug.
"""

import runpy
from pathlib import Path

from primaria.documents.models import DocumentTemplate, DocumentType, TemplateKind

from .models import Category, FormField, RequiredDocument, Service, ServiceSigner

# The departments the starter catalog's services are handled by: (code, name, head's title, is the registry).
DEPARTMENTS = [
    ("REG", "Registratură și Relații cu Publicul", "Șef serviciu", True),
    ("URB", "Direcția Urbanism", "Arhitect-șef", False),
    ("ITL", "Direcția Impozite și Taxe Locale", "Director executiv", False),
    ("EPSC", "Direcția Evidența Persoanelor și Stare Civilă", "Director executiv", False),
    ("DAS", "Direcția de Asistență Socială", "Director executiv", False),
    ("JUR", "Direcția Juridică", "Director executiv", False),
    ("SG", "Secretar General", "Secretar general al UAT", False),
    ("CAB", "Cabinet Primar", "Șef cabinet", False),
    ("PAR", "Serviciul Parcări", "Șef serviciu", False),
]


def starter_data() -> dict:
    return runpy.run_path(str(Path(__file__).with_name("starter_catalog.py")))


def load_starter_catalog(institution, departments: dict) -> list[Service]:
    """Create or update `institution`'s services from the starter catalog; `departments` maps a department code
    (upper case, as in DEPARTMENTS) to the institution's department. A service whose department the institution
    does not have is left out."""
    data = starter_data()
    types = {}
    for item in data["DOCUMENT_TYPES"]:
        types[item["code"]], _ = DocumentType.objects.update_or_create(
            code=item["code"], defaults={"name": item["name"], "validity_days": item["validity_days"],
                                         "description": item.get("description", "")[:300]},
        )
    categories = {}
    for item in data["CATEGORIES"]:
        categories[item["code"]], _ = Category.objects.update_or_create(
            code=item["code"], defaults={"name": item["name"], "order": item["order"]}
        )
    services = []
    for item in data["SERVICES"]:
        department = departments.get(item["department"])
        if department is None:
            continue
        service, _ = Service.objects.update_or_create(
            institution=institution, slug=item["slug"],
            defaults={
                "category": categories[item["category"]], "name": item["name"], "summary": item["summary"][:300],
                "description": item["description"], "legal_basis": item["legal_basis"][:300],
                "for_persons": "person" in item["applicant_kinds"], "for_companies": "company" in item["applicant_kinds"],
                "department": department, "term_days": item["term_days"],
                "term_unit": item["term_unit"], "term_rule": item.get("term_rule", item["term_unit"]),
                "term_extension_days": item.get("term_extension_days", 0),
                "urgent_term_days": item.get("urgent_term_days"), "urgent_fee": item.get("urgent_fee"),
                "fee": item.get("fee", "0"), "answer_title": item.get("answer_title", ""),
                "answer_body": item.get("answer_body", ""), "active": True,
            },
        )
        service_parts(service, item, types)
        answer_template(service, item.get("answer_title", ""), item.get("answer_body", ""), issued=item.get("issued"))
        services.append(service)
    return services


def service_parts(service, item, types):
    """A service's form fields, required documents and signers, as `item` lists them."""
    names = []
    for order, field in enumerate(item["fields"]):
        names.append(field["name"])
        FormField.objects.update_or_create(
            service=service, name=field["name"],
            defaults={
                "order": order, "label": field["label"], "help_text": field.get("help_text", "")[:300],
                "kind": field["kind"], "required": field.get("required", True),
                "choices": "\n".join(field.get("choices") or []), "max_length": field.get("max_length"),
                "allowed_types": ",".join(field.get("allowed_types") or []), "max_size_mb": field.get("max_size_mb"),
            },
        )
    service.fields.exclude(name__in=names).delete()
    codes = []
    for order, doc in enumerate(item["documents"]):
        codes.append(doc["type"])
        RequiredDocument.objects.update_or_create(
            service=service, document_type=types[doc["type"]],
            defaults={"order": order, "required": doc.get("required", True), "note": doc.get("note", "")[:300]},
        )
    service.required_documents.exclude(document_type__code__in=codes).delete()
    service.signers.all().delete()
    ServiceSigner.objects.bulk_create([
        ServiceSigner(service=service, order=order, role=s["role"], function=s["function"], capacity=s["capacity"])
        for order, s in enumerate(item["signers"])
    ])


def answer_template(service, title, body, *, issued=None):
    """The service's answer as the IT admin would write it: the catalog's text with its placeholders."""
    paragraphs = [p.strip() for p in (body or "").split("\n\n") if p.strip()] or [
        "Ca urmare a cererii dumneavoastră înregistrate la nr. {{ registration_number }}, vă comunicăm că "
        "aceasta a fost admisă."
    ]
    DocumentTemplate.objects.update_or_create(
        service=service, kind=TemplateKind.ANSWER,
        defaults={
            "institution": service.institution, "name": f"Răspuns – {service.name}",
            "title": title or service.answer_title or service.name, "active": True,
            "body_html": "\n".join(f"<p>{p}</p>" for p in paragraphs),
            # What a favourable answer is in the folder: {"type": code, "validity_months": n}.
            "issued_type": DocumentType.objects.get(code=issued["type"]) if issued else None,
            "validity_months": (issued or {}).get("validity_months"),
        },
    )
