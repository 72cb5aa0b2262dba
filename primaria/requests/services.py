"""Every change to a request goes through this module.

Each public function runs in one transaction, locks the request row, checks the move against the
transition table, writes the timeline and the audit log, stores the notifications for the applicant
and fires `request_changed` only after the transaction commits. Pages, the API, the admin and jobs
call these functions; nothing else changes a request's state.
"""

import secrets
from dataclasses import dataclass
from types import SimpleNamespace

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.dispatch import Signal
from django.utils import timezone

from primaria.accounts.models import Party, PartyKind
from primaria.accounts.selectors import can_act_for
from primaria.audit.services import record
from primaria.catalog.models import FieldKind
from primaria.catalog.selectors import with_form
from primaria.core import terms
from primaria.core.errors import DomainError
from primaria.documents.models import Document
from primaria.documents.services import files_removed_on_error, store_document
from primaria.institutions.models import Position, Role
from primaria.institutions.selectors import positions_of
from primaria.notifications.services import notify
from primaria.registry import services as registry
from primaria.registry.models import Channel, Direction

from .answers import validate_answers
from .models import OPEN_STATUSES, Attachment, Outcome, Request, Status, TimelineEvent

# Sent after commit with request=<Request>, action=<str>.
request_changed = Signal()


@dataclass(frozen=True)
class Transition:
    sources: frozenset
    target: str | None  # None: the status does not change


TRANSITIONS = {
    "save_draft": Transition(frozenset({Status.DRAFT}), None),
    "submit": Transition(frozenset({Status.DRAFT}), Status.REGISTERED),
    "assign": Transition(frozenset({Status.REGISTERED, Status.IN_REVIEW}), Status.IN_REVIEW),
    "ask_completion": Transition(frozenset({Status.IN_REVIEW}), Status.AWAITING_APPLICANT),
    "complete": Transition(frozenset({Status.AWAITING_APPLICANT}), Status.IN_REVIEW),
    "propose": Transition(frozenset({Status.IN_REVIEW}), Status.PENDING_APPROVAL),
    "sign": Transition(frozenset({Status.PENDING_APPROVAL}), None),
    "refuse": Transition(frozenset({Status.PENDING_APPROVAL}), Status.IN_REVIEW),
    "issue": Transition(frozenset({Status.PENDING_APPROVAL}), Status.RESOLVED),
    "withdraw": Transition(frozenset(OPEN_STATUSES), Status.WITHDRAWN),
    "claim": Transition(frozenset(set(OPEN_STATUSES) | {Status.RESOLVED, Status.WITHDRAWN}), None),
    "remind": Transition(frozenset(OPEN_STATUSES), None),
    "note_step": Transition(frozenset(OPEN_STATUSES), None),
    "escalate": Transition(frozenset(OPEN_STATUSES), None),
    "extend_term": Transition(frozenset({Status.REGISTERED, Status.IN_REVIEW, Status.PENDING_APPROVAL}), None),
}

ACTION_VERBS = {
    "submit": "depunerea",
    "assign": "repartizarea",
    "ask_completion": "solicitarea de completări",
    "complete": "completarea",
    "propose": "trimiterea la semnare",
    "sign": "semnarea",
    "refuse": "refuzul semnării",
    "issue": "emiterea răspunsului",
    "withdraw": "retragerea",
    "save_draft": "salvarea",
    "claim": "asocierea cu contul",
    "remind": "trimiterea mementoului",
    "note_step": "înregistrarea pasului",
    "escalate": "escaladarea",
    "extend_term": "prelungirea termenului",
}


def allowed(request: Request, action: str) -> bool:
    return request.status in TRANSITIONS[action].sources


def blocked_by(request: Request, action: str) -> str:
    """Why a guard plugin (e.g. the service's process) holds `action` back now, or "" when nothing does."""
    from primaria.core.plugins import registry

    for guard in registry("request_guards"):
        message = guard.check(request, action)
        if message:
            return message
    return ""


# --- the one path every change takes ------------------------------------------------------------


def _lock(request_id) -> Request:
    try:
        return (
            Request.objects.select_for_update(of=("self",))
            .select_related("service", "applicant", "department", "institution", "registry_entry", "filed_by")
            .get(pk=request_id)
        )
    except Request.DoesNotExist:
        raise DomainError("Cererea nu există.")


def _check(request: Request, action: str):
    if not allowed(request, action):
        raise DomainError(
            f"Nu se poate face {ACTION_VERBS[action]}: cererea este în starea „{request.get_status_display()}”."
        )


def _actor_label(actor) -> str:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return "Sistem"
    return actor.get_full_name() or actor.email


