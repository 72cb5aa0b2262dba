"""Issuing documents: a numbered PDF under the letterhead, signed by each official in turn.

The sequence is kept in SignatureStep rows; the PDF grows by one incremental PAdES signature per
signer, and after the last one gets its long-term validation data and a document timestamp
(PAdES B-LTA). The request lifecycle (primaria.requests.services) and internal documents both use
these functions inside their own transaction; nothing else signs or issues a document.
"""

import hashlib
import secrets

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from primaria.audit.services import record
from primaria.core.errors import DomainError
from primaria.institutions.models import Position
from primaria.registry import services as registry
from primaria.registry.models import Channel, Direction

from .models import OutgoingDocument, SignatureStep, TemplateKind
from .rendering import render_pdf, stamp_box
from .selectors import SIGNING
from .services import _written_files

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


def _save_pdf(document: OutgoingDocument, data: bytes):
    old = document.pdf.name if document.pdf else None
    document.pdf.save(f"{document.verification_code}-v{document.version}.pdf", ContentFile(data), save=False)
    _written_files.append(document.pdf)
    if old:
        storage = document.pdf.storage
        transaction.on_commit(lambda: storage.delete(old))


def start(*, actor, institution, department, kind, title, body_html, css="", recipient="", signers, summary,
          request=None, replaces: OutgoingDocument | None = None) -> OutgoingDocument:
    """Number, render and open the signature sequence of a document. Runs in the caller's transaction.

    `signers`: [(user, function, capacity)] in signing order. A new version of a refused document keeps
    its registration number, so the register has neither gaps nor two numbers for one answer.
    """
    if not signers:
        raise DomainError("Documentul trebuie să aibă cel puțin un semnatar.")
    signers = with_delegations(signers)
    if replaces is not None:
        entry = replaces.registry_entry
        version = replaces.version + 1
        replaces.status = OutgoingDocument.Status.SUPERSEDED
        replaces.save(update_fields=["status"])
    else:
        entry = registry.register(
            institution=institution, actor=actor, summary=summary, department=department, recipient=recipient,
            direction=Direction.INTERNAL if kind != TemplateKind.ANSWER else Direction.OUTBOUND,
            channel=Channel.INTERNAL if kind != TemplateKind.ANSWER else Channel.ONLINE,
            in_reply_to=request.registry_entry if request is not None else None,
        )
        version = 1
    document = OutgoingDocument(
        verification_code=new_verification_code(institution), institution=institution, department=department,
        kind=kind, title=title, request=request, registry_entry=entry, version=version, created_by=actor,
    )
    pdf = render_pdf(
        institution=institution, department=department, title=title, body_html=body_html, css=css,
        outgoing_reference=entry.reference, recipient=recipient, verification_code=document.verification_code,
        signers=[{"name": u.get_full_name(), "function": f, "capacity": c} for u, f, c in signers],
    )
    _save_pdf(document, pdf)
    document.save()
    SignatureStep.objects.bulk_create([
        SignatureStep(document=document, order=n, signer=user, function=function, capacity=capacity,
                      status=SignatureStep.Status.CURRENT if n == 0 else SignatureStep.Status.WAITING)
        for n, (user, function, capacity) in enumerate(signers)
    ])
    SIGNING.changed()  # bulk_create sends no signals
    record(actor=actor, action="documents.start_signing", target=document, institution_id=institution.pk,
           number=entry.number, version=version, signers=[u.pk for u, _f, _c in signers])
    return document


def _lock(document_id) -> OutgoingDocument:
    return OutgoingDocument.objects.select_for_update(of=("self",)).select_related(
        "institution", "department", "registry_entry").get(pk=document_id)


def _current_step_of(document, actor):
    """The step the actor may act on now, and the delegation they act under (None when it is their own)."""
    from primaria.institutions.selectors import active_delegation

    if document.status != OutgoingDocument.Status.SIGNING:
        raise DomainError(f"Documentul nu mai este în curs de semnare (starea: {document.get_status_display().lower()}).")
    step = document.steps.select_for_update().select_related("signer").filter(status=SignatureStep.Status.CURRENT).first()
    if step is not None and step.signer_id == getattr(actor, "pk", None):
        return step, None
    delegation = active_delegation(step.signer) if step is not None else None
    if delegation is not None and delegation.deputy_id == getattr(actor, "pk", None):
        return step, delegation
    raise PermissionDenied("Nu este rândul dumneavoastră să semnați acest document.")


