"""Small builders for test data: files made in the test, and requests taken through the domain functions."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile

from primaria.accounts.selectors import person_of
from primaria.catalog.models import FieldKind, Service
from primaria.requests import services


def pdf_bytes(text="Document de test", pages=1) -> bytes:
    from weasyprint import HTML

    body = "".join(f'<p style="page-break-after: always">{text} – pagina {n + 1}</p>' for n in range(pages))
    return HTML(string=f"<html><body>{body}</body></html>").write_pdf()


_PDF_CACHE = {}


def pdf_file(name="document.pdf", text="Document de test"):
    if text not in _PDF_CACHE:
        _PDF_CACHE[text] = pdf_bytes(text)
    return SimpleUploadedFile(name, _PDF_CACHE[text], content_type="application/pdf")


def png_file(name="poza.png"):
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (20, 20), (200, 30, 30)).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


VALUES = {
    FieldKind.TEXT: "Text de test", FieldKind.LONG_TEXT: "Un text mai lung, scris pentru test.",
    FieldKind.NUMBER: "120", FieldKind.DATE: "2026-11-20", FieldKind.YES_NO: "da",
    FieldKind.EMAIL: "test@example.ro", FieldKind.PHONE: "0722123456", FieldKind.CNP: "1800101350018",
    FieldKind.CUI: "18547290", FieldKind.IBAN: "RO49AAAA1B31007593840000", FieldKind.ADDRESS: "Str. Florilor nr. 3, Municipiul Demo",
}


def verified_representation(user, company, *, capacity="Administrator", valid_until=None, decided_by=None):
    """A person's right to act for a company as the registry leaves it once the proof is checked
    (accounts.services.verify_representation); a representation made any other way grants nothing."""
    from django.utils import timezone

    from primaria.accounts.models import Representation, RepresentationStatus

    return Representation.objects.create(
        user=user, company=company, capacity=capacity, valid_until=valid_until, status=RepresentationStatus.VERIFIED,
        decided_by=decided_by, decided_at=timezone.now(),
    )


def answers_for(service: Service) -> dict:
    answers = {}
    for field in service.fields.all():
        if field.kind == FieldKind.FILE:
            continue
        value = field.choice_list[0] if field.kind == FieldKind.CHOICE else VALUES[field.kind]
        if field.max_length and len(value) > field.max_length:
            value = "5610123456"[: field.max_length]
        answers[field.name] = value
    return answers


def uploads_for(service: Service) -> dict:
    uploads = {f.name: pdf_file(f"{f.name}.pdf") for f in service.fields.all() if f.kind == FieldKind.FILE and f.required}
    for required in service.required_documents.all():
        if required.required:
            uploads[f"doc_{required.pk}"] = pdf_file(f"doc_{required.pk}.pdf", text=required.document_type.name)
    return uploads


def submitted_request(user, slug="adeverinta-nomenclatura-stradala", party=None):
    service = Service.objects.get(slug=slug)
    draft = services.start_draft(actor=user, party=party or person_of(user), service=service)
    services.save_draft(actor=user, request_id=draft.pk, answers=answers_for(service), uploads=uploads_for(service))
    return services.submit(actor=user, request_id=draft.pk)


def pay_fees(request):
    """The request's fees (fee, urgent fee) recorded as paid at the cashier: a favourable answer needs them."""
    from decimal import Decimal

    from django.utils import timezone

    from primaria.payments.models import Payment, ServiceFee
    from primaria.payments.models import Status as PaymentStatus
    from primaria.payments.sources import unpaid_fees

    lines = unpaid_fees(request)
    if not lines:
        return None
    now = timezone.now()
    payment = Payment.objects.create(party_id=request.applicant_id, provider="casierie", status=PaymentStatus.CONFIRMED,
                                     amount=sum((line.amount for line in lines), Decimal("0")), settled_at=now,
                                     provider_reference=f"CH-{request.pk}")
    for line in lines:
        ServiceFee.objects.create(request_id=request.pk, kind=line.kind, payment=payment, amount=line.amount, paid_at=now)
    return payment


def propose_and_sign(request, specialist, *, outcome="granted", resolution="", stop_before=None):
    """The steps of the service's process before the answer are completed, the specialist drafts the answer
    and every signer signs in turn (until the signer whose capacity is `stop_before`)."""
    from primaria.documents.models import SignatureStep
    from primaria.requests.models import Request, Status

    complete_process_steps(request)
    if outcome == "granted":
        pay_fees(request)
    services.propose(actor=specialist, request_id=request.pk, outcome=outcome, resolution=resolution)
    while True:
        current = Request.objects.get(pk=request.pk)
        if current.status != Status.PENDING_APPROVAL:
            return current
        step = SignatureStep.objects.get(document__request=current, status=SignatureStep.Status.CURRENT,
                                         document__status="signing")
        if stop_before and step.capacity == stop_before:
            return current
        services.sign(actor=step.signer, request_id=current.pk)


def complete_process_steps(request):
    """Complete every open step of the request's process before the answer, as the officials would
    (checks and analyses done, opinions favourable, approval given)."""
    from primaria.institutions.models import Position
    from primaria.workflow import services as workflow
    from primaria.workflow.models import HUMAN_KINDS, Kind, WorkflowTask

    outcomes = {Kind.OPINION: "favorabil", Kind.APPROVAL: "aprobat"}
    while True:
        task = (WorkflowTask.objects.filter(request=request, status=WorkflowTask.Status.READY, kind__in=list(HUMAN_KINDS))
                .select_related("request").order_by("pk").first())
        if task is None:
            return
        officials = [p.user for p in Position.objects.filter(active=True, department__institution=request.institution)
                     .select_related("user", "department").order_by("pk")]
        actor = next(user for user in officials if workflow.may_complete(user, task))
        workflow.complete_step(actor=actor, task_id=task.pk, outcome=outcomes.get(task.kind, ""))


def waiting_for_an_opinion(users, committed):
    """A certificat de urbanism in Urbanism, assigned, its check and analysis done: it waits for the opinion
    of Impozite și Taxe Locale (step `aviz_itl`). `committed` is the fixture of that name."""
    from primaria.workflow import services as workflow
    from primaria.workflow.models import WorkflowTask

    request = committed(submitted_request, users.ion, slug="certificat-de-urbanism")
    committed(services.assign, actor=users.urb_head, request_id=request.pk, assignee=users.urb_specialist)
    for step in ("verificare", "analiza"):
        task = WorkflowTask.objects.get(request=request, step_id=step, status="ready")
        committed(workflow.complete_step, actor=users.urb_specialist, task_id=task.pk)
    return request