def _apply(request: Request, action: str, *, actor, message: str, note: str = "", public: bool = True,
           notify_applicant: bool = True, ip=None, **audit):
    """Move the request, append the timeline line and the audit entry, queue the after-commit event."""
    transition = TRANSITIONS[action]
    previous = request.status
    now = timezone.now()
    if transition.target is not None and transition.target != previous:
        request.status = transition.target
        request.status_changed_at = now
    request.save()
    TimelineEvent.objects.create(
        request=request, at=now, action=action, status_from=previous, status_to=request.status,
        actor=actor if getattr(actor, "is_authenticated", False) else None, actor_label=_actor_label(actor),
        department=request.department, message=message[:500], note=note, public=public,
    )
    record(actor=actor, action=f"request.{action}", target=request, institution_id=request.institution_id,
           ip_address=ip, status_from=previous, status_to=request.status, **audit)
    if public and notify_applicant and request.status != Status.DRAFT:
        _notify_applicant(request, message)
    transaction.on_commit(lambda: request_changed.send(sender=Request, request=request, action=action))


def applicant_email(request: Request) -> str:
    if request.filed_by_id and request.filed_by.email:
        return request.filed_by.email
    return request.applicant.email


def _notify_applicant(request: Request, message: str):
    notify(
        address=applicant_email(request),
        recipient=request.filed_by,
        template="request_changed",
        # What the message says is fixed now; the e-mail is rendered later, when the request may have moved on.
        context={"request": request, "message": message, "status": request.get_status_display(),
                 "due_date": request.due_date.isoformat() if request.due_date and not request.paused_on else ""},
        related=request,
    )


# --- permissions inside the domain ---------------------------------------------------------------


def _require_applicant(actor, request: Request):
    if not can_act_for(actor, request.applicant):
        raise PermissionDenied("Nu puteți modifica această cerere.")


def _official_positions(actor, request: Request, roles):
    return [
        p for p in positions_of(actor)
        if p.role in roles and (p.department_id == request.department_id or p.role in (Role.SECRETARY_GENERAL, Role.MAYOR))
        and p.department.institution_id == request.institution_id
    ]


def _require_official(actor, request: Request, *roles):
    if not _official_positions(actor, request, roles):
        raise PermissionDenied("Nu aveți dreptul să faceți această operațiune pentru cererea aceasta.")


# --- applicant ------------------------------------------------------------------------------------


@transaction.atomic
def start_draft(*, actor, party: Party, service) -> Request:
    if not can_act_for(actor, party):
        raise PermissionDenied("Nu puteți depune cereri în numele acestui solicitant.")
    if not service.active:
        raise DomainError("Serviciul nu mai este disponibil online.")
    if not service.accepts(party):
        who = "persoane juridice" if party.is_company else "persoane fizice"
        raise DomainError(f"Serviciul „{service.name}” nu poate fi solicitat de {who}.")
    request = Request.objects.create(
        institution=service.institution, service=service, applicant=party, filed_by=actor,
        department=service.department, term_unit=service.term_unit,
    )
    record(actor=actor, action="request.start_draft", target=request, institution_id=request.institution_id)
    return request


def save_draft(*, actor, request_id, answers: dict, uploads: dict | None = None, reuse: dict | None = None,
               urgent: bool = False, remove: list | None = None, ip=None) -> Request:
    """Keep what the applicant filled in so far.

    `uploads` maps a field name or `doc_<required document id>` to an uploaded file; `reuse` maps
    `doc_<required document id>` to the public id of a document already in the folder. Every value
    given is checked; if any is wrong nothing is kept and DomainError carries a message per field.
    """
    with files_removed_on_error(), transaction.atomic():
        request = _lock(request_id)
        _require_applicant(actor, request)
        _check(request, "save_draft")
        service = with_form(request.service)
        cleaned, errors = validate_answers(service, answers, require_all=False)
        if urgent and not service.offers_urgent:
            errors["urgent"] = "Acest serviciu nu are regim de urgență."
        slots = _attachment_slots(service)
        for key in remove or []:
            if key in slots:
                request.attachments.filter(**slots[key]["lookup"]).delete()
        for key, document_id in (reuse or {}).items():
            if not document_id:
                continue
            slot = slots.get(key)
            document = Document.objects.filter(public_id=document_id, owner=request.applicant).first() if slot else None
            if document is None or not document.is_valid_on(timezone.localdate()):
                errors[key] = "Documentul ales nu se află în dosarul dumneavoastră sau nu mai este valabil."
                continue
            if slot["required_document"] and document.document_type_id != slot["required_document"].document_type_id:
                errors[key] = "Documentul ales nu este de tipul cerut."
                continue
            request.attachments.filter(**slot["lookup"]).delete()
            Attachment.objects.create(request=request, document=document, reused=True, **slot["lookup"])
        for key, uploaded in (uploads or {}).items():
            slot = slots.get(key)
            if slot is None or uploaded is None:
                continue
            try:
                document = store_document(
                    owner=request.applicant, institution=request.institution, uploaded=uploaded,
                    source=Document.Source.UPLOADED, document_type=slot["document_type"], title=slot["title"],
                    created_by=actor, allowed_kinds=slot["allowed_kinds"], max_size_mb=slot["max_size_mb"],
                )
            except ValidationError as exc:
                errors[key] = exc.messages[0]
                continue
            request.attachments.filter(**slot["lookup"]).delete()
            Attachment.objects.create(request=request, document=document, **slot["lookup"])
        if errors:
            raise DomainError(errors)
        request.data = {**request.data, **cleaned}
        for name in set(answers) - set(cleaned):
            request.data.pop(name, None)
        request.urgent = bool(urgent)
        _apply(request, "save_draft", actor=actor, message="Ciorna a fost salvată.", public=False, ip=ip)
    return request