def sign(*, actor, document_id) -> tuple[OutgoingDocument, SignatureStep, SignatureStep | None]:
    """The current signer signs. Returns (document, the step signed, the next step or None if issued)."""
    from primaria.signing.services import Stamp, credential_for, finalize, sign_pdf

    document = _lock(document_id)
    step, delegation = _current_step_of(document, actor)
    function, capacity = step.function, step.capacity
    if delegation is not None:
        deputy_position = Position.objects.filter(user=actor, active=True).order_by("pk").first()
        function, capacity = (deputy_position.function if deputy_position else function), delegation.capacity
    with document.pdf.open("rb") as handle:
        pdf = handle.read()
    signed = sign_pdf(
        pdf, credential=credential_for(actor), field_name=f"Semnatura{step.order + 1}",
        stamp=Stamp(signer_name=actor.get_full_name(), function=function, capacity=capacity, box=stamp_box(step.order)),
        reason=f"{capacity} – {document.title}", location=document.institution.name,
    )
    step.status = SignatureStep.Status.SIGNED
    step.acted_at = timezone.now()
    step.signed_by = actor
    step.signed_capacity = capacity
    step.save(update_fields=["status", "acted_at", "signed_by", "signed_capacity"])
    following = document.steps.filter(status=SignatureStep.Status.WAITING).order_by("order").first()
    if following is not None:
        following.status = SignatureStep.Status.CURRENT
        following.save(update_fields=["status"])
    else:
        signed = finalize(signed)
        document.status = OutgoingDocument.Status.ISSUED
        document.issued_at = timezone.now()
        document.sha256 = hashlib.sha256(signed).hexdigest()
    _save_pdf(document, signed)
    document.save()
    record(actor=actor, action="documents.sign", target=document, institution_id=document.institution_id,
           step=step.order, capacity=capacity, delegated=delegation is not None, issued=following is None)
    return document, step, following


def refuse(*, actor, document_id, reason: str) -> tuple[OutgoingDocument, SignatureStep]:
    """The current signer refuses, with reasons; the document goes back to whoever drafted it."""
    reason = (reason or "").strip()
    if len(reason) < 10:
        raise DomainError({"reason": "Scrieți motivul refuzului (cel puțin 10 caractere)."})
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
            raise DomainError({"signers": "Unul dintre semnatari nu este funcționar al instituției."})
        capacity = "Întocmit" if user_id == actor.pk else position.function
        signers.append((position.user, position.function, capacity))
    return signers


def draft_internal(*, actor, department, kind, title, body_text, signer_ids, ip=None) -> OutgoingDocument:
    """An official drafts an internal document; it is registered as internal and goes to its signers."""
    from django.utils.html import linebreaks

    errors = {}
    if kind not in TemplateKind.values or kind == TemplateKind.ANSWER:
        errors["kind"] = "Alegeți tipul documentului."
    if len((title or "").strip()) < 3:
        errors["title"] = "Scrieți titlul documentului."
    if len((body_text or "").strip()) < 20:
        errors["body_text"] = "Scrieți conținutul documentului (cel puțin 20 de caractere)."
    if not signer_ids:
        errors["signers"] = "Alegeți cel puțin un semnatar."
    if not Position.objects.filter(user=actor, department=department, active=True).exists():
        raise PermissionDenied("Puteți redacta documente doar pentru compartimentul în care lucrați.")
    if errors:
        raise DomainError(errors)
    from .services import files_removed_on_error

    with files_removed_on_error(), transaction.atomic():
        signers = internal_signers(actor=actor, department=department, signer_ids=signer_ids)
        document = start(
            actor=actor, institution=department.institution, department=department, kind=kind, title=title.strip(),
            body_html=linebreaks(body_text.strip()), signers=signers,
            summary=f"{TemplateKind(kind).label}: {title.strip()}",
        )
    return document


def sign_internal(*, actor, document_id) -> OutgoingDocument:
    from .services import files_removed_on_error

    with files_removed_on_error(), transaction.atomic():
        document = OutgoingDocument.objects.get(pk=document_id)
        if document.request_id:
            raise DomainError("Răspunsurile la cereri se semnează din pagina cererii.")
        document, _step, following = sign(actor=actor, document_id=document_id)
        if following is None:
            registry.close(entry=document.registry_entry, outcome="Semnat de toți semnatarii", actor=actor)
    return document


def refuse_internal(*, actor, document_id, reason) -> OutgoingDocument:
    with transaction.atomic():
        document = OutgoingDocument.objects.get(pk=document_id)
        if document.request_id:
            raise DomainError("Răspunsurile la cereri se refuză din pagina cererii.")
        document, _step = refuse(actor=actor, document_id=document_id, reason=reason)
    return document


