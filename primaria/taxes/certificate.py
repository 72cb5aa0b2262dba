"""The certificat de atestare fiscală, asked from the statement (/taxe/) by the party or whoever acts for it.

Legea nr. 207/2015 (Codul de procedură fiscală), art. 158–159: the local tax office certifies the party's
obligations to the local budget; the certificate is valid 30 days from the day it is issued.

* With nothing owed and due (no principal, accessory or fine past its due date, no late-payment increase
  run up to today), the certificate is issued at once, automatically: its number is taken in the register
  (outbound) with a `Certificate` row and the event `taxes.certificate_numbered`, in one short transaction
  committed at once; the PDF is rendered and sealed with the institution's electronic seal with no lock held,
  and a second short transaction keeps it in the party's folder (valid 30 days), with an audit entry and the
  event `taxes.certificate_issued`. A seal that fails leaves the number as it is: the certificate "is being
  prepared" and the outbox handler `taxes.seal_certificate` makes the seal again, with back-off.
* With debts, nothing is issued: the request is filed through the catalog's service for the certificate
  (`requests.services`, so it gets its registration number and goes to the tax office, which answers with
  the debts listed), and the resident is told so.
"""

from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from primaria.core import rules
from primaria.core.errors import DomainError
from primaria.core.pdf import html_to_pdf
from primaria.institutions import tenancy

from . import selectors

SERVICE_SLUG = "certificat-de-atestare-fiscala"
DOCUMENT_TYPE = "certificat_atestare_fiscala"
VALIDITY_DAYS = 30  # Legea 207/2015, art. 159
PURPOSES = [  # i18n: ro (the catalog service's values, written on the legal certificate)
    "Înstrăinare clădire sau teren",  # i18n: ro (written on the certificate)
    "Dezbatere succesorală",  # i18n: ro (written on the certificate)
    "Participare la licitație sau procedură de achiziție publică",  # i18n: ro (written on the certificate)
    "Obținere credit",  # i18n: ro (written on the certificate)
    "Alt scop",
]
ZERO = Decimal(0)


@dataclass
class Overdue:
    rows: list = field(default_factory=list)
    total: Decimal = ZERO

    def __bool__(self):
        return bool(self.rows)


@dataclass
class Outcome:
    issued: bool
    document: object = None
    registration: object = None
    request: object = None
    overdue: Overdue | None = None


def overdue_debts(party, on, of=None) -> Overdue:
    """What the party owes and is due on `on`: open amounts past their (working-day) due date, with the
    increases run up to that day; a term not yet due does not count."""
    rows = [row for row in selectors.debt_rows(party, on, include_closed=False, of=of)
            if row.increase > 0 or (row.open > 0 and selectors.effective_due(row.debt.due_date) < on)]
    return Overdue(rows=rows, total=sum((row.total for row in rows), ZERO))


def purposes():
    """The purposes the catalog's service offers (its `scop` field), or the usual ones."""
    service = certificate_service()
    field = service.fields.filter(name="scop").first() if service is not None else None
    choices = [line.strip() for line in (field.choices if field else "").splitlines() if line.strip()]
    return choices or PURPOSES


def certificate_service():
    from primaria.catalog.models import Service
    from primaria.institutions.selectors import main_institution

    return Service.objects.filter(slug=SERVICE_SLUG, institution=main_institution(), active=True).first()


def request_certificate(*, actor, party, purpose: str, login=None, ip=None) -> Outcome:
    """Issue the certificate at once, or (with debts) file the request for the tax office."""
    rules.require(actor, party, "view_taxes")
    purpose = (purpose or "").strip()
    if purpose not in purposes():
        raise DomainError({"scop": _("Alegeți scopul pentru care cereți certificatul.")})
    today = timezone.localdate()
    overdue = overdue_debts(party, today)
    if overdue:
        return _route_to_office(actor=actor, party=party, purpose=purpose, overdue=overdue, login=login, ip=ip)
    return _issue(actor=actor, party=party, purpose=purpose, today=today, ip=ip)


