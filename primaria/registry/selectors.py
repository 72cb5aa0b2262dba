from datetime import date

from django.db.models import Q

from .models import RegistryEntry


def search_entries(institution_ids, *, query="", direction="", year=None, date_from=None, date_to=None, department_id=None):
    qs = RegistryEntry.objects.filter(institution_id__in=institution_ids).select_related("department", "in_reply_to", "institution")
    if direction:
        qs = qs.filter(direction=direction)
    if year:
        qs = qs.filter(year=year)
    if date_from:
        qs = qs.filter(registered_at__date__gte=date_from)
    if date_to:
        qs = qs.filter(registered_at__date__lte=date_to)
    if department_id:
        qs = qs.filter(department_id=department_id)
    query = query.strip()
    if query:
        number = query.split("/")[0].strip()
        condition = Q(sender__icontains=query) | Q(summary__icontains=query) | Q(recipient__icontains=query) | Q(sender_reference__icontains=query)
        if number.isdigit():
            condition |= Q(number=int(number))
        qs = qs.filter(condition)
    return qs.order_by("-year", "-number")


def parse_date(value):
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None
