"""Every change to the Monitorul Oficial Local goes through this module.

`publish_act` is the one way an act is published: by the secretary general's staff from the back office, and later
by the council's circuit once a decision is adopted and signed. The slow part (rendering under the letterhead and
sealing, or checking the signatures of a PDF signed elsewhere, and writing the file) runs with no lock held; a short
transaction then locks the acts it amends or repeals, re-checks the number, stores the act, its relations and the new
status of the acts it changes, writes the audit entry and records the event `monitor.act_published`. A number taken
meanwhile by someone else is refused by the unique constraint with a Romanian message, and the written file removed.
"""

import hashlib
import re
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from types import SimpleNamespace

from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from primaria.audit.services import record
from primaria.core import rules
from primaria.core.errors import DomainError
from primaria.core.validators import clean_text
from primaria.institutions.selectors import main_institution
from primaria.outbox.services import record as record_event
from primaria.search.text import analyze

from .models import (
    DEFAULT_SECTION,
    KIND_SECTIONS,
    KIND_TITLES,
    Act,
    DraftDecision,
    JobCompetition,
    Kind,
    ProcurementNotice,
    Relation,
    Section,
    Status,
    act_name,
)

TITLE_MIN_LENGTH = 10
MAX_NUMBER = 999_999  # acts of one kind in one year; anything larger is a typing error
ISSUERS = {
    Kind.DECISION: "Consiliul Local", Kind.DISPOSITION: "Primarul", Kind.REGULATION: "Consiliul Local",  # i18n: ro
    Kind.STATUTE: "Consiliul Local", Kind.FINANCIAL: "Primăria", Kind.OTHER: "Primăria",  # i18n: ro
}  # i18n: ro (the issuer, kept on the act: a legal record)


def _amount(model, field_name: str, value, *, high=None):
    """`value` as the column `model.field_name` stores it (rounded to its decimal places), or None when it is not a
    number, is below zero, or does not fit the column (nor under `high`, when given)."""
    field = model._meta.get_field(field_name)
    try:
        number = Decimal(str(value).strip()).quantize(Decimal(1).scaleb(-field.decimal_places),
                                                      rounding=ROUND_HALF_UP)
    except (InvalidOperation, ValueError, TypeError):
        return None
    ceiling = Decimal(10) ** (field.max_digits - field.decimal_places)
    if not number.is_finite() or number < 0 or number >= ceiling or (high is not None and number > high):
        return None
    return number


ESTIMATED_VALUE_CEILING = "999.999.999.999,99"  # the largest value the column holds, as the message writes it
SCORE_MAX = Decimal(100)


def _text(value, *, multiline: bool = False) -> str:
    return clean_text(value or "", multiline=multiline).strip()


def number_taken_message(kind, number, year) -> str:
    return _("Există deja %(act)s în Monitorul Oficial Local. Verificați numărul actului.") % {
        "act": act_name(kind, number, year, lower=True)}


def search_terms_of(*parts) -> str:
    """The act's index terms (`search.text`: no diacritics, Romanian word endings folded), padded with spaces so a
    word or a phrase is found with one `contains`."""
    return " " + " ".join(analyze(" ".join(p for p in parts if p))) + " "


def _institution(institution):
    return institution or main_institution()


def _check_fields(*, kind, section, number, year, adopted_on, title) -> dict:
    errors = {}
    if kind not in Kind.values:
        errors["kind"] = _("Alegeți tipul actului.")
    elif section not in KIND_SECTIONS[kind]:
        names = ", ".join(f"„{Section(s).label}”" for s in KIND_SECTIONS[kind])
        errors["section"] = _("Un act de tipul „%(kind)s” se publică în secțiunea %(sections)s.") % {
            "kind": Kind(kind).label, "sections": names}
    if not isinstance(number, int) or not 1 <= number <= MAX_NUMBER:
        errors["number"] = _("Scrieți numărul actului, un număr întreg între 1 și %(max)s.") % {"max": MAX_NUMBER}
    if not isinstance(adopted_on, date):
        errors["adopted_on"] = _("Scrieți data adoptării sau a emiterii actului.")
    elif adopted_on > timezone.localdate():
        errors["adopted_on"] = _("Data adoptării nu poate fi în viitor.")
    elif year != adopted_on.year:
        errors["adopted_on"] = _("Anul numărului trebuie să fie anul adoptării actului.")
    if len(title) < TITLE_MIN_LENGTH:
        errors["title"] = _("Scrieți obiectul actului (cel puțin %(min)s caractere).") % {"min": TITLE_MIN_LENGTH}
    return errors


def _targets(institution, acts, field) -> tuple[list[Act], dict]:
    found, errors = [], {}
    for act in acts:
        pk = act.pk if isinstance(act, Act) else act
        target = Act.objects.filter(pk=pk, institution=institution).first()
        if target is None:
            errors[field] = _("Actul ales nu există în Monitorul Oficial Local al instituției.")
        elif target.status == Status.REPEALED:
            errors[field] = (_("%(act)s este deja abrogată.") if target.kind in (Kind.DECISION, Kind.DISPOSITION)
                             else _("%(act)s este deja abrogat.")) % {"act": target.label}
        else:
            found.append(target)
    return found, errors


def new_verification_code(institution) -> str:
    from primaria.documents.issuing import new_verification_code as issued_code

    return issued_code(institution)


