"""Pages: the resident's audiences (/audiente/) and the mayor's office and officials (/birou/audiente/)."""

import csv
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from primaria.accounts.models import User
from primaria.accounts.selectors import acting_party
from primaria.audit.services import record
from primaria.core import rules
from primaria.core.errors import DomainError, field_errors
from primaria.institutions.models import Department
from primaria.institutions.selectors import has_role, main_institution

from . import selectors, services
from .models import WEEKDAYS, Audience, AudienceHours, Status, Topic

WORKDAYS = WEEKDAYS[:5]


def _ip(request):
    return request.META.get("REMOTE_ADDR")


# --- the resident -------------------------------------------------------------------------------------


@login_required
def mine(request):
    party = acting_party(request)
    audiences = selectors.audiences_of(request.user, [party]) if party else []
    return render(request, "audiences/mine.html", {"party": party, "audiences": audiences})


def _ask_context(request, party, values=None, errors=None):
    return {"party": party, "officials": selectors.officials(main_institution()), "topics": Topic.choices,
            "weekdays": WORKDAYS, "values": values or {"days": []}, "errors": errors or {}}


@login_required
def ask(request):
    party = acting_party(request)
    if party is None or not rules.can(request.user, party, "act_for"):
        raise PermissionDenied(_("Alegeți mai întâi în numele cui depuneți cererea."))
    if request.method != "POST":
        return render(request, "audiences/ask.html", _ask_context(request, party))
    values = {"official": request.POST.get("official", ""), "category": request.POST.get("category", ""),
              "topic": request.POST.get("topic", ""), "days": request.POST.getlist("days")}
    official = None
    if values["official"] not in ("", "competent"):
        official = User.objects.filter(pk=values["official"]).first() if values["official"].isdigit() else None
        if official is None:
            return render(request, "audiences/ask.html", _ask_context(
                request, party, values, {"official": _("Alegeți o persoană din listă sau „persoana competentă”.")}),
                status=400)
    elif values["official"] == "":
        return render(request, "audiences/ask.html", _ask_context(
            request, party, values, {"official": _("Alegeți cu cine doriți audiența.")}), status=400)
    try:
        audience = services.ask(actor=request.user, party=party, official=official, category=values["category"],
                                topic=values["topic"], preferred_days=values["days"], ip=_ip(request))
    except DomainError as exc:
        return render(request, "audiences/ask.html", _ask_context(request, party, values, field_errors(exc)),
                      status=400)
    messages.success(request, _("Cererea de audiență a fost înregistrată cu nr. %(number)s.") % {
        "number": audience.reference})
    return redirect("audiences:detail", public_id=audience.public_id)


def _applicant_audience(request, public_id):
    audience = get_object_or_404(Audience.objects.select_related(
        "applicant", "registry_entry", "official", "wanted_official", "referred_to", "follow_up"), public_id=public_id)
    if not rules.can(request.user, audience, "view"):
        raise PermissionDenied(_("Această audiență nu vă privește."))
    return audience


@login_required
def detail(request, public_id):
    audience = _applicant_audience(request, public_id)
    can_answer = rules.can(request.user, audience, "confirm")
    return render(request, "audiences/detail.html", {
        "audience": audience, "timeline": audience.timeline.filter(public=True),
        "can_confirm": can_answer and services.allowed(audience, "confirm"),
        "can_ask_another": can_answer and services.allowed(audience, "ask_another"),
        "slot": services.slot_label(audience) if audience.starts_at else "",
    })


@login_required
@require_POST
def answer(request, public_id):
    audience = _applicant_audience(request, public_id)
    try:
        if request.POST.get("action") == "confirm":
            services.confirm(actor=request.user, audience_id=audience.pk, ip=_ip(request))
            messages.success(request, _("Ați confirmat programarea. Vă așteptăm."))
        else:
            services.ask_another(actor=request.user, audience_id=audience.pk, note=request.POST.get("note", ""),
                                 ip=_ip(request))
            messages.success(request, _("Ați cerut altă programare; Cabinetul Primarului vă propune alt interval."))
    except DomainError as exc:
        messages.error(request, " ".join(field_errors(exc).values()))
    return redirect("audiences:detail", public_id=audience.public_id)


