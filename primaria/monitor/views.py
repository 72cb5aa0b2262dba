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
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from primaria.core import rules
from primaria.core.errors import DomainError, field_errors
from primaria.core.files import check_upload, file_response
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
        raise Http404(_("Secțiunea nu există."))
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
        "title": _("Registrul pentru evidența hotărârilor autorității deliberative"), "decisions": True})


def dispositions_register(request):
    year = _year(request.GET.get("an"))
    return render(request, "monitor/register_acts.html", {
        "rows": selectors.dispositions_register(year), "year": year, "sections": selectors.sections(),
        "title": _("Registrul pentru evidența dispozițiilor autorității executive"), "decisions": False})


@require_http_methods(["GET", "POST"])
def verification(request, code):
    """The verification of a published act, by the code on its pages (the QR code leads here through /verificare/)."""
    from primaria.signing.services import validate

    found = selectors.act_by_code(code)
    if found is None:
        raise Http404(_("Nu există niciun act publicat cu acest cod."))
    with found.document.file.open("rb") as handle:
        report = validate(handle.read())
    upload_report, upload_error, same_file = None, "", None
    if request.method == "POST":
        uploaded = request.FILES.get("file")
        if uploaded is None:
            upload_error = _("Alegeți fișierul PDF pe care doriți să-l verificați.")
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
    service = services.competition_service(active_only=True)
    return render(request, "monitor/competitions.html", {
        "competitions": selectors.competitions(), "service": service, "today": timezone.localdate()})


# --- back office ---------------------------------------------------------------------------------------------


def _require_office(user):
    if not rules.monitor_office(user):
        raise PermissionDenied(_("Pagina este pentru aparatul de specialitate al secretarului general."))


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
                    errors["adopted_on"] = _("Scrieți data în forma zz.ll.aaaa (de exemplu 15.03.2026).")
            else:
                messages.success(request, (_("%(act)s a fost publicată în Monitorul Oficial Local.")
                                           if found.kind in (Kind.DECISION, Kind.DISPOSITION)
                                           else _("%(act)s a fost publicat în Monitorul Oficial Local.")) % {
                                               "act": found.label})
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
            errors["registered_on"] = _("Scrieți data înregistrării proiectului.")
        else:
            try:
                draft = services.register_draft(
                    actor=request.user, number=typed_int(values.get("number")), registered_on=registered_on,
                    initiator=values.get("initiator", ""), title=values.get("title", ""),
                    published_on=typed_date(values.get("published_on")), ip=_ip(request))
            except DomainError as exc:
                errors = field_errors(exc)
            else:
                messages.success(request, _("Proiectul de hotărâre nr. %(number)s/%(year)s a fost înregistrat.") % {
                    "number": draft.number, "year": draft.year})
                return redirect("monitor_office:drafts")
    return render(request, "monitor/office/drafts.html", {
        "values": values, "errors": errors, "rows": selectors.drafts_register()}, status=400 if errors else 200)



# --- back office: procurement notices and job competitions (Legea 544/2001, art. 5; HG 1336/2022) --------------


def _decimal(value):
    from decimal import Decimal, InvalidOperation

    text = (value or "").strip().replace(" ", "").replace(".", "").replace(",", ".") if "," in (value or "") \
        else (value or "").strip().replace(" ", "")
    try:
        number = Decimal(text)
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def _form_values(obj, fields) -> dict:
    from datetime import date as date_type

    return {name: (getattr(obj, name).isoformat() if isinstance(getattr(obj, name), date_type)
                   else getattr(obj, name) if getattr(obj, name) is not None else "") for name in fields}


NOTICE_FORM = ("reference", "title", "procedure", "cpv", "estimated_value", "published_on", "deadline", "description")
COMPETITION_FORM = ("reference", "position", "department", "grade", "published_on", "applications_until",
                    "written_test_on", "interview_on", "conditions", "bibliography")


def _notice_changes(values) -> dict:
    return {"title": values.get("title", ""), "procedure": values.get("procedure", ""), "cpv": values.get("cpv", ""),
            "estimated_value": _decimal(values.get("estimated_value")), "deadline": typed_date(values.get("deadline")),
            "description": values.get("description", "")}


def _competition_changes(values) -> dict:
    return {"position": values.get("position", ""), "department": values.get("department", ""),
            "grade": values.get("grade", ""), "applications_until": typed_date(values.get("applications_until")),
            "written_test_on": typed_date(values.get("written_test_on")),
            "interview_on": typed_date(values.get("interview_on")), "conditions": values.get("conditions", ""),
            "bibliography": values.get("bibliography", "")}


