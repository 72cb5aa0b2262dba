"""Back-office pages for issued documents: what I have to sign, internal documents, their PDFs."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from primaria.audit.services import record
from primaria.core import rules
from primaria.core.decorators import official_required
from primaria.core.errors import DomainError, field_errors
from primaria.core.files import file_response
from primaria.institutions.models import Department, Position
from primaria.institutions.selectors import institution_ids_of, positions_of
from primaria.privacy.services import access_details
from primaria.security.views import reauthenticate

from . import issuing
from .models import OutgoingDocument, SignatureStep, TemplateKind


def _visible(user):
    """Documents an official may open (core.rules.outgoing_documents_visible_to)."""
    return rules.outgoing_documents_visible_to(user).select_related("registry_entry", "department", "request")


def _outgoing_for(user, public_id) -> OutgoingDocument:
    document = _visible(user).filter(public_id=public_id).first()
    if document is None:
        raise Http404()
    return document


@official_required()
def to_sign(request):
    """What waits for my signature, and for the signature of those whose deputy I am today."""
    from primaria.institutions.selectors import principals_of

    signers = [request.user.pk, *principals_of(request.user)]
    steps = (SignatureStep.objects.filter(signer_id__in=signers, status=SignatureStep.Status.CURRENT,
                                          document__status=OutgoingDocument.Status.SIGNING)
             .select_related("document__registry_entry", "document__department", "document__request")
             .order_by("document__created_at"))
    return render(request, "documents/office/to_sign.html",
                  {"steps": [step for step in steps if rules.can(request.user, step, "sign")]})


@official_required()
def outgoing_list(request):
    documents = _visible(request.user).order_by("-created_at")[:200]
    return render(request, "documents/office/list.html", {"documents": documents})


@official_required()
def outgoing_pdf(request, public_id):
    document = _outgoing_for(request.user, public_id)
    details = access_details(request, what=f"Documentul emis „{document.title}” ({document.registry_entry.reference})",  # i18n: ro
                             party=document.request.applicant) if document.request_id else {}
    record(actor=request.user, action="documents.view_outgoing", target=document, institution_id=document.institution_id,
           ip_address=request.META.get("REMOTE_ADDR"), **details)
    return file_response(document.pdf, filename=f"{document.verification_code}.pdf", mime="application/pdf")


@official_required()
def internal_new(request):
    positions = positions_of(request.user)
    departments = Department.objects.filter(pk__in=[p.department_id for p in positions]).order_by("name")
    colleagues = (Position.objects.filter(department__institution_id__in=institution_ids_of(request.user), active=True)
                  .select_related("user", "department").order_by("department__name", "user__last_name"))
    kinds = [k for k in TemplateKind.choices if k[0] != TemplateKind.ANSWER]
    errors, values = {}, {}
    if request.method == "POST":
        values = request.POST
        department = departments.filter(pk=request.POST.get("department") or 0).first() or departments.first()
        signer_ids = [int(x) for x in request.POST.getlist("signers") if x.isdigit()]
        try:
            document = issuing.draft_internal(
                actor=request.user, department=department, kind=request.POST.get("kind", ""),
                title=request.POST.get("title", ""), body_text=request.POST.get("body_text", ""),
                signer_ids=signer_ids, ip=request.META.get("REMOTE_ADDR"),
            )
        except DomainError as exc:
            errors = field_errors(exc)
        else:
            messages.success(request, _("Documentul a fost înregistrat cu nr. %(number)s și trimis la semnat.")
                             % {"number": document.registry_entry.reference})
            return redirect("outgoing:detail", public_id=document.public_id)
    return render(request, "documents/office/internal_new.html", {
        "departments": departments, "colleagues": colleagues, "kinds": kinds, "errors": errors, "values": values,
        "chosen": [int(x) for x in values.getlist("signers")] if values else [request.user.pk],
    })


@official_required()
def outgoing_detail(request, public_id):
    document = _outgoing_for(request.user, public_id)
    if document.request_id:
        return redirect("office:request", public_id=document.request.public_id)
    errors = {}
    if request.method == "POST":
        action = request.POST.get("action")
        if action in rules.SIGNING_ACTIONS and not rules.second_factor_fresh(request):
            return reauthenticate(request, next_url=request.path)
        try:
            if action == "sign":
                issuing.sign_internal(actor=request.user, document_id=document.pk)
                messages.success(request, _("Ați semnat documentul."))
            elif action == "refuse":
                issuing.refuse_internal(actor=request.user, document_id=document.pk, reason=request.POST.get("reason", ""))
                messages.success(request, _("Documentul a fost returnat, cu motivul refuzului."))
            return redirect("outgoing:detail", public_id=document.public_id)
        except DomainError as exc:
            errors = field_errors(exc)
        except PermissionDenied as exc:
            messages.error(request, str(exc))
    steps = list(document.steps.select_related("signer"))
    return render(request, "documents/office/detail.html", {
        "document": document, "steps": steps, "errors": errors,
        "can": rules.allowed_actions(request.user, document, ("sign", "refuse")),
    })
