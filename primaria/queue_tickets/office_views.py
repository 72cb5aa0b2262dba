"""The clerk's screen (/birou/coada/): choose your counter, call the next resident, call again, mark absent or
served."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from primaria.appointments.models import Counter
from primaria.core import rules
from primaria.core.decorators import official_required
from primaria.core.errors import DomainError
from primaria.institutions.selectors import institution_ids_of

from . import selectors, services
from .models import Ticket

SESSION_KEY = "queue_counter"
NEXT_SHOWN = 8


def _counters(user):
    counters = (Counter.objects.filter(location__active=True, location__institution_id__in=institution_ids_of(user))
                .select_related("location", "department").order_by("location__name", "name"))
    return [c for c in counters if rules.can(user, c, "serve_queue")]


@official_required()
def screen(request):
    counters = _counters(request.user)
    wanted = request.GET.get("ghiseu") or str(request.session.get(SESSION_KEY, ""))
    counter = next((c for c in counters if str(c.pk) == wanted), None)
    if counter is not None:
        request.session[SESSION_KEY] = counter.pk
    context = {"counters": counters, "counter": counter}
    if counter is not None:
        appointments = list(selectors.due_appointments(counter)[:NEXT_SHOWN])
        tickets = list(selectors.waiting_tickets(counter).select_related("service")[:NEXT_SHOWN])
        context |= {"current": selectors.current_ticket(counter), "appointments": appointments, "tickets": tickets,
                    "waiting_count": selectors.waiting_tickets(counter).count(),
                    "display_url": reverse("queue_tickets:display", args=[counter.location.slug])}
    return render(request, "queue_tickets/office/screen.html", context)


@official_required()
@require_POST
def act(request):
    counter = Counter.objects.filter(pk=request.POST.get("ghiseu") or 0).first()
    if counter is None:
        messages.error(request, _("Alegeți ghișeul."))
        return redirect("queue_tickets_office:screen")
    action, ip = request.POST.get("actiune", ""), request.META.get("REMOTE_ADDR")
    ticket = Ticket.objects.filter(pk=request.POST.get("bon") or 0, counter=counter).first()
    try:
        if action == "urmatorul":
            called = services.call_next(actor=request.user, counter_id=counter.pk, ip=ip)
            if called is None:
                messages.info(request, _("Nu așteaptă nimeni pentru serviciile acestui ghișeu."))
            else:
                messages.success(request, _("L-ați chemat pe %(code)s la %(counter)s.") % {"code": called.code, "counter": counter.name})
        elif action in ("reapel", "absent", "finalizat"):
            if ticket is None:
                raise DomainError(_("Bonul nu mai este la acest ghișeu."))
            if action == "reapel":
                services.recall(actor=request.user, ticket_id=ticket.pk, ip=ip)
                messages.success(request, _("L-ați reapelat pe %(code)s.") % {"code": ticket.code})
            elif action == "absent":
                services.no_show(actor=request.user, ticket_id=ticket.pk, ip=ip)
                messages.success(request, _("Ați notat bonul %(code)s ca absent.") % {"code": ticket.code})
            else:
                services.finish(actor=request.user, ticket_id=ticket.pk, ip=ip)
                messages.success(request, _("Bonul %(code)s a fost servit.") % {"code": ticket.code})
        else:
            raise DomainError(_("Alegeți o acțiune."))
    except (DomainError, PermissionDenied) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    return redirect(f"{reverse('queue_tickets_office:screen')}?{urlencode({'ghiseu': counter.pk})}")