def render_act_pdf(*, institution, kind, number, year, adopted_on, title, body, issuer, verification_code) -> bytes:
    """The act under the institution's letterhead, with its verification code and QR code, through the pipeline every
    issued document takes (`documents.rendering.render_pdf`, PDF/A-2a)."""
    from primaria.documents.rendering import render_pdf

    paragraphs = "".join(f"<p>{escape(p.strip())}</p>" for p in re.split(r"\n\s*\n|\r?\n", body or "") if p.strip())
    heading = f"{KIND_TITLES[kind]} nr. {number} din {adopted_on:%d.%m.%Y}"  # i18n: ro (the act: a legal record)
    return render_pdf(
        institution=institution, department=SimpleNamespace(name=issuer, phone="", email=""),
        title=heading, body_html=f"<p class='subject'><strong>privind {escape(title)}</strong></p>{paragraphs}",  # i18n: ro
        outgoing_reference=f"{number}/{year}", verification_code=verification_code,
        signers=[{"name": institution.name, "function": "Sigiliu electronic", "capacity": "Monitorul Oficial Local"}],  # i18n: ro
    )


def seal_act_pdf(pdf: bytes, *, institution, label: str) -> bytes:
    from primaria.documents.rendering import stamp_box
    from primaria.signing.services import SigningError, Stamp, finalize, institution_seal, sign_pdf

    try:
        # i18n: ro (the seal's text, in the PDF: a legal record)
        sealed = sign_pdf(pdf, credential=institution_seal(institution), field_name="SigiliuMonitorOficial",
                          stamp=Stamp(signer_name=institution.name, function="Sigiliu electronic",
                                      capacity="Monitorul Oficial Local", box=stamp_box(0)),
                          reason=f"Publicare în Monitorul Oficial Local: {label}", location=institution.name)  # i18n: ro
        return finalize(sealed)
    except SigningError as exc:
        raise DomainError(_("Actul nu a putut fi semnat electronic: %(error)s Nu s-a publicat nimic.") % {"error": exc}) from exc


def _check_signed(pdf: bytes):
    from primaria.signing.services import validate

    if not pdf.startswith(b"%PDF"):
        raise DomainError({"signed_pdf": _("Fișierul ales nu este un PDF.")})
    report = validate(pdf)
    if not report.ok:
        raise DomainError({"signed_pdf": _("PDF-ul nu are o semnătură electronică validă: %(problem)s") % {
            "problem": report.message_ro}})


def publish_act(*, actor, kind, number: int, adopted_on: date, title: str, body: str = "", section: str = "",
                institution=None, year: int | None = None, issuer: str = "", initiator: str = "",
                signed_pdf: bytes | None = None, verification_code: str = "", amends=(), repeals=(),
                draft: DraftDecision | None = None, communicated_prefect_on: date | None = None,
                communicated_on: date | None = None, ip=None) -> Act:
    """Publish an act in the Monitorul Oficial Local, with its signed PDF; returns the act.

    Without `signed_pdf` the act is rendered from `body` under the letterhead, with its verification code and QR code,
    and sealed with the institution's electronic seal. The council's circuit passes the decision it had signed
    (`signed_pdf`, whose signatures must validate) and the code it printed on it (`verification_code`), and the line of
    the register of draft decisions the decision came from (`draft`). `amends` and `repeals` are acts (or their ids):
    each shows, on its page, the act that changed it.
    """
    institution = _institution(institution)
    rules.require(actor, Act(institution=institution), "publish")
    title = _text(title or "")
    body = _text(body or "", multiline=True)
    section = section or (DEFAULT_SECTION.get(kind, "") if kind in Kind.values else "")
    year = year or (adopted_on.year if isinstance(adopted_on, date) else None)
    errors = _check_fields(kind=kind, section=section, number=number, year=year, adopted_on=adopted_on, title=title)
    if signed_pdf is None and not body:
        errors["body"] = _("Scrieți textul actului sau încărcați PDF-ul semnat.")
    amended, amend_errors = _targets(institution, amends, "amends")
    repealed, repeal_errors = _targets(institution, repeals, "repeals")
    errors.update(amend_errors)
    errors.update(repeal_errors)
    if {a.pk for a in amended} & {a.pk for a in repealed}:
        errors["repeals"] = _("Un act nu poate fi în același timp modificat și abrogat de același act.")
    if draft is not None and (draft.institution_id != institution.pk or draft.outcome != DraftDecision.Outcome.PENDING):
        errors["draft"] = _("Proiectul de hotărâre ales nu mai este în procedură.")
    if not errors and Act.objects.filter(institution=institution, kind=kind, year=year, number=number).exists():
        errors["number"] = number_taken_message(kind, number, year)
    if errors:
        raise DomainError(errors)
    issuer = _text(issuer or "") or ISSUERS[kind]
    label = f"{KIND_TITLES[kind]} nr. {number}/{year}"

    from primaria.documents.models import Document, DocumentType
    from primaria.documents.services import files_removed_on_error, store_generated

    with files_removed_on_error():
        # The slow part, with no lock held: render and seal, or check the signatures of the PDF signed elsewhere.
        if signed_pdf is None:
            verification_code = new_verification_code(institution)
            data = seal_act_pdf(render_act_pdf(institution=institution, kind=kind, number=number, year=year,
                                               adopted_on=adopted_on, title=title, body=body, issuer=issuer,
                                               verification_code=verification_code),
                                institution=institution, label=label)
        else:
            _check_signed(signed_pdf)
            data = signed_pdf
            verification_code = (verification_code or "").strip().upper() or new_verification_code(institution)
        document_type, _created = DocumentType.objects.get_or_create(  # i18n: ro (stored record)
            code="act-administrativ", defaults={"name": "Act administrativ publicat",
                                                "description": "Act publicat în Monitorul Oficial Local."})  # i18n: ro
        document = store_generated(owner=None, institution=institution, data=data, title=f"{label} – {title}",
                                   source=Document.Source.ISSUED, document_type=document_type, created_by=actor,
                                   filename=f"{kind}-{number}-{year}.pdf", save=False)
        try:
            with transaction.atomic():
                act = _store(actor=actor, institution=institution, kind=kind, section=section, number=number,
                             year=year, adopted_on=adopted_on, title=title, body=body, issuer=issuer,
                             initiator=_text(initiator or ""), verification_code=verification_code,
                             document=document, data=data, amended=amended, repealed=repealed, draft=draft,
                             communicated_prefect_on=communicated_prefect_on, communicated_on=communicated_on, ip=ip)
        except IntegrityError as exc:
            if Act.objects.filter(institution=institution, kind=kind, year=year, number=number).exists():
                raise DomainError({"number": number_taken_message(kind, number, year)}) from exc
            if Act.objects.filter(verification_code=verification_code).exists():
                raise DomainError({"signed_pdf": _("Codul de verificare este deja folosit de alt act.")}) from exc
            raise
    return act


