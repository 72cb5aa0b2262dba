"""The resident's pages under /programari/: choose service → location → day → time, confirm, and the
appointments of the account; the e-mail's signed link opens the same cancel and move page without an account.

Every step is a plain link or form, so the pages work without JavaScript; the choices travel in the query
string (serviciu, locatie, zi) until the time is chosen, which holds a seat (POST)."""

import datetime

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from primaria.core import rules
from primaria.core.errors import DomainError, field_errors

from . import selectors, services
from .models import Appointment, Status

HOLDS_KEY = "appointments_holds"


def _ip(request):
    return request.META.get("REMOTE_ADDR")


def _chosen_day(text):
    try:
        return datetime.date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _picker(service, location, day, *, exclude=None):
    """The days with free slots and, for the chosen day, its free times."""
    days = selectors.open_days(service, location, exclude=exclude)
    slots = selectors.slots(service, location, day, exclude=exclude) if day else []
    return {"days": days, "day": day, "slots": slots, "service": service, "location": location}


def index(request):
    mine = list(selectors.mine(request.user)) if request.user.is_authenticated else []
    now = timezone.now()
    return render(request, "appointments/index.html", {
        "services": selectors.bookable_services(),
        "coming": [a for a in mine if a.status == Status.BOOKED and a.ends_at >= now][::-1],
        "past": [a for a in mine if not (a.status == Status.BOOKED and a.ends_at >= now)],
    })


@require_http_methods(["GET", "POST"])
def book(request):
    source = request.POST if request.method == "POST" else request.GET
    services_list = selectors.bookable_services()
    service = services_list.filter(slug=source.get("serviciu", "")).first()
    errors = {}
    context = {"services": services_list, "service": service, "errors": errors}
    if service is None:
        if source.get("serviciu"):
            errors["service"] = _("Alegeți un serviciu din listă.")
        return render(request, "appointments/book.html", context, status=400 if errors else 200)
    locations = list(selectors.locations_for(service))
    location = next((loc for loc in locations if loc.slug == source.get("locatie")), None)
    if location is None and len(locations) == 1:
        location = locations[0]
    context.update(locations=locations, location=location)
    if location is None:
        return render(request, "appointments/book.html", context)
    day = _chosen_day(source.get("zi", ""))
    if request.method == "POST":
        try:
            if not request.user.is_authenticated and Appointment.objects.filter(
                    public_id__in=request.session.get(HOLDS_KEY, []), status=Status.HELD,
                    hold_expires_at__gt=timezone.now()).count() >= services.MAX_HOLDS:
                raise DomainError({"time": services.too_many_holds()})
            appointment = services.hold(actor=request.user, service_id=service.pk, location_id=location.pk,
                                        day=source.get("zi", ""), time=source.get("ora", ""), ip=_ip(request))
            holds = request.session.get(HOLDS_KEY, [])[-9:]
            request.session[HOLDS_KEY] = [*holds, str(appointment.public_id)]
            return redirect("appointments:confirm", public_id=appointment.public_id)
        except DomainError as exc:
            errors.update(field_errors(exc))
            if "__all__" in errors:
                errors["time"] = errors.pop("__all__")
    context.update(_picker(service, location, day), hold_minutes=services.HOLD_MINUTES,
                   query=urlencode({"serviciu": service.slug, "locatie": location.slug}),
                   hidden=[("serviciu", service.slug), ("locatie", location.slug)])
    if day and not context["slots"] and not errors:
        errors["day"] = _("În ziua aleasă nu mai sunt ore libere; alegeți altă zi.")
    return render(request, "appointments/book.html", context, status=400 if errors else 200)


def _held(request, public_id) -> Appointment:
    appointment = (Appointment.objects.select_related("service", "location", "counter")
                   .filter(public_id=public_id).first())
    if appointment is None:
        raise Http404()
    mine = request.user.is_authenticated and appointment.user_id == request.user.pk
    in_session = appointment.user_id is None and str(public_id) in request.session.get(HOLDS_KEY, [])
    if not (mine or in_session):
        raise Http404()
    return appointment


