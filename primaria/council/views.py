"""The public consultation pages (no account needed to read; a proposal with name and e-mail or from an account) and
the back office of the secretary general's staff for the council's circuit. Thin adapters over `services`."""


from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from primaria.core import rules
from primaria.core.errors import DomainError, field_errors
from primaria.core.files import check_upload
from primaria.core.validators import typed_date, typed_int
from primaria.institutions.selectors import main_institution

from . import services, terms
from .models import (
    Addressee,
    Committee,
    CommitteeOpinion,
    Councillor,
    Decision,
    Draft,
    Majority,
    Session,
    Vote,
)

MAX_PDF_MB = 30


def _ip(request):
    return request.META.get("REMOTE_ADDR")


# --- public --------------------------------------------------------------------------------------------------------


def consultations(request):
    drafts = Draft.objects.filter(institution=main_institution(), consultation__isnull=False).select_related(
        "consultation").order_by("-consultation__announced_on", "-pk")
    today = timezone.localdate()
    return render(request, "council/consultations.html", {
        "open": [d for d in drafts if d.consultation.announced_on <= today <= d.consultation.proposals_until
                 and d.status != Draft.Status.WITHDRAWN],
        "closed": [d for d in drafts if d.consultation.proposals_until < today or d.status == Draft.Status.WITHDRAWN],
        "today": today})


@require_http_methods(["GET", "POST"])
def consultation(request, pk):
    draft = Draft.objects.filter(pk=pk, institution=main_institution(), consultation__isnull=False).select_related(
        "consultation").first()
    if draft is None:
        raise Http404(_("Proiectul nu este supus consultării publice."))
    values, errors = {}, {}
    if request.method == "POST":
        values = request.POST
        try:
            services.submit_proposal(draft_id=draft.pk, text=values.get("text", ""), name=values.get("name", ""),
                                     email=values.get("email", ""), user=request.user, ip=_ip(request))
        except DomainError as exc:
            errors = field_errors(exc)
        else:
            messages.success(request, _("Propunerea a fost înregistrată în registrul propunerilor. Vă mulțumim!"))
            return redirect("council:consultation", pk=draft.pk)
    today = timezone.localdate()
    c = draft.consultation
    return render(request, "council/consultation.html", {
        "draft": draft, "consultation": c, "values": values, "errors": errors,
        "window_open": c.announced_on <= today <= c.proposals_until and c.synthesis_published_at is None
        and draft.status != Draft.Status.WITHDRAWN,
        "proposals": c.proposals.order_by("number"), "timeline": services.timeline(draft),
        "signed_in": request.user.is_authenticated,
    }, status=400 if errors else 200)


def consultation_document(request, pk, which):
    """The referat or the report of a draft under public consultation, published with it (Legea 52/2003, art. 7
    alin. 3)."""
    draft = Draft.objects.filter(pk=pk, institution=main_institution(), consultation__isnull=False).first()
    document = getattr(draft, {"referat": "referat_pdf", "raport": "report_pdf"}.get(which, ""), None) \
        if draft else None
    if document is None:
        raise Http404(_("Documentul nu există."))
    return FileResponse(document.file.open("rb"), content_type="application/pdf",
                        filename=f"{which}-proiect-{draft.number}-{draft.year}.pdf")


# --- back office ---------------------------------------------------------------------------------------------------


def _require_office(user):
    if not rules.council_office(user):
        raise PermissionDenied(_("Pagina este pentru aparatul de specialitate al secretarului general."))


def _may_see(user, draft, decision=None) -> bool:
    if rules.council_office(user) or (draft.kind == Draft.Kind.DISPOSITION and rules.can(user, draft, "issue")):
        return True
    if rules.can(user, draft, "withdraw"):
        return True
    return decision is not None and (rules.can(user, decision, "sign_chair") or rules.can(user, decision,
                                                                                          "countersign"))