def _store(*, actor, institution, kind, section, number, year, adopted_on, title, body, issuer, initiator,
           verification_code, document, data, amended, repealed, draft, communicated_prefect_on, communicated_on, ip):
    changed = {a.pk for a in amended} | {a.pk for a in repealed}
    locked = {a.pk: a for a in Act.objects.select_for_update().filter(pk__in=changed).order_by("pk")}
    if any(a.status == Status.REPEALED for a in locked.values()):
        raise DomainError(_("Unul dintre actele alese a fost abrogat între timp. Reîncărcați pagina."))
    if draft is not None:
        draft = DraftDecision.objects.select_for_update().get(pk=draft.pk)
        if draft.outcome != DraftDecision.Outcome.PENDING:
            raise DomainError({"draft": _("Proiectul de hotărâre ales nu mai este în procedură.")})
    document.issued_on = adopted_on
    document.save()
    user = actor if getattr(actor, "is_authenticated", False) else None
    with translation.override("ro"):  # the index terms are Romanian, whatever the page's language
        kind_label = str(Kind(kind).label)
    act = Act.objects.create(
        institution=institution, section=section, kind=kind, number=number, year=year, adopted_on=adopted_on,
        title=title, body=body, issuer=issuer, initiator=initiator, verification_code=verification_code,
        document=document, sha256=hashlib.sha256(data).hexdigest(), published_at=timezone.now(), published_by=user,
        communicated_prefect_on=communicated_prefect_on, communicated_on=communicated_on,
        search_terms=search_terms_of(f"{KIND_TITLES[kind]} {kind_label}", f"nr. {number}/{year}", title, body, issuer),
    )
    for targets, relation, status in ((amended, Relation.Kind.AMENDS, Status.AMENDED),
                                      (repealed, Relation.Kind.REPEALS, Status.REPEALED)):
        for target in targets:
            current = locked[target.pk]
            Relation.objects.create(source=act, target=current, kind=relation)
            previous = current.status
            current.status = status
            current.save(update_fields=["status"])
            record(actor=actor, action=f"monitor.act_{'repealed' if status == Status.REPEALED else 'amended'}",
                   target=current, institution_id=institution.pk, ip_address=ip, by=act.official_label,
                   status_from=previous, status_to=status)
    if draft is not None:
        draft.outcome = DraftDecision.Outcome.ADOPTED
        draft.decision = act
        draft.save(update_fields=["outcome", "decision"])
    record(actor=actor, action="monitor.act_published", target=act, institution_id=institution.pk, ip_address=ip,
           label=act.official_label, section=section, amends=[a.official_label for a in amended],
           repeals=[a.official_label for a in repealed])
    record_event("monitor.act_published", act, act_id=act.pk, kind=kind, section=section, number=number, year=year,
                 amends=[a.pk for a in amended], repeals=[a.pk for a in repealed])
    return act


def record_communication(*, actor, act_id, prefect_on: date | None = None, communicated_on: date | None = None,
                         ip=None) -> Act:
    """Note in the registers when the act was communicated to the prefect and to those it concerns."""
    with transaction.atomic():
        act = Act.objects.select_for_update().filter(pk=act_id).first()
        if act is None:
            raise DomainError(_("Actul nu există."))
        rules.require(actor, act, "publish")
        errors = {}
        for field, value in (("prefect_on", prefect_on), ("communicated_on", communicated_on)):
            if value is not None and value < act.adopted_on:
                errors[field] = _("Comunicarea nu poate fi înaintea adoptării actului.")
            if value is not None and value > timezone.localdate():
                errors[field] = _("Data comunicării nu poate fi în viitor.")
        if errors:
            raise DomainError(errors)
        if prefect_on is not None:
            act.communicated_prefect_on = prefect_on
        if communicated_on is not None:
            act.communicated_on = communicated_on
        act.save(update_fields=["communicated_prefect_on", "communicated_on"])
        record(actor=actor, action="monitor.act_communicated", target=act, institution_id=act.institution_id,
               ip_address=ip, prefect_on=prefect_on, communicated_on=communicated_on)
        record_event("monitor.act_communicated", act, act_id=act.pk)
    return act


