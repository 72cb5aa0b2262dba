"""Every change to a request goes through this module.

Each public function runs in one transaction, locks the request row, checks the move against the
transition table, writes the timeline and the audit log, stores the notifications for the applicant
and records the event of the change (`request.<action>`, primaria.outbox) in that same transaction.
What the change implies (the process follows, the closed request is archived, the e-mail goes out, the
lists are renewed) is done by the handlers of that event, at least once, by a worker. Pages, the API, the
admin and jobs call these functions; nothing else changes a request's state.
"""

import secrets
from dataclasses import dataclass
from types import SimpleNamespace

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from primaria.accounts import NO_LOGIN, LoginContext
from primaria.accounts.models import Party, PartyKind
from primaria.audit.services import record
from primaria.catalog.models import FieldKind
from primaria.catalog.selectors import with_form
from primaria.core import metrics, terms
from primaria.core.errors import DomainError, field_errors
from primaria.core.phrases import as_phrase, phrase
from primaria.core.validators import clean_text, safe_filename
from primaria.documents.models import Document
from primaria.documents.services import files_removed_on_error, prepare_document
from primaria.institutions.models import Position, Role
from primaria.institutions.selectors import positions_of
from primaria.notifications.services import notify
from primaria.outbox.services import record as record_event
from primaria.registry import services as registry
from primaria.registry.models import Channel, Direction

from .answers import validate_answers
from .models import OPEN_STATUSES, UNREAD, Attachment, Outcome, Request, Status, TimelineEvent


@dataclass(frozen=True)
class Transition:
    sources: frozenset
    target: str | None  # None: the status does not change


