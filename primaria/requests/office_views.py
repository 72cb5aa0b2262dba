"""Back-office pages: the department inbox, handling a request, and the registry counter."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from primaria.accounts.models import PartyKind
from primaria.catalog.models import FieldKind, Service
from primaria.core import rules, terms
from primaria.core.cache import content_key
from primaria.core.decorators import official_required
from primaria.core.errors import DomainError, field_errors
from primaria.documents.selectors import folder_of
from primaria.institutions.models import Role
from primaria.institutions.selectors import institution_ids_of, visible_department_ids
from primaria.privacy.services import note_access
from primaria.security.views import reauthenticate

from . import services, staging
from .answers import date_boxes, display_value, posted_answer
from .models import Outcome, Status
from .selectors import (
    INBOX_PAGE_SIZE,
    InboxPage,
    assignee_options,
    inbox_choices,
    inbox_listing,
    request_for_official,
)
from .views import _pdf_response


def _ip(request):
    return request.META.get("REMOTE_ADDR")


@official_required()
def inbox(request):
    user = request.user
    departments, services = inbox_choices(visible_department_ids(user))
    filters = {
        "department": request.GET.get("compartiment", ""),
        "status": request.GET.get("stare", ""),
        "service": request.GET.get("serviciu", ""),
        "assignee": request.GET.get("responsabil", ""),
        "overdue": request.GET.get("depasite") == "1",
        "q": request.GET.get("q", "").strip(),
    }
    count, number, values = inbox_listing(
        user, page=request.GET.get("pagina"),
        department_ids=[int(filters["department"])] if filters["department"].isdigit() else None,
        status=filters["status"] if filters["status"] in Status.values else None,
        service_id=int(filters["service"]) if filters["service"].isdigit() else None,
        assignee=filters["assignee"] if filters["assignee"] in ("me", "none") else None,
        overdue=filters["overdue"],
        query=filters["q"],
    )
    page = Paginator(range(count), INBOX_PAGE_SIZE).get_page(number)  # the page links, with no query
    listed = InboxPage(values, services=dict(services), departments=dict(departments))
    statuses = [s for s in Status.choices if s[0] != Status.DRAFT]
    return render(request, "office/inbox.html", {
        "page": page, "listed": listed, "filters": filters, "departments": departments, "services": services,
        "statuses": statuses,
        # The rendered filters and rows are kept under a digest of the values they show (core.cache).
        "filters_key": content_key(departments, services, statuses, filters),
    })


def _colleagues(req):
    return assignee_options(req.department_id)


ACTIONS = {
    "take": lambda request, req: services.assign(actor=request.user, request_id=req.pk, assignee=request.user, ip=_ip(request)),
    "assign": lambda request, req: services.assign(
        actor=request.user, request_id=req.pk, ip=_ip(request),
        assignee=next((u for u in _colleagues(req) if str(u.pk) == request.POST.get("assignee")), None)
        or _missing("assignee", _("Alegeți specialistul.")),
    ),
    "ask_completion": lambda request, req: services.ask_completion(
        actor=request.user, request_id=req.pk, what=request.POST.get("what", ""), ip=_ip(request)),
    "propose": lambda request, req: services.propose(
        actor=request.user, request_id=req.pk, outcome=request.POST.get("outcome", ""),
        resolution=request.POST.get("resolution", ""), extra_text=request.POST.get("extra_text", ""), ip=_ip(request)),
    "sign": lambda request, req: services.sign(actor=request.user, request_id=req.pk, ip=_ip(request)),
    "record_fee": lambda request, req: _record_fee(request, req),
    "extend_term": lambda request, req: services.extend_term(
        actor=request.user, request_id=req.pk, days=int(request.POST.get("days") or 0) if
        (request.POST.get("days") or "0").isdigit() else 0, reason=request.POST.get("reason", ""), ip=_ip(request)),
    "refuse": lambda request, req: services.refuse(
        actor=request.user, request_id=req.pk, reason=request.POST.get("reason", ""), ip=_ip(request)),
}

DONE = {
    "take": gettext_lazy("Cererea v-a fost repartizată."),
    "assign": gettext_lazy("Cererea a fost repartizată."),
    "ask_completion": gettext_lazy("Solicitantul a fost anunțat; termenul este suspendat până la completare."),
    "propose": gettext_lazy("Răspunsul a fost generat și trimis la semnat."),
    "sign": gettext_lazy("Ați semnat răspunsul."),
    "extend_term": gettext_lazy("Termenul a fost prelungit; solicitantul a fost anunțat."),
    "refuse": gettext_lazy("Răspunsul a fost returnat specialistului, cu motivul refuzului."),
    "record_fee": gettext_lazy("Plata taxei la casierie a fost înregistrată."),
}


def _record_fee(request, req):
    from primaria.payments.services import record_counter_payment

    return record_counter_payment(actor=request.user, request_id=req.pk, receipt=request.POST.get("fee_receipt", ""),
                                  ip=_ip(request))


def _missing(key, message):
    raise DomainError({key: message})


def fee_summary(req):
    from primaria.payments.sources import fee_summary as summary

    return summary(req)


@official_required()
def handle(request, public_id):
    req = request_for_official(request.user, public_id)
    errors = {}
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action in rules.SIGNING_ACTIONS and not rules.second_factor_fresh(request):
            return reauthenticate(request, next_url=request.path)
        if action not in ACTIONS:
            messages.error(request, _("Operațiune necunoscută."))
        else:
            try:
                ACTIONS[action](request, req)
            except DomainError as exc:
                errors = field_errors(exc)
            except PermissionDenied as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, DONE[action])
                return redirect("office:request", public_id=req.public_id)
        req = request_for_official(request.user, public_id)
    note_access(request, target=req, what=f"Cererea nr. {req.reference} ({req.service.name}) și dosarul solicitantului",  # i18n: ro (audit)
                party=req.applicant, institution_id=req.institution_id)
    user = request.user
    outgoing = req.outgoing_documents.exclude(status="superseded").order_by("-pk").first()
    steps = list(outgoing.steps.select_related("signer")) if outgoing else []
    can = rules.allowed_actions(user, req, OFFICE_ACTIONS)
    return render(request, "office/request.html", {
        "outgoing": outgoing, "steps": steps,
        "req": req, "errors": errors,
        "timeline": req.timeline.select_related("department").all(),
        "answers": [{"label": f.label, "value": display_value(f, req.data.get(f.name))}
                    for f in req.service.fields.all() if f.kind != FieldKind.FILE],
        "attachments": req.attachments.select_related("document", "required_document__document_type"),
        # Only what this official may open, so that every link of the list works.
        "folder": rules.documents_visible_to(user, folder_of(req.applicant))[:50],
        "colleagues": _colleagues(req) if can["assign"] else [],
        "can": can,
        "outcomes": [(Outcome.GRANTED, _("Admisă")), (Outcome.REJECTED, _("Respinsă"))],
        "max_extension": terms.max_extension(req.service.term_rule),
        # Why the answer cannot be drafted yet, for the official it falls to (the process's open steps).
        "fees": fee_summary(req),
        "fee_blocks_grant": rules.fee_unpaid(req) if can["propose"] else "",
        "propose_blocked": services.blocked_by(req, "propose")
        if not can["propose"] and services.allowed(req, "propose") and rules.can(user, req, "handle") else "",
    })


# The buttons of the request page, each shown when core.rules allows it.
OFFICE_ACTIONS = ("take", "assign", "ask_completion", "propose", "extend_term", "sign", "refuse", "record_fee")


@official_required(Role.REGISTRY_CLERK)
def counter(request):
    """The registry counter: a clerk files a paper request for someone without an account."""
    institution_ids = institution_ids_of(request.user)
    services_qs = Service.objects.filter(institution_id__in=institution_ids, active=True).order_by("name")
    service = services_qs.filter(pk=request.GET.get("serviciu") or request.POST.get("service") or 0).first()
    errors, values, kept_files = {}, {}, {}
    if request.method == "POST" and service is not None:
        values = request.POST
        identity = {
            "kind": PartyKind.COMPANY if request.POST.get("kind") == PartyKind.COMPANY else PartyKind.PERSON,
            "name": request.POST.get("name", ""), "identifier": request.POST.get("identifier", ""),
            "email": request.POST.get("email", ""), "phone": request.POST.get("phone", ""),
            "address": request.POST.get("address", ""),
        }
        answers = {f.name: posted_answer(request.POST, f, prefix="q_") for f in service.fields.all()
                   if f.kind != FieldKind.FILE}
        kept, file_errors = _counter_files(request, service)
        try:
            req = services.file_at_counter(actor=request.user, service=service, identity=identity, answers=answers,
                                           uploads={}, kept=kept, file_errors=file_errors,
                                           urgent=request.POST.get("urgent") == "1", ip=_ip(request),
                                           cashier_receipt=request.POST.get("fee_receipt", "")
                                           if request.POST.get("fee_paid") == "1" else None)
        except DomainError as exc:
            errors = field_errors(exc)
            kept_files = {
                key: {"token": staging.token_for(staged), "name": staged.original_name,
                      "size": staging.describe_size(staged.size)}
                for key, staged in kept.items() if key not in errors
            }
        else:
            messages.success(request, _("Cererea a fost înregistrată cu nr. %(number)s. Tipăriți dovada pentru solicitant.")
                             % {"number": req.reference})
            return redirect("office:counter_done", public_id=req.public_id)
    return render(request, "office/counter.html", {
        "services": services_qs, "service": service, "errors": errors, "values": values,
        "questions": [_counter_question(f, values, errors, kept_files) for f in service.fields.all()] if service else [],
        "documents": [
            {"document": d, "key": f"doc_{d.pk}", "error": errors.get(f"doc_{d.pk}", ""),
             "kept": kept_files.get(f"doc_{d.pk}")}
            for d in service.required_documents.select_related("document_type")
        ] if service else [],
    })


def _counter_question(field, values, errors, kept_files) -> dict:
    question = {"field": field, "value": posted_answer(values, field, prefix="q_"), "error": errors.get(field.name, ""),
                "kept": kept_files.get(field.name)}
    if field.kind == FieldKind.DATE:
        question.update(date_boxes(question["value"], question["error"]))
    return question


def _counter_files(request, service):
    """The scanned files of the counter form: each newly chosen one checked and kept, each kept one (named by its
    signed token) reused unless the clerk asked to replace it. Returns ({slot: StagedUpload}, {slot: message})."""
    kept, file_errors = {}, {}
    for key, slot in services._attachment_slots(service).items():
        uploaded = request.FILES.get(f"u_{key}")
        token = request.POST.get(f"t_{key}", "")
        try:
            if uploaded is not None:
                kept[key] = staging.stage(clerk=request.user, institution=service.institution, key=key, slot=slot,
                                          uploaded=uploaded)
            elif token and request.POST.get(f"r_{key}") != "1":
                kept[key] = staging.resolve(token, clerk=request.user, institution=service.institution, key=key)
        except ValidationError as exc:
            file_errors[key] = exc.messages[0]
    return kept, file_errors


@official_required(Role.REGISTRY_CLERK)
def counter_done(request, public_id):
    req = request_for_official(request.user, public_id)
    return render(request, "office/counter_done.html", {"req": req, "fees": fee_summary(req)})


@official_required()
def proof(request, public_id):
    from .proof import sealed_proof

    req = request_for_official(request.user, public_id)
    note_access(request, target=req, what=f"Dovada de înregistrare a cererii nr. {req.reference}", party=req.applicant,  # i18n: ro
                institution_id=req.institution_id)
    return _pdf_response(sealed_proof(req), f"dovada-inregistrare-{req.registry_entry.number}.pdf")