def _attachment_slots(service) -> dict:
    """Where a file can go in a request: one slot per file field and per required document."""
    service = with_form(service)
    slots = {}
    for field in service.fields.all():
        if field.kind == FieldKind.FILE:
            slots[field.name] = {
                "lookup": {"field_name": field.name}, "required_document": None, "document_type": None,
                "title": field.label, "allowed_kinds": field.allowed_kinds or None,
                "max_size_mb": field.max_size_mb, "required": field.required, "label": field.label,
            }
    for required in service.required_documents.all():
        slots[f"doc_{required.pk}"] = {
            "lookup": {"required_document": required}, "required_document": required,
            "document_type": required.document_type, "title": required.document_type.name,
            "allowed_kinds": None, "max_size_mb": None, "required": required.required,
            "label": required.document_type.name,
        }
    return slots


def missing_items(request: Request, attachments=None) -> dict:
    """What still stops a draft from being submitted: {field or slot: message}."""
    _cleaned, errors = validate_answers(with_form(request.service), request.data, require_all=True)
    attachments = list(request.attachments.all()) if attachments is None else attachments
    present = {a.field_name for a in attachments if a.field_name} | {
        f"doc_{a.required_document_id}" for a in attachments if a.required_document_id
    }
    for key, slot in _attachment_slots(request.service).items():
        if slot["required"] and key not in present:
            errors[key] = f"Atașați documentul „{slot['label']}” sau alegeți-l din dosarul dumneavoastră."
    return errors


def submit(*, actor, request_id, ip=None) -> Request:
    """Register a complete draft: it gets its number and term at once and goes to the competent department."""
    with transaction.atomic():
        request = _lock(request_id)
        _require_applicant(actor, request)
        _check(request, "submit")
        if not actor.email_verified:
            raise DomainError("Confirmați mai întâi adresa de e-mail a contului (linkul din e-mailul primit).")
        attachments = list(request.attachments.select_related("document"))
        errors = missing_items(request, attachments)
        if errors:
            raise DomainError(errors)
        _register_inbound(request, actor=actor, attachments=attachments)
        department = request.department
        _apply(
            request, "submit", actor=actor, ip=ip,
            message=(
                f"Cererea a fost înregistrată cu nr. {request.reference} și trimisă la {department.name}. "
                f"Termenul de soluționare este {request.due_date:%d.%m.%Y}."
            ),
        )
    return request


def _register_inbound(request: Request, *, actor, attachments=None):
    service = request.service
    if attachments is None:
        attachments = list(request.attachments.select_related("document"))
    if request.department_id != service.department_id:
        request.department = service.department
    pages = 1 + sum(a.document.pages for a in attachments)
    entry = registry.register(
        institution=request.institution, direction=Direction.INBOUND,
        channel=Channel.COUNTER if request.channel == Channel.COUNTER else Channel.ONLINE,
        summary=f"{service.name}{' (urgent)' if request.urgent else ''}",
        sender=f"{request.applicant.name} ({request.applicant.masked_identifier})", pages=pages,
        annexes=f"{len(attachments)} anexe" if attachments else "", department=request.department, actor=actor,
    )
    now = timezone.now()
    request.registry_entry = entry
    request.submitted_at = now
    request.term_unit = terms.rule_unit(service.term_rule)
    try:
        request.due_date = terms.service_due(service, timezone.localdate(now), urgent=request.urgent)
    except ValueError as exc:  # a service configured against the law: say so instead of guessing a term
        raise DomainError(str(exc))