def register_draft(*, actor, number: int, registered_on: date, initiator: str, title: str,
                   published_on: date | None = None, institution=None, ip=None) -> DraftDecision:
    """A new line of the register of draft decisions."""
    institution = _institution(institution)
    rules.require(actor, DraftDecision(institution=institution), "publish")
    title, initiator = _text(title or ""), _text(initiator or "")
    errors = {}
    if not isinstance(number, int) or not 1 <= number <= MAX_NUMBER:
        errors["number"] = _("Scrieți numărul proiectului, un număr întreg între 1 și %(max)s.") % {"max": MAX_NUMBER}
    if len(title) < TITLE_MIN_LENGTH:
        errors["title"] = _("Scrieți titlul proiectului (cel puțin %(min)s caractere).") % {"min": TITLE_MIN_LENGTH}
    if not initiator:
        errors["initiator"] = _("Scrieți inițiatorul proiectului.")
    if errors:
        raise DomainError(errors)
    try:
        with transaction.atomic():
            draft = DraftDecision.objects.create(
                institution=institution, number=number, year=registered_on.year, registered_on=registered_on,
                initiator=initiator, title=title, published_on=published_on)
            record(actor=actor, action="monitor.draft_registered", target=draft, institution_id=institution.pk,
                   ip_address=ip)
            record_event("monitor.draft_registered", draft, draft_id=draft.pk)
    except IntegrityError as exc:
        raise DomainError({"number": _("Există deja proiectul de hotărâre nr. %(number)s/%(year)s.") % {
            "number": number, "year": registered_on.year}}) from exc
    return draft


def close_draft(*, actor, draft_id, outcome: str, ip=None, authorised: bool = False) -> DraftDecision:
    """A draft rejected or withdrawn (an adopted one is closed by `publish_act` with its decision).

    `authorised`: the council's circuit, which has already applied its own rule (an initiator or the mayor
    withdrawing a draft), closes the line in its own transaction."""
    if outcome not in (DraftDecision.Outcome.REJECTED, DraftDecision.Outcome.WITHDRAWN):
        raise DomainError(_("Un proiect se închide ca respins sau retras; cel adoptat se închide la publicarea hotărârii."))
    with transaction.atomic():
        draft = DraftDecision.objects.select_for_update().filter(pk=draft_id).first()
        if draft is None:
            raise DomainError(_("Proiectul de hotărâre nu există."))
        if not authorised:
            rules.require(actor, draft, "publish")
        if draft.outcome != DraftDecision.Outcome.PENDING:
            raise DomainError(_("Proiectul este deja %(outcome)s.") % {"outcome": draft.get_outcome_display()})
        draft.outcome = outcome
        draft.save(update_fields=["outcome"])
        record(actor=actor, action=f"monitor.draft_{outcome}", target=draft, institution_id=draft.institution_id,
               ip_address=ip)
        record_event(f"monitor.draft_{outcome}", draft, draft_id=draft.pk)
    return draft


# --- information published ex officio (Legea 544/2001, art. 5) ------------------------------------------------


def publish_procurement_notice(*, actor, reference, title, procedure, estimated_value, published_on, deadline,
                               cpv="", description="", institution=None, publish=True, ip=None) -> ProcurementNotice:
    """A new notice, public at once (or, with `publish=False`, kept as a draft seen only by the office)."""
    institution = _institution(institution)
    rules.require(actor, ProcurementNotice(institution=institution), "publish")
    errors = {}
    if not _text(reference or ""):
        errors["reference"] = _("Scrieți numărul anunțului din SEAP/SICAP.")
    if len(_text(title or "")) < TITLE_MIN_LENGTH:
        errors["title"] = _("Scrieți obiectul contractului (cel puțin %(min)s caractere).") % {"min": TITLE_MIN_LENGTH}
    if procedure not in ProcurementNotice.Procedure.values:
        errors["procedure"] = _("Alegeți procedura de atribuire.")
    if estimated_value is None or estimated_value <= 0:
        errors["estimated_value"] = _("Scrieți valoarea estimată, în lei, mai mare decât zero.")
    elif _amount(ProcurementNotice, "estimated_value", estimated_value) is None:
        errors["estimated_value"] = _("Valoarea estimată poate fi de cel mult %(max)s lei.") % {
            "max": ESTIMATED_VALUE_CEILING}
    else:
        estimated_value = _amount(ProcurementNotice, "estimated_value", estimated_value)
    if not isinstance(published_on, date):
        errors["published_on"] = _("Scrieți data publicării.")
    elif not isinstance(deadline, date):
        errors["deadline"] = _("Scrieți termenul de depunere a ofertelor.")
    elif deadline < published_on:
        errors["deadline"] = _("Termenul de depunere a ofertelor nu poate fi înaintea publicării.")
    if errors:
        raise DomainError(errors)
    try:
        with transaction.atomic():
            notice = ProcurementNotice.objects.create(
                institution=institution, reference=_text(reference), title=_text(title), procedure=procedure,
                estimated_value=estimated_value, published_on=published_on, deadline=deadline, cpv=_text(cpv),
                description=_text(description, multiline=True),
                status=ProcurementNotice.Status.OPEN if publish else ProcurementNotice.Status.DRAFT)
            action = "monitor.procurement_published" if publish else "monitor.procurement_drafted"
            record(actor=actor, action=action, target=notice, institution_id=institution.pk, ip_address=ip)
            record_event(action, notice, notice_id=notice.pk)
    except IntegrityError as exc:
        raise DomainError({"reference": _("Anunțul %(reference)s este deja publicat.") % {"reference": reference}}) from exc
    return notice


