"""Reads of reports: the public map and list (no personal data), the back office's reports."""

from datetime import timedelta

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from primaria.institutions.models import Role
from primaria.institutions.selectors import main_institution

from .models import Category, Kind, Report, Status

# The public map shows a point rounded to about 10 m, never the reporter's exact tap.
PUBLIC_DECIMALS = 4
# The map's and the list's "sent in the last …" filter: days and label.
PERIODS = [("7", _("ultimele 7 zile")), ("30", _("ultimele 30 de zile")), ("90", _("ultimele 3 luni")),
           ("365", _("ultimul an"))]


def _city_hall(city_hall=None):
    return city_hall if city_hall is not None else main_institution()


def filters(data, city_hall=None) -> dict:
    """The map's and the list's filters, as typed (unknown values, and other city halls' categories, ignored)."""
    category = (data.get("categorie") or "").strip()
    status = (data.get("stare") or "").strip()
    period = (data.get("perioada") or "").strip()
    known = Category.objects.filter(city_hall=_city_hall(city_hall), slug=category, kind=Kind.PROBLEM).exists()
    return {"categorie": category if known else "", "stare": status if status in Status.values else "",
            "perioada": period if period in dict(PERIODS) else ""}


def public_reports(chosen: dict, city_hall=None):
    """The public reports of the city hall (default: the one the request serves)."""
    reports = Report.objects.filter(city_hall=_city_hall(city_hall), category__kind=Kind.PROBLEM).select_related(
        "category", "district").annotate(
        public_photos=Count("photos", filter=Q(photos__is_public=True)))
    if chosen.get("categorie"):
        reports = reports.filter(category__slug=chosen["categorie"])
    if chosen.get("stare"):
        reports = reports.filter(status=chosen["stare"])
    if chosen.get("perioada"):
        reports = reports.filter(created_at__gte=timezone.now() - timedelta(days=int(chosen["perioada"])))
    return reports.order_by("-created_at")


def public_item(report, *, photo_urls=()) -> dict:
    """What anyone may know of a report: what kind of problem, where roughly, in which state, since when."""
    return {
        "id": str(report.public_id),
        "reference": report.reference if not report.registry_entry_id else "",
        "category": report.category.name,
        "category_slug": report.category.slug,
        "status": report.status,
        "status_label": report.get_status_display(),
        "district": report.district.name if report.district_id else "",
        "created": report.created_at.date().isoformat(),
        "changed": (report.status_changed_at or report.created_at).date().isoformat(),
        "photos": list(photo_urls),
    }


def public_point(report) -> tuple[float, float]:
    return round(float(report.latitude), PUBLIC_DECIMALS), round(float(report.longitude), PUBLIC_DECIMALS)


def office_reports(user, city_hall=None):
    """The reports an official handles: their departments' (the whole institution for its leaders), of the city
    hall the request serves."""
    from primaria.institutions.selectors import positions_of

    if not getattr(user, "is_authenticated", False):
        return Report.objects.none()
    positions = list(positions_of(user))
    wide = {p.department.institution_id for p in positions
            if p.role in (Role.SECRETARY_GENERAL, Role.MAYOR, Role.DEPUTY_MAYOR)}
    own = {p.department_id for p in positions}
    return (Report.objects.filter(Q(department_id__in=own) | Q(department__institution_id__in=wide),
                                  city_hall=_city_hall(city_hall))
            .select_related("category", "department", "district", "registry_entry"))
