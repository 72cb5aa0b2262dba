"""The clerk's day (/birou/programari/): the appointments of each counter of a location, with arrivals and
no-shows marked by the officials who receive them."""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from primaria.core import rules
from primaria.core.decorators import official_required
from primaria.core.errors import DomainError, field_errors
from primaria.institutions.selectors import institution_ids_of

from . import selectors, services
from .models import Appointment, AppointmentService, Location, Status, Weekday


def _locations(user):
    return list(Location.objects.filter(active=True, institution_id__in=institution_ids_of(user)))


@official_required()
def day(request):
    locations = _locations(request.user)
    location = next((loc for loc in locations if loc.slug == request.GET.get("locatie")), None) or \
        (locations[0] if locations else None)
    text = request.GET.get("zi", "")
    try:
        chosen = datetime.date.fromisoformat(text) if text else selectors.local_date()
    except ValueError:
        chosen = selectors.local_date()
        messages.error(request, _("Data nu este validă; scrieți-o ca 2026-03-14. Se arată ziua de azi."))
    sheet, departments = [], set()
    if location is not None:
        departments = rules.appointment_departments(request.user, location)
        sheet = selectors.day_sheet(location, chosen, departments=departments)
    now = timezone.now()
    rows = []
    for counter, appointments in sheet:
        rows.append((counter, [(a, a.status in (Status.BOOKED, Status.ARRIVED, Status.NO_SHOW)
                                and selectors.local_date(a.starts_at) <= selectors.local_date(now),
                                now >= a.starts_at) for a in appointments]))
    return render(request, "appointments/office/day.html", {
        "locations": locations, "location": location, "day": chosen, "rows": rows, "when": services.when,
        "previous": chosen - datetime.timedelta(days=1), "next": chosen + datetime.timedelta(days=1),
        "can_configure": location is not None and rules.can(request.user, location, "configure"),
    })


@official_required()
@require_POST
def mark(request, public_id):
    appointment = Appointment.objects.select_related("location", "counter").filter(public_id=public_id).first()
    if appointment is None or not rules.can(request.user, appointment, "view"):
        raise Http404()
    try:
        services.mark(appointment_id=appointment.pk, actor=request.user, outcome=request.POST.get("outcome", ""),
                      ip=request.META.get("REMOTE_ADDR"))
        who = appointment.name or _("solicitantul")
        if request.POST.get("outcome") == Status.ARRIVED:
            messages.success(request, _("Am notat că %(name)s a venit.") % {"name": who})
        else:
            messages.success(request, _("Am notat că %(name)s nu a venit.") % {"name": who})
    except (DomainError, PermissionDenied) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    local = selectors.local_date(appointment.starts_at)
    query = urlencode({"locatie": appointment.location.slug, "zi": local.isoformat()})
    return redirect(f"{reverse('appointments_office:day')}?{query}#programare-{appointment.public_id}")


SERVICE_FIELDS = [("slot_minutes", gettext_lazy("Durata unei programări (minute)")),
                  ("min_notice_hours", gettext_lazy("Cu cel puțin câte ore înainte se programează")),
                  ("max_days_ahead", gettext_lazy("Cu cel mult câte zile înainte")),
                  ("cancel_cutoff_hours", gettext_lazy("Anulare sau mutare până cu câte ore înainte"))]


@official_required()
@require_http_methods(["GET", "POST"])
def setup(request):
    """The registry head's page: the weekly programme, the dates that differ, the counters and the services."""
    locations = [loc for loc in _locations(request.user) if rules.can(request.user, loc, "configure")]
    location = next((loc for loc in locations if loc.slug == (request.POST or request.GET).get("locatie")), None) or \
        (locations[0] if locations else None)
    if location is None:
        raise Http404()
    errors, values, form = {}, {}, ""
    if request.method == "POST":
        form, values, ip = request.POST.get("form", ""), request.POST, request.META.get("REMOTE_ADDR")
        try:
            if form == "hours":
                services.set_weekly_hours(actor=request.user, location_id=location.pk, ip=ip, hours={
                    w: (request.POST.get(f"opens-{w}", ""), request.POST.get(f"closes-{w}", "")) for w in range(7)})
                messages.success(request, _("Programul cu publicul a fost salvat."))
            elif form == "exception":
                services.set_exception(actor=request.user, location_id=location.pk, date=request.POST.get("date", ""),
                                       closed=request.POST.get("kind") != "open", opens=request.POST.get("opens", ""),
                                       closes=request.POST.get("closes", ""), reason=request.POST.get("reason", ""),
                                       ip=ip)
                messages.success(request, _("Excepția de program a fost salvată."))
            elif form == "remove_exception":
                services.remove_exception(actor=request.user, exception_id=request.POST.get("exception"), ip=ip)
                messages.success(request, _("Ziua urmează din nou programul săptămânal."))
            elif form == "counter":
                counter = location.counters.filter(pk=request.POST.get("counter") or 0).first()
                if counter is None:
                    raise DomainError(_("Ghișeul nu mai există."))
                services.set_counter(actor=request.user, counter_id=counter.pk, ip=ip,
                                     active=request.POST.get("active") == "1",
                                     service_ids=request.POST.getlist("services"))
                messages.success(request, _("%(counter)s a fost salvat.") % {"counter": counter.name})
            elif form == "service":
                service = AppointmentService.objects.filter(pk=request.POST.get("service") or 0).first()
                if service is None:
                    raise DomainError(_("Serviciul nu mai există."))
                services.set_service_rules(actor=request.user, service_id=service.pk, values=request.POST, ip=ip)
                messages.success(request, _("Regulile pentru „%(service)s” au fost salvate.") % {"service": service.name})
            else:
                raise DomainError(_("Alegeți ce salvați."))
            return redirect(f"{reverse('appointments_office:setup')}?{urlencode({'locatie': location.slug})}")
        except DomainError as exc:
            errors = field_errors(exc)
        except PermissionDenied as exc:
            errors = {"__all__": str(exc)}
    hours = {h.weekday: h for h in location.opening_hours.all()}
    week = []
    for value, label in Weekday.choices:
        row = hours.get(value)
        saved = (f"{row.opens:%H:%M}", f"{row.closes:%H:%M}") if row else ("", "")
        typed = (values.get(f"opens-{value}", ""), values.get(f"closes-{value}", "")) if form == "hours" else saved
        week.append({"value": value, "label": label, "opens": typed[0], "closes": typed[1],
                     "error": errors.get(f"opens-{value}") or errors.get(f"closes-{value}")})
    service_forms = []
    for service in AppointmentService.objects.filter(department__institution_id=location.institution_id):
        submitted = form == "service" and values.get("service") == str(service.pk)
        fields = []
        for name, label in SERVICE_FIELDS:
            fields.append({"name": name, "label": label, "id": f"s{service.pk}-{name}",
                           "wrapper": f"f-{name}" if submitted else f"f-{name}-{service.pk}",
                           "value": values.get(name, "") if submitted else getattr(service, name),
                           "error": errors.get(name) if submitted else ""})
        service_forms.append((service, fields))
    return render(request, "appointments/office/setup.html", {
        "locations": locations, "location": location, "week": week, "errors": errors, "values": values, "form": form,
        "exceptions": location.exceptions.filter(date__gte=selectors.local_date()),
        "counters": location.counters.prefetch_related("services").select_related("department"),
        "services": [service for service, _fields in service_forms], "service_forms": service_forms,
    }, status=400 if errors else 200)