def complete(*, actor, request_id, answers: dict, uploads: dict | None = None, reply: str = "", ip=None) -> Request:
    """The applicant answers a request for completion; the legal term runs again from today."""
    with files_removed_on_error(), transaction.atomic():
        request = _lock(request_id)
        _require_applicant(actor, request)
        _check(request, "complete")
        cleaned, errors = validate_answers(request.service, answers, require_all=False)
        stored = []
        for key, uploaded in (uploads or {}).items():
            if uploaded is None:
                continue
            try:
                stored.append(store_document(
                    owner=request.applicant, institution=request.institution, uploaded=uploaded,
                    source=Document.Source.UPLOADED, title=f"Completare – {uploaded.name}"[:250], created_by=actor,
                ))
            except ValidationError as exc:
                errors[key] = exc.messages[0]
        if not reply.strip() and not stored and not cleaned:
            errors.setdefault("reply", "Scrieți un răspuns sau atașați documentele cerute.")
        if errors:
            raise DomainError(errors)
        for document in stored:
            Attachment.objects.create(request=request, document=document, field_name="completare")
        request.data = {**request.data, **cleaned}
        _resume_term(request)
        request.completion_request = ""
        _apply(
            request, "complete", actor=actor, ip=ip, note=reply.strip(),
            message=(
                f"Ați trimis completările. Cererea se află din nou în analiză la {request.department.name}; "
                f"termenul de soluționare este acum {request.due_date:%d.%m.%Y}."
            ),
        )
    return request


def withdraw(*, actor, request_id, reason: str = "", ip=None) -> Request:
    with transaction.atomic():
        request = _lock(request_id)
        _require_applicant(actor, request)
        _check(request, "withdraw")
        request.paused_on = None
        _apply(request, "withdraw", actor=actor, ip=ip, note=reason,
               message="Ați retras cererea. Nu mai este necesar niciun demers.")
        registry.close(entry=request.registry_entry, outcome="Retrasă de solicitant", actor=actor)
    return request


def claim(*, actor, reference: str, claim_code: str, ip=None) -> Request:
    """A person who filed on paper at the counter adds that request to their online account."""
    from primaria.accounts.selectors import person_of

    person = person_of(actor)
    if person is None:
        raise DomainError("Doar un cont de persoană fizică poate revendica o cerere depusă la ghișeu.")
    number = reference.split("/")[0].strip()
    candidate = Request.objects.filter(
        registry_entry__number=number if number.isdigit() else -1, claim_code=claim_code.strip().upper(),
        channel=Channel.COUNTER,
    ).exclude(claim_code="").first()
    if candidate is None:
        raise DomainError("Numărul de înregistrare sau codul de revendicare nu sunt corecte.")
    with transaction.atomic():
        request = _lock(candidate.pk)
        _check(request, "claim")
        if request.applicant.kind != PartyKind.PERSON or request.applicant.cnp != person.cnp:
            raise DomainError("Cererea a fost depusă pe numele altei persoane (CNP-ul nu corespunde contului).")
        previous = request.applicant
        moved = [a.document_id for a in request.attachments.all()]
        if request.answer_document_id:
            moved.append(request.answer_document_id)
        Document.objects.filter(pk__in=moved, owner=previous).update(owner=person)
        request.applicant = person
        request.filed_by = actor
        request.claim_code = ""
        _apply(request, "claim", actor=actor, ip=ip, notify_applicant=False,
               message="Cererea depusă la ghișeu a fost asociată contului dumneavoastră.")
    return request


# --- counter (registratură) -------------------------------------------------------------------------


