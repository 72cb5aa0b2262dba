"""Public pages of local alerts (/alerte/): the map and the accessible list, one page per alert, the feeds, and the
subscriptions (an account's, or an e-mail address's with double opt-in). Each shows only the alerts and
subscriptions of the city hall the request serves; another city hall's alert answers 404."""


from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from primaria.core.errors import DomainError, field_errors
from primaria.institutions import tenancy
from primaria.reports.views import map_settings

from . import selectors, services
from .models import Channel, Phone, SubscriptionKind, Topic


def _ip(request):
    return request.META.get("REMOTE_ADDR")


def _topic(request):
    topic = request.GET.get("subiect", "")
    return topic if topic in Topic.values else ""


def index(request):
    topic = _topic(request)
    alerts = selectors.current_and_upcoming()
    if topic:
        alerts = alerts.filter(topic=topic)
    return render(request, "alerts/index.html", {
        "alerts": alerts, "topics": Topic.choices, "topic": topic, "map": map_settings(), "now": timezone.now()})


def detail(request, public_id):
    alert = get_object_or_404(selectors.public_alerts(), public_id=public_id)
    return render(request, "alerts/detail.html", {
        "alert": alert, "versions": alert.versions.all(), "map": map_settings(),
        "geometry": {"type": "Feature", "properties": {"topic": alert.topic}, "geometry": alert.geometry}})


def feature(alert, base: str = "") -> dict:
    """An alert as a GeoJSON Feature: public data only (no author, no subscriber). `base`: the address of the
    alert's city hall's site (`site_base`), asked once for a whole list."""
    return {"type": "Feature", "geometry": alert.geometry, "properties": {
        "id": str(alert.public_id), "topic": alert.topic, "topic_label": str(alert.get_topic_display()),
        "title": alert.title, "description": alert.description, "starts_at": alert.starts_at.isoformat(),
        "ends_at": alert.ends_at.isoformat(), "issuer": alert.department.name,
        "institution": alert.department.institution.name, "version": alert.version,
        "url": (base or site_base(alert.city_hall)) + alert.get_absolute_url()}}


def site_base(city_hall=None) -> str:
    """The address of the site of `city_hall` (by default the one the request serves), without the final slash."""
    return tenancy.site_url(city_hall or selectors.served_city_hall()).rstrip("/")


