"""Reads of reports: the public map and list (no personal data), the back office's reports."""

from django.db.models import Count, Q

from primaria.institutions.models import Role

from .models import Category, Kind, Report, Status

# The public map shows a point rounded to about 10 m, never the reporter's exact tap.
PUBLIC_DECIMALS = 4


def filters(data) -> dict:
    """The map's and the list's filters, as typed (unknown values ignored)."""
    category = (data.get("categorie") or "").strip()
    status = (data.get("stare") or "").strip()
    return {"categorie": category if Category.objects.filter(slug=category, kind=Kind.PROBLEM).exists() else "",
            "stare": status if status in Status.values else ""}


def public_reports(chosen: dict):
    reports = Report.objects.filter(category__kind=Kind.PROBLEM).select_related("category", "district").annotate(
        public_photos=Count("photos", filter=Q(photos__is_public=True)))
    if chosen.get("categorie"):
        reports = reports.filter(category__slug=chosen["categorie"])
    if chosen.get("stare"):
        reports = reports.filter(status=chosen["stare"])
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


def office_reports(user):
    """The reports an official handles: their departments' (the whole institution for its leaders)."""
    from primaria.institutions.selectors import positions_of

    if not getattr(user, "is_authenticated", False):
        return Report.objects.none()
    positions = list(positions_of(user))
    wide = {p.department.institution_id for p in positions
            if p.role in (Role.SECRETARY_GENERAL, Role.MAYOR, Role.DEPUTY_MAYOR)}
    own = {p.department_id for p in positions}
    return (Report.objects.filter(Q(department_id__in=own) | Q(department__institution_id__in=wide))
            .select_related("category", "department", "district", "registry_entry"))
