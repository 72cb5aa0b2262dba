"""Public pages of reports (/sesizari/): making one (place, then details), following it, the public map and list.

Making a report takes two pages, so that it works without JavaScript: first the category and the place (a pin
on the map, the phone's position, or an address), then, with the open reports of the same category nearby shown
to be joined instead, the category's questions, the description, the photos and the contact. Nothing is saved
before the second page is sent.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from primaria.core import rules
from primaria.core.errors import DomainError, field_errors
from primaria.institutions.selectors import main_institution

from . import geo, selectors, services
from .models import Category, Report, ReportPhoto, Status

SENT_KEY = "reports_sent"


def _ip(request):
    return request.META.get("REMOTE_ADDR")


def map_settings(city_hall=None) -> dict:
    """The maps' tiles and the base layer of the city hall (default: the one the request serves); `base_layer` is
    "" for a city hall without one."""
    return {"tiles": settings.PRIMARIA_MAP_TILES_URL, "attribution": settings.PRIMARIA_MAP_TILES_ATTRIBUTION,
            "base_layer": services.base_layer(city_hall)}


def _city_hall():
    return main_institution()


def _categories():
    return Category.objects.filter(active=True, city_hall=_city_hall())


def _reports():
    """The reports of the city hall the request serves: another city hall's answer 404 here."""
    return Report.objects.filter(city_hall=_city_hall())


def index(request):
    return render(request, "reports/index.html", {"categories": _categories()})


@require_http_methods(["GET", "POST"])
def start(request):
    """Page 1: the category and the place."""
    data = request.POST if request.method == "POST" else request.GET
    values = {k: (data.get(k) or "").strip()[:250] for k in ("categorie", "lat", "lon", "adresa")}
    errors = {}
    if request.method == "POST":
        category = _categories().filter(slug=values["categorie"]).first()
        if category is None:
            errors["categorie"] = _("Alegeți categoria problemei.")
        try:
            lat, lon, _district = services.place(latitude=values["lat"], longitude=values["lon"],
                                                 address=values["adresa"])
        except DomainError as error:
            errors.update(field_errors(error))
        if not errors:
            query = {"categorie": category.slug, "lat": f"{lat:.6f}", "lon": f"{lon:.6f}", "adresa": values["adresa"]}
            return redirect(reverse("reports:details") + "?" + urlencode(query))
    return render(request, "reports/start.html", {
        "categories": _categories(), "values": values, "errors": _place_errors(errors), "map": map_settings()})


def _place_errors(errors: dict) -> dict:
    """The place's errors under the field the summary links to."""
    if "address" in errors:
        errors["adresa"] = errors.pop("address")
    return errors


@require_http_methods(["GET", "POST"])
def details(request):
    """Page 2: what is wrong, the photos, who to tell; the nearby open reports of the same category first."""
    def given(key):  # the hidden fields of the form, else the address's query (the place chosen on page 1)
        return (request.POST.get(key) or request.GET.get(key) or "").strip()

    category = _categories().filter(slug=given("categorie")).first()
    lat_text, lon_text, address = given("lat")[:20], given("lon")[:20], given("adresa")[:250]
    try:
        if category is None:
            raise DomainError({"categorie": _("Alegeți categoria problemei.")})
        lat, lon, district = services.place(latitude=lat_text, longitude=lon_text, address=address)
    except DomainError as error:
        values = {"categorie": category.slug if category else "", "lat": lat_text, "lon": lon_text, "adresa": address}
        return render(request, "reports/start.html", {
            "categories": _categories(), "values": values, "errors": _place_errors(field_errors(error)),
            "map": map_settings()}, status=400 if request.method == "POST" else 200)
    values = {"description": "", "email": "", "name": "", "postal_address": ""}
    errors = {}
    if request.method == "POST":
        values = {k: (request.POST.get(k) or "").strip() for k in values}
        values.update({k: v for k, v in request.POST.items() if k.startswith("q_")})
        try:
            report = services.submit(
                actor=request.user, category_id=category.pk, latitude=lat_text, longitude=lon_text, address=address,
                description=values["description"], data=request.POST, uploads=request.FILES.getlist("photos"),
                email=values["email"], name=values["name"], postal_address=values["postal_address"], ip=_ip(request))
        except DomainError as error:
            errors = field_errors(error)
        else:
            sent = request.session.get(SENT_KEY, [])[-9:] + [str(report.public_id)]
            request.session[SENT_KEY] = sent
            return redirect("reports:sent", public_id=report.public_id)
    return render(request, "reports/details.html", {
        "category": category, "lat": lat_text, "lon": lon_text, "address": address, "district": district,
        "nearby": services.nearby(category, lat, lon), "values": values, "errors": errors,
        "max_photos": 3, "map": map_settings(),
        "department": services.route(category, district),
    }, status=400 if errors else 200)


@require_GET
def nearby_json(request):
    """Open reports of a category near a point, for the map while the pin moves (public data only)."""
    category = _categories().filter(slug=request.GET.get("categorie", "")).first()
    lat = geo.parse_coordinate(request.GET.get("lat"), low=-90, high=90)
    lon = geo.parse_coordinate(request.GET.get("lon"), low=-180, high=180)
    if category is None or lat is None or lon is None:
        return JsonResponse({"error": _("Alegeți categoria și locul.")}, status=400)
    inside = services.inside_city(lat, lon)
    items = []
    for report in services.nearby(category, lat, lon) if inside else []:
        item = selectors.public_item(report)
        item["distance_m"] = report.distance_m
        items.append(item)
    return JsonResponse({"inside": inside, "message": "" if inside else str(services.OUTSIDE), "reports": items})