def by_link(request, token):
    """The link in the e-mail: confirm the slot or ask for another, without signing in."""
    try:
        audience = services.audience_from_token(token)
    except DomainError as exc:
        return render(request, "audiences/link.html", {"problem": " ".join(field_errors(exc).values())}, status=400)
    done = ""
    if request.method == "POST":
        try:
            if request.POST.get("action") == "confirm":
                services.confirm(audience_id=audience.pk, token=token, ip=_ip(request))
                done = _("Ați confirmat programarea. Vă așteptăm.")
            else:
                services.ask_another(audience_id=audience.pk, token=token, note=request.POST.get("note", ""),
                                     ip=_ip(request))
                done = _("Ați cerut altă programare; Cabinetul Primarului vă propune alt interval prin e-mail.")
        except DomainError as exc:
            return render(request, "audiences/link.html", {"problem": " ".join(field_errors(exc).values())},
                          status=400)
        audience.refresh_from_db()
    return render(request, "audiences/link.html", {
        "audience": audience, "done": done, "slot": services.slot_label(audience) if audience.starts_at else "",
        "can_confirm": services.allowed(audience, "confirm"), "can_ask_another": services.allowed(audience, "ask_another"),
    })


# --- the mayor's office -------------------------------------------------------------------------------


def _require_office(user):
    if not rules.audience_office(user):
        raise PermissionDenied(_("Pagina este pentru Cabinetul Primarului."))


@login_required
def office(request):
    _require_office(request.user)
    waiting = (Audience.objects.filter(status__in=(Status.REGISTERED, Status.RESCHEDULE))
               .select_related("registry_entry", "applicant", "wanted_official").order_by("created_at"))
    return render(request, "audiences/office.html", {"waiting": waiting})


def _office_context(request, audience, *, errors=None, values=None):
    institution = audience.institution
    user = request.user
    values = values or {}
    chosen = request.GET.get("official") or values.get("official") or audience.wanted_official_id or ""
    official = User.objects.filter(pk=chosen).first() if str(chosen).isdigit() else None
    decide = rules.can(user, audience, "decide")
    hold = rules.can(user, audience, "hold")
    return {
        "audience": audience, "timeline": audience.timeline.all(), "errors": errors or {}, "values": values,
        "can_decide": decide and audience.status in (Status.REGISTERED, Status.RESCHEDULE),
        "can_hold": hold and audience.status in (Status.PROPOSED, Status.CONFIRMED),
        "can_record": hold and audience.status == Status.HELD and not audience.decision,
        "officials": selectors.officials(institution), "official": official,
        "slots": selectors.free_slots(official, preferred_days=audience.preferred_days)[:60] if official and decide else [],
        "departments": Department.objects.filter(institution=institution, is_registry=False).order_by("name"),
        "slot": services.slot_label(audience) if audience.starts_at else "",
        "preferred": ", ".join(str(dict(WEEKDAYS)[d]) for d in audience.preferred_days),
    }


def _office_audience(request, public_id):
    audience = get_object_or_404(Audience.objects.select_related(
        "applicant", "registry_entry", "official", "wanted_official", "referred_to", "follow_up__registry_entry",
        "institution"), public_id=public_id)
    if not (rules.audience_office(request.user) or rules.can(request.user, audience, "hold")):
        raise PermissionDenied(_("Această audiență nu vă privește."))
    return audience


@login_required
def office_detail(request, public_id):
    audience = _office_audience(request, public_id)
    return render(request, "audiences/office_detail.html", _office_context(request, audience))