def file_at_counter(*, actor, service, identity: dict, answers: dict, uploads: dict, urgent=False, ip=None) -> Request:
    """A registry clerk registers a paper request for someone without an account; returns it submitted."""
    from primaria.core import validators

    if not any(p.role == Role.REGISTRY_CLERK and p.department.institution_id == service.institution_id
               for p in positions_of(actor)):
        raise PermissionDenied("Doar registratura poate înregistra cereri la ghișeu.")
    errors = {}
    kind = identity.get("kind", PartyKind.PERSON)
    name = (identity.get("name") or "").strip()
    if len(name) < 3:
        errors["name"] = "Scrieți numele complet al solicitantului."
    check_identifier = validators.clean_cui if kind == PartyKind.COMPANY else validators.clean_cnp
    identifier = validators.collect(errors, "identifier", check_identifier, identity.get("identifier", ""))
    email = (identity.get("email") or "").strip()
    if email:
        email = validators.collect(errors, "email", validators.clean_email, email)
    phone = (identity.get("phone") or "").strip()
    if phone:
        phone = validators.collect(errors, "phone", validators.clean_phone, phone)
    address = (identity.get("address") or "").strip()
    if len(address) < 5:
        errors["address"] = "Scrieți adresa de domiciliu sau sediul solicitantului."
    if errors:
        raise DomainError(errors)
    with files_removed_on_error(), transaction.atomic():
        party = _counter_party(kind=kind, identifier=identifier, name=name, email=email, phone=phone, address=address)
        if not service.accepts(party):
            raise DomainError({"service": f"Serviciul „{service.name}” nu poate fi solicitat de acest tip de solicitant."})
        request = Request.objects.create(
            institution=service.institution, service=service, applicant=party, filed_by=party.user,
            department=service.department, term_unit=service.term_unit, channel=Channel.COUNTER,
            claim_code="" if party.user_id else secrets.token_hex(4).upper(),
        )
        cleaned, answer_errors = validate_answers(service, answers, require_all=True)
        errors.update(answer_errors)
        if urgent and not service.offers_urgent:
            errors["urgent"] = "Acest serviciu nu are regim de urgență."
        slots = _attachment_slots(service)
        for key, uploaded in uploads.items():
            if key not in slots or uploaded is None:
                continue
            slot = slots[key]
            try:
                document = store_document(
                    owner=party, institution=service.institution, uploaded=uploaded, source=Document.Source.COUNTER,
                    document_type=slot["document_type"], title=slot["title"], created_by=actor,
                    allowed_kinds=slot["allowed_kinds"], max_size_mb=slot["max_size_mb"],
                )
            except ValidationError as exc:
                errors[key] = exc.messages[0]
                continue
            Attachment.objects.create(request=request, document=document, **slot["lookup"])
        request.data = cleaned
        request.urgent = bool(urgent)
        if not errors:
            errors = missing_items(request)
        if errors:
            raise DomainError(errors)
        _register_inbound(request, actor=actor)
        _apply(
            request, "submit", actor=actor, ip=ip,
            message=(
                f"Cererea a fost depusă la ghișeu, înregistrată cu nr. {request.reference} și trimisă la "
                f"{request.department.name}. Termenul de soluționare este {request.due_date:%d.%m.%Y}."
            ),
        )
    return request


def _counter_party(*, kind, identifier, name, email, phone, address) -> Party:
    if kind == PartyKind.COMPANY:
        party, _ = Party.objects.get_or_create(
            kind=PartyKind.COMPANY, cui=identifier,
            defaults={"name": name, "email": email, "phone": phone, "address": address},
        )
        return party
    # A person with an account has the request filed straight into it; otherwise one folder per CNP.
    party = (
        Party.objects.filter(kind=PartyKind.PERSON, cnp=identifier, user__isnull=False).first()
        or Party.objects.filter(kind=PartyKind.PERSON, cnp=identifier, user__isnull=True).first()
    )
    if party is None:
        party = Party.objects.create(kind=PartyKind.PERSON, cnp=identifier, name=name, email=email, phone=phone,
                                     address=address)
    return party


# --- back office --------------------------------------------------------------------------------------


def assign(*, actor, request_id, assignee, ip=None) -> Request:
    """The head gives the request to a specialist, or a specialist takes it from the department queue."""
    with transaction.atomic():
        request = _lock(request_id)
        _check(request, "assign")
        if assignee == actor and not _official_positions(actor, request, (Role.HEAD,)):
            _require_official(actor, request, Role.SPECIALIST)
            if request.assignee_id and request.assignee_id != actor.pk:
                raise DomainError("Cererea este deja repartizată altui specialist.")
        else:
            _require_official(actor, request, Role.HEAD)
        if not Position.objects.filter(
            user=assignee, department=request.department, role__in=[Role.SPECIALIST, Role.HEAD], active=True
        ).exists():
            raise DomainError("Persoana aleasă nu lucrează în compartimentul competent.")
        request.assignee = assignee
        _apply(
            request, "assign", actor=actor, ip=ip, assignee=assignee.pk,
            message=f"Documentele sunt verificate de un specialist din {request.department.name}.",
            notify_applicant=request.status == Status.REGISTERED,
        )
    return request


def ask_completion(*, actor, request_id, what: str, ip=None) -> Request:
    """Ask the applicant to complete the request; the legal term is paused until they answer."""
    what = (what or "").strip()
    if len(what) < 10:
        raise DomainError({"what": "Explicați solicitantului ce trebuie să completeze (cel puțin 10 caractere)."})
    with transaction.atomic():
        request = _lock(request_id)
        _check(request, "ask_completion")
        _require_assignee(actor, request)
        request.completion_request = what
        request.paused_on = timezone.localdate()
        _apply(
            request, "ask_completion", actor=actor, ip=ip, note=what,
            message=(
                "Vă rugăm să completați cererea: " + what
                + " Termenul de soluționare este suspendat până când trimiteți completările."
            ),
        )
    return request


