"""Issuing documents: a numbered PDF under the letterhead, signed by each official in turn.

A document is numbered in a short transaction (`plan`), rendered with no lock held (`render`) and stored
with its signature sequence in another short one (`open_sequence`). The sequence is kept in SignatureStep
rows; the PDF grows by one incremental PAdES signature per signer (`take_turn`, `make_signature` with no
lock held, `record_signature`), and after the last one gets its long-term validation data and a document
timestamp (PAdES B-LTA). The request lifecycle (primaria.requests.services) and internal documents both use
these functions; nothing else signs or issues a document.
"""

import hashlib
import secrets
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from primaria.audit.services import record
from primaria.core import metrics
from primaria.core.errors import DomainError
from primaria.institutions.models import Position
from primaria.outbox.services import record as record_event
from primaria.registry import services as registry
from primaria.registry.models import Channel, Direction

from .models import OutgoingDocument, SignatureStep, TemplateKind
from .rendering import render_pdf, stamp_box
from .selectors import SIGNING
from .services import track_written

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud over the phone


def new_verification_code(institution) -> str:
    prefix = (institution.register_prefix or institution.code).upper()
    body = "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))
    return f"{prefix}-{body[:4]}-{body[4:]}"


def position_for(institution, role, department=None) -> Position | None:
    """The position of the active official holding `role` (in `department`, when given) at `institution`."""
    positions = Position.objects.filter(role=role, active=True, department__institution=institution)
    if department is not None:
        positions = positions.filter(department=department)
    return positions.select_related("user").order_by("pk").first()


def with_delegations(signers, day=None):
    """Signers away on `day` are replaced by their deputies, who sign in the capacity the delegation sets."""
    from primaria.institutions.selectors import active_delegation

    result = []
    for user, function, capacity in signers:
        delegation = active_delegation(user, day)
        if delegation is None:
            result.append((user, function, capacity))
            continue
        deputy_position = Position.objects.filter(user=delegation.deputy, active=True).order_by("pk").first()
        result.append((delegation.deputy, deputy_position.function if deputy_position else function, delegation.capacity))
    return result


@dataclass(frozen=True)
class Draft:
    """What a document will be, decided in a short transaction: its number, version and signers (delegations
    applied). Rendering it (`render`) is the slow part and runs with no lock held."""

    entry_id: int
    reference: str
    version: int
    replaces_id: int | None
    verification_code: str
    signers: tuple


def plan(*, actor, institution, department, kind, signers, summary, recipient="", request=None,
         replaces: OutgoingDocument | None = None, entry=None) -> Draft:
    """Number the document (in the caller's transaction) and fix its signers.

    `signers`: [(user, function, capacity)] in signing order. A new version of a refused document keeps its
    registration number, and so does a document whose number was taken for it before (`entry`), so the
    register has neither gaps nor two numbers for one answer.
    """
    if not signers:
        raise DomainError(_("Documentul trebuie să aibă cel puțin un semnatar."))
    if replaces is not None:
        entry, version = replaces.registry_entry, replaces.version + 1
    else:
        version = 1
        if entry is None:
            entry = registry.register(
                institution=institution, actor=actor, summary=summary, department=department, recipient=recipient,
                direction=Direction.INTERNAL if kind != TemplateKind.ANSWER else Direction.OUTBOUND,
                channel=Channel.INTERNAL if kind != TemplateKind.ANSWER else Channel.ONLINE,
                in_reply_to=request.registry_entry if request is not None else None,
            )
    return Draft(entry_id=entry.pk, reference=entry.reference, version=version,
                 replaces_id=replaces.pk if replaces is not None else None,
                 verification_code=new_verification_code(institution), signers=tuple(with_delegations(signers)))