TRANSITIONS = {
    "save_draft": Transition(frozenset({Status.DRAFT}), None),
    "discard": Transition(frozenset({Status.DRAFT}), None),
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

ACTION_VERBS = {  # shown in an error message: translated when shown
    "discard": gettext_lazy("ștergerea ciornei"),
    "submit": gettext_lazy("depunerea"),
    "assign": gettext_lazy("repartizarea"),
    "ask_completion": gettext_lazy("solicitarea de completări"),
    "complete": gettext_lazy("completarea"),
    "propose": gettext_lazy("trimiterea la semnare"),
    "sign": gettext_lazy("semnarea"),
    "refuse": gettext_lazy("refuzul semnării"),
    "issue": gettext_lazy("emiterea răspunsului"),
    "withdraw": gettext_lazy("retragerea"),
    "save_draft": gettext_lazy("salvarea"),
    "claim": gettext_lazy("asocierea cu contul"),
    "remind": gettext_lazy("trimiterea mementoului"),
    "note_step": gettext_lazy("înregistrarea pasului"),
    "escalate": gettext_lazy("escaladarea"),
    "extend_term": gettext_lazy("prelungirea termenului"),
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
        raise DomainError(_("Cererea nu există."))


def _read(request_id) -> Request:
    """The request as it is now, unlocked: to prepare slow work before the locked read decides."""
    request = Request.objects.select_related("service", "applicant", "institution").filter(pk=request_id).first()
    if request is None:
        raise DomainError(_("Cererea nu există."))
    return request


def _check(request: Request, action: str):
    if not allowed(request, action):
        raise DomainError(
            _("Nu se poate face %(action)s: cererea este în starea „%(status)s”.")
            % {"action": ACTION_VERBS[action], "status": request.get_status_display()}
        )


def _actor_label(actor) -> str:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return "Sistem"  # i18n: ro (kept in the record)
    return actor.get_full_name() or actor.email


def _apply(request: Request, action: str, *, actor, message, note: str = "", public: bool = True,
           notify_applicant: bool = True, ip=None, **audit):
    """Move the request, append the timeline line and the audit entry, record the event of the change.

    `message` is a Phrase (primaria.core.phrases): the line is kept in Romanian and shown in each reader's
    language; a plain text is kept and shown as written."""
    transition = TRANSITIONS[action]
    previous = request.status
    read_department, _read_status, read_applicant = getattr(request, "_read_as", (None, None, None))
    now = timezone.now()
    if transition.target is not None and transition.target != previous:
        request.status = transition.target
        request.status_changed_at = now
    request.save()
    # Reasons and notes come from people: stored without control or invisible formatting characters.
    line = as_phrase(message)
    line = type(line)(key=line.key, written=clean_text(line.written, multiline=True), params={
        k: clean_text(v, multiline=True) if isinstance(v, str) else v for k, v in line.params.items()})
    fields = line.fields()
    fields["message"] = clean_text(fields["message"], multiline=True)[:500]
    note = clean_text(note, multiline=True)
    TimelineEvent.objects.create(
        request=request, at=now, action=action, status_from=previous, status_to=request.status,
        actor=actor if getattr(actor, "is_authenticated", False) else None, actor_label=_actor_label(actor),
        department=request.department, note=note, public=public, **fields,
    )
    record(actor=actor, action=f"request.{action}", target=request, institution_id=request.institution_id,
           ip_address=ip, status_from=previous, status_to=request.status, **audit)
    if public and notify_applicant and request.status != Status.DRAFT:
        _notify_applicant(request, fields)
    record_event(
        f"request.{action}", request, request_id=request.pk, action=action, status_from=previous,
        status=request.status, department_id=request.department_id, applicant_id=request.applicant_id,
        # Where the request was when it was read: the lists it left are renewed too.
        departments=sorted({request.department_id, read_department} - {None, UNREAD}),
        applicants=sorted({request.applicant_id, read_applicant} - {None, UNREAD}),
        everyone=UNREAD in (read_department, read_applicant),
    )


def applicant_email(request: Request) -> str:
    if request.filed_by_id and request.filed_by.email:
        return request.filed_by.email
    return request.applicant.email


def _notify_applicant(request: Request, line: dict):
    notify(
        address=applicant_email(request),
        recipient=request.filed_by,
        template="request_changed",
        # What the message says is fixed now; the e-mail is rendered later, when the request may have moved on.
        # The line goes as its phrase (key and values) and the status as its code: both are written in the
        # recipient's language when the message is rendered.
        context={"request": request, "message": line["message"], "message_key": line["message_key"],
                 "message_params": line["message_params"], "status": request.status,
                 "due_date": request.due_date.isoformat() if request.due_date and not request.paused_on else ""},
        related=request,
    )


# --- permissions inside the domain ---------------------------------------------------------------


def _require_applicant(actor, request: Request):
    from primaria.core import rules

    rules.require(actor, request, "act_for_applicant")


def _official_positions(actor, request: Request, roles):
    from primaria.core import rules

    return rules.official_positions(actor, request, roles)


def _require_official(actor, request: Request, *roles):
    from primaria.core import rules

    rules.require_position(actor, request, *roles)


# --- applicant ------------------------------------------------------------------------------------


@transaction.atomic
def start_draft(*, actor, party: Party, service, login: LoginContext | None = None) -> Request:
    """Open a draft for `party` (the actor, or a party they hold a mandate in force for, whose scope covers
    the service)."""
    from primaria.core import rules

    rules.require(actor, Request(applicant=party, service=service), "start")
    if not service.active:
        raise DomainError(_("Serviciul nu mai este disponibil online."))
    if not service.accepts(party):
        if party.is_company:
            raise DomainError(_("Serviciul „%(service)s” nu poate fi solicitat de persoane juridice.")
                              % {"service": service.name})
        raise DomainError(_("Serviciul „%(service)s” nu poate fi solicitat de persoane fizice.") % {"service": service.name})
    login = login or NO_LOGIN
    request = Request.objects.create(
        institution=service.institution, service=service, applicant=party, filed_by=actor,
        department=service.department, term_unit=service.term_unit,
        login_method=login.method, assurance_level=login.loa,
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
    with files_removed_on_error():
        # The slow part first, with no row locked: parse and store the files (the request is read unlocked
        # only to know its slots; the locked read below decides).
        unlocked = _read(request_id)
        _require_applicant(actor, unlocked)
        prepared, file_errors = _prepare_uploads(uploads, _attachment_slots(unlocked.service), actor=actor,
                                                 owner=unlocked.applicant, institution=unlocked.institution,
                                                 source=Document.Source.UPLOADED)
        with transaction.atomic():
            return _save_draft(actor=actor, request_id=request_id, answers=answers, prepared=prepared,
                               file_errors=file_errors, reuse=reuse, urgent=urgent, remove=remove, ip=ip)


def _prepare_uploads(uploads, slots, *, actor, owner, institution, source) -> tuple[dict, dict]:
    """Check and store each uploaded file of a known slot: ({slot: unsaved Document}, {slot: message})."""
    prepared, errors = {}, {}
    for key, uploaded in (uploads or {}).items():
        slot = slots.get(key) if slots is not None else {"document_type": None, "allowed_kinds": None,
                                                           "max_size_mb": None, "title": None}
        if slot is None or uploaded is None:
            continue
        try:
            prepared[key] = prepare_document(
                owner=owner, institution=institution, uploaded=uploaded, source=source,
                document_type=slot["document_type"], created_by=actor, allowed_kinds=slot["allowed_kinds"],
                max_size_mb=slot["max_size_mb"],
                title=slot["title"] or f"Completare – {safe_filename(uploaded.name)}"[:250],
            )
        except ValidationError as exc:
            errors[key] = exc.messages[0]
    return prepared, errors


def _save_draft(*, actor, request_id, answers, prepared, file_errors, reuse, urgent, remove, ip) -> Request:
    from primaria.core import rules

    request = _lock(request_id)
    _require_applicant(actor, request)
    _check(request, "save_draft")
    if any(document.owner_id != request.applicant_id for document in prepared.values()):
        raise DomainError(_("Cererea a fost asociată între timp altui solicitant; reîncărcați pagina."))
    service = with_form(request.service)
    cleaned, errors = validate_answers(service, answers, require_all=False)
    errors.update(file_errors)
    if urgent and not service.offers_urgent:
        errors["urgent"] = _("Acest serviciu nu are regim de urgență.")
    slots = _attachment_slots(service)
    for key in remove or []:
        if key in slots:
            request.attachments.filter(**slots[key]["lookup"]).delete()
    for key, document_id in (reuse or {}).items():
        if not document_id:
            continue
        slot = slots.get(key)
        document = Document.objects.filter(public_id=document_id, owner=request.applicant).first() if slot else None
        if document is not None and not rules.documents_visible_to(actor, Document.objects.filter(pk=document.pk)).exists():
            document = None  # in the folder, but not for this mandate's services
        if document is None or not document.is_valid_on(timezone.localdate()):
            errors[key] = _("Documentul ales nu se află în dosarul dumneavoastră sau nu mai este valabil.")
            continue
        if slot["required_document"] and document.document_type_id != slot["required_document"].document_type_id:
            errors[key] = _("Documentul ales nu este de tipul cerut.")
            continue
        request.attachments.filter(**slot["lookup"]).delete()
        Attachment.objects.create(request=request, document=document, reused=True, **slot["lookup"])
    if errors:
        raise DomainError(errors)
    for key, document in prepared.items():
        slot = slots[key]
        document.save()
        request.attachments.filter(**slot["lookup"]).delete()
        Attachment.objects.create(request=request, document=document, **slot["lookup"])
    request.data = {**request.data, **cleaned}
    for name in set(answers) - set(cleaned):
        request.data.pop(name, None)
    request.urgent = bool(urgent)
    _apply(request, "save_draft", actor=actor, message=phrase(gettext_noop("Ciorna a fost salvată.")), public=False,
           ip=ip)
    return request


PROOF_OF_PAYMENT = "dovada_plata"  # the document type a paid-online fee makes optional


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
            "allowed_kinds": None, "max_size_mb": None,
            # A fee the platform collects (payments, "taxa-serviciu") needs no proof of payment.
            "required": required.required and not (
                service.fee > 0 and required.document_type.code == PROOF_OF_PAYMENT),
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
            errors[key] = _("Atașați documentul „%(document)s” sau alegeți-l din dosarul dumneavoastră.") % {
                "document": slot["label"]}
    return errors


def _mandate_used(actor, request: Request):
    """The mandate under which the actor acts for the request's applicant now, locked so that a revocation
    waits for the filing (or the filing sees it); None when they act for themselves."""
    from primaria.accounts.models import Representation
    from primaria.accounts.selectors import acting_entry, in_force

    entry = acting_entry(actor, request.applicant)
    if entry is None or entry.mandate_id is None:
        return None
    mandate = (Representation.objects.select_for_update(of=("self",)).filter(in_force(), pk=entry.mandate_id)
               .select_related("company").first())
    if mandate is None:
        raise PermissionDenied(_("Mandatul în numele acestui solicitant nu mai este în vigoare."))
    return mandate


def on_behalf(actor, request: Request, mandate) -> dict | None:
    """Who acted and for whom, as the applicant's timeline says it (the phrase's values: actor, applicant,
    mandate, company); None when the applicant acted themselves."""
    if mandate is None or not getattr(actor, "is_authenticated", False):
        return None
    return {"actor": _actor_label(actor), "applicant": request.applicant.name, "mandate": mandate.number,
            "company": request.applicant.is_company}


def _behalf_phrase(behalf: dict, company_key: str, person_key: str, **params):
    """The line of an action taken under a mandate: the firm's name as it is, a person's after "lui"."""
    values = {k: v for k, v in behalf.items() if k != "company"}
    return phrase(company_key if behalf["company"] else person_key, **values, **params)


def submit(*, actor, request_id, ip=None, login: LoginContext | None = None) -> Request:
    """Register a complete draft: it gets its number and term at once and goes to the competent department.

    The request records who filed it (`filed_by`), under which mandate when that is not the applicant, and
    how they had signed in (`login`: accounts.login_context)."""
    login = login or NO_LOGIN
    with transaction.atomic():
        request = _lock(request_id)
        _require_applicant(actor, request)
        if request.status != Status.DRAFT and request.registry_entry_id:
            # Submitted already, by this request or an earlier one whose answer was lost on the way: the
            # client gets the registration it has, not an error (submitting is idempotent).
            request.already_submitted = True
            return request
        _check(request, "submit")
        if not actor.email_verified:
            raise DomainError(_("Confirmați mai întâi adresa de e-mail a contului (linkul din e-mailul primit)."))
        attachments = list(request.attachments.select_related("document"))
        errors = missing_items(request, attachments)
        if errors:
            raise DomainError(errors)
        mandate = _mandate_used(actor, request)
        request.filed_by, request.mandate = actor, mandate
        request.login_method, request.assurance_level = login.method, login.loa
        _register_inbound(request, actor=actor, attachments=attachments)
        department = request.department
        behalf = on_behalf(actor, request, mandate)
        values = {"number": request.reference, "department": department.name,
                  "due_date": f"{request.due_date:%d.%m.%Y}"}
        _apply(
            request, "submit", actor=actor, ip=ip,
            message=_behalf_phrase(
                behalf,
                gettext_noop("Depusă de %(actor)s în numele %(applicant)s (mandat nr. %(mandate)s). Cererea a fost "
                             "înregistrată cu nr. %(number)s și trimisă la %(department)s. Termenul de soluționare "
                             "este %(due_date)s."),
                gettext_noop("Depusă de %(actor)s în numele lui %(applicant)s (mandat nr. %(mandate)s). Cererea a "
                             "fost înregistrată cu nr. %(number)s și trimisă la %(department)s. Termenul de "
                             "soluționare este %(due_date)s."),
                **values,
            ) if behalf else phrase(
                gettext_noop("Cererea a fost înregistrată cu nr. %(number)s și trimisă la %(department)s. Termenul "
                             "de soluționare este %(due_date)s."), **values),
            filed_by=actor.pk, mandate=mandate.pk if mandate else None, login_method=login.method,
            assurance_level=login.loa,
        )
    return request


def _register_inbound(request: Request, *, actor, attachments=None, department=None):
    service = request.service
    if attachments is None:
        attachments = list(request.attachments.select_related("document"))
    department = department or service.department
    if request.department_id != department.pk:
        request.department = department
    pages = 1 + sum(a.document.pages for a in attachments)
    metrics.count_filing(request.channel)
    entry = registry.register(
        institution=request.institution, direction=Direction.INBOUND,
        channel=request.channel if request.channel in (Channel.COUNTER, Channel.INTERNAL) else Channel.ONLINE,
        summary=f"{service.name}{' (urgent)' if request.urgent else ''}",
        sender=f"{request.applicant.name} ({request.applicant.masked_identifier})", pages=pages,
        annexes=f"{len(attachments)} anexe" if attachments else "", department=request.department, actor=actor,
    )
    now = entry.registered_at  # one moment for the number, the filing and the start of the term
    request.registry_entry = entry
    request.submitted_at = now
    request.term_unit = terms.rule_unit(service.term_rule)
    try:
        request.due_date = terms.service_due(service, timezone.localdate(now), urgent=request.urgent)
    except ValueError as exc:  # a service configured against the law: say so instead of guessing a term
        raise DomainError(str(exc))


def complete(*, actor, request_id, answers: dict, uploads: dict | None = None, reply: str = "", ip=None) -> Request:
    """The applicant answers a request for completion; the legal term runs again from today."""
    with files_removed_on_error():
        unlocked = _read(request_id)
        _require_applicant(actor, unlocked)
        prepared, file_errors = _prepare_uploads(uploads, None, actor=actor, owner=unlocked.applicant,
                                                 institution=unlocked.institution, source=Document.Source.UPLOADED)
        with transaction.atomic():
            return _complete(actor=actor, request_id=request_id, answers=answers, prepared=prepared,
                             file_errors=file_errors, reply=reply, ip=ip)


def _complete(*, actor, request_id, answers, prepared, file_errors, reply, ip) -> Request:
    request = _lock(request_id)
    _require_applicant(actor, request)
    _check(request, "complete")
    cleaned, errors = validate_answers(request.service, answers, require_all=False)
    errors.update(file_errors)
    stored = list(prepared.values())
    if not reply.strip() and not stored and not cleaned:
        errors.setdefault("reply", _("Scrieți un răspuns sau atașați documentele cerute."))
    if errors:
        raise DomainError(errors)
    for document in stored:
        document.save()
        Attachment.objects.create(request=request, document=document, field_name="completare")
    request.data = {**request.data, **cleaned}
    _resume_term(request)
    request.completion_request = ""
    behalf = on_behalf(actor, request, _mandate_used(actor, request))
    _apply(
        request, "complete", actor=actor, ip=ip, note=reply.strip(),
        message=_behalf_phrase(
            behalf,
            gettext_noop("Completări trimise de %(actor)s în numele %(applicant)s (mandat nr. %(mandate)s). Cererea "
                         "se află din nou în analiză la %(department)s; termenul de soluționare este acum "
                         "%(due_date)s."),
            gettext_noop("Completări trimise de %(actor)s în numele lui %(applicant)s (mandat nr. %(mandate)s). "
                         "Cererea se află din nou în analiză la %(department)s; termenul de soluționare este acum "
                         "%(due_date)s."),
            department=request.department.name, due_date=f"{request.due_date:%d.%m.%Y}",
        ) if behalf else phrase(
            gettext_noop("Ați trimis completările. Cererea se află din nou în analiză la %(department)s; termenul "
                         "de soluționare este acum %(due_date)s."),
            department=request.department.name, due_date=f"{request.due_date:%d.%m.%Y}"),
    )
    return request


def discard_draft(*, actor, request_id, ip=None) -> None:
    """The applicant throws away a draft: the row, its timeline and attachments go, and the files uploaded
    for it that nothing else needs (not reused by a filed request, not a mandate's proof) are removed from
    storage by the outbox. A filed request is never deleted (core.models.ProtectedRecord)."""
    from primaria.documents.services import discard_uploads

    with transaction.atomic():
        request = _lock(request_id)
        _check(request, "discard")
        _require_applicant(actor, request)
        documents = list(request.attachments.values_list("document_id", flat=True))
        record(actor=actor, action="request.discard", target=request, institution_id=request.institution_id,
               ip_address=ip, service=request.service.name)
        record_event("request.discard", request, request_id=request.pk, action="discard", status_from=Status.DRAFT,
                     status=Status.DRAFT, department_id=request.department_id,
                     applicant_id=request.applicant_id, departments=[], applicants=[request.applicant_id])
        request.delete()
        discard_uploads(owner=request.applicant, document_ids=documents, actor=actor)


def withdraw(*, actor, request_id, reason: str = "", ip=None) -> Request:
    with transaction.atomic():
        request = _lock(request_id)
        _require_applicant(actor, request)
        _check(request, "withdraw")
        request.paused_on = None
        behalf = on_behalf(actor, request, _mandate_used(actor, request))
        _apply(request, "withdraw", actor=actor, ip=ip, note=reason,
               message=_behalf_phrase(
                   behalf,
                   gettext_noop("Cererea a fost retrasă de %(actor)s în numele %(applicant)s (mandat nr. "
                                "%(mandate)s). Nu mai este necesar niciun demers."),
                   gettext_noop("Cererea a fost retrasă de %(actor)s în numele lui %(applicant)s (mandat nr. "
                                "%(mandate)s). Nu mai este necesar niciun demers."),
               ) if behalf else phrase(gettext_noop("Ați retras cererea. Nu mai este necesar niciun demers.")))
        registry.close(entry=request.registry_entry, outcome="Retrasă de solicitant", actor=actor)  # i18n: ro (the register)
    return request


def claim(*, actor, reference: str, claim_code: str, ip=None) -> Request:
    """A person who filed on paper at the counter adds that request to their online account."""
    from primaria.accounts.selectors import person_of

    person = person_of(actor)
    if person is None:
        raise DomainError(_("Doar un cont de persoană fizică poate revendica o cerere depusă la ghișeu."))
    number = reference.split("/")[0].strip()
    candidate = Request.objects.filter(
        registry_entry__number=number if number.isdigit() else -1, claim_code=claim_code.strip().upper(),
        channel=Channel.COUNTER,
    ).exclude(claim_code="").first()
    if candidate is None:
        raise DomainError(_("Numărul de înregistrare sau codul de revendicare nu sunt corecte."))
    with transaction.atomic():
        request = _lock(candidate.pk)
        _check(request, "claim")
        from primaria.core import rules

        rules.require(actor, request, "claim")
        previous = request.applicant
        moved = [a.document_id for a in request.attachments.all()]
        if request.answer_document_id:
            moved.append(request.answer_document_id)
        Document.objects.filter(pk__in=moved, owner=previous).update(owner=person)
        request.applicant = person
        request.filed_by = actor
        request.claim_code = ""
        _apply(request, "claim", actor=actor, ip=ip, notify_applicant=False,
               message=phrase(gettext_noop("Cererea depusă la ghișeu a fost asociată contului dumneavoastră.")))
    return request


# --- counter (registratură) -------------------------------------------------------------------------


def file_at_counter(*, actor, service, identity: dict, answers: dict, uploads: dict, urgent=False, ip=None,
                    kept=None, file_errors=None, cashier_receipt: str | None = None) -> Request:
    """A registry clerk registers a paper request for someone without an account; returns it submitted.

    `kept` holds the files kept from an earlier submit of the form ({slot: StagedUpload}), which become the
    request's documents as they are; `file_errors` the files the form refused ({slot: message}). Every error
    (applicant, answers, files, missing documents) is raised at once. `cashier_receipt`, for a service with a
    fee, is the number of the receipt the cashier gave when the fee was paid there (None: the fee stays owed);
    the payment is recorded in the filing's transaction."""
    from primaria.core import validators

    from . import staging

    if not any(p.role == Role.REGISTRY_CLERK and p.department.institution_id == service.institution_id
               for p in positions_of(actor)):
        raise PermissionDenied(_("Doar registratura poate înregistra cereri la ghișeu."))
    errors = {}
    kind = identity.get("kind", PartyKind.PERSON)
    name = clean_text(identity.get("name") or "").strip()
    if len(name) < 3:
        errors["name"] = _("Scrieți numele complet al solicitantului.")
    check_identifier = validators.clean_cui if kind == PartyKind.COMPANY else validators.clean_cnp
    identifier = validators.collect(errors, "identifier", check_identifier, identity.get("identifier", ""))
    email = (identity.get("email") or "").strip()
    if email:
        email = validators.collect(errors, "email", validators.clean_email, email)
    phone = (identity.get("phone") or "").strip()
    if phone:
        phone = validators.collect(errors, "phone", validators.clean_phone, phone)
    address = clean_text(identity.get("address") or "").strip()
    if len(address) < 5:
        errors["address"] = _("Scrieți adresa de domiciliu sau sediul solicitantului.")
    if cashier_receipt is not None:
        from primaria.payments.services import clean_cashier_receipt

        try:
            cashier_receipt = clean_cashier_receipt(cashier_receipt)
        except DomainError as exc:
            errors.update(field_errors(exc))
    slots = _attachment_slots(service)
    kept = {key: staged for key, staged in (kept or {}).items() if key in slots}
    if errors:
        # The applicant's data is wrong: say at once what else is wrong too, and save nothing.
        _cleaned, answer_errors = validate_answers(with_form(service), answers, require_all=True)
        errors.update(answer_errors)
        if urgent and not service.offers_urgent:
            errors["urgent"] = _("Acest serviciu nu are regim de urgență.")
        for key, slot in slots.items():
            if slot["required"] and key not in kept and not (uploads or {}).get(key):
                errors[key] = _("Atașați documentul „%(document)s”.") % {"document": slot["label"]}
        errors.update(file_errors or {})
        raise DomainError(errors)
    with files_removed_on_error():
        # The scanned papers are checked and stored before anything is locked; the owner is set below.
        prepared, upload_errors = _prepare_uploads(uploads, slots, actor=actor, owner=None,
                                                   institution=service.institution, source=Document.Source.COUNTER)
        for key, staged in kept.items():
            if key not in prepared:
                prepared[key] = staging.as_document(staged, slot=slots[key], clerk=actor)
        upload_errors.update(file_errors or {})
        with transaction.atomic():
            staging.consume(staged.pk for key, staged in kept.items() if prepared[key].public_id == staged.document_id)
            return _file_at_counter(actor=actor, service=service, kind=kind, identifier=identifier, name=name,
                                    email=email, phone=phone, address=address, answers=answers, urgent=urgent,
                                    slots=slots, prepared=prepared, errors=upload_errors, ip=ip,
                                    cashier_receipt=cashier_receipt)


def _file_at_counter(*, actor, service, kind, identifier, name, email, phone, address, answers, urgent, slots,
                     prepared, errors, ip, cashier_receipt=None) -> Request:
    party = _counter_party(kind=kind, identifier=identifier, name=name, email=email, phone=phone, address=address)
    if not service.accepts(party):
        raise DomainError({"service": _("Serviciul „%(service)s” nu poate fi solicitat de acest tip de solicitant.")
                           % {"service": service.name}})
    request = Request.objects.create(
        institution=service.institution, service=service, applicant=party, filed_by=party.user,
        department=service.department, term_unit=service.term_unit, channel=Channel.COUNTER,
        claim_code="" if party.user_id else secrets.token_hex(4).upper(),
    )
    cleaned, answer_errors = validate_answers(service, answers, require_all=True)
    errors.update(answer_errors)
    if urgent and not service.offers_urgent:
        errors["urgent"] = _("Acest serviciu nu are regim de urgență.")
    for key, document in prepared.items():
        document.owner = party
        document.save()
        Attachment.objects.create(request=request, document=document, **slots[key]["lookup"])
    request.data = cleaned
    request.urgent = bool(urgent)
    errors = {**missing_items(request), **errors}
    if errors:
        raise DomainError(errors)
    _register_inbound(request, actor=actor)
    _apply(
        request, "submit", actor=actor, ip=ip,
        message=phrase(
            gettext_noop("Cererea a fost depusă la ghișeu, înregistrată cu nr. %(number)s și trimisă la "
                         "%(department)s. Termenul de soluționare este %(due_date)s."),
            number=request.reference, department=request.department.name, due_date=f"{request.due_date:%d.%m.%Y}"),
    )
    if cashier_receipt:
        from primaria.payments.services import record_cashier_fees

        record_cashier_fees(actor=actor, request=request, receipt=cashier_receipt, ip=ip)
    return request


def file_for(*, actor, service, party: Party, department, answers: dict, origin: str, ip=None) -> Request:
    """An office files a request for a person it already knows, straight into the competent department's inbox
    (what an audience decided, an audience request sent to the department): numbered and with its term at once.

    `origin` says where it came from, in the applicant's timeline ("în urma audienței nr. 12/06.12.2026").
    Runs in the caller's transaction when there is one."""
    if department.institution_id != service.institution_id:
        raise DomainError({"department": _("Compartimentul nu aparține instituției serviciului.")})
    cleaned, errors = validate_answers(with_form(service), answers, require_all=True)
    if errors:
        raise DomainError(errors)
    with transaction.atomic():
        request = Request.objects.create(
            institution=service.institution, service=service, applicant=party, filed_by=party.user,
            department=department, term_unit=service.term_unit, channel=Channel.INTERNAL, data=cleaned,
        )
        _register_inbound(request, actor=actor, attachments=[], department=department)
        _apply(
            request, "submit", actor=actor, ip=ip,
            message=phrase(
                gettext_noop("Cererea a fost înregistrată %(origin)s cu nr. %(number)s și trimisă la %(department)s. "
                             "Termenul de soluționare este %(due_date)s."),
                origin=origin, number=request.reference, department=department.name,
                due_date=f"{request.due_date:%d.%m.%Y}"),
        )
    return request


def _counter_party(*, kind, identifier, name, email, phone, address) -> Party:
    if kind == PartyKind.COMPANY:
        party, _created = Party.objects.get_or_create(
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
                raise DomainError(_("Cererea este deja repartizată altui specialist."))
        else:
            _require_official(actor, request, Role.HEAD)
        if not Position.objects.filter(
            user=assignee, department=request.department, role__in=[Role.SPECIALIST, Role.HEAD], active=True
        ).exists():
            raise DomainError(_("Persoana aleasă nu lucrează în compartimentul competent."))
        previous = request.assignee
        request.assignee = assignee
        if previous is None:
            _apply(
                request, "assign", actor=actor, ip=ip, assignee=assignee.pk,
                message=phrase(gettext_noop("Documentele sunt verificate de un specialist din %(department)s."),
                               department=request.department.name),
                notify_applicant=request.status == Status.REGISTERED,
            )
        else:
            # A reassignment changes nothing the applicant waits for: one internal line says who took over.
            _apply(
                request, "assign", actor=actor, ip=ip, assignee=assignee.pk, previous_assignee=previous.pk,
                message=phrase(gettext_noop("Cererea trece de la %(previous)s la %(assignee)s."),
                               previous=_actor_label(previous), assignee=_actor_label(assignee)),
                public=False,
            )
    return request


def ask_completion(*, actor, request_id, what: str, ip=None) -> Request:
    """Ask the applicant to complete the request; the legal term is paused until they answer."""
    from primaria.core.rules import require_reason

    what = require_reason(what, field="what", what=_("Explicați solicitantului ce trebuie să completeze"),
                          to_applicant=True)
    with transaction.atomic():
        request = _lock(request_id)
        _check(request, "ask_completion")
        _require_assignee(actor, request)
        request.completion_request = what
        request.paused_on = timezone.localdate()
        _apply(
            request, "ask_completion", actor=actor, ip=ip, note=what,
            message=phrase(
                gettext_noop("Cererea are nevoie de completări. Mesajul specialistului: „%(what)s” Termenul de "
                             "soluționare este suspendat până când trimiteți completările."),
                what=_sentence(what)),
        )
    return request


def _sentence(text: str) -> str:
    """A person's text quoted inside ours: trimmed, ending with its own full stop."""
    text = text.strip()
    return text if text[-1:] in ".!?…" else text + "."


def _require_assignee(actor, request):
    from primaria.core import rules

    rules.require(actor, request, "handle")


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
        SimpleNamespace(role=Role.SPECIALIST, function="", capacity="Întocmit"),  # i18n: ro (printed on the answer)
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
            raise DomainError(_("Nu există un funcționar activ pentru semnătura „%(capacity)s”.")
                              % {"capacity": signer.capacity})
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
        body = (  # i18n: ro (the answer is a legal record)
            f"<p>Ca urmare a cererii dumneavoastră înregistrate la nr. {escape(entry.reference)}, privind "
            f"„{escape(request.service.name)}”, vă comunicăm că aceasta nu poate fi admisă, pentru următoarele "
            f"motive:</p>{linebreaks(resolution)}<p>Împotriva acestui răspuns puteți formula plângere prealabilă "
            "în termen de 30 de zile, potrivit Legii contenciosului administrativ nr. 554/2004.</p>"
        )
    else:
        template = DocumentTemplate.objects.filter(service=request.service, kind=TemplateKind.ANSWER, active=True).first()
        body = render_body(template.body_html, context) if template else linebreaks(
            f"Cererea dumneavoastră înregistrată la nr. {entry.reference} a fost admisă.")  # i18n: ro (legal record)
        if resolution:
            body += linebreaks(resolution)
    if extra:
        body += linebreaks(extra)
    return body


def propose(*, actor, request_id, outcome: str, resolution: str = "", extra_text: str = "", ip=None) -> Request:
    """The specialist drafts the answer from the service's template and sends it into the signature sequence.

    The answer gets its outbound number now (it is printed on the document before anyone signs); a new
    version after a refusal keeps that number, and so does a retry after a draft that could not be rendered.
    """
    from primaria.documents import issuing
    from primaria.documents.models import DocumentTemplate, OutgoingDocument, TemplateKind

    errors = {}
    if outcome not in (Outcome.GRANTED, Outcome.REJECTED):
        errors["outcome"] = _("Alegeți soluția propusă: admisă sau respinsă.")
    resolution, extra_text = (resolution or "").strip(), (extra_text or "").strip()
    if outcome == Outcome.REJECTED:
        from primaria.core.rules import reason_problem

        problem = reason_problem(resolution, what=_("Motivați respingerea"), to_applicant=True)
        if problem:
            errors["resolution"] = problem
    if errors:
        raise DomainError(errors)
    with files_removed_on_error():
        # 1. A short transaction checks the move and takes the answer's number (committed at once, so the
        #    register's counter is never held while a PDF is rendered).
        with transaction.atomic():
            request = _lock(request_id)
            _check(request, "propose")
            _require_assignee(actor, request)
            waiting = blocked_by(request, "propose")
            if waiting:
                raise DomainError(waiting)
            if outcome == Outcome.GRANTED:
                from primaria.core.rules import fee_unpaid

                unpaid = fee_unpaid(request)
                if unpaid:
                    raise DomainError({"outcome": unpaid})
            signers = answer_signers(request)
            template = DocumentTemplate.objects.filter(service=request.service, kind=TemplateKind.ANSWER,
                                                       active=True).first()
            previous = request.outgoing_documents.exclude(status=OutgoingDocument.Status.SUPERSEDED) \
                .order_by("-pk").first()
            reserved = request.outbound_entry if (
                previous is None and request.outbound_entry_id
                and not OutgoingDocument.objects.filter(registry_entry_id=request.outbound_entry_id).exists()) else None
            recipient = f"{request.applicant.name}, {request.applicant.address}".strip(", ")
            draft = issuing.plan(
                actor=actor, institution=request.institution, department=request.department, kind=TemplateKind.ANSWER,
                signers=signers, summary=f"Răspuns la cererea nr. {request.reference} – {request.service.name}",  # i18n: ro
                recipient=recipient, request=request, replaces=previous, entry=reserved,
            )
            if request.outbound_entry_id != draft.entry_id:
                request.outbound_entry_id = draft.entry_id  # a retry after a failed render reuses the number
                request.save(update_fields=["outbound_entry"])
            title = (template.title if template else "") or request.service.answer_title \
                or f"Răspuns – {request.service.name}"  # i18n: ro (the answer's title)
            body_html = _answer_body(request, outcome, resolution, extra_text)
            css = template.css if template else ""
        # 2. The PDF under the letterhead, with no lock held.
        pdf_name = issuing.render(draft, institution=request.institution, department=request.department,
                                  title=title, body_html=body_html, css=css, recipient=recipient)
        # 3. A short transaction re-checks the request and opens the signature sequence.
        with transaction.atomic():
            request = _lock(request_id)
            _check(request, "propose")
            _require_assignee(actor, request)
            document = issuing.open_sequence(draft, actor=actor, institution=request.institution,
                                             department=request.department, kind=TemplateKind.ANSWER, title=title,
                                             pdf_name=pdf_name, request=request)
            request.proposed_outcome = outcome
            request.resolution_text = resolution
            request.outbound_entry = document.registry_entry
            user, _function, capacity = signers[0]
            _apply(
                request, "propose", actor=actor, ip=ip, outcome=outcome, document=document.pk,
                message=phrase(gettext_noop("Răspunsul a fost redactat și așteaptă semnătura: %(capacity)s (%(name)s)."),
                               capacity=capacity, name=user.get_full_name()),
            )
    return request


def sign(*, actor, request_id, ip=None) -> Request:
    """The official whose turn it is signs the answer; after the last signature it is issued and delivered.

    The signature (the key, a remote signing service, the timestamp authority) is made with no row locked;
    then a short transaction re-checks that the request and the document are as they were and stores it.
    """
    from primaria.documents import issuing
    from primaria.documents.models import OutgoingDocument
    from primaria.documents.services import store_generated

    with files_removed_on_error():
        request = _read(request_id)
        _check(request, "sign")
        current = request.outgoing_documents.filter(status=OutgoingDocument.Status.SIGNING).order_by("-pk").first()
        if current is None:
            raise DomainError(_("Nu există niciun răspuns de semnat pentru această cerere."))
        turn, pdf = issuing.take_turn(actor=actor, document_id=current.pk)
        signed_name, signed = issuing.make_signature(actor=actor, turn=turn, pdf=pdf)
        answer = None
        if turn.last:  # the copy for the applicant's folder is written now too, outside the lock
            answer = store_generated(owner=request.applicant, institution=request.institution, data=signed,
                                     title=current.title, source=Document.Source.ISSUED, created_by=actor,
                                     filename=f"{current.verification_code}.pdf", save=False)
            answer.document_type, answer.valid_until = _issued_as(request, answer.issued_on)
        with transaction.atomic():
            request = _lock(request_id)
            _check(request, "sign")
            document, step, following = issuing.record_signature(actor=actor, turn=turn, signed_name=signed_name,
                                                                 signed=signed)
            if following is not None:
                _apply(request, "sign", actor=actor, ip=ip, step=step.order,
                       message=phrase(
                           gettext_noop("Răspunsul a fost semnat de %(capacity)s (%(name)s); urmează semnătura: "
                                        "%(next_capacity)s (%(next_name)s)."),
                           capacity=step.signed_capacity or step.capacity, name=actor.get_full_name(),
                           next_capacity=following.capacity, next_name=following.signer.get_full_name()))
            else:
                answer.owner = request.applicant  # the applicant now, should the request have been claimed
                answer.save()
                _issue_answer(request, document, answer, actor=actor, ip=ip)
    return request


def _issued_as(request: Request, issued_on):
    """What a favourable answer is in the applicant's folder (its document type) and until when it is valid,
    as the service's answer template says; a refusal is only a letter: no type, no validity."""
    from primaria.documents.models import DocumentTemplate, TemplateKind

    if request.proposed_outcome != Outcome.GRANTED:
        return None, None
    template = (DocumentTemplate.objects.filter(service=request.service_id, kind=TemplateKind.ANSWER, active=True)
                .select_related("issued_type").first())
    if template is None or template.issued_type is None:
        return None, None
    months = template.validity_months
    return template.issued_type, terms.add_months(issued_on, months) if months else None


def _issue_answer(request: Request, document, answer, *, actor, ip):
    document.issued_document = answer
    document.save(update_fields=["issued_document"])
    entry = document.registry_entry
    entry.document = answer
    entry.pages = answer.pages
    entry.outcome = "Transmis electronic în dosarul solicitantului"  # i18n: ro (the register)
    entry.closed_at = timezone.now()
    entry.save(update_fields=["document", "pages", "outcome", "closed_at"])
    request.answer_document = answer
    request.outcome = request.proposed_outcome
    request.resolved_at = timezone.now()
    request.paused_on = None
    verdict = "admisă" if request.outcome == Outcome.GRANTED else "respinsă"  # i18n: ro (the register)
    registry.close(entry=request.registry_entry, outcome=f"Soluționată ({verdict}) prin nr. {entry.reference}",  # i18n: ro
                   actor=actor)
    if request.outcome == Outcome.GRANTED:
        message = phrase(gettext_noop("Cererea a fost soluționată: admisă. Răspunsul semnat nr. %(number)s se află "
                                      "în dosarul dumneavoastră și poate fi descărcat."), number=entry.reference)
    elif request.resolution_text:
        message = phrase(gettext_noop("Cererea a fost soluționată: respinsă. Răspunsul semnat nr. %(number)s se află "
                                      "în dosarul dumneavoastră și poate fi descărcat. Motivul: %(reason)s"),
                         number=entry.reference, reason=request.resolution_text[:300])
    else:
        message = phrase(gettext_noop("Cererea a fost soluționată: respinsă. Răspunsul semnat nr. %(number)s se află "
                                      "în dosarul dumneavoastră și poate fi descărcat."), number=entry.reference)
    _apply(request, "issue", actor=actor, ip=ip, message=message, outbound=entry.number,
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
            raise DomainError(_("Nu există niciun răspuns de semnat pentru această cerere."))
        _document, step = issuing.refuse(actor=actor, document_id=current.pk, reason=reason)
        request.proposed_outcome = ""
        _apply(request, "refuse", actor=actor, ip=ip, note=step.reason, notify_applicant=False,
               message=phrase(gettext_noop("Răspunsul a fost returnat spre refacere de %(capacity)s (%(name)s). "
                                           "Motivul: %(reason)s"),
                              capacity=step.capacity, name=actor.get_full_name(), reason=step.reason))
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
               message=phrase(gettext_noop("Memento: termenul de soluționare expiră la %(due_date)s."),
                              due_date=f"{request.due_date:%d.%m.%Y}"))
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
        names = ", ".join(h.get_full_name() for h in heads)
        _apply(request, "escalate", actor=None, public=False, notify_applicant=False,
               message=phrase(gettext_noop("Termenul de soluționare (%(due_date)s) a fost depășit; cererea a fost "
                                           "semnalată șefului compartimentului (%(names)s)."),
                              due_date=f"{request.due_date:%d.%m.%Y}", names=names) if names else phrase(
                   gettext_noop("Termenul de soluționare (%(due_date)s) a fost depășit; cererea a fost semnalată "
                                "șefului compartimentului (conducerea compartimentului)."),
                   due_date=f"{request.due_date:%d.%m.%Y}"))
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


def note_step(*, request_id, actor, message, note: str = "", public: bool = True, notify_applicant: bool = False,
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
    from primaria.core.rules import require_reason

    reason = require_reason(reason, field="reason", what=_("Motivați prelungirea"), to_applicant=True)
    with transaction.atomic():
        request = _lock(request_id)
        _check(request, "extend_term")
        _require_assignee(actor, request)
        rule = request.service.term_rule
        if request.extended_days:
            raise DomainError(_("Termenul acestei cereri a fost deja prelungit o dată."))
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
               message=phrase(gettext_noop("Termenul de soluționare a fost prelungit cu %(days)s zile, până la "
                                           "%(due_date)s, potrivit %(legal)s. Motivul: %(reason)s"),
                              days=days, due_date=f"{request.due_date:%d.%m.%Y}", legal=legal, reason=reason[:300]))
    return request
