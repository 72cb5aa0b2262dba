"""Back-office pages of reports (/birou/sesizari/): my departments' reports as a list and on a map, one report's
handling, and the routing table."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods

from primaria.core import rules
from primaria.core.decorators import official_required
from primaria.core.errors import DomainError, field_errors
from primaria.institutions import tenancy
from primaria.institutions.models import Department
from primaria.institutions.selectors import main_institution

from . import selectors, services
from .models import Category, Report, ReportPhoto, Route, Status
from .views import map_settings

ACTION_LABELS = {"take": gettext_lazy("Preiau sesizarea (în lucru)"), "resolve": gettext_lazy("Rezolvată"),
                 "reject": gettext_lazy("Respinsă"), "file": gettext_lazy("Clasată")}


def _ip(request):
    return request.META.get("REMOTE_ADDR")


def _status_filter(request):
    status = request.GET.get("stare", "open")
    return status if status in Status.values or status in ("open", "all") else "open"


def _filtered(request):
    reports = selectors.office_reports(request.user)
    status = _status_filter(request)
    if status == "open":
        reports = reports.filter(status__in=[Status.NEW, Status.IN_PROGRESS])
    elif status != "all":
        reports = reports.filter(status=status)
    return reports, status


@official_required()
def index(request):
    reports, status = _filtered(request)
    page = Paginator(reports.order_by("-created_at"), 50).get_page(request.GET.get("pagina"))
    return render(request, "reports/office.html", {
        "page": page, "status": status, "statuses": Status.choices, "map": map_settings(),
        "can_route": rules.can(request.user, Route, "edit")})


@official_required()
def geojson(request):
    reports, _status = _filtered(request)
    features = [{
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [float(r.longitude), float(r.latitude)]},
        "properties": {"id": str(r.public_id), "reference": r.reference, "category": r.category.name,
                       "status": r.status, "status_label": r.get_status_display(),
                       "created": r.created_at.date().isoformat(),
                       "url": reverse("reports_office:detail", args=[r.public_id])},
    } for r in reports[:5000]]
    return JsonResponse({"type": "FeatureCollection", "features": features})


@official_required()
@require_http_methods(["GET", "POST"])
def detail(request, public_id):
    report = get_object_or_404(Report.objects.select_related("category", "department", "district", "user",
                                                             "registry_entry"),
                               public_id=public_id, city_hall=main_institution())
    if not rules.can(request.user, report, "handle"):
        raise Http404()
    errors, message = {}, ""
    if request.method == "POST":
        try:
            if "photo" in request.POST:
                photo_id = request.POST.get("photo", "")
                if not photo_id.isdigit() or not report.photos.filter(pk=int(photo_id)).exists():
                    raise DomainError(_("Fotografia nu mai există."))
                services.show_photo(actor=request.user, photo_id=int(photo_id),
                                    public=request.POST.get("public") == "1", ip=_ip(request))
                messages.success(request, _("Am salvat ce se arată pe harta publică."))
            else:
                message = request.POST.get("message", "")
                action = request.POST.get("action", "")
                services.act(actor=request.user, report_id=report.pk, action=action, message=message, ip=_ip(request))
                messages.success(request, _("Sesizarea %(reference)s: %(action)s.")
                                 % {"reference": report.reference, "action": ACTION_LABELS.get(action, action)})
            return redirect("reports_office:detail", public_id=report.public_id)
        except PermissionDenied as error:
            errors = {"message": str(error)}
        except DomainError as error:
            errors = field_errors(error)
            if "__all__" in errors:
                errors["message"] = errors.pop("__all__")
    allowed = [(a, ACTION_LABELS[a]) for a, (sources, _t, _m) in services.TRANSITIONS.items() if report.status in sources]
    return render(request, "reports/office_detail.html", {
        "report": report, "events": report.events.select_related("actor"), "photos": report.photos.all(),
        "actions": allowed, "errors": errors, "message": message, "followers": report.followers.count(),
        "map": map_settings(),
    }, status=400 if errors else 200)


@official_required()
def photo(request, public_id, photo_id):
    """The original photo, for the staff who handle the report (its metadata kept, for their eyes only)."""
    item = get_object_or_404(ReportPhoto.objects.select_related("report__department"), pk=photo_id,
                             report__public_id=public_id, report__city_hall=main_institution())
    if not rules.can(request.user, item.report, "handle"):
        raise Http404()
    return FileResponse(item.original.open("rb"), content_type=item.mime)


@official_required()
@require_http_methods(["GET", "POST"])
def routes(request):
    if not rules.can(request.user, Route, "edit"):
        raise Http404()
    city_hall = main_institution()
    categories = list(Category.objects.filter(city_hall=city_hall).select_related("department"))
    districts = list(services.districts(city_hall))
    departments = list(Department.objects.filter(institution_id__in=tenancy.institution_ids(city_hall))
                       .select_related("institution").order_by("institution__name", "name"))
    errors = {}
    if request.method == "POST":
        changed = 0
        for category in categories:
            for area in districts:
                key = f"route-{category.pk}-{area.pk}"
                if key not in request.POST:
                    continue
                current = services.route(category, area)
                wanted = request.POST.get(key, "")
                if wanted == str(current.pk) or (wanted == "" and current == category.department):
                    continue
                try:
                    services.set_route(actor=request.user, category_id=category.pk, area_id=area.pk,
                                       department_id=wanted, ip=_ip(request), city_hall=city_hall)
                    changed += 1
                except DomainError as error:
                    errors.update(field_errors(error))
        if not errors:
            messages.success(request, ngettext("Tabelul de repartizare a fost salvat (%(count)s modificare).",
                                               "Tabelul de repartizare a fost salvat (%(count)s modificări).",
                                               changed) % {"count": changed})
            return redirect("reports_office:routes")
    table = [{"category": c, "cells": [{"area": a, "key": f"route-{c.pk}-{a.pk}",
                                        "department": services.route(c, a)} for a in districts]}
             for c in categories]
    return render(request, "reports/routes.html", {
        "table": table, "districts": districts, "departments": departments, "errors": errors},
        status=400 if errors else 200)