@login_required
@require_POST
def office_act(request, public_id, action):
    audience = _office_audience(request, public_id)
    post, user, ip = request.POST, request.user, _ip(request)
    try:
        if action == "accept":
            official = User.objects.filter(pk=post.get("official")).first() if post.get("official", "").isdigit() else None
            services.accept(actor=user, audience_id=audience.pk, official=official,
                            starts_at=services.parse_slot(post.get("slot")), ip=ip)
            done = _("Programarea a fost propusă solicitantului.")
        elif action == "refuse":
            services.refuse(actor=user, audience_id=audience.pk, reason=post.get("reason", ""), ip=ip)
            done = _("Cererea de audiență a fost respinsă.")
        elif action == "refer":
            services.refer(actor=user, audience_id=audience.pk, department_id=post.get("department"),
                           note=post.get("note", ""), ip=ip)
            done = _("Cererea a fost trimisă compartimentului competent.")
        elif action == "held":
            services.mark_held(actor=user, audience_id=audience.pk, ip=ip)
            done = _("Audiența a fost consemnată ca ținută.")
        elif action == "absent":
            services.mark_absent(actor=user, audience_id=audience.pk, ip=ip)
            done = _("S-a consemnat că solicitantul nu s-a prezentat.")
        elif action == "decide":
            services.record_decision(actor=user, audience_id=audience.pk, decision=post.get("decision", ""),
                                     department_id=post.get("department") or None, ip=ip)
            done = _("Hotărârea a fost consemnată.")
        else:
            raise PermissionDenied(_("Operațiune necunoscută."))
    except DomainError as exc:
        audience.refresh_from_db()
        values = {key: post.get(key, "") for key in ("official", "slot", "reason", "department", "note", "decision")}
        values["form"] = action
        return render(request, "audiences/office_detail.html",
                      _office_context(request, audience, errors=field_errors(exc), values=values), status=400)
    messages.success(request, done)
    if action in ("held", "absent") and post.get("back") == "day":
        return redirect(f"{_day_url()}?data={timezone.localtime(audience.starts_at):%Y-%m-%d}")
    return redirect("audiences_office:detail", public_id=audience.public_id)


def _day_url():
    from django.urls import reverse

    return reverse("audiences_office:day")


@login_required
def day(request):
    """An official's list of the day: time, applicant, topic. The mayor's office may open anyone's."""
    user = request.user
    office_user = rules.audience_office(user)
    wanted = request.GET.get("official", "")
    if wanted and wanted != str(user.pk):
        if not office_user:
            raise PermissionDenied(_("Puteți vedea doar propria listă de audiențe."))
        official = get_object_or_404(User, pk=wanted) if wanted.isdigit() else None
        if official is None:
            raise PermissionDenied(_("Alegeți o persoană din listă."))
    else:
        official = user
        if not office_user and not has_role(user, *services.RECEIVING_ROLES) \
                and not AudienceHours.objects.filter(official=user).exists():
            raise PermissionDenied(_("Nu aveți program de audiențe."))
    try:
        chosen = date.fromisoformat(request.GET.get("data", "")) if request.GET.get("data") else timezone.localdate()
    except ValueError:
        chosen = timezone.localdate()
        messages.error(request, _("Data nu este validă; vedeți lista de azi."))
    return render(request, "audiences/day.html", {
        "official": official, "day": chosen, "rows": selectors.day_list(official, chosen),
        "officials": selectors.officials(main_institution()) if office_user else [], "office": office_user,
    })


def _register_filters(request):
    get = request.GET
    filters = {"status": get.get("stare", "") if get.get("stare", "") in Status.values else "",
               "official_id": get.get("demnitar", "") if get.get("demnitar", "").isdigit() else None,
               "q": get.get("q", "").strip()[:100]}
    for key, name in (("date_from", "de_la"), ("date_to", "pana_la")):
        try:
            filters[key] = date.fromisoformat(get.get(name, "")) if get.get(name) else None
        except ValueError:
            filters[key] = None
    return filters


@login_required
def register(request):
    _require_office(request.user)
    filters = _register_filters(request)
    page = Paginator(selectors.register(**filters), 50).get_page(request.GET.get("pagina"))
    return render(request, "audiences/register.html", {
        "page": page, "statuses": Status.choices, "officials": selectors.officials(main_institution()),
        "query": request.GET,
    })