def competition_service(institution=None, *, active_only=False):
    """The catalog service of applications to competitions (`settings.PRIMARIA_COMPETITION_SERVICE`) of the city
    hall of `institution` (by default the one the request serves): each city hall has its own, under the same
    code, so the code is looked up only in that city hall's catalog."""
    from django.conf import settings
    from django.db.models import Case, IntegerField, Value, When

    from primaria.catalog.models import Service
    from primaria.institutions import tenancy

    city_hall = tenancy.city_hall_of(_institution(institution))
    if city_hall is None:
        return None
    found = Service.objects.filter(slug=settings.PRIMARIA_COMPETITION_SERVICE,
                                   institution_id__in=tenancy.institution_ids(city_hall))
    if active_only:
        found = found.filter(active=True)
    # The city hall's own first, then one of an institution under it.
    return found.order_by(Case(When(institution_id=city_hall.pk, then=Value(0)), default=Value(1),
                               output_field=IntegerField()), "pk").first()


def sync_competition_choices(institution=None):
    """The competitions open for applications become the choices of the field `concurs` of the catalog service of
    applications: a candidate applies through the usual filing, to a competition still open."""
    from primaria.catalog.models import FormField

    institution = _institution(institution)
    service = competition_service(institution)
    if service is None:
        return
    today = timezone.localdate()
    labels = [c.choice_label for c in JobCompetition.objects.filter(
        institution=institution, status=JobCompetition.Status.OPEN, applications_until__gte=today
    ).order_by("applications_until", "pk")]
    FormField.objects.filter(service=service, name="concurs").update(choices="\n".join(labels))


def publish_competition(*, actor, reference, position, department, published_on, applications_until, conditions,
                        grade="", written_test_on=None, interview_on=None, bibliography="", institution=None,
                        publish=True, ip=None) -> JobCompetition:
    """A new competition, open for applications at once (or, with `publish=False`, kept as a draft)."""
    institution = _institution(institution)
    rules.require(actor, JobCompetition(institution=institution), "publish")
    errors = {}
    if not _text(reference or ""):
        errors["reference"] = _("Scrieți codul concursului.")
    if len(_text(position or "")) < 3:
        errors["position"] = _("Scrieți denumirea postului.")
    if not _text(department or ""):
        errors["department"] = _("Scrieți compartimentul.")
    if not isinstance(published_on, date):
        errors["published_on"] = _("Scrieți data publicării.")
    elif not isinstance(applications_until, date):
        errors["applications_until"] = _("Scrieți data până la care se primesc înscrierile.")
    elif applications_until < published_on:
        errors["applications_until"] = _("Înscrierile nu se pot încheia înaintea publicării anunțului.")
    elif written_test_on is not None and written_test_on <= applications_until:
        errors["written_test_on"] = _("Proba scrisă are loc după încheierea înscrierilor.")
    if len(_text(conditions or "", multiline=True)) < TITLE_MIN_LENGTH:
        errors["conditions"] = _("Scrieți condițiile de participare.")
    if errors:
        raise DomainError(errors)
    try:
        with transaction.atomic():
            competition = JobCompetition.objects.create(
                institution=institution, reference=_text(reference), position=_text(position),
                department=_text(department), grade=_text(grade or ""), published_on=published_on,
                applications_until=applications_until, written_test_on=written_test_on, interview_on=interview_on,
                conditions=_text(conditions, multiline=True),
                bibliography=_text(bibliography or "", multiline=True),
                status=JobCompetition.Status.OPEN if publish else JobCompetition.Status.DRAFT)
            sync_competition_choices(institution)
            action = "monitor.competition_published" if publish else "monitor.competition_drafted"
            record(actor=actor, action=action, target=competition, institution_id=institution.pk, ip_address=ip)
            record_event(action, competition, competition_id=competition.pk)
    except IntegrityError as exc:
        raise DomainError({"reference": _("Concursul %(reference)s este deja publicat.") % {"reference": reference}}) from exc
    return competition


# --- the back office of notices and competitions: publish a draft, amend with history, close ------------------

# The labels are kept in Romanian in each revision (its `changes`) and translated when shown.
NOTICE_FIELDS = {"title": gettext_noop("obiectul contractului"), "procedure": gettext_noop("procedura"),
                 "cpv": gettext_noop("cod CPV"), "estimated_value": gettext_noop("valoarea estimată"),
                 "deadline": gettext_noop("termenul de depunere a ofertelor"), "description": gettext_noop("descriere")}
COMPETITION_FIELDS = {"position": gettext_noop("postul"), "department": gettext_noop("compartimentul"),
                      "grade": gettext_noop("clasa, gradul profesional"),
                      "applications_until": gettext_noop("înscrieri până la"),
                      "written_test_on": gettext_noop("proba scrisă"), "interview_on": gettext_noop("interviul"),
                      "conditions": gettext_noop("condiții de participare"),
                      "bibliography": gettext_noop("bibliografie")}