@require_POST
def join(request, public_id):
    report = get_object_or_404(_reports(), public_id=public_id)
    try:
        services.join(actor=request.user, report_id=report.pk, email=request.POST.get("email", ""), ip=_ip(request))
    except DomainError as error:
        for message in field_errors(error).values():
            messages.error(request, message)
        back = request.POST.get("back", "")
        if back.startswith("/sesizari/noua/detalii/"):
            return redirect(back)
        return redirect("reports:start")
    messages.success(request, _("V-ați alăturat sesizării %(reference)s. Primiți vești despre ea prin e-mail.")
                     % {"reference": report.reference})
    return redirect("reports:map")


def sent(request, public_id):
    report = get_object_or_404(_reports().select_related("category", "department", "registry_entry"),
                               public_id=public_id)
    own = str(public_id) in request.session.get(SENT_KEY, []) or (
        request.user.is_authenticated and report.user_id == request.user.pk)
    if not own:
        raise Http404()
    link = reverse("reports:follow", args=[services.follow_token(report, report.email)]) if report.email else ""
    return render(request, "reports/sent.html", {"report": report, "follow_link": link})


@login_required
def mine(request):
    reports = _reports().filter(user=request.user).select_related("category", "registry_entry")
    return render(request, "reports/mine.html", {"reports": reports})


def _report_page(request, report, *, email=""):
    errors, values = {}, {"rating": "", "comment": ""}
    if request.method == "POST":
        values = {"rating": request.POST.get("rating", ""), "comment": request.POST.get("comment", "")}
        try:
            services.rate(actor=request.user, report_id=report.pk, rating=values["rating"], comment=values["comment"],
                          email=email, ip=_ip(request))
        except DomainError as error:
            errors = field_errors(error)
            if "__all__" in errors:
                errors["rating"] = errors.pop("__all__")
        else:
            messages.success(request, _("Mulțumim! Nota dată rezolvării a fost înregistrată."))
            return redirect(request.path)
    report = Report.objects.select_related("category", "department", "district", "registry_entry").get(pk=report.pk)
    reporter = (request.user.is_authenticated and report.user_id == request.user.pk) or (
        bool(email) and email.lower() == report.email.lower())
    return render(request, "reports/detail.html", {
        "report": report, "events": report.events.all(), "photos": report.photos.all(), "errors": errors,
        "values": values, "can_rate": reporter and report.status == Status.RESOLVED and report.rating is None,
        "reporter": reporter,
        "ratings": range(1, 6),
    }, status=400 if errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def detail(request, public_id):
    report = get_object_or_404(_reports(), public_id=public_id)
    if not rules.can(request.user, report, "view"):
        raise Http404()
    return _report_page(request, report)


@require_http_methods(["GET", "POST"])
def follow(request, token):
    try:
        report, email = services.from_follow_token(token)
    except DomainError as error:
        return render(request, "reports/link_error.html", {"message": error.messages[0]}, status=404)
    if report.city_hall_id != getattr(_city_hall(), "pk", None):  # a link of another city hall's report
        raise Http404()
    return _report_page(request, report, email=email)


# --- the public map and list --------------------------------------------------------------------------------------


def public_map(request):
    chosen = selectors.filters(request.GET)
    query = urlencode({k: v for k, v in chosen.items() if v})
    return render(request, "reports/map.html", {
        "categories": _categories(), "statuses": Status.choices, "periods": selectors.PERIODS, "chosen": chosen, "query": query,
        "query_suffix": f"?{query}" if query else "", "map": map_settings()})


def _photo_urls(report):
    return [reverse("reports:photo", args=[p.pk]) for p in report.photos.all() if p.is_public]


@require_GET
def public_geojson(request):
    chosen = selectors.filters(request.GET)
    features = []
    for report in selectors.public_reports(chosen).prefetch_related("photos")[:5000]:
        lat, lon = selectors.public_point(report)
        features.append({"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]},
                         "properties": selectors.public_item(report, photo_urls=_photo_urls(report))})
    response = JsonResponse({"type": "FeatureCollection", "features": features})
    response["Content-Type"] = "application/geo+json"
    return response


def public_list(request):
    chosen = selectors.filters(request.GET)
    page = Paginator(selectors.public_reports(chosen).prefetch_related("photos"), 50).get_page(request.GET.get("pagina"))
    rows = [selectors.public_item(r, photo_urls=_photo_urls(r)) for r in page.object_list]
    query = urlencode({k: v for k, v in chosen.items() if v})
    return render(request, "reports/list.html", {
        "categories": _categories(), "statuses": Status.choices, "periods": selectors.PERIODS, "chosen": chosen, "page": page, "rows": rows,
        "query": query, "query_suffix": f"?{query}" if query else ""})


def public_photo(request, photo_id):
    photo = get_object_or_404(ReportPhoto, pk=photo_id, is_public=True, report__city_hall=_city_hall())
    mime = "image/png" if photo.public_copy.name.endswith(".png") else "image/jpeg"
    return FileResponse(photo.public_copy.open("rb"), content_type=mime)