@login_required
def office(request):
    _require_office(request.user)
    institution = main_institution()
    return render(request, "council/office/index.html", {
        "drafts": Draft.objects.filter(institution=institution).select_related("decision")[:100],
        "sessions": Session.objects.filter(institution=institution)[:50],
        "late": sum(1 for row in services.addressee_communications(institution) if row.late)})


@login_required
@require_http_methods(["GET", "POST"])
def new_draft(request):
    _require_office(request.user)
    values, errors = {}, {}
    if request.method == "POST":
        values = request.POST
        files = {}
        for field in ("referat_pdf", "report_pdf"):
            upload = request.FILES.get(field)
            if upload is not None:
                try:
                    check_upload(upload, allowed_kinds=["pdf"], max_size_mb=MAX_PDF_MB)
                    upload.seek(0)
                    files[field] = upload.read()
                except Exception as exc:  # noqa: BLE001 - the check's message is shown as is
                    errors[field.removesuffix("_pdf")] = getattr(exc, "messages", [str(exc)])[0]
        try:
            if errors:
                raise DomainError(errors)
            draft = services.create_draft(
                actor=request.user, title=values.get("title", ""), initiator=values.get("initiator", ""),
                body=values.get("body", ""), normative=values.get("normative") == "1",
                majority=values.get("majority", ""), referat=values.get("referat", ""),
                report=values.get("report", ""), kind=values.get("kind", Draft.Kind.DECISION),
                referat_pdf=files.get("referat_pdf"), report_pdf=files.get("report_pdf"),
                registered_on=typed_date(values.get("registered_on")) or timezone.localdate(), ip=_ip(request))
        except DomainError as exc:
            errors = field_errors(exc)
        else:
            messages.success(request, _("Proiectul nr. %(number)s/%(year)s a fost înregistrat.") % {"number": draft.number, "year": draft.year})
            return redirect("council_office:draft", pk=draft.pk)
    return render(request, "council/office/new_draft.html", {
        "values": values, "errors": errors, "majorities": Majority.choices, "kinds": Draft.Kind.choices},
        status=400 if errors else 200)


def _draft_action(request, draft):
    action, values = request.POST.get("action", ""), request.POST
    decision = Decision.objects.filter(draft=draft).first()
    if action == "consultation":
        services.open_consultation(actor=request.user, draft_id=draft.pk,
                                   announced_on=typed_date(values.get("announced_on")) or timezone.localdate(),
                                   proposals_until=typed_date(values.get("proposals_until")), ip=_ip(request))
        return _("Consultarea publică a fost anunțată.")
    if action == "synthesis":
        services.publish_synthesis(actor=request.user, draft_id=draft.pk, synthesis=values.get("synthesis", ""),
                                   ip=_ip(request))
        return _("Sinteza propunerilor a fost publicată.")
    if action == "opinion":
        services.record_opinion(actor=request.user, draft_id=draft.pk, committee_id=typed_int(values.get("committee"), positive=True),
                                verdict=values.get("verdict", ""), note=values.get("note", ""),
                                given_on=typed_date(values.get("given_on")) or timezone.localdate(), ip=_ip(request))
        return _("Avizul comisiei a fost înregistrat.")
    if action == "withdraw":
        services.withdraw_draft(actor=request.user, draft_id=draft.pk, reason=values.get("reason", ""),
                                on=typed_date(values.get("on")) or timezone.localdate(), ip=_ip(request))
        return _("Proiectul a fost retras; rămâne în registrul proiectelor, cu mențiunea „retras”.")
    if action == "issue":
        services.issue_disposition(actor=request.user, draft_id=draft.pk,
                                   on=typed_date(values.get("on")) or timezone.localdate(), ip=_ip(request))
        return _("Dispoziția a fost emisă și semnată de primar.")
    if decision is None:
        raise DomainError(_("Operațiunea se face după votul consiliului."))
    if action == "sign_chair":
        services.sign_as_chair(actor=request.user, decision_id=decision.pk, ip=_ip(request))
        return _("Hotărârea a fost semnată de președintele de ședință.")
    if action == "countersign":
        services.countersign(actor=request.user, decision_id=decision.pk, ip=_ip(request))
        return _("Hotărârea a fost contrasemnată de secretarul general.")
    if action == "prefect":
        services.communicate_to_prefect(actor=request.user, decision_id=decision.pk,
                                        on=typed_date(values.get("on")) or timezone.localdate(), ip=_ip(request))
        return _("Comunicarea către prefect a fost înregistrată.")
    if action == "publish":
        services.publish(actor=request.user, decision_id=decision.pk, ip=_ip(request))
        return _("Hotărârea a fost publicată în Monitorul Oficial Local.")
    if action == "addressee":
        services.add_addressee(actor=request.user, decision_id=decision.pk,
                               party_id=_party_id(values.get("identifier", "")), name=values.get("name", ""),
                               address=values.get("address", ""), email=values.get("email", ""), ip=_ip(request))
        return _("Persoana a fost adăugată printre cei cărora li se comunică actul.")
    if action == "communicate":
        services.communicate_to_addressees(actor=request.user, decision_id=decision.pk,
                                           on=typed_date(values.get("on")) or timezone.localdate(), ip=_ip(request))
        return _("Actul a fost comunicat celor cărora li se adresează.")
    raise DomainError(_("Operațiune necunoscută."))