def render(draft: Draft, *, institution, department, title, body_html, css="", recipient="") -> str:
    """Render the document under the letterhead and write it to storage; returns the stored file's name."""
    from .services import track_written

    pdf = render_pdf(
        institution=institution, department=department, title=title, body_html=body_html, css=css,
        outgoing_reference=draft.reference, recipient=recipient, verification_code=draft.verification_code,
        signers=[{"name": u.get_full_name(), "function": f, "capacity": c} for u, f, c in draft.signers],
    )
    storage = OutgoingDocument._meta.get_field("pdf").storage
    name = storage.save(f"{draft.verification_code}-v{draft.version}.pdf", ContentFile(pdf))
    track_written(storage, name)
    return name


def open_sequence(draft: Draft, *, actor, institution, department, kind, title, pdf_name,
                  request=None) -> OutgoingDocument:
    """Store the rendered document and open its signature sequence, in the caller's (short) transaction."""
    if draft.replaces_id is not None:
        replaced = OutgoingDocument.objects.select_for_update().get(pk=draft.replaces_id)
        if replaced.status == OutgoingDocument.Status.SUPERSEDED:
            raise DomainError(_("Răspunsul a fost refăcut între timp de altcineva. Reîncărcați pagina."))
        replaced.status = OutgoingDocument.Status.SUPERSEDED
        replaced.save(update_fields=["status"])
    elif OutgoingDocument.objects.filter(registry_entry_id=draft.entry_id).exists():
        raise DomainError(_("Numărul acestui document a fost folosit între timp. Reîncărcați pagina."))
    document = OutgoingDocument(
        verification_code=draft.verification_code, institution=institution, department=department, kind=kind,
        title=title, request=request, registry_entry_id=draft.entry_id, version=draft.version, created_by=actor,
    )
    document.pdf.name = pdf_name
    document.save()
    SignatureStep.objects.bulk_create([
        SignatureStep(document=document, order=n, signer=user, function=function, capacity=capacity,
                      status=SignatureStep.Status.CURRENT if n == 0 else SignatureStep.Status.WAITING)
        for n, (user, function, capacity) in enumerate(draft.signers)
    ])
    SIGNING.changed()  # bulk_create sends no signals
    record(actor=actor, action="documents.start_signing", target=document, institution_id=institution.pk,
           number=document.registry_entry.number, version=draft.version, signers=[u.pk for u, _f, _c in draft.signers])
    return document


def _lock(document_id) -> OutgoingDocument:
    return OutgoingDocument.objects.select_for_update(of=("self",)).select_related(
        "institution", "department", "registry_entry").get(pk=document_id)


def _current_step_of(document, actor):
    """The step the actor may act on now, and the delegation they act under (None when it is their own)."""
    from primaria.core import rules

    if document.status != OutgoingDocument.Status.SIGNING:
        raise DomainError(_("Documentul nu mai este în curs de semnare (starea: %(status)s).")
                          % {"status": document.get_status_display().lower()})
    step = document.steps.select_for_update().select_related("signer").filter(status=SignatureStep.Status.CURRENT).first()
    may, delegation = rules.signing_turn(actor, step)
    if may:
        return step, delegation
    raise PermissionDenied(rules.NOT_YOUR_TURN)


@dataclass(frozen=True)
class Turn:
    """A signer's turn as read before signing: what the signature is made over and where it goes."""

    document_id: int
    step_id: int
    order: int
    pdf_name: str
    function: str
    capacity: str
    delegated: bool
    last: bool
    title: str
    location: str


def take_turn(*, actor, document_id) -> tuple[Turn, bytes]:
    """The quick first part of a signature: whose turn it is, and the PDF as it stands (a short transaction).

    Signing itself (the key, a remote CSC service, the timestamp authority) happens after, with no row
    locked; `record_signature` then re-checks that nothing changed meanwhile and stores the result.
    """
    with transaction.atomic():
        document = OutgoingDocument.objects.select_related("institution").get(pk=document_id)
        step, delegation = _current_step_of(document, actor)
        function, capacity = step.function, step.capacity
        if delegation is not None:
            deputy_position = Position.objects.filter(user=actor, active=True).order_by("pk").first()
            function, capacity = (deputy_position.function if deputy_position else function), delegation.capacity
        last = not document.steps.filter(status=SignatureStep.Status.WAITING).exists()
        turn = Turn(document_id=document.pk, step_id=step.pk, order=step.order, pdf_name=document.pdf.name,
                    function=function, capacity=capacity, delegated=delegation is not None, last=last,
                    title=document.title, location=document.institution.name)
    with document.pdf.open("rb") as handle:
        return turn, handle.read()