def _shown(value) -> str:
    if isinstance(value, date):
        return f"{value:%d.%m.%Y}"
    return "" if value is None else str(value)


def _locked(model, pk, missing):
    obj = model.objects.select_for_update().filter(pk=getattr(pk, "pk", pk)).first()
    if obj is None:
        raise DomainError(missing)
    return obj


def _log_info(actor, action, obj, ip, **data):
    data = {k: _shown(v) if isinstance(v, date) else v for k, v in data.items()}
    record(actor=actor, action=f"monitor.{action}", target=obj, institution_id=obj.institution_id, ip_address=ip,
           **data)
    record_event(f"monitor.{action}", obj, **{f"{obj._meta.model_name}_id": obj.pk}, **data)


def _check_notice(values: dict) -> dict:
    errors = {}
    if len(values["title"]) < TITLE_MIN_LENGTH:
        errors["title"] = _("Scrieți obiectul contractului (cel puțin %(min)s caractere).") % {"min": TITLE_MIN_LENGTH}
    if values["procedure"] not in ProcurementNotice.Procedure.values or values["procedure"] == "":
        errors["procedure"] = _("Alegeți procedura de atribuire.")
    if values["estimated_value"] is None or values["estimated_value"] <= 0:
        errors["estimated_value"] = _("Scrieți valoarea estimată, în lei, mai mare decât zero.")
    elif _amount(ProcurementNotice, "estimated_value", values["estimated_value"]) is None:
        errors["estimated_value"] = _("Valoarea estimată poate fi de cel mult %(max)s lei.") % {
            "max": ESTIMATED_VALUE_CEILING}
    else:
        values["estimated_value"] = _amount(ProcurementNotice, "estimated_value", values["estimated_value"])
    if not isinstance(values["deadline"], date):
        errors["deadline"] = _("Scrieți termenul de depunere a ofertelor.")
    elif values["deadline"] < values["published_on"]:
        errors["deadline"] = _("Termenul de depunere a ofertelor nu poate fi înaintea publicării.")
    return errors


def _check_competition(values: dict) -> dict:
    errors = {}
    if len(values["position"]) < 3:
        errors["position"] = _("Scrieți denumirea postului.")
    if not values["department"]:
        errors["department"] = _("Scrieți compartimentul.")
    until = values["applications_until"]
    if not isinstance(until, date):
        errors["applications_until"] = _("Scrieți data până la care se primesc înscrierile.")
    elif until < values["published_on"]:
        errors["applications_until"] = _("Înscrierile nu se pot încheia înaintea publicării anunțului.")
    elif values["written_test_on"] is not None and values["written_test_on"] <= until:
        errors["written_test_on"] = _("Proba scrisă are loc după încheierea înscrierilor.")
    if (values["interview_on"] is not None and values["written_test_on"] is not None
            and values["interview_on"] < values["written_test_on"]):
        errors["interview_on"] = _("Interviul are loc după proba scrisă.")
    if len(values["conditions"]) < TITLE_MIN_LENGTH:
        errors["conditions"] = _("Scrieți condițiile de participare.")
    return errors


def _cleaned(fields: dict, changes: dict) -> dict:
    out = {}
    for name, value in changes.items():
        if name not in fields:
            raise DomainError(_("Câmpul „%(field)s” nu se poate modifica.") % {"field": name})
        if isinstance(value, str):
            value = _text(value, multiline=name in ("description", "conditions", "bibliography"))
        out[name] = value
    return out


def _amend(*, actor, obj, fields, changes, reason, check, ip, kind):
    reason = rules.require_reason(reason, field="reason", what=_("Motivați modificarea anunțului"))
    changes = _cleaned(fields, changes)
    values = {name: getattr(obj, name) for name in fields} | changes | {"published_on": obj.published_on}
    errors = check(values)
    if errors:
        raise DomainError(errors)
    diff = [{"field": name, "label": fields[name], "before": _shown(getattr(obj, name)), "after": _shown(value)}
            for name, value in changes.items() if getattr(obj, name) != value]
    if not diff:
        raise DomainError(_("Nu ați modificat nimic."))
    for name, value in changes.items():
        setattr(obj, name, value)
    obj.save(update_fields=list(changes))
    if obj.status != "draft":  # a draft not yet public is simply corrected; a published notice keeps its history
        from .models import Revision

        Revision.objects.create(changed_at=timezone.now(), changed_by=actor, reason=_text(reason, multiline=True),
                                changes=diff, **{kind: obj})
    _log_info(actor, f"{kind}_amended", obj, ip, fields=[d["field"] for d in diff], reason=reason)
    return obj


def publish_notice_draft(*, actor, notice_id, ip=None) -> ProcurementNotice:
    """Make a notice saved as a draft public (from today)."""
    with transaction.atomic():
        notice = _locked(ProcurementNotice, notice_id, _("Anunțul nu există."))
        rules.require(actor, notice, "publish")
        if notice.status != ProcurementNotice.Status.DRAFT:
            raise DomainError(_("Anunțul este deja publicat."))
        today = timezone.localdate()
        if notice.deadline < today:
            raise DomainError({"deadline": _("Termenul de depunere a ofertelor a trecut: modificați-l întâi.")})
        notice.status, notice.published_on = ProcurementNotice.Status.OPEN, today
        notice.save(update_fields=["status", "published_on"])
        _log_info(actor, "procurement_published", notice, ip)
    return notice