class _OfficeKind:
    """What the back-office pages of one kind of information published ex officio differ in: the procurement
    notices and the job competitions share their pages (`_office_list`, `_office_item`): the list with the form
    that publishes a new one (or saves it as a draft), and the page of one, which publishes its draft, amends it
    with the reason published, closes it and, for a competition, publishes the results of a stage."""

    model_name = ""  # in .models
    one = many = ""  # the names of one and of the list in the templates
    list_template = item_template = item_url = ""
    form = ()  # the fields of the amendment form, filled in from the saved values
    missing = published = drafted = draft_published = closed = ""

    @property
    def model(self):
        from . import models

        return getattr(models, self.model_name)

    def publish(self, request, values, **kwargs):
        raise NotImplementedError

    def publish_draft(self, request, obj):
        raise NotImplementedError

    def amend(self, request, obj, values):
        raise NotImplementedError

    def close(self, request, obj, values):
        raise NotImplementedError

    def other_action(self, request, obj, action, values):
        """An action only this kind has; returns the message shown when it is done."""
        raise DomainError(_("Operațiune necunoscută."))

    def list_context(self) -> dict:
        return {}

    def item_context(self, obj) -> dict:
        return {}

    def get(self, pk):
        found = self.model.objects.filter(pk=pk, institution=main_institution()).first()
        if found is None:
            raise Http404(self.missing)
        return found


class _Notices(_OfficeKind):
    model_name, one, many = "ProcurementNotice", "notice", "notices"
    list_template, item_template = "monitor/office/procurement.html", "monitor/office/notice.html"
    item_url, form = "monitor_office:notice", NOTICE_FORM
    missing = gettext_lazy("Anunțul nu există.")
    published = gettext_lazy("Anunțul %(reference)s a fost publicat.")
    drafted = gettext_lazy("Anunțul %(reference)s a fost salvat ca ciornă.")
    draft_published = gettext_lazy("Anunțul a fost publicat.")
    closed = gettext_lazy("Procedura a fost închisă.")

    def publish(self, request, values, **kwargs):
        return services.publish_procurement_notice(
            reference=values.get("reference", ""), title=values.get("title", ""),
            procedure=values.get("procedure", ""), estimated_value=_decimal(values.get("estimated_value")),
            published_on=typed_date(values.get("published_on")) or timezone.localdate(),
            deadline=typed_date(values.get("deadline")), cpv=values.get("cpv", ""),
            description=values.get("description", ""), **kwargs)

    def publish_draft(self, request, obj):
        services.publish_notice_draft(actor=request.user, notice_id=obj.pk, ip=_ip(request))

    def amend(self, request, obj, values):
        services.amend_procurement_notice(actor=request.user, notice_id=obj.pk, reason=values.get("reason", ""),
                                          ip=_ip(request), **_notice_changes(values))

    def close(self, request, obj, values):
        services.close_procurement_notice(actor=request.user, notice_id=obj.pk, status=values.get("status", ""),
                                          result=values.get("result", ""),
                                          on=typed_date(values.get("on")) or timezone.localdate(), ip=_ip(request))

    def list_context(self):
        return {"procedures": self.model.Procedure.choices}

    def item_context(self, obj):
        return {"procedures": self.model.Procedure.choices, "revisions": obj.revisions.select_related("changed_by")}