@require_GET
def geojson(request):
    """The current alerts (`?viitoare=1`: and the upcoming ones, for the map)."""
    alerts = selectors.current_and_upcoming() if request.GET.get("viitoare") else selectors.current()
    topic = _topic(request)
    if topic:
        alerts = alerts.filter(topic=topic)
    base = site_base()
    response = JsonResponse({"type": "FeatureCollection", "features": [feature(a, base) for a in alerts[:500]]},
                            json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/geo+json; charset=utf-8"
    response["Access-Control-Allow-Origin"] = "*"
    return response


# --- subscriptions ----------------------------------------------------------------------------------------------


def _subscription_form(request, values, errors, status=200):
    phones = Phone.objects.filter(user=request.user, confirmed_at__isnull=False) \
        if request.user.is_authenticated else []
    return render(request, "alerts/subscribe.html", {
        "values": values, "errors": errors, "topics": Topic.choices, "channels": Channel.choices,
        "kinds": SubscriptionKind.choices, "districts": services.district_choices(),
        "radii": services.RADIUS_CHOICES, "phones": phones, "map": map_settings()}, status=status)


@require_http_methods(["GET", "POST"])
def subscribe(request):
    if request.method == "GET":
        values = {"kind": request.GET.get("fel", SubscriptionKind.ADDRESS), "topics": list(Topic.values),
                  "channels": [Channel.EMAIL, Channel.INAPP], "radius_m": "250"}
        return _subscription_form(request, values, {})
    post = request.POST
    values = {k: (post.get(k) or "").strip() for k in ("kind", "label", "geojson", "address", "radius_m",
                                                       "district", "phone", "email")}
    values["topics"], values["channels"] = post.getlist("topics"), post.getlist("channels")
    try:
        subscription = services.subscribe(
            actor=request.user, kind=values["kind"], topics=values["topics"], channels=values["channels"],
            label=values["label"], geojson=values["geojson"], address=values["address"],
            radius_m=values["radius_m"], district_id=values["district"], phone_id=values["phone"],
            email=values["email"], ip=_ip(request))
    except DomainError as error:
        errors = field_errors(error)
        return _subscription_form(request, values, errors, status=400)
    if subscription.user_id:
        messages.success(request, _("Abonarea a fost salvată: primiți alertele care ating zona aleasă."))
        return redirect("alerts:mine")
    return render(request, "alerts/check_email.html", {"email": subscription.email})


@login_required
def mine(request):
    return render(request, "alerts/mine.html", {
        "subscriptions": selectors.subscriptions_of(request.user),
        "phones": Phone.objects.filter(user=request.user)})  # the account's numbers, on every city hall's site


@login_required
@require_POST
def delete(request, subscription_id):
    try:
        services.delete_subscription(actor=request.user, subscription_id=subscription_id, ip=_ip(request))
    except (DomainError, PermissionDenied) as error:
        messages.error(request, field_errors(error)["__all__"] if isinstance(error, DomainError) else str(error))
    else:
        messages.success(request, _("Abonarea a fost ștearsă."))
    return redirect("alerts:mine")


@login_required
@require_http_methods(["GET", "POST"])
def phone(request):
    """Add a mobile number: send the code, then type it."""
    errors, values = {}, {"number": "", "code": ""}
    pending = Phone.objects.filter(user=request.user, confirmed_at__isnull=True, code_sent_at__isnull=False) \
        .order_by("-code_sent_at").first()
    if request.method == "POST":
        values = {"number": (request.POST.get("number") or "").strip()[:30],
                  "code": (request.POST.get("code") or "").strip()[:10]}
        try:
            if "confirm" in request.POST and pending is not None:
                services.confirm_phone(actor=request.user, phone_id=pending.pk, code=values["code"], ip=_ip(request))
                messages.success(request, _("Numărul %(number)s a fost confirmat; îl puteți alege pentru SMS.") % {
                    "number": pending.number})
                return redirect("alerts:mine")
            pending = services.request_phone_code(actor=request.user, number=values["number"], ip=_ip(request))
            messages.info(request, _("V-am trimis prin SMS un cod la %(number)s. Scrieți-l mai jos.") % {
                "number": pending.number})
            return redirect("alerts:phone")
        except DomainError as error:
            errors = field_errors(error)
    return render(request, "alerts/phone.html", {"errors": errors, "values": values, "pending": pending},
                  status=400 if errors else 200)


@require_http_methods(["GET", "POST"])
def confirm(request, token):
    """GET: the subscription and one button (mail link scanners follow links; they do not press buttons);
    POST: confirmed."""
    if request.method == "POST":
        try:
            subscription = services.confirm_subscription(token=token, ip=_ip(request))
        except DomainError as error:
            return render(request, "alerts/link_error.html", {"message": field_errors(error)["__all__"]}, status=400)
        return render(request, "alerts/confirmed.html", {"subscription": subscription})
    subscription = selectors.by_confirm_token(token)
    if subscription is None:
        return render(request, "alerts/link_error.html", {
            "message": _("Linkul de confirmare nu este valid sau abonarea a fost ștearsă.")}, status=400)
    return render(request, "alerts/confirm.html", {"subscription": subscription})


@csrf_exempt  # the token is the authority; mail programs send RFC 8058 one-click POSTs without a session
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """GET: one button (link scanners follow links; they do not press buttons); POST: done."""
    if request.method == "POST":
        services.unsubscribe(token=token, ip=_ip(request))
        return render(request, "alerts/unsubscribed.html")
    subscription = selectors.by_unsubscribe_token(token)
    if subscription is None:
        return render(request, "alerts/unsubscribed.html")
    return render(request, "alerts/unsubscribe.html", {"subscription": subscription})

