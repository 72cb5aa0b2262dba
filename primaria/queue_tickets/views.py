"""The public pages of the queue: the kiosk (a ticket), the ticket, and the hall's display."""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from primaria.appointments.models import Location
from primaria.core.errors import DomainError, field_errors
from primaria.institutions.selectors import served_institution_ids

from . import selectors, services
from .models import Priority, Ticket

DISPLAY_POLL_SECONDS = 3
DISPLAY_REFRESH_SECONDS = 10  # without JavaScript, the page reloads itself this often


def _location(slug):
    return get_object_or_404(Location, slug=slug, active=True, institution_id__in=served_institution_ids())


def locations(request):
    return render(request, "queue_tickets/locations.html", {
        "locations": Location.objects.filter(active=True, institution_id__in=served_institution_ids())})


@require_http_methods(["GET", "POST"])
def kiosk(request, slug):
    location = _location(slug)
    errors, priority = {}, ""
    if request.method == "POST":
        priority = request.POST.get("prioritate", "")
        try:
            service_id = request.POST.get("serviciu", "")
            ticket = services.issue(location_id=location.pk, priority=priority, ip=request.META.get("REMOTE_ADDR"),
                                    service_id=int(service_id) if service_id.isdigit() else 0)
            return redirect("queue_tickets:ticket", public_id=ticket.public_id)
        except DomainError as exc:
            errors = field_errors(exc)
    choices = [("", _("Nu"))] + [(value, label) for value, label in Priority.choices if value]
    return render(request, "queue_tickets/kiosk.html", {
        "location": location, "services": selectors.kiosk_services(location), "errors": errors,
        "priorities": choices, "priority": priority, "open_now": services.is_open(location, timezone.now()),
    }, status=400 if errors else 200)


def ticket(request, public_id):
    ticket = get_object_or_404(Ticket.objects.select_related("location", "service", "counter"), public_id=public_id)
    ahead, minutes = selectors.ticket_estimate(ticket)
    return render(request, "queue_tickets/ticket.html", {"ticket": ticket, "ahead": ahead, "minutes": minutes})


def display(request, slug):
    """The hall's screen. With JavaScript, htmx asks for the board every few seconds and gets 204 (nothing to
    redraw) unless a call happened since the version it shows; without it, the page reloads itself."""
    location = _location(slug)
    data = selectors.display(location)
    context = {"location": location, **data, "poll": DISPLAY_POLL_SECONDS, "refresh": DISPLAY_REFRESH_SECONDS}
    if request.GET.get("fragment") == "1":
        if request.GET.get("v") == data["version"]:
            return HttpResponse(status=204)
        return render(request, "queue_tickets/_board.html", context | {"oob": True})
    if request.GET.get("fragment"):
        raise Http404()
    return render(request, "queue_tickets/display.html", context)