def make_signature(*, actor, turn: Turn, pdf: bytes) -> tuple[str, bytes]:
    """Sign (and, after the last signer, add the long-term validation data and the document timestamp), then
    write the result to storage under a new name. No transaction: this is the slow part."""
    from primaria.signing.services import SigningError, Stamp, credential_for, finalize, sign_pdf

    try:
        signed = sign_pdf(
            pdf, credential=credential_for(actor), field_name=f"Semnatura{turn.order + 1}",
            stamp=Stamp(signer_name=actor.get_full_name(), function=turn.function, capacity=turn.capacity,
                        box=stamp_box(turn.order)),
            reason=f"{turn.capacity} – {turn.title}", location=turn.location,
        )
        if turn.last:
            signed = finalize(signed)
    except SigningError as exc:  # no certificate, a remote signing service or timestamp authority that refuses
        raise DomainError(_("Documentul nu a putut fi semnat: %(error)s") % {"error": exc}) from exc
    storage = OutgoingDocument._meta.get_field("pdf").storage
    base = turn.pdf_name.rsplit("/", 1)[0] + "/" if "/" in turn.pdf_name else ""
    name = storage.save(f"{base}semnat-{turn.step_id}-{secrets.token_hex(4)}.pdf", ContentFile(signed))
    track_written(storage, name)
    return name, signed


def record_signature(*, actor, turn: Turn, signed_name: str, signed: bytes):
    """Store a signature made over `turn`, in the caller's transaction, if the document is still as it was read.

    Returns (document, the step signed, the next step or None if the document is now issued).
    """
    document = _lock(turn.document_id)
    step, delegation = _current_step_of(document, actor)
    following = document.steps.filter(status=SignatureStep.Status.WAITING).order_by("order").first()
    if step.pk != turn.step_id or document.pdf.name != turn.pdf_name or (following is None) != turn.last:
        raise DomainError(_("Documentul s-a schimbat cât timp era semnat (l-a semnat sau returnat altcineva). "
                          "Reîncărcați pagina și semnați din nou, dacă mai este rândul dumneavoastră."))
    metrics.count_signature("document")
    step.status = SignatureStep.Status.SIGNED
    step.acted_at = timezone.now()
    step.signed_by = actor
    step.signed_capacity = turn.capacity
    step.save(update_fields=["status", "acted_at", "signed_by", "signed_capacity"])
    if following is not None:
        following.status = SignatureStep.Status.CURRENT
        following.save(update_fields=["status"])
    else:
        document.status = OutgoingDocument.Status.ISSUED
        document.issued_at = timezone.now()
        document.sha256 = hashlib.sha256(signed).hexdigest()
    old = document.pdf.name
    document.pdf.name = signed_name
    document.save()
    record_event("document.pdf_replaced", document, file=old)  # documents.delete_replaced_pdf removes it
    record(actor=actor, action="documents.sign", target=document, institution_id=document.institution_id,
           step=step.order, capacity=turn.capacity, delegated=delegation is not None, issued=following is None)
    return document, step, following


def refuse(*, actor, document_id, reason: str) -> tuple[OutgoingDocument, SignatureStep]:
    """The current signer refuses, with reasons; the document goes back to whoever drafted it."""
    from primaria.core.rules import require_reason

    reason = require_reason(reason, field="reason", what=_("Scrieți motivul refuzului"))
    document = _lock(document_id)
    step, _delegation = _current_step_of(document, actor)
    step.status = SignatureStep.Status.REFUSED
    step.reason = reason
    step.acted_at = timezone.now()
    step.save(update_fields=["status", "reason", "acted_at"])
    document.status = OutgoingDocument.Status.REFUSED
    document.save(update_fields=["status"])
    record(actor=actor, action="documents.refuse", target=document, institution_id=document.institution_id,
           step=step.order, reason=reason)
    return document, step