@require_http_methods(["GET", "POST"])
def confirm(request, public_id):
    appointment = _held(request, public_id)
    if appointment.status == Status.BOOKED:
        return render(request, "appointments/done.html", {"appointment": appointment, "when": services.when(appointment)})
    errors, values = {}, {}
    signed_in = appointment.user_id is not None
    if request.method == "POST":
        values = request.POST
        action = request.POST.get("action", "")
        try:
            if action == "code":
                appointment = services.send_code(appointment_id=appointment.pk, name=request.POST.get("name", ""),
                                                 email=request.POST.get("email", ""),
                                                 phone=request.POST.get("phone", ""), ip=_ip(request))
                messages.info(request, _("V-am trimis un cod de 6 cifre la %(email)s. Scrieți-l mai jos.")
                              % {"email": appointment.email})
                return redirect("appointments:confirm", public_id=appointment.public_id)
            request_id = request.POST.get("request") or None
            if request_id and not str(request_id).isdigit():
                raise DomainError({"request": _("Alegeți una dintre cererile dumneavoastră.")})
            appointment = services.confirm(appointment_id=appointment.pk, actor=request.user,
                                           code=request.POST.get("code", ""), request_id=request_id, ip=_ip(request))
            return render(request, "appointments/done.html",
                          {"appointment": appointment, "when": services.when(appointment)})
        except DomainError as exc:
            errors = field_errors(exc)
        except PermissionDenied as exc:
            errors = {"__all__": str(exc)}
        appointment.refresh_from_db()
    expired = appointment.status != Status.HELD or appointment.hold_expires_at <= timezone.now()
    requests_list = []
    if signed_in and request.user.is_authenticated:
        requests_list = (rules.applicant_requests(request.user).exclude(status="draft")
                         .select_related("service", "registry_entry").order_by("-submitted_at")[:30])
    return render(request, "appointments/confirm.html", {
        "appointment": appointment, "when": services.when(appointment), "errors": errors, "values": values,
        "signed_in": signed_in, "expired": expired, "requests": requests_list,
        "code_sent": bool(appointment.code_hash), "hold_minutes": services.HOLD_MINUTES,
    }, status=400 if errors else 200)


def _manage(request, appointment, *, by_link: bool, template_context: dict):
    """Cancel and move, from the account or from the e-mail's link: the same page and the same functions."""
    errors = {}
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "cancel":
                services.cancel(appointment_id=appointment.pk, actor=request.user if not by_link else None,
                                by_link=by_link, ip=_ip(request))
                messages.success(request, _("Programarea a fost anulată. V-am trimis confirmarea pe e-mail."))
                if by_link:
                    return render(request, "appointments/cancelled.html", {"appointment": appointment})
                return redirect("appointments:index")
            if action == "move":
                moved = services.move(appointment_id=appointment.pk, day=request.POST.get("zi", ""),
                                      time=request.POST.get("ora", ""), actor=request.user if not by_link else None,
                                      by_link=by_link, ip=_ip(request))
                messages.success(request, _("Programarea a fost mutată: %(when)s. V-am trimis noua invitație pe "
                                            "e-mail.") % {"when": services.when(moved)})
                if by_link:
                    return redirect("appointments:link", token=services.link_token(moved))
                return redirect("appointments:detail", public_id=moved.public_id)
            raise DomainError(_("Alegeți ce doriți să faceți."))
        except DomainError as exc:
            errors = field_errors(exc)
            if "__all__" in errors and request.POST.get("action") == "move":
                errors["time"] = errors.pop("__all__")
        except PermissionDenied as exc:
            errors = {"__all__": str(exc)}
        appointment.refresh_from_db()
    day = _chosen_day(request.POST.get("zi") or request.GET.get("zi", ""))
    now = timezone.now()
    cutoff = appointment.starts_at - datetime.timedelta(hours=appointment.service.cancel_cutoff_hours)
    changeable = appointment.status == Status.BOOKED and now <= cutoff
    context = {"appointment": appointment, "when": services.when(appointment), "errors": errors,
               "changeable": changeable, "cutoff": cutoff, "by_link": by_link, **template_context}
    if changeable:
        context.update(_picker(appointment.service, appointment.location, day, exclude=appointment.pk))
    return render(request, "appointments/detail.html", context, status=400 if errors else 200)


@require_http_methods(["GET", "POST"])
def detail(request, public_id):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    appointment = (Appointment.objects.select_related("service", "location", "counter", "request__registry_entry")
                   .filter(public_id=public_id).first())
    if appointment is None or not rules.can(request.user, appointment, "view"):
        raise Http404()
    if not rules.can(request.user, appointment, "change"):  # an official's look: the office page shows it
        raise Http404()
    return _manage(request, appointment, by_link=False, template_context={"form_url": request.path})


@require_http_methods(["GET", "POST"])
def by_link(request, token):
    try:
        appointment = services.from_link(token)
    except DomainError as exc:
        return render(request, "appointments/link_refused.html", {"message": exc.messages[0]}, status=404)
    return _manage(request, appointment, by_link=True, template_context={"form_url": request.path})