def _issue(*, actor, party, purpose, today, ip) -> Outcome:
    from primaria.audit.services import record as audit
    from primaria.institutions.models import Department
    from primaria.institutions.selectors import main_institution
    from primaria.outbox.services import record
    from primaria.registry.models import Channel, Direction
    from primaria.registry.services import register
    from primaria.signing.services import SigningError, institution_seal

    from .models import Certificate
    from .rules import tax_department_code

    institution = main_institution()
    try:
        institution_seal(institution)  # checked before a number is taken
    except SigningError as exc:
        raise DomainError(_("Certificatul nu se poate emite automat acum: sigiliul electronic al instituției nu este "
                          "disponibil. Vă rugăm să încercați mai târziu.")) from exc
    department = Department.objects.filter(institution=institution, code__iexact=tax_department_code()).first()
    with transaction.atomic():  # the number, committed at once: it is printed before the seal
        entry = register(institution=institution, direction=Direction.OUTBOUND, channel=Channel.ONLINE,
                         summary=f"Certificat de atestare fiscală pentru {party.name} (emis automat)",  # i18n: ro (the register's record)
                         actor=actor, recipient=party.name, department=department)
        certificate = Certificate.objects.create(
            party=party, registry_entry=entry, purpose=purpose[:200], issued_on=today,
            valid_until=today + timedelta(days=VALIDITY_DAYS),
            actor=actor if getattr(actor, "is_authenticated", False) else None)
        audit(actor=actor, action="taxes.certificate_numbered", target=entry, ip_address=ip,
              institution_id=institution.pk, party_id=party.pk, number=entry.reference, purpose=purpose)
        # The seal is made below; if it fails, the handler of this event makes it again (with back-off).
        record("taxes.certificate_numbered", entry, certificate_id=certificate.pk, party_id=party.pk)
    try:
        document = seal_certificate(certificate.pk)
    except SigningError:  # the number stays; the outbox tries the seal again
        document = None
    return Outcome(issued=True, document=document, registration=entry)


def seal_certificate(certificate_id: int):
    """Render and seal a numbered certificate (no lock held) and keep it in the party's folder; idempotent: a
    certificate already sealed returns its document. Raises SigningError when the seal cannot be made now."""
    from primaria.audit.services import record as audit
    from primaria.documents.models import Document, DocumentType
    from primaria.documents.services import store_generated
    from primaria.outbox.services import record

    from .models import Certificate

    certificate = Certificate.objects.select_related("party", "registry_entry__institution", "document").get(
        pk=certificate_id)
    if certificate.document_id:
        return certificate.document
    entry, party = certificate.registry_entry, certificate.party
    institution = entry.institution
    data = _sealed(institution=institution, entry=entry, party=party, purpose=certificate.purpose,
                   today=certificate.issued_on, valid_until=certificate.valid_until)  # slow: no lock held
    kind, _created = DocumentType.objects.get_or_create(
        code=DOCUMENT_TYPE, defaults={"name": "Certificat de atestare fiscală", "validity_days": VALIDITY_DAYS})  # i18n: ro (a legal document's type)
    document = store_generated(
        owner=party, institution=institution, data=data, source=Document.Source.ISSUED, document_type=kind,
        title=f"Certificat de atestare fiscală nr. {entry.reference}", created_by=certificate.actor,  # i18n: ro (a legal document's title)
        filename=f"certificat-atestare-fiscala-{entry.number}-{entry.year}.pdf", save=False,
    )
    with transaction.atomic():
        current = Certificate.objects.select_for_update().get(pk=certificate_id)
        if current.document_id:  # another run got there first; the file written above is not linked
            return current.document
        document.issued_on, document.valid_until = certificate.issued_on, certificate.valid_until
        document.save()
        current.document = document
        current.save(update_fields=["document"])
        entry.document = document
        entry.save(update_fields=["document"])
        audit(actor=certificate.actor, action="taxes.certificate_issued", target=document,
              institution_id=institution.pk, party_id=party.pk, number=entry.reference, purpose=certificate.purpose)
        record("taxes.certificate_issued", document, document_id=document.pk, party_id=party.pk,
               registry_entry_id=entry.pk, valid_until=certificate.valid_until.isoformat())
    return document