def amend_procurement_notice(*, actor, notice_id, reason, ip=None, **changes) -> ProcurementNotice:
    """Amend a notice (an erratum): the change, its reason, who and when are kept and published with it."""
    with transaction.atomic():
        notice = _locked(ProcurementNotice, notice_id, _("Anunțul nu există."))
        rules.require(actor, notice, "publish")
        if notice.status not in (ProcurementNotice.Status.DRAFT, ProcurementNotice.Status.OPEN):
            raise DomainError(_("Anunțul nu se mai poate modifica: procedura este %(status)s.") % {
                "status": notice.get_status_display()})
        return _amend(actor=actor, obj=notice, fields=NOTICE_FIELDS, changes=changes, reason=reason,
                      check=_check_notice, ip=ip, kind="notice")


def close_procurement_notice(*, actor, notice_id, status, result, on=None, ip=None) -> ProcurementNotice:
    """Close a procedure: awarded (to whom, for how much) or cancelled (why)."""
    on = on or timezone.localdate()
    with transaction.atomic():
        notice = _locked(ProcurementNotice, notice_id, _("Anunțul nu există."))
        rules.require(actor, notice, "publish")
        if notice.status != ProcurementNotice.Status.OPEN:
            raise DomainError(_("Se închide doar o procedură în desfășurare; aceasta este %(status)s.") % {
                "status": notice.get_status_display()})
        result = _text(result or "")
        errors = {}
        if status not in (ProcurementNotice.Status.AWARDED, ProcurementNotice.Status.CANCELLED):
            errors["status"] = _("Alegeți dacă procedura a fost atribuită sau anulată.")
        if len(result) < TITLE_MIN_LENGTH:
            errors["result"] = (_("Scrieți cui s-a atribuit contractul și valoarea lui.") if status == "awarded"
                                else _("Scrieți rezultatul procedurii (motivul anulării)."))
        if on > timezone.localdate() or on < notice.published_on:
            errors["on"] = _("Data închiderii nu poate fi în viitor sau înaintea publicării.")
        if errors:
            raise DomainError(errors)
        notice.status, notice.result, notice.closed_on = status, result, on
        notice.save(update_fields=["status", "result", "closed_on"])
        _log_info(actor, "procurement_closed", notice, ip, status=status, on=on)
    return notice


def publish_competition_draft(*, actor, competition_id, ip=None) -> JobCompetition:
    with transaction.atomic():
        competition = _locked(JobCompetition, competition_id, _("Concursul nu există."))
        rules.require(actor, competition, "publish")
        if competition.status != JobCompetition.Status.DRAFT:
            raise DomainError(_("Concursul este deja publicat."))
        today = timezone.localdate()
        if competition.applications_until < today:
            raise DomainError({"applications_until": _("Termenul de înscriere a trecut: modificați-l întâi.")})
        competition.status, competition.published_on = JobCompetition.Status.OPEN, today
        competition.save(update_fields=["status", "published_on"])
        sync_competition_choices(competition.institution)
        _log_info(actor, "competition_published", competition, ip)
    return competition


def amend_competition(*, actor, competition_id, reason, ip=None, **changes) -> JobCompetition:
    with transaction.atomic():
        competition = _locked(JobCompetition, competition_id, _("Concursul nu există."))
        rules.require(actor, competition, "publish")
        if competition.status not in (JobCompetition.Status.DRAFT, JobCompetition.Status.OPEN,
                                      JobCompetition.Status.CLOSED):
            raise DomainError(_("Concursul nu se mai poate modifica: este %(status)s.") % {
                "status": competition.get_status_display()})
        _amend(actor=actor, obj=competition, fields=COMPETITION_FIELDS, changes=changes, reason=reason,
               check=_check_competition, ip=ip, kind="competition")
        sync_competition_choices(competition.institution)
    return competition


def close_competition(*, actor, competition_id, status, reason="", ip=None) -> JobCompetition:
    """Close the applications (`closed`, also done by the selection of files) or cancel the competition (with the
    reason, published)."""
    with transaction.atomic():
        competition = _locked(JobCompetition, competition_id, _("Concursul nu există."))
        rules.require(actor, competition, "publish")
        if status == JobCompetition.Status.CLOSED:
            if competition.status != JobCompetition.Status.OPEN:
                raise DomainError(_("Se închid doar înscrierile unui concurs deschis."))
        elif status == JobCompetition.Status.CANCELLED:
            if competition.status in (JobCompetition.Status.FINISHED, JobCompetition.Status.CANCELLED):
                raise DomainError(_("Concursul este deja %(status)s.") % {"status": competition.get_status_display()})
            reason = rules.require_reason(reason, field="reason", what=_("Motivați anularea concursului"))
            competition.results = _text(reason, multiline=True)
        else:
            raise DomainError({"status": _("Alegeți închiderea înscrierilor sau anularea concursului.")})
        competition.status, competition.closed_on = status, timezone.localdate()
        competition.save(update_fields=["status", "closed_on", "results"])
        sync_competition_choices(competition.institution)
        _log_info(actor, "competition_closed", competition, ip, status=status)
    return competition