def _require_assignee(actor, request):
    if request.assignee_id != getattr(actor, "pk", None) and not _official_positions(actor, request, (Role.HEAD,)):
        raise PermissionDenied("Doar specialistul căruia i-a fost repartizată cererea poate face asta.")


def _resume_term(request: Request):
    if request.paused_on is None or request.due_date is None:
        return
    today = timezone.localdate()
    remaining = terms.units_between(request.paused_on, request.due_date, request.term_unit)
    request.due_date = terms.add_term(today, remaining, request.term_unit) if remaining else terms.next_working_day(today)
    request.paused_on = None


def answer_signers(request: Request) -> list:
    """Who signs the answer, in the order the service sets: [(user, function, capacity)]."""
    from primaria.documents.issuing import position_for

    configured = list(request.service.signers.all()) or [
        SimpleNamespace(role=Role.SPECIALIST, function="", capacity="Întocmit"),
        SimpleNamespace(role=Role.HEAD, function="", capacity=request.department.head_title),
    ]
    signers = []
    for signer in configured:
        if signer.role == Role.SPECIALIST:
            position = Position.objects.filter(user=request.assignee, department=request.department, active=True) \
                .order_by("role").first()
        elif signer.role == Role.HEAD:
            position = position_for(request.institution, Role.HEAD, request.department)
        else:
            position = position_for(request.institution, signer.role)
        if position is None:
            raise DomainError(f"Nu există un funcționar activ pentru semnătura „{signer.capacity}”.")
        signers.append((position.user, signer.function or position.function, signer.capacity))
    return signers


def _answer_body(request: Request, outcome: str, resolution: str, extra: str) -> str:
    from django.utils.html import escape, linebreaks

    from primaria.documents.models import DocumentTemplate, TemplateKind
    from primaria.documents.rendering import render_body

    entry = request.registry_entry
    context = {
        "applicant": request.applicant, "data": request.data, "institution": request.institution,
        "department": request.department, "registration_number": entry.reference,
        "registration_date": timezone.localtime(entry.registered_at).strftime("%d.%m.%Y"),
        "service": request.service, "resolution": resolution,
    }
    if outcome == Outcome.REJECTED:
        body = (
            f"<p>Ca urmare a cererii dumneavoastră înregistrate la nr. {escape(entry.reference)}, privind "
            f"„{escape(request.service.name)}”, vă comunicăm că aceasta nu poate fi admisă, pentru următoarele "
            f"motive:</p>{linebreaks(resolution)}<p>Împotriva acestui răspuns puteți formula plângere prealabilă "
            "în termen de 30 de zile, potrivit Legii contenciosului administrativ nr. 554/2004.</p>"
        )
    else:
        template = DocumentTemplate.objects.filter(service=request.service, kind=TemplateKind.ANSWER, active=True).first()
        body = render_body(template.body_html, context) if template else linebreaks(
            f"Cererea dumneavoastră înregistrată la nr. {entry.reference} a fost admisă.")
        if resolution:
            body += linebreaks(resolution)
    if extra:
        body += linebreaks(extra)
    return body


def propose(*, actor, request_id, outcome: str, resolution: str = "", extra_text: str = "", ip=None) -> Request:
    """The specialist drafts the answer from the service's template and sends it into the signature sequence.

    The answer gets its outbound number now (it is printed on the document before anyone signs); a new
    version after a refusal keeps that number.
    """
    from primaria.documents import issuing
    from primaria.documents.models import DocumentTemplate, OutgoingDocument, TemplateKind

    errors = {}
    if outcome not in (Outcome.GRANTED, Outcome.REJECTED):
        errors["outcome"] = "Alegeți soluția propusă: admisă sau respinsă."
    resolution, extra_text = (resolution or "").strip(), (extra_text or "").strip()
    if outcome == Outcome.REJECTED and len(resolution) < 10:
        errors["resolution"] = "Motivați respingerea (cel puțin 10 caractere); motivarea ajunge la solicitant."
    if errors:
        raise DomainError(errors)
    with files_removed_on_error(), transaction.atomic():
        request = _lock(request_id)
        _check(request, "propose")
        _require_assignee(actor, request)
        waiting = blocked_by(request, "propose")
        if waiting:
            raise DomainError(waiting)
        signers = answer_signers(request)
        template = DocumentTemplate.objects.filter(service=request.service, kind=TemplateKind.ANSWER, active=True).first()
        previous = request.outgoing_documents.exclude(status=OutgoingDocument.Status.SUPERSEDED).order_by("-pk").first()
        document = issuing.start(
            actor=actor, institution=request.institution, department=request.department, kind=TemplateKind.ANSWER,
            title=(template.title if template else "") or request.service.answer_title or f"Răspuns – {request.service.name}",
            body_html=_answer_body(request, outcome, resolution, extra_text), css=template.css if template else "",
            recipient=f"{request.applicant.name}, {request.applicant.address}".strip(", "), signers=signers,
            summary=f"Răspuns la cererea nr. {request.reference} – {request.service.name}", request=request,
            replaces=previous,
        )
        request.proposed_outcome = outcome
        request.resolution_text = resolution
        request.outbound_entry = document.registry_entry
        first = signers[0]
        _apply(
            request, "propose", actor=actor, ip=ip, outcome=outcome, document=document.pk,
            message=f"Răspunsul a fost redactat și așteaptă semnătura: {first[2]} ({first[0].get_full_name()}).",
        )
    return request


