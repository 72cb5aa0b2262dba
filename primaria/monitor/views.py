"""The public pages of the Monitorul Oficial Local and of the information published ex officio (no account needed),
and the back office of the secretary general's staff. Thin adapters over `selectors` and `services`."""

import hashlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from primaria.core import rules
from primaria.core.errors import DomainError, field_errors
from primaria.core.files import check_upload
from primaria.core.validators import typed_date, typed_int
from primaria.institutions.selectors import main_institution

from . import selectors, services
from .models import KIND_SECTIONS, DraftDecision, Kind, Section

PAGE_SIZE = 25
MAX_PDF_MB = 30


def _ip(request):
    return request.META.get("REMOTE_ADDR")


def _year(value):
    try:
        year = int(value)
    except (TypeError, ValueError):
        return None
    return year if 1990 <= year <= 2100 else None


# --- public --------------------------------------------------------------------------------------------------


def index(request):
    latest = selectors.acts().order_by("-published_at")[:10]
    return render(request, "monitor/index.html", {"sections": selectors.sections(), "latest": latest})


def section(request, section):
    if section not in Section.values:
        raise Http404("Secțiunea nu există.")
    year = _year(request.GET.get("an"))
    page = Paginator(selectors.section_acts(section, year=year), PAGE_SIZE).get_page(request.GET.get("pagina"))
    return render(request, "monitor/section.html", {
        "section": Section(section), "note": selectors.SECTION_NOTES[section], "page": page, "year": year,
        "years": selectors.years_of(section), "sections": selectors.sections(),
    })


def act(request, kind, year, number):
    found = selectors.act_at(kind, year, number)
    return render(request, "monitor/act.html", {
        "act": found, "changed_by": list(found.changed_by.all()), "changes": list(found.changes.all()),
        "sections": selectors.sections(),
    })


def act_pdf(request, kind, year, number):
    found = selectors.act_at(kind, year, number)
    return FileResponse(found.document.file.open("rb"), content_type="application/pdf",
                        filename=f"{found.kind}-{found.number}-{found.year}.pdf")


def search(request):
    text = request.GET.get("q", "")
    section = request.GET.get("sectiune", "")
    if section not in Section.values:
        section = ""
    query, found = selectors.search(text, section=section)
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("pagina"))
    return render(request, "monitor/search.html", {
        "q": text[:200], "query": query, "page": page, "section": section, "sections": selectors.sections(),
        "searched": bool(text.strip()),
    })


def drafts_register(request):
    year = _year(request.GET.get("an"))
    return render(request, "monitor/register_drafts.html", {
        "rows": selectors.drafts_register(year), "year": year, "sections": selectors.sections()})


def decisions_register(request):
    year = _year(request.GET.get("an"))
    return render(request, "monitor/register_acts.html", {
        "rows": selectors.decisions_register(year), "year": year, "sections": selectors.sections(),
        "title": "Registrul pentru evidența hotărârilor autorității deliberative", "decisions": True})


def dispositions_register(request):
    year = _year(request.GET.get("an"))
    return render(request, "monitor/register_acts.html", {
        "rows": selectors.dispositions_register(year), "year": year, "sections": selectors.sections(),
        "title": "Registrul pentru evidența dispozițiilor autorității executive", "decisions": False})


@require_http_methods(["GET", "POST"])
def verification(request, code):
    """The verification of a published act, by the code on its pages (the QR code leads here through /verificare/)."""
    from primaria.signing.services import validate

    found = selectors.act_by_code(code)
    if found is None:
        raise Http404("Nu există niciun act publicat cu acest cod.")
    with found.document.file.open("rb") as handle:
        report = validate(handle.read())
    upload_report, upload_error, same_file = None, "", None
    if request.method == "POST":
        uploaded = request.FILES.get("file")
        if uploaded is None:
            upload_error = "Alegeți fișierul PDF pe care doriți să-l verificați."
        else:
            try:
                check_upload(uploaded, allowed_kinds=["pdf"], max_size_mb=MAX_PDF_MB)
            except Exception as exc:  # noqa: BLE001 - the message is shown as is
                upload_error = getattr(exc, "messages", [str(exc)])[0]
            else:
                data = uploaded.read()
                same_file = hashlib.sha256(data).hexdigest() == found.sha256
                upload_report = validate(data)
    return render(request, "monitor/verification.html", {
        "act": found, "report": report, "upload_report": upload_report, "upload_error": upload_error,
        "same_file": same_file})


# --- information published ex officio (Legea 544/2001, art. 5) ------------------------------------------------


def public_info(request):
    from primaria.institutions.models import Department, Position, Role

    institution = main_institution()
    leaders = (Position.objects.filter(department__institution=institution, active=True,
                                       role__in=(Role.MAYOR, Role.DEPUTY_MAYOR, Role.SECRETARY_GENERAL))
               .select_related("user").order_by("role", "pk"))
    return render(request, "monitor/public_info.html", {
        "institution": institution, "leaders": leaders,
        "departments": Department.objects.filter(institution=institution).order_by("name"),
        "financial": selectors.financial_acts()[:10], "notices": selectors.procurement_notices()[:5],
        "competitions": selectors.competitions()[:5], "sections": selectors.sections(),
        "statute": selectors.section_acts(Section.STATUTE)[:3],
        "regulations": selectors.section_acts(Section.REGULATIONS)[:5],
    })