def _party_id(identifier):
    """A party of the platform by its CNP or CUI, as typed (None when empty); an unknown one is refused."""
    from primaria.accounts.models import Party

    identifier = "".join(ch for ch in (identifier or "") if ch.isalnum()).upper().removeprefix("RO")
    if not identifier:
        return None
    party = (Party.objects.filter(cui=identifier, kind="company").first()
             or Party.objects.filter(cnp=identifier, kind="person").order_by("-user_id").first())
    if party is None:
        raise DomainError({"identifier": _("Nu există în platformă o persoană sau o firmă cu acest CNP sau CUI: "
                                         "lăsați câmpul gol și scrieți numele și adresa poștală.")})
    return party.pk


@login_required
@require_http_methods(["GET", "POST"])
def draft_page(request, pk):
    draft = Draft.objects.filter(pk=pk, institution=main_institution()).first()
    if draft is None:
        raise Http404(_("Proiectul nu există."))
    decision = Decision.objects.filter(draft=draft).select_related("session__chair", "act").first()
    if not _may_see(request.user, draft, decision):
        raise PermissionDenied(_("Pagina este pentru aparatul de specialitate al secretarului general."))
    errors = {}
    if request.method == "POST":
        if request.POST.get("action") in ("sign_chair", "countersign", "issue") and not rules.second_factor_fresh(request):
            from primaria.security.views import reauthenticate

            return reauthenticate(request, next_url=request.path)
        try:
            done = _draft_action(request, draft)
        except DomainError as exc:
            errors = field_errors(exc)
        except PermissionDenied as exc:
            errors = {"__all__": str(exc)}
        else:
            messages.success(request, done)
            return redirect("council_office:draft", pk=draft.pk)
    return render(request, "council/office/draft.html", {
        "draft": draft, "decision": decision, "errors": errors, "timeline": services.timeline(draft),
        "opinions": CommitteeOpinion.objects.filter(draft=draft).select_related("committee"),
        "committees": Committee.objects.filter(institution=draft.institution), "verdicts":
            CommitteeOpinion.Verdict.choices, "consultation": getattr(draft, "consultation", None),
        "proposal_minimum": terms.proposals_minimum(timezone.localdate()),
        "votes": Vote.objects.filter(draft=draft).select_related("councillor").order_by("councillor__full_name"),
        "can_sign": decision is not None and rules.can(request.user, decision, "sign_chair"),
        "can_countersign": decision is not None and rules.can(request.user, decision, "countersign"),
        "office": rules.council_office(request.user),
        "can_issue": draft.kind == Draft.Kind.DISPOSITION and decision is None and rules.can(request.user, draft,
                                                                                              "issue"),
        "can_withdraw": draft.status in services.WITHDRAWABLE and decision is None
        and rules.can(request.user, draft, "withdraw"),
        "addressees": Addressee.objects.filter(decision=decision).select_related("registry_entry")
        if decision else [],
        "addressees_term": terms.addressees_due(decision.communicated_prefect_on)
        if decision is not None and decision.communicated_prefect_on else None,
    }, status=400 if errors else 200)


