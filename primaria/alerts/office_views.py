"""The back office of local alerts (/birou/alerte/): draft, publish, update, end or cancel, on the map or, without
JavaScript, by picking districts and streets or pasting GeoJSON."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from primaria.core import rules
from primaria.core.errors import DomainError, field_errors
from primaria.reports import services as reports
from primaria.reports.views import map_settings

from . import selectors, services
from .models import Alert, AlertStatus, Topic
from .rules import departments_for

FIELDS = ("topic", "title", "description", "starts_at", "ends_at", "department", "geojson", "note")


def _ip(request):
    return request.META.get("REMOTE_ADDR")


def _require(request):
    if not rules.can(request.user, Alert, "publish"):
        raise PermissionDenied(_("Doar funcționarii care publică alerte locale au acces aici."))


@login_required
def index(request):
    _require(request)
    alerts = selectors.served_alerts().select_related("department").order_by("-created_at")
    status = request.GET.get("stare", "")
    if status in AlertStatus.values:
        alerts = alerts.filter(status=status)
    return render(request, "alerts/office.html", {"alerts": alerts[:200], "statuses": AlertStatus.choices,
                                                  "status": status})


def _local(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M") if moment else ""


def _values_of(alert) -> dict:
    return {"topic": alert.topic, "title": alert.title, "description": alert.description,
            "starts_at": _local(alert.starts_at), "ends_at": _local(alert.ends_at),
            "department": str(alert.department_id), "geojson": json.dumps(alert.geometry), "note": "",
            "districts": [], "streets": []}


def _form(request, *, alert, values, errors, status=200):
    return render(request, "alerts/office_form.html", {
        "alert": alert, "values": values, "errors": errors, "topics": Topic.choices,
        "departments": departments_for(request.user).select_related("institution").order_by("institution", "name"),
        "districts": services.district_choices(), "streets": [n for n, _ in reports._streets()],
        "map": map_settings()}, status=status)


def _read(request) -> dict:
    values = {k: (request.POST.get(k) or "").strip() for k in FIELDS}
    values["districts"], values["streets"] = request.POST.getlist("districts"), request.POST.getlist("streets")
    return values


def _save(request, alert):
    values = _read(request)
    try:
        shape = services.compose_geometry(geojson=values["geojson"], district_codes=values["districts"],
                                          street_names=values["streets"])
        common = {"topic": values["topic"], "title": values["title"], "description": values["description"],
                  "geometry_value": shape, "starts_at": values["starts_at"], "ends_at": values["ends_at"],
                  "department_id": values["department"], "ip": _ip(request)}
        if alert is not None and alert.status == AlertStatus.PUBLISHED:
            alert = services.update(actor=request.user, alert_id=alert.pk, note=values["note"], **common)
            messages.success(request, _("Alerta a fost actualizată (versiunea %(version)s); abonații sunt anunțați.") % {
                "version": alert.version})
        else:
            alert = services.save_draft(actor=request.user, alert_id=alert.pk if alert else None, **common)
            if "publish" in request.POST:
                alert = services.publish(actor=request.user, alert_id=alert.pk, ip=_ip(request))
                messages.success(request, _("Alerta a fost publicată; abonații din zonă sunt anunțați."))
            else:
                messages.success(request, _("Ciorna a fost salvată."))
    except DomainError as error:
        return _form(request, alert=alert, values=values, errors=field_errors(error), status=400)
    return redirect("alerts_office:detail", public_id=alert.public_id)


@login_required
@require_http_methods(["GET", "POST"])
def new(request):
    _require(request)
    if request.method == "POST":
        return _save(request, None)
    departments = departments_for(request.user)
    values = {k: "" for k in FIELDS} | {"districts": [], "streets": [], "topic": request.GET.get("subiect", ""),
                                        "department": str(departments.first().pk) if departments.exists() else ""}
    return _form(request, alert=None, values=values, errors={})


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, public_id):
    _require(request)
    alert = get_object_or_404(selectors.served_alerts(), public_id=public_id)
    if not rules.can(request.user, alert, "publish"):
        raise PermissionDenied(_("Alerta este emisă de alt compartiment; o schimbă doar funcționarii acestuia."))
    if alert.status not in (AlertStatus.DRAFT, AlertStatus.PUBLISHED):
        messages.error(request, _("Alerta este încheiată sau anulată; nu se mai schimbă."))
        return redirect("alerts_office:detail", public_id=alert.public_id)
    if request.method == "POST":
        return _save(request, alert)
    return _form(request, alert=alert, values=_values_of(alert), errors={})


@login_required
def detail(request, public_id):
    _require(request)
    alert = get_object_or_404(selectors.served_alerts().select_related("department__institution"), public_id=public_id)
    from primaria.outbox.services import for_subject

    return render(request, "alerts/office_detail.html", {
        "alert": alert, "versions": alert.versions.select_related("actor"), "notices": alert.notices.count(),
        "can_change": rules.can(request.user, alert, "publish"),
        "deliveries": for_subject(alert)[:20], "map": map_settings(), "errors": {},
        "geometry": {"type": "Feature", "properties": {"topic": alert.topic}, "geometry": alert.geometry}})


@login_required
@require_POST
def act(request, public_id):
    _require(request)
    alert = get_object_or_404(selectors.served_alerts(), public_id=public_id)
    action = request.POST.get("action")
    try:
        if action == "publish":
            services.publish(actor=request.user, alert_id=alert.pk, ip=_ip(request))
            messages.success(request, _("Alerta a fost publicată; abonații din zonă sunt anunțați."))
        elif action in ("end", "cancel"):
            services.close(actor=request.user, alert_id=alert.pk, cancel=action == "cancel",
                           reason=request.POST.get("reason", ""), ip=_ip(request))
            messages.success(request, _("Alerta a fost anulată.") if action == "cancel" else _("Alerta a fost încheiată."))
        else:
            messages.error(request, _("Acțiune necunoscută."))
    except DomainError as error:
        errors = field_errors(error)
        messages.error(request, next(iter(errors.values())))
    return redirect("alerts_office:detail", public_id=alert.public_id)