def budget(request):
    return render(request, "monitor/budget.html", {"acts": selectors.financial_acts()})


def procurement(request):
    page = Paginator(selectors.procurement_notices(), PAGE_SIZE).get_page(request.GET.get("pagina"))
    return render(request, "monitor/procurement.html", {"page": page})


def competitions(request):
    from django.conf import settings

    from primaria.catalog.models import Service

    service = Service.objects.filter(slug=settings.PRIMARIA_COMPETITION_SERVICE, active=True).first()
    return render(request, "monitor/competitions.html", {
        "competitions": selectors.competitions(), "service": service, "today": timezone.localdate()})


# --- back office ---------------------------------------------------------------------------------------------


def _require_office(user):
    if not rules.monitor_office(user):
        raise PermissionDenied("Pagina este pentru aparatul de specialitate al secretarului general.")


@login_required
def office(request):
    _require_office(request.user)
    page = Paginator(selectors.acts().order_by("-published_at"), PAGE_SIZE).get_page(request.GET.get("pagina"))
    return render(request, "monitor/office/index.html", {"page": page})


@login_required
@require_http_methods(["GET", "POST"])
def publish(request):
    _require_office(request.user)
    values, errors = {}, {}
    if request.method == "POST":
        values = request.POST
        pdf = request.FILES.get("signed_pdf")
        data = None
        if pdf is not None:
            try:
                check_upload(pdf, allowed_kinds=["pdf"], max_size_mb=MAX_PDF_MB)
                pdf.seek(0)
                data = pdf.read()
            except Exception as exc:  # noqa: BLE001 - the check's message is shown as is
                errors["signed_pdf"] = getattr(exc, "messages", [str(exc)])[0]
        draft = None
        if values.get("draft"):
            draft = DraftDecision.objects.filter(pk=typed_int(values["draft"])).first()
        adopted_on = typed_date(values.get("adopted_on"))
        if not errors:  # a file refused is told alone: without it the act would be rendered from its text
            try:
                found = services.publish_act(
                    actor=request.user, kind=values.get("kind", ""), section=values.get("section", ""),
                    number=typed_int(values.get("number")), adopted_on=adopted_on, title=values.get("title", ""),
                    body=values.get("body", ""), issuer=values.get("issuer", ""), initiator=values.get("initiator", ""),
                    signed_pdf=data, amends=[typed_int(v) for v in values.getlist("amends") if typed_int(v)],
                    repeals=[typed_int(v) for v in values.getlist("repeals") if typed_int(v)], draft=draft,
                    communicated_prefect_on=typed_date(values.get("communicated_prefect_on")), ip=_ip(request))
            except DomainError as exc:
                errors = field_errors(exc)
                if values.get("adopted_on") and adopted_on is None:
                    errors["adopted_on"] = "Scrieți data în forma zz.ll.aaaa (de exemplu 15.03.2026)."
            else:
                messages.success(request, f"{found.label} a fost publicat{'ă' if found.kind in (Kind.DECISION, Kind.DISPOSITION) else ''} în Monitorul Oficial Local.")
                return redirect(found.get_absolute_url())
    return render(request, "monitor/office/publish.html", {
        "values": values, "errors": errors, "kinds": Kind.choices, "sections": Section.choices,
        "kind_sections": {k: [Section(s).label for s in v] for k, v in KIND_SECTIONS.items()},
        "open_acts": selectors.open_acts(), "drafts": DraftDecision.objects.filter(
            institution=main_institution(), outcome=DraftDecision.Outcome.PENDING).order_by("-year", "-number"),
        "amends": values.getlist("amends") if values else [], "repeals": values.getlist("repeals") if values else [],
    }, status=400 if errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def drafts(request):
    _require_office(request.user)
    values, errors = {}, {}
    if request.method == "POST":
        values = request.POST
        registered_on = typed_date(values.get("registered_on"))
        if registered_on is None:
            errors["registered_on"] = "Scrieți data înregistrării proiectului."
        else:
            try:
                draft = services.register_draft(
                    actor=request.user, number=typed_int(values.get("number")), registered_on=registered_on,
                    initiator=values.get("initiator", ""), title=values.get("title", ""),
                    published_on=typed_date(values.get("published_on")), ip=_ip(request))
            except DomainError as exc:
                errors = field_errors(exc)
            else:
                messages.success(request, f"Proiectul de hotărâre nr. {draft.number}/{draft.year} a fost înregistrat.")
                return redirect("monitor_office:drafts")
    return render(request, "monitor/office/drafts.html", {
        "values": values, "errors": errors, "rows": selectors.drafts_register()}, status=400 if errors else 200)