def sign(*, actor, request_id, ip=None) -> Request:
    """The official whose turn it is signs the answer; after the last signature it is issued and delivered."""
    from primaria.documents import issuing
    from primaria.documents.models import OutgoingDocument

    with files_removed_on_error(), transaction.atomic():
        request = _lock(request_id)
        _check(request, "sign")
        current = request.outgoing_documents.filter(status=OutgoingDocument.Status.SIGNING).order_by("-pk").first()
        if current is None:
            raise DomainError("Nu există niciun răspuns de semnat pentru această cerere.")
        document, step, following = issuing.sign(actor=actor, document_id=current.pk)
        if following is not None:
            _apply(request, "sign", actor=actor, ip=ip, step=step.order,
                   message=(f"Răspunsul a fost semnat de {step.signed_capacity or step.capacity} ({actor.get_full_name()}); "
                            f"urmează semnătura: {following.capacity} ({following.signer.get_full_name()})."))
        else:
            _issue_answer(request, document, actor=actor, ip=ip)
    return request


def _issue_answer(request: Request, document, *, actor, ip):
    from primaria.documents.services import store_generated

    with document.pdf.open("rb") as handle:
        data = handle.read()
    answer = store_generated(
        owner=request.applicant, institution=request.institution, data=data, title=document.title,
        source=Document.Source.ISSUED, created_by=actor, filename=f"{document.verification_code}.pdf",
    )
    document.issued_document = answer
    document.save(update_fields=["issued_document"])
    entry = document.registry_entry
    entry.document = answer
    entry.pages = answer.pages
    entry.outcome = "Transmis electronic în dosarul solicitantului"
    entry.closed_at = timezone.now()
    entry.save(update_fields=["document", "pages", "outcome", "closed_at"])
    request.answer_document = answer
    request.outcome = request.proposed_outcome
    request.resolved_at = timezone.now()
    request.paused_on = None
    verdict = "admisă" if request.outcome == Outcome.GRANTED else "respinsă"
    registry.close(entry=request.registry_entry, outcome=f"Soluționată ({verdict}) prin nr. {entry.reference}", actor=actor)
    message = (
        f"Cererea a fost soluționată: {verdict}. Răspunsul semnat nr. {entry.reference} se află în dosarul "
        "dumneavoastră și poate fi descărcat."
    )
    if request.outcome == Outcome.REJECTED and request.resolution_text:
        message += f" Motivul: {request.resolution_text}"
    _apply(request, "issue", actor=actor, ip=ip, message=message[:500], outbound=entry.number,
           verification_code=document.verification_code)


def refuse(*, actor, request_id, reason: str, ip=None) -> Request:
    """A signer refuses the answer, with reasons; it goes back to the specialist to redraft."""
    from primaria.documents import issuing
    from primaria.documents.models import OutgoingDocument

    with transaction.atomic():
        request = _lock(request_id)
        _check(request, "refuse")
        current = request.outgoing_documents.filter(status=OutgoingDocument.Status.SIGNING).order_by("-pk").first()
        if current is None:
            raise DomainError("Nu există niciun răspuns de semnat pentru această cerere.")
        _document, step = issuing.refuse(actor=actor, document_id=current.pk, reason=reason)
        request.proposed_outcome = ""
        _apply(request, "refuse", actor=actor, ip=ip, note=step.reason, notify_applicant=False,
               message=(f"Răspunsul a fost returnat spre refacere de {step.capacity} "
                        f"({actor.get_full_name()}). Motivul: {step.reason}"))
    return request


# --- terms: reminders, escalation ------------------------------------------------------------------

REMIND_WORKING_DAYS_BEFORE = 2


def _officials_to_tell(request: Request) -> list:
    from primaria.institutions.selectors import heads_of

    return [request.assignee] if request.assignee_id else heads_of(request.department)