# --- internal documents: a referat, a convocation, a specialist report --------------------------


def internal_signers(*, actor, department, signer_ids: list[int]):
    """The chosen signers, in order, each with the function and capacity of their position."""
    signers = []
    for user_id in signer_ids:
        position = (Position.objects.filter(user_id=user_id, active=True, department__institution=department.institution)
                    .select_related("user").order_by("pk").first())
        if position is None:
            raise DomainError({"signers": _("Unul dintre semnatari nu este funcționar al instituției.")})
        capacity = "Întocmit" if user_id == actor.pk else position.function  # i18n: ro (printed on the document)
        signers.append((position.user, position.function, capacity))
    return signers


def _romanian(label) -> str:
    """A choice's label as the register keeps it."""
    from django.utils import translation

    with translation.override("ro"):
        return str(label)


def draft_internal(*, actor, department, kind, title, body_text, signer_ids, ip=None) -> OutgoingDocument:
    """An official drafts an internal document; it is registered as internal and goes to its signers."""
    from django.utils.html import linebreaks

    errors = {}
    if kind not in TemplateKind.values or kind == TemplateKind.ANSWER:
        errors["kind"] = _("Alegeți tipul documentului.")
    if len((title or "").strip()) < 3:
        errors["title"] = _("Scrieți titlul documentului.")
    if len((body_text or "").strip()) < 20:
        errors["body_text"] = _("Scrieți conținutul documentului (cel puțin 20 de caractere).")
    if not signer_ids:
        errors["signers"] = _("Alegeți cel puțin un semnatar.")
    if not Position.objects.filter(user=actor, department=department, active=True).exists():
        raise PermissionDenied(_("Puteți redacta documente doar pentru compartimentul în care lucrați."))
    if errors:
        raise DomainError(errors)
    from .services import files_removed_on_error

    institution, title = department.institution, title.strip()
    with files_removed_on_error():
        with transaction.atomic():  # the number, taken and committed at once
            signers = internal_signers(actor=actor, department=department, signer_ids=signer_ids)
            draft = plan(actor=actor, institution=institution, department=department, kind=kind, signers=signers,
                         summary=f"{_romanian(TemplateKind(kind).label)}: {title}")
        pdf_name = render(draft, institution=institution, department=department, title=title,
                          body_html=linebreaks(body_text.strip()))
        with transaction.atomic():
            document = open_sequence(draft, actor=actor, institution=institution, department=department, kind=kind,
                                     title=title, pdf_name=pdf_name)
    return document


def sign_internal(*, actor, document_id) -> OutgoingDocument:
    """The official whose turn it is signs an internal document (the signing itself holds no lock)."""
    from .services import files_removed_on_error

    if OutgoingDocument.objects.filter(pk=document_id, request__isnull=False).exists():
        raise DomainError(_("Răspunsurile la cereri se semnează din pagina cererii."))
    with files_removed_on_error():
        turn, pdf = take_turn(actor=actor, document_id=document_id)
        signed_name, signed = make_signature(actor=actor, turn=turn, pdf=pdf)
        with transaction.atomic():
            document, _step, following = record_signature(actor=actor, turn=turn, signed_name=signed_name,
                                                          signed=signed)
            if following is None:
                registry.close(entry=document.registry_entry, outcome="Semnat de toți semnatarii", actor=actor)  # i18n: ro
    return document


def refuse_internal(*, actor, document_id, reason) -> OutgoingDocument:
    with transaction.atomic():
        document = OutgoingDocument.objects.get(pk=document_id)
        if document.request_id:
            raise DomainError(_("Răspunsurile la cereri se refuză din pagina cererii."))
        document, _step = refuse(actor=actor, document_id=document_id, reason=reason)
    return document