class _Competitions(_OfficeKind):
    model_name, one, many = "JobCompetition", "competition", "competitions"
    list_template, item_template = "monitor/office/competitions.html", "monitor/office/competition.html"
    item_url, form = "monitor_office:competition", COMPETITION_FORM
    missing = gettext_lazy("Concursul nu există.")
    published = gettext_lazy("Concursul %(reference)s a fost publicat.")
    drafted = gettext_lazy("Concursul %(reference)s a fost salvat ca ciornă.")
    draft_published = gettext_lazy("Concursul a fost publicat; înscrierile sunt deschise.")
    closed = gettext_lazy("Starea concursului a fost schimbată.")

    def publish(self, request, values, **kwargs):
        return services.publish_competition(
            reference=values.get("reference", ""), position=values.get("position", ""),
            department=values.get("department", ""), grade=values.get("grade", ""),
            published_on=typed_date(values.get("published_on")) or timezone.localdate(),
            applications_until=typed_date(values.get("applications_until")),
            written_test_on=typed_date(values.get("written_test_on")),
            interview_on=typed_date(values.get("interview_on")), conditions=values.get("conditions", ""),
            bibliography=values.get("bibliography", ""), **kwargs)

    def publish_draft(self, request, obj):
        services.publish_competition_draft(actor=request.user, competition_id=obj.pk, ip=_ip(request))

    def amend(self, request, obj, values):
        services.amend_competition(actor=request.user, competition_id=obj.pk, reason=values.get("reason", ""),
                                   ip=_ip(request), **_competition_changes(values))

    def close(self, request, obj, values):
        services.close_competition(actor=request.user, competition_id=obj.pk, status=values.get("status", ""),
                                   reason=values.get("reason", ""), ip=_ip(request))

    def other_action(self, request, obj, action, values):
        if action != "stage":
            return super().other_action(request, obj, action, values)
        results = {key.removeprefix("result-"): value for key, value in values.items()
                   if key.startswith("result-") and value}
        scores = {key.removeprefix("score-"): _decimal(value) for key, value in values.items()
                  if key.startswith("score-") and value}
        if any(v is None for v in scores.values()):
            raise DomainError(_("Scrieți punctajele ca numere (de exemplu 78,50)."))
        services.publish_stage_results(actor=request.user, competition_id=obj.pk, stage=values.get("stage", ""),
                                       held_on=typed_date(values.get("held_on")), results=results, scores=scores,
                                       note=values.get("note", ""), ip=_ip(request))
        return _("Rezultatele etapei au fost publicate.")

    def item_context(self, obj):
        from .models import STAGE_ORDER, Stage, StageResult

        applications = list(services.competition_applications(obj).prefetch_related("attachments__document"))
        stages = list(obj.stages.prefetch_related("results"))
        outcome = {(r.stage_id, r.application_id): r for s in stages for r in s.results.all()}
        rows = [(a, [outcome.get((s.pk, a.pk)) for s in stages]) for a in applications]
        done = {s.stage for s in stages}
        next_stage = next((s for s in STAGE_ORDER if s not in done and not (s == Stage.INTERVIEW and Stage.WRITTEN
                                                                            not in done)), None)
        last = stages[-1] if stages else None
        admitted = {r.application_id for r in last.results.all() if r.outcome == StageResult.Outcome.PASSED} \
            if last else {a.pk for a in applications}
        return {"rows": rows, "stages": stages, "stage_choices": [(s.value, s.label) for s in STAGE_ORDER
                                                                  if s not in done],
                "next_stage": next_stage, "candidates": [a for a in applications if a.pk in admitted],
                "outcomes": StageResult.Outcome.choices, "revisions": obj.revisions.select_related("changed_by")}


NOTICES, COMPETITIONS = _Notices(), _Competitions()


def _office_list(request, kind: _OfficeKind):
    _require_office(request.user)
    values, errors = {}, {}
    if request.method == "POST":
        values = request.POST
        try:
            published = kind.publish(request, values, actor=request.user, publish=values.get("publish") == "1",
                                     ip=_ip(request))
        except DomainError as exc:
            errors = field_errors(exc)
        else:
            message = kind.published if published.status == "open" else kind.drafted
            messages.success(request, message % {"reference": published.reference})
            return redirect(kind.item_url, pk=published.pk)
    return render(request, kind.list_template, {
        "values": values, "errors": errors, **kind.list_context(),
        kind.many: kind.model.objects.filter(institution=main_institution())[:200]},
        status=400 if errors else 200)


def _office_item(request, kind: _OfficeKind, pk):
    _require_office(request.user)
    obj = kind.get(pk)
    errors, values = {}, _form_values(obj, kind.form)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "publish":
                kind.publish_draft(request, obj)
                done = str(kind.draft_published)
            elif action == "amend":
                values = request.POST
                kind.amend(request, obj, values)
                done = _("Modificarea a fost publicată, cu motivul ei.")
            elif action == "close":
                kind.close(request, obj, request.POST)
                done = str(kind.closed)
            else:
                done = kind.other_action(request, obj, action, request.POST)
        except DomainError as exc:
            errors = field_errors(exc)
        else:
            messages.success(request, done)
            return redirect(kind.item_url, pk=obj.pk)
    return render(request, kind.item_template, {
        kind.one: obj, "values": values, "errors": errors, **kind.item_context(obj)}, status=400 if errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def office_procurement(request):
    return _office_list(request, NOTICES)


@login_required
@require_http_methods(["GET", "POST"])
def office_notice(request, pk):
    return _office_item(request, NOTICES, pk)


@login_required
@require_http_methods(["GET", "POST"])
def office_competitions(request):
    return _office_list(request, COMPETITIONS)


@login_required
@require_http_methods(["GET", "POST"])
def office_competition(request, pk):
    return _office_item(request, COMPETITIONS, pk)


@login_required
def office_application_file(request, pk, attachment):
    """A file of an application, for the competition's commission."""
    from primaria.requests.models import Attachment

    _require_office(request.user)
    competition = COMPETITIONS.get(pk)
    found = Attachment.objects.filter(pk=attachment, request__in=services.competition_applications(competition)) \
        .select_related("document").first()
    if found is None:
        raise Http404(_("Documentul nu face parte dintr-un dosar al acestui concurs."))
    document = found.document
    return file_response(document.file, filename=document.original_name, mime=document.mime)


@login_required
def my_applications(request):
    """The candidate's own applications to competitions, with the results published for each stage."""
    return render(request, "monitor/my_applications.html", {"rows": selectors.my_applications(request.user)})