def remind(*, request_id) -> Request | None:
    """Tell whoever handles the request that its term ends soon (once per due date)."""
    with transaction.atomic():
        request = _lock(request_id)
        if not allowed(request, "remind") or request.paused_on or request.reminded_for == request.due_date:
            return None
        request.reminded_for = request.due_date
        for official in _officials_to_tell(request):
            notify(address=official.email, recipient=official, template="term_reminder", related=request,
                   context={"request": request, "official": official, "due_date": request.due_date.isoformat()})
        _apply(request, "remind", actor=None, public=False, notify_applicant=False,
               message=f"Memento: termenul de soluționare expiră la {request.due_date:%d.%m.%Y}.")
    return request


def escalate(*, request_id) -> Request | None:
    """An overdue request goes up to the head of the department (once per due date)."""
    from primaria.institutions.selectors import heads_of

    with transaction.atomic():
        request = _lock(request_id)
        if (not allowed(request, "escalate") or request.paused_on or request.escalated_for == request.due_date
                or request.due_date >= timezone.localdate()):
            return None
        request.escalated_for = request.due_date
        heads = heads_of(request.department)
        for head in heads:
            notify(address=head.email, recipient=head, template="term_escalation", related=request,
                   context={"request": request, "official": head, "due_date": request.due_date.isoformat(),
                            "assignee": request.assignee.get_full_name() if request.assignee_id else ""})
        names = ", ".join(h.get_full_name() for h in heads) or "conducerea compartimentului"
        _apply(request, "escalate", actor=None, public=False, notify_applicant=False,
               message=f"Termenul de soluționare ({request.due_date:%d.%m.%Y}) a fost depășit; cererea a fost "
                       f"semnalată șefului compartimentului ({names}).")
    return request


def requests_due_for_reminder(today=None):
    """Open requests whose term ends within the next working days and whose handlers were not told yet."""
    today = today or timezone.localdate()
    horizon = terms.add_term(today, REMIND_WORKING_DAYS_BEFORE, terms.WORKING)
    return (Request.objects.filter(status__in=OPEN_STATUSES, paused_on__isnull=True, due_date__gte=today,
                                   due_date__lte=horizon)
            .exclude(reminded_for=F("due_date")).values_list("pk", flat=True))


def requests_due_for_escalation(today=None):
    today = today or timezone.localdate()
    return (Request.objects.filter(status__in=OPEN_STATUSES, paused_on__isnull=True, due_date__lt=today)
            .exclude(escalated_for=F("due_date")).values_list("pk", flat=True))


def note_step(*, request_id, actor, message: str, note: str = "", public: bool = True, notify_applicant: bool = False,
              ip=None, **audit) -> Request:
    """A step of the request's process happened (an opinion given, a check done): one timeline line, one
    audit entry, and optionally an e-mail to the applicant. The request's status does not change."""
    with transaction.atomic():
        request = _lock(request_id)
        _check(request, "note_step")
        _apply(request, "note_step", actor=actor, message=message, note=note, public=public,
               notify_applicant=notify_applicant, ip=ip, **audit)
    return request


def extend_term(*, actor, request_id, days: int, reason: str, ip=None) -> Request:
    """Extend the legal term where the law allows it (Legea 544/2001, OG 27/2002), once, with notice.

    The applicant is told at once, with the legal basis, the new term and the reason.
    """
    reason = (reason or "").strip()
    if len(reason) < 10:
        raise DomainError({"reason": "Motivați prelungirea (cel puțin 10 caractere); motivarea ajunge la solicitant."})
    with transaction.atomic():
        request = _lock(request_id)
        _check(request, "extend_term")
        _require_assignee(actor, request)
        rule = request.service.term_rule
        if request.extended_days:
            raise DomainError("Termenul acestei cereri a fost deja prelungit o dată.")
        start = timezone.localdate(request.submitted_at)
        try:
            terms.check_extension(rule, start, extension_days=days, notified_on=timezone.localdate())
            base = terms.service_due(request.service, start, urgent=request.urgent)
            extended = terms.service_due(request.service, start, urgent=request.urgent, extension_days=days)
        except ValueError as exc:
            raise DomainError({"days": str(exc)})
        if request.due_date == base:
            request.due_date = extended
        else:  # the term was suspended meanwhile: move the current end by the same number of days
            request.due_date = terms.add_term(request.due_date, terms.units_between(base, extended, request.term_unit),
                                              request.term_unit)
        request.extended_days = days
        legal = terms.get_rule(rule).legal_basis
        _apply(request, "extend_term", actor=actor, ip=ip, note=reason, days=days,
               message=(f"Termenul de soluționare a fost prelungit cu {days} zile, până la "
                        f"{request.due_date:%d.%m.%Y}, potrivit {legal}. Motivul: {reason}")[:500])
    return request