def competition_applications(competition):
    """The applications received through the portal for a competition: requests of the catalog service of
    applications (registered, hence numbered in the registry) whose field `concurs` names it."""
    from primaria.requests.models import Request
    from primaria.requests.models import Status as RequestStatus

    service = competition_service(competition.institution)
    if service is None:
        return Request.objects.none()
    return (Request.objects.filter(service=service, institution_id=competition.institution_id,
                                   data__concurs__startswith=f"{competition.reference} – ")
            .exclude(status=RequestStatus.DRAFT).select_related("applicant", "registry_entry")
            .order_by("registry_entry__year", "registry_entry__number", "pk"))


def publish_stage_results(*, actor, competition_id, stage, held_on, results: dict, scores: dict | None = None,
                          note="", ip=None):
    """Publish the results of one stage (HG 1336/2022): the selection of files, the written test, the interview and
    the final results, in this order. `results`: application (request) id → "admis" / "respins"; each candidate
    admitted at the previous stage gets a result; the page names them by the registration number."""
    from .models import STAGE_ORDER, CompetitionStage, Stage, StageResult

    scores = scores or {}
    with transaction.atomic():
        competition = _locked(JobCompetition, competition_id, _("Concursul nu există."))
        rules.require(actor, competition, "publish")
        if stage not in Stage.values:
            raise DomainError({"stage": _("Alegeți etapa concursului.")})
        if competition.status in (JobCompetition.Status.DRAFT, JobCompetition.Status.CANCELLED,
                                  JobCompetition.Status.FINISHED):
            raise DomainError(_("Rezultatele nu se mai publică: concursul este %(status)s.") % {
                "status": competition.get_status_display()})
        done = {s.stage: s for s in competition.stages.all()}
        if stage in done:
            raise DomainError({"stage": _("Rezultatele etapei „%(stage)s” au fost deja publicate.") % {
                "stage": Stage(stage).label}})
        index = STAGE_ORDER.index(stage)
        previous = next((done[s] for s in reversed(STAGE_ORDER[:index]) if s in done), None)
        if index > 0 and Stage.SELECTION not in done:
            raise DomainError({"stage": _("Publicați întâi rezultatele selecției dosarelor.")})
        if stage == Stage.FINAL and Stage.WRITTEN not in done:
            raise DomainError({"stage": _("Rezultatele finale se publică după proba scrisă.")})
        if stage == Stage.INTERVIEW and Stage.WRITTEN not in done:
            raise DomainError({"stage": _("Interviul urmează probei scrise.")})
        if not isinstance(held_on, date):
            raise DomainError({"held_on": _("Scrieți data etapei.")})
        if held_on > timezone.localdate():
            raise DomainError({"held_on": _("Rezultatele se publică după desfășurarea etapei.")})
        if stage == Stage.SELECTION and held_on <= competition.applications_until:
            raise DomainError({"held_on": _("Selecția dosarelor se face după încheierea înscrierilor (%(date)s).") % {
                "date": f"{competition.applications_until:%d.%m.%Y}"}})
        if previous is not None and held_on < previous.held_on:
            raise DomainError({"held_on": _("Etapa nu poate fi înaintea etapei „%(stage)s”.") % {
                "stage": previous.get_stage_display()}})
        applications = list(competition_applications(competition))
        if previous is not None:
            admitted = set(previous.results.filter(outcome=StageResult.Outcome.PASSED)
                           .values_list("application_id", flat=True))
            applications = [a for a in applications if a.pk in admitted]
        if not applications:
            raise DomainError(_("Nu există candidați pentru această etapă."))
        try:
            normalized = {int(getattr(k, "pk", k)): v for k, v in (results or {}).items()}
            scores = {int(getattr(k, "pk", k)): v for k, v in scores.items() if v not in (None, "")}
        except (TypeError, ValueError):
            raise DomainError(_("Dosar necunoscut.")) from None
        given = dict(normalized)
        errors = {}
        for key, value in list(scores.items()):
            scores[key] = _amount(StageResult, "score", value, high=SCORE_MAX)
            if scores[key] is None:
                errors[f"score-{key}"] = _("Scrieți punctajul ca număr de la 0 la 100 (de exemplu 78,50).")
        for application in applications:
            outcome = given.pop(application.pk, None)
            if outcome not in StageResult.Outcome.values:
                errors[f"result-{application.pk}"] = _("Alegeți rezultatul dosarului %(reference)s.") % {
                    "reference": application.reference}
        if given:
            raise DomainError(_("Rezultat pentru un dosar care nu participă la această etapă."))
        if errors:
            raise DomainError(errors)
        row = CompetitionStage.objects.create(competition=competition, stage=stage, held_on=held_on,
                                              note=_text(note or "", multiline=True), published_at=timezone.now(),
                                              published_by=actor)
        for application in applications:
            score = scores.get(application.pk)
            StageResult.objects.create(stage=row, application=application,
                                       outcome=normalized[application.pk], score=score)
        if competition.status == JobCompetition.Status.OPEN:
            competition.status, competition.closed_on = JobCompetition.Status.CLOSED, timezone.localdate()
        if stage == Stage.FINAL:
            competition.status = JobCompetition.Status.FINISHED
        competition.save(update_fields=["status", "closed_on"])
        sync_competition_choices(competition.institution)
        _log_info(actor, "competition_stage_published", competition, ip, stage=stage, held_on=held_on,
                  candidates=len(applications))
    return row