@login_required
def communications(request):
    """The acts with individual character still to be communicated to those they concern, and those communicated
    late (art. 199), each with its term."""
    _require_office(request.user)
    rows = services.addressee_communications()
    return render(request, "council/office/communications.html", {
        "rows": rows, "late": sum(1 for r in rows if r.late), "basis": terms.BASIS_ADDRESSEES})


@login_required
@require_http_methods(["GET", "POST"])
def new_session(request):
    _require_office(request.user)
    institution = main_institution()
    values, errors = {}, {}
    if request.method == "POST":
        values = request.POST
        session_date = typed_date(values.get("date"))
        if session_date is None:
            errors["date"] = _("Scrieți data ședinței.")
        else:
            try:
                session = services.convene(
                    actor=request.user, session_date=session_date, kind=values.get("kind", ""),
                    draft_ids=[typed_int(v, positive=True) for v in values.getlist("drafts") if typed_int(v, positive=True)],
                    chair_id=typed_int(values.get("chair"), positive=True), sent_on=typed_date(values.get("sent_on")) or timezone.localdate(),
                    ip=_ip(request))
            except DomainError as exc:
                errors = field_errors(exc)
                if "session_date" in errors:
                    errors["date"] = errors.pop("session_date")
            else:
                messages.success(request, _("Ședința a fost convocată; consilierii au primit convocarea prin e-mail."))
                return redirect("council_office:session", pk=session.pk)
    return render(request, "council/office/new_session.html", {
        "values": values, "errors": errors, "kinds": Session.Kind.choices,
        "chosen": values.getlist("drafts") if values else [],
        "councillors": Councillor.objects.filter(institution=institution, active=True),
        "drafts": Draft.objects.filter(institution=institution, kind=Draft.Kind.DECISION,
                                       status__in=[Draft.Status.REGISTERED, Draft.Status.READY])},
        status=400 if errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def session_page(request, pk):
    _require_office(request.user)
    session = Session.objects.filter(pk=pk, institution=main_institution()).select_related("chair").first()
    if session is None:
        raise Http404(_("Ședința nu există."))
    councillors = list(Councillor.objects.filter(institution=session.institution, active=True))
    errors = {}
    if request.method == "POST":
        draft_id = typed_int(request.POST.get("draft"), positive=True)
        votes = {c.pk: request.POST.get(f"vote-{c.pk}") for c in councillors
                 if request.POST.get(f"vote-{c.pk}") in Vote.Choice.values}
        try:
            decision = services.record_votes(actor=request.user, session_id=session.pk, draft_id=draft_id,
                                             votes=votes, ip=_ip(request))
        except DomainError as exc:
            errors = field_errors(exc)
        else:
            messages.success(request, _("Votul a fost înregistrat: proiectul a fost adoptat.")
                             if decision.status == Decision.Status.ADOPTED
                             else _("Votul a fost înregistrat: proiectul a fost respins."))
            return redirect("council_office:session", pk=session.pk)
    drafts = list(session.drafts.all())
    decided = {d.draft_id: d for d in Decision.objects.filter(session=session)}
    return render(request, "council/office/session.html", {
        "session": session, "councillors": councillors, "errors": errors, "choices": Vote.Choice.choices,
        "rows": [(d, decided.get(d.pk)) for d in drafts],
        "convocation": terms.convocation_latest(session.date, session.kind)}, status=400 if errors else 200)