def pending_certificates(party):
    """Certificates numbered whose sealed PDF is still being made."""
    from primaria.institutions.selectors import served_institution_ids

    from .models import Certificate

    return Certificate.objects.filter(party=party, document__isnull=True,
                                      registry_entry__institution_id__in=served_institution_ids()).select_related(
        "registry_entry")


def render_certificate(*, institution, entry, party, purpose, today, valid_until) -> bytes:
    with translation.override(settings.LANGUAGE_CODE):  # a legal document: in Romanian whoever asks for it
        html = _certificate_html(institution=institution, entry=entry, party=party, purpose=purpose, today=today,
                                 valid_until=valid_until)
    return html_to_pdf(html)


def _certificate_html(*, institution, entry, party, purpose, today, valid_until) -> str:
    return render_to_string("taxes/pdf/certificate.html", {
        "institution": institution, "entry": entry, "party": party, "purpose": purpose, "today": today,
        "valid_until": valid_until, "validity_days": VALIDITY_DAYS,
        "holdings": [h for h in selectors.register_of(party, of=tenancy.city_hall_of(institution))
                     if h.ends_on is None or h.ends_on >= today],
        "printed_at": timezone.localtime(),
    })


def _sealed(*, institution, entry, **context) -> bytes:
    from primaria.signing.services import Stamp, finalize, institution_seal, sign_pdf

    sealed = sign_pdf(
        render_certificate(institution=institution, entry=entry, **context),
        credential=institution_seal(institution), field_name="SigiliuInstitutie",
        stamp=Stamp(signer_name=institution.name, function="Sigiliu electronic", capacity="Emis automat",
                    page=0, box=(51, 40, 300, 96)),
        reason=f"Certificat de atestare fiscală nr. {entry.reference}", location=institution.name,  # i18n: ro (the seal's reason)
    )
    return finalize(sealed)


def _route_to_office(*, actor, party, purpose, overdue, login, ip) -> Outcome:
    """File the request for the certificate through the catalog, so the tax office answers it; the
    documents the service asks for are taken from the folder when a valid one is there."""
    from primaria.audit.services import record as audit
    from primaria.documents.selectors import reusable_documents
    from primaria.requests import services as requests

    service = certificate_service()
    if service is None:
        raise DomainError(_("Aveți obligații fiscale restante, iar cererea pentru certificat nu se poate depune online "
                          "acum. Vă rugăm să vă adresați Direcției Impozite și Taxe Locale."))
    from primaria.requests.models import Request, Status

    draft = (Request.objects.filter(applicant=party, service=service, status=Status.DRAFT).order_by("-pk").first()
             or requests.start_draft(actor=actor, party=party, service=service, login=login))
    answers = {"cod_fiscal": party.cui if party.is_company else party.cnp, "scop": purpose,
               "email": getattr(actor, "email", "")}
    reuse = {}
    for required in service.required_documents.select_related("document_type"):
        found = reusable_documents(party, required.document_type)
        if found:
            reuse[f"doc_{required.pk}"] = str(found[0].public_id)
    requests.save_draft(actor=actor, request_id=draft.pk, answers=answers, reuse=reuse, ip=ip)
    if requests.missing_items(Request.objects.get(pk=draft.pk)):
        return Outcome(issued=False, request=draft, overdue=overdue)  # the resident completes the draft
    filed = requests.submit(actor=actor, request_id=draft.pk, ip=ip, login=login)
    with transaction.atomic():
        audit(actor=actor, action="taxes.certificate_routed", target=filed, ip_address=ip,
              institution_id=filed.institution_id, party_id=party.pk, overdue=str(overdue.total))
    return Outcome(issued=False, request=filed, overdue=overdue)
