"""Pages for applicants: start, fill in, check, submit and follow a request."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from primaria.accounts import login_context
from primaria.accounts.selectors import acting_party
from primaria.catalog.models import FieldKind
from primaria.catalog.selectors import service_by_slug
from primaria.core import rules
from primaria.core.errors import DomainError, field_errors
from primaria.documents.selectors import reusable_documents
from primaria.institutions.selectors import main_institution

from . import proof, services
from .answers import date_boxes, display_value, posted_answer
from .models import Status
from .selectors import applicant_request_id, my_request_rows, public_timeline, request_for_applicant


def _ip(request):
    return request.META.get("REMOTE_ADDR")


@login_required
def my_requests(request):
    party = acting_party(request)
    return render(request, "requests/mine.html", {"requests": my_request_rows(request.user, party), "party": party})


@login_required
@require_POST
def start(request, slug):
    service = service_by_slug(main_institution(), slug)
    party = acting_party(request)
    if party is None:
        raise Http404()
    try:
        draft = services.start_draft(actor=request.user, party=party, service=service, login=login_context(request))
    except (DomainError, PermissionDenied) as exc:
        messages.error(request, exc.messages[0] if isinstance(exc, DomainError) else str(exc))
        return redirect("catalog:detail", slug=slug)
    return redirect("requests:edit", public_id=draft.public_id)


def _form_items(req, errors, posted=None, user=None):
    """The service's questions with the current answer, the error and, for documents, the folder copies the
    user may open (under a mandate limited to some services, not the whole folder)."""
    from primaria.documents.selectors import folder_of

    visible = set(rules.documents_visible_to(user, folder_of(req.applicant)).values_list("pk", flat=True))
    items = []
    service = req.service
    attached = {a.field_name or f"doc_{a.required_document_id}": a for a in req.attachments.select_related("document")}
    for field in service.fields.all():
        value = req.data.get(field.name, "")
        if posted is not None and (field.name in posted or field.kind == FieldKind.DATE):
            value = posted_answer(posted, field)
        item = {"key": field.name, "field": field, "value": value, "error": errors.get(field.name, ""),
                "is_file": field.kind == FieldKind.FILE, "attached": attached.get(field.name)}
        if field.kind == FieldKind.DATE:
            item.update(date_boxes(value, item["error"]))
        items.append(item)
    for required in service.required_documents.select_related("document_type"):
        key = f"doc_{required.pk}"
        items.append({
            "key": key, "document": required, "error": errors.get(key, ""), "is_file": True,
            "paid_online": service.fee > 0 and required.document_type.code == services.PROOF_OF_PAYMENT,
            "attached": attached.get(key), "reusable": [
                d for d in reusable_documents(req.applicant, required.document_type) if d.pk in visible],
        })
    return items


@login_required
def edit(request, public_id):
    req = request_for_applicant(request.user, public_id)
    if req.status != Status.DRAFT:
        return redirect("requests:detail", public_id=req.public_id)
    errors, posted = {}, None
    if request.method == "POST":
        posted = request.POST
        answers = {f.name: posted_answer(posted, f) for f in req.service.fields.all() if f.kind != FieldKind.FILE}
        for f in req.service.fields.all():
            if f.kind == FieldKind.YES_NO and not request.POST.get(f.name):
                answers[f.name] = ""
        uploads = {key: file for key, file in request.FILES.items()}
        reuse = {key[len("reuse_"):]: value for key, value in request.POST.items() if key.startswith("reuse_") and value}
        try:
            services.save_draft(
                actor=request.user, request_id=req.pk, answers=answers, uploads=uploads, reuse=reuse,
                urgent=request.POST.get("urgent") == "1", remove=request.POST.getlist("remove"), ip=_ip(request),
            )
        except DomainError as exc:
            errors = field_errors(exc)
        else:
            if request.POST.get("action") == "save":
                messages.success(request, _("Ciorna a fost salvată. O găsiți oricând la „Cererile mele”."))
                return redirect("requests:mine")
            # "Continuă": one round of errors. What was given is saved; every answer and document still
            # missing is shown next to its field, and the check-answers page comes only without any.
            req = request_for_applicant(request.user, public_id)
            errors, posted = services.missing_items(req), None
            if not errors:
                return redirect("requests:review", public_id=req.public_id)
    return render(request, "requests/edit.html", {
        "req": req, "service": req.service, "items": _form_items(req, errors, posted, request.user), "errors": errors,
        "urgent": (posted.get("urgent") == "1") if posted is not None else req.urgent,
    })


@login_required
def review(request, public_id):
    """Check your answers, with a change link for each; submitting gives the number at once."""
    errors = None
    if request.method == "POST":
        try:
            filed = services.submit(actor=request.user, request_id=applicant_request_id(request.user, public_id),
                                    ip=_ip(request), login=login_context(request))
        except DomainError as exc:
            errors = field_errors(exc)
        else:
            # Filed and numbered; the fee is paid at once, by card, coming back to the confirmation.
            return _to_fee_payment(request, filed, back="requests:confirmation")
    req = request_for_applicant(request.user, public_id)
    if req.status != Status.DRAFT:
        return redirect("requests:detail", public_id=req.public_id)
    if errors is None:
        errors = services.missing_items(req)
    answers = [
        {"key": f.name, "label": f.label, "value": display_value(f, req.data.get(f.name))}
        for f in req.service.fields.all() if f.kind != FieldKind.FILE
    ]
    return render(request, "requests/review.html", {
        "req": req, "answers": answers, "errors": errors, "fees_total": _fees_total(req),
        "attachments": req.attachments.select_related("document", "required_document__document_type"),
    })


@login_required
def confirmation(request, public_id):
    req = request_for_applicant(request.user, public_id)
    if req.status == Status.DRAFT:
        return redirect("requests:edit", public_id=req.public_id)
    return render(request, "requests/confirmation.html", {"req": req, "fees": _fees(req)})


def _fees(req):
    from primaria.payments.sources import fee_summary

    return fee_summary(req)


def _fees_total(req):
    from primaria.payments.payables import lei
    from primaria.payments.sources import fees_total

    total = fees_total(req)
    return lei(total) if total > 0 else ""


def _to_fee_payment(request, req, *, back):
    """Send the applicant to the card payment of the request's unpaid fees, or to `back` when nothing is owed
    or the payment cannot start (the fee then stays owed, with "Plătiți acum" on the request's pages)."""
    from primaria.payments.services import pay_request_fees
    from primaria.payments.sources import unpaid_fees

    destination = reverse(back, kwargs={"public_id": req.public_id})
    if not unpaid_fees(req):
        return redirect(destination)
    try:
        _payment, url = pay_request_fees(actor=request.user, request=req, return_to=destination, ip=_ip(request))
    except (DomainError, PermissionDenied) as exc:
        messages.warning(request, " ".join(getattr(exc, "messages", None) or [str(exc)]))
        return redirect(destination)
    return HttpResponseRedirect(url)


@login_required
@require_POST
def pay_fees(request, public_id):
    """"Plătiți acum": the card payment of a filed request's unpaid fees."""
    req = request_for_applicant(request.user, public_id)
    if req.status == Status.DRAFT:
        return redirect("requests:edit", public_id=req.public_id)
    back = "requests:confirmation" if request.POST.get("inapoi") == "confirmare" else "requests:detail"
    return _to_fee_payment(request, req, back=back)


@login_required
def detail(request, public_id):
    req = request_for_applicant(request.user, public_id)
    if req.status == Status.DRAFT:
        return redirect("requests:edit", public_id=req.public_id)
    errors = {}
    if request.method == "POST" and request.POST.get("action") == "complete":
        try:
            services.complete(actor=request.user, request_id=req.pk, answers={},
                              uploads={k: v for k, v in request.FILES.items()}, reply=request.POST.get("reply", ""),
                              ip=_ip(request))
        except DomainError as exc:
            errors = field_errors(exc)
        else:
            messages.success(request, _("Completările au fost trimise. Termenul de soluționare curge din nou."))
            return redirect("requests:detail", public_id=req.public_id)
    elif request.method == "POST" and request.POST.get("action") == "withdraw":
        try:
            services.withdraw(actor=request.user, request_id=req.pk, reason=request.POST.get("reason", ""), ip=_ip(request))
        except DomainError as exc:
            messages.error(request, exc.messages[0])
        return redirect("requests:detail", public_id=req.public_id)
    return render(request, "requests/detail.html", {
        "req": req, "timeline": public_timeline(req), "errors": errors,
        "can": rules.allowed_actions(request.user, req, ("complete", "withdraw")),
        "answers": [{"label": f.label, "value": display_value(f, req.data.get(f.name))}
                    for f in req.service.fields.all() if f.kind != FieldKind.FILE],
        "attachments": req.attachments.select_related("document"), "fees": _fees(req),
    })


@login_required
@require_POST
def discard(request, public_id):
    """Throw away a draft (a filed request stays: it can only be withdrawn)."""
    try:
        services.discard_draft(actor=request.user, request_id=applicant_request_id(request.user, public_id),
                               ip=_ip(request))
    except (DomainError, PermissionDenied) as exc:
        messages.error(request, exc.messages[0] if isinstance(exc, DomainError) else str(exc))
    else:
        messages.success(request, _("Ciorna a fost ștearsă, împreună cu fișierele încărcate doar pentru ea."))
    return redirect("requests:mine")


@login_required
def proof_pdf(request, public_id):
    req = request_for_applicant(request.user, public_id)
    if req.registry_entry_id is None:
        raise Http404()
    return _pdf_response(proof.sealed_proof(req), f"dovada-inregistrare-{req.registry_entry.number}.pdf")


def _pdf_response(data: bytes, filename: str):
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(False, filename)
    return response


@login_required
def claim(request):
    errors, values = {}, {}
    if request.method == "POST":
        values = {"reference": request.POST.get("reference", ""), "code": request.POST.get("code", "")}
        try:
            req = services.claim(actor=request.user, reference=values["reference"], claim_code=values["code"], ip=_ip(request))
        except DomainError as exc:
            errors = field_errors(exc)
        else:
            messages.success(request, _("Cererea a fost adăugată în contul dumneavoastră."))
            return redirect("requests:detail", public_id=req.public_id)
    return render(request, "requests/claim.html", {"errors": errors, "values": values})