CSV_HEADER = [gettext_lazy("Nr. înregistrare"), gettext_lazy("Data cererii"), gettext_lazy("Solicitant"),
              gettext_lazy("Depusă de"), gettext_lazy("Domeniul"), gettext_lazy("Tema"), gettext_lazy("Cu cine a cerut"),
              gettext_lazy("Primit de"), gettext_lazy("Data și ora audienței"), gettext_lazy("Locul"),
              gettext_lazy("Starea"), gettext_lazy("Motivul respingerii"), gettext_lazy("Trimisă la"),
              gettext_lazy("Ce s-a hotărât"), gettext_lazy("Cererea rezultată")]


class _Echo:
    def write(self, value):
        return value


@login_required
def register_csv(request):
    _require_office(request.user)
    filters = _register_filters(request)
    rows_qs = selectors.register(**filters)
    record(actor=request.user, action="audience.register_export", ip_address=_ip(request),
           filters={k: str(v) for k, v in filters.items() if v})
    writer = csv.writer(_Echo(), delimiter=";")

    def name(user):
        return (user.get_full_name() or user.email) if user else ""

    language = translation.get_language()

    def rows():
        # The response is streamed after the view returns: the file is written in the page's language.
        with translation.override(language):
            yield from _rows()

    def _rows():
        yield "\ufeff" + writer.writerow([str(title) for title in CSV_HEADER])
        for a in rows_qs.iterator(chunk_size=1000):
            yield writer.writerow([
                a.reference, timezone.localtime(a.created_at).strftime("%d.%m.%Y %H:%M"), a.applicant.name,
                name(a.filed_by) if a.filed_by_id and a.filed_by_id != a.applicant.user_id else "",
                a.get_category_display(), a.topic, name(a.wanted_official) or _("persoana competentă"),
                name(a.official), timezone.localtime(a.starts_at).strftime("%d.%m.%Y %H:%M") if a.starts_at else "",
                a.location, a.get_status_display(), a.refusal_reason, a.referred_to.name if a.referred_to else "",
                a.decision, a.follow_up.reference if a.follow_up_id else "",
            ])

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="registru-audiente-{timezone.localdate():%Y-%m-%d}.csv"'
    return response


def _hours_context(request, *, errors=None, values=None, editing=None):
    from primaria.institutions.models import Position

    institution = main_institution()
    receivers = (Position.objects.filter(active=True, role__in=services.RECEIVING_ROLES,
                                         department__institution=institution)
                 .select_related("user", "department").order_by("role", "user__last_name"))
    return {"hours": AudienceHours.objects.select_related("official").order_by("official__last_name", "weekday",
                                                                                  "starts_at"),
            "receivers": receivers, "weekdays": WORKDAYS, "errors": errors or {}, "values": values or {},
            "editing": editing}


@login_required
def hours(request, pk=None):
    """The officials' audience hours, kept by the mayor's office."""
    _require_office(request.user)
    editing = get_object_or_404(AudienceHours, pk=pk) if pk else None
    if request.method != "POST":
        values = {}
        if editing:
            values = {"official": str(editing.official_id), "title": editing.title, "weekday": str(editing.weekday),
                      "starts_at": f"{editing.starts_at:%H:%M}", "ends_at": f"{editing.ends_at:%H:%M}",
                      "slot_minutes": str(editing.slot_minutes), "location": editing.location,
                      "active": editing.active}
        else:
            values = {"slot_minutes": "15", "active": True}
        return render(request, "audiences/hours.html", _hours_context(request, values=values, editing=editing))
    post = request.POST
    values = {key: post.get(key, "") for key in ("official", "title", "weekday", "starts_at", "ends_at",
                                                  "slot_minutes", "location")}
    values["active"] = post.get("active") == "1"
    official = User.objects.filter(pk=values["official"]).first() if values["official"].isdigit() else None
    try:
        services.save_hours(actor=request.user, official=official, title=values["title"], weekday=values["weekday"],
                            starts_at=values["starts_at"], ends_at=values["ends_at"],
                            slot_minutes=values["slot_minutes"], location=values["location"], active=values["active"],
                            hours_id=editing.pk if editing else None, ip=_ip(request))
    except DomainError as exc:
        return render(request, "audiences/hours.html",
                      _hours_context(request, errors=field_errors(exc), values=values, editing=editing), status=400)
    messages.success(request, _("Programul de audiențe a fost salvat."))
    return redirect("audiences_office:hours")
