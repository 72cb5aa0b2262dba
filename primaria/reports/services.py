"""The one way reports change state.

    place           where the problem is: a pin (latitude, longitude), the phone's position, or an address on a
                    street of the city's base layer; refused outside the city's boundary
    submit          a resident reports (signed in, or with an e-mail to follow it); routed by category and district;
                    a petition is registered with a number and the 30-day term of OG nr. 27/2002, and an
                    anonymous petition is filed without action (art. 7)
    join            instead of a duplicate: follow an open report of the same category nearby
    act             the competent department: take it (în lucru), resolve it, reject it or file it (clasată)
    rate            the reporter rates the resolution, 1 to 5, once
    show_photo      staff decide which photos the public map shows
    set_route       the routing table: category × district → department
    remind          a petition's term ends soon: its department is told, once per term (the hourly job)

Each function is one transaction that locks the row it changes, appends to the report's timeline, writes an audit
entry and records the `report.*` event; the notices to the reporter and followers are stored in the same
transaction and sent by the outbox's worker.
"""

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from primaria.audit.services import record as audit
from primaria.core import rules, terms
from primaria.core.errors import DomainError
from primaria.core.phrases import Phrase, phrase
from primaria.core.terms import compute_due
from primaria.institutions.models import Department
from primaria.notifications.services import notify, page_language
from primaria.outbox.services import record as record_event

from . import geo, photos
from .models import (
    OPEN_STATUSES,
    WRONG_DEPARTMENT,
    Area,
    Category,
    Follower,
    Report,
    ReportEvent,
    ReportPhoto,
    Route,
    Status,
)

NEARBY_METRES = 150
FOLLOW_SALT = "primaria.reports.follow"
OUTSIDE = gettext_lazy("Locul ales este în afara localității. Alegeți un punct în interiorul limitei de pe hartă.")

# action -> (statuses it starts from, status it leads to, what the timeline says)
TRANSITIONS = {
    "take": (frozenset({Status.NEW}), Status.IN_PROGRESS, gettext_noop("Sesizarea a fost preluată și este în lucru.")),
    "resolve": (frozenset(OPEN_STATUSES), Status.RESOLVED, gettext_noop("Sesizarea a fost rezolvată.")),
    "reject": (frozenset(OPEN_STATUSES), Status.REJECTED, gettext_noop("Sesizarea a fost respinsă.")),
    "file": (frozenset(OPEN_STATUSES), Status.FILED, gettext_noop("Sesizarea a fost clasată.")),
}
# The same lines followed by the answer the department wrote (kept as written).
WITH_ANSWER = {
    "take": gettext_noop("Sesizarea a fost preluată și este în lucru. %(answer)s"),
    "resolve": gettext_noop("Sesizarea a fost rezolvată. %(answer)s"),
    "reject": gettext_noop("Sesizarea a fost respinsă. %(answer)s"),
    "file": gettext_noop("Sesizarea a fost clasată. %(answer)s"),
}
NEEDS_MESSAGE = {"resolve", "reject", "file"}


# --- place and routing ----------------------------------------------------------------------------------------


def _city_hall(city_hall=None):
    """The city hall given, else the one the running request serves (the installation's own outside a request)."""
    if city_hall is not None:
        return city_hall
    from primaria.institutions.selectors import main_institution

    return main_institution()


def boundary(city_hall=None) -> Area | None:
    """The city hall's boundary (default: the city hall the request serves); None when it has drawn none."""
    city_hall = _city_hall(city_hall)
    if city_hall is None:
        return None
    return Area.objects.filter(city_hall=city_hall, kind=Area.Kind.BOUNDARY).first()


def districts(city_hall=None):
    """The district Areas of the city hall (default: the city hall the request serves)."""
    city_hall = _city_hall(city_hall)
    if city_hall is None:
        return Area.objects.none()
    return Area.objects.filter(city_hall=city_hall, kind=Area.Kind.DISTRICT)


def district_of(lat: float, lon: float, city_hall=None) -> Area | None:
    for area in districts(city_hall):
        if geo.contains(area.geometry, lat, lon):
            return area
    return None


def inside_city(lat: float, lon: float, city_hall=None) -> bool:
    limit = boundary(city_hall)
    return limit is None or geo.contains(limit.geometry, lat, lon)


def base_layer(city_hall=None) -> str:
    """The static GeoJSON file of the city hall's streets, drawn on its maps: the one its boundary names, else (for
    the installation's default city hall only) `PRIMARIA_MAP_BASE_LAYER`; "" for a city hall that has none, whose
    maps show only the tiles."""
    from primaria.institutions import tenancy

    city_hall = _city_hall(city_hall)
    if city_hall is None:
        return ""
    limit = boundary(city_hall)
    if limit is not None and limit.base_layer:
        return limit.base_layer
    default = tenancy.default_city_hall()
    return settings.PRIMARIA_MAP_BASE_LAYER if default is not None and default.pk == city_hall.pk else ""


def _streets(city_hall=None) -> list[tuple[str, list]]:
    import json

    from django.contrib.staticfiles import finders
    from django.core.exceptions import SuspiciousFileOperation

    name = base_layer(city_hall)
    try:
        path = finders.find(name) if name else None
    except SuspiciousFileOperation:  # a name that leaves the static folders (`Area.clean` refuses it)
        path = None
    if not path:
        return []
    with open(path, encoding="utf-8") as handle:
        layer = json.load(handle)
    return [(f["properties"].get("name", ""), f["geometry"]["coordinates"]) for f in layer.get("features", [])
            if f.get("properties", {}).get("kind") == "street" and f.get("geometry", {}).get("type") == "LineString"]


def locate_address(address: str, city_hall=None) -> tuple[float, float] | None:
    """The middle of the city hall's base layer's street named in `address` (the longest name that matches),
    offline."""
    folded = geo.fold(address)
    best = None
    for name, line in _streets(city_hall):
        key = geo.fold(name)
        if key and key in folded and (best is None or len(key) > len(best[0])):
            best = (key, line)
    return geo.line_middle(best[1]) if best else None


def place(*, latitude, longitude, address: str = "", city_hall=None) -> tuple[float, float, Area | None]:
    """(lat, lon, district) of the place given, in the city hall's boundary (default: the one the request serves);
    DomainError with the field at fault otherwise."""
    city_hall = _city_hall(city_hall)
    address = " ".join((address or "").split())[:250]
    lat = geo.parse_coordinate(latitude, low=-90, high=90)
    lon = geo.parse_coordinate(longitude, low=-180, high=180)
    if (latitude or longitude) and (lat is None or lon is None):
        raise DomainError({"place": _("Coordonatele nu sunt valide. Alegeți locul pe hartă sau scrieți adresa.")})
    if lat is None:
        if not address:
            raise DomainError({"place": _("Alegeți locul pe hartă, folosiți poziția telefonului sau scrieți adresa.")})
        found = locate_address(address, city_hall)
        if found is None:
            raise DomainError({"address": _("Nu găsim strada pe harta localității. Scrieți numele străzii (de "
                                            "exemplu „Str. Mărășești nr. 10”) sau alegeți locul pe hartă.")})
        lat, lon = found
    if not inside_city(lat, lon, city_hall):
        raise DomainError({"place": str(OUTSIDE)})
    return lat, lon, district_of(lat, lon, city_hall)


def route(category: Category, district: Area | None) -> Department:
    """The competent department: the table's row for the category and district, else the category's default."""
    if district is not None:
        row = Route.objects.select_related("department").filter(category=category, area=district).first()
        if row is not None:
            return row.department
    return category.department


def nearby(category, lat: float, lon: float, *, radius_m: float = NEARBY_METRES, exclude=None) -> list:
    """Open reports of the same category within `radius_m`, nearest first, each with `.distance_m`."""
    south, north, west, east = geo.bounding_box(lat, lon, radius_m)
    candidates = Report.objects.filter(
        category=category, status__in=OPEN_STATUSES, latitude__gte=round(south, 6), latitude__lte=round(north, 6),
        longitude__gte=round(west, 6), longitude__lte=round(east, 6)).select_related("category", "district")
    if exclude is not None:
        candidates = candidates.exclude(pk=exclude.pk)
    found = []
    for report in candidates[:200]:
        distance = geo.distance_m(lat, lon, float(report.latitude), float(report.longitude))
        if distance <= radius_m:
            report.distance_m = round(distance)
            found.append(report)
    return sorted(found, key=lambda r: r.distance_m)


# --- follow links and notices ---------------------------------------------------------------------------------


def follow_token(report, email: str) -> str:
    return signing.dumps({"r": str(report.public_id), "e": email.lower()}, salt=FOLLOW_SALT, compress=True)


def from_follow_token(token: str) -> tuple[Report, str]:
    try:
        data = signing.loads(token, salt=FOLLOW_SALT)
    except signing.BadSignature:
        raise DomainError(_("Linkul nu este valid. Folosiți linkul din e-mailul primit.")) from None
    report = Report.objects.select_related("category", "department", "district").filter(public_id=data.get("r")).first()
    if report is None:
        raise DomainError(_("Linkul nu este valid. Folosiți linkul din e-mailul primit."))
    return report, data.get("e", "")


def follow_url(report, email: str) -> str:
    """The follow link, on the site of the report's city hall (also from the outbox's worker, outside a request)."""
    from primaria.institutions import tenancy

    return tenancy.site_url(report.city_hall).rstrip("/") + reverse("reports:follow", args=[follow_token(report, email)])


def _recipients(report) -> list[tuple[str, object, str]]:
    """(address, account, language) of the reporter and the followers; the language is the one of the page they
    used, for those without an account (an account's own language wins in `notify`)."""
    seen, out = set(), []
    people = [(report.email or (report.user.email if report.user_id else ""), report.user, report.language)]
    people += [(f.email or (f.user.email if f.user_id else ""), f.user, f.language)
               for f in report.followers.select_related("user")]
    for email, user, language in people:
        if email and email.lower() not in seen:
            seen.add(email.lower())
            out.append((email, user, language if user is None else ""))
    return out


def _line(message: Phrase) -> dict:
    """The notice's line as data: the Romanian text, and the phrase to write it in the recipient's language."""
    return {"message": message.romanian(), "message_key": message.key, "message_params": dict(message.params)}


def _notify_all(report, message: Phrase):
    for email, user, language in _recipients(report):
        notify(address=email, template="reports/changed", recipient=user, related=report, language=language,
               context={"reference": report.reference, "category": report.category.name,
                        "status": report.status, **_line(message),
                        "link": follow_url(report, email), "can_rate": report.status == Status.RESOLVED,
                        "institution": report.department.institution.name})


def _event(report, *, action, actor, message: Phrase, status_to=""):
    ReportEvent.objects.create(report=report, at=timezone.now(), action=action, status_to=status_to,
                               actor=actor if getattr(actor, "is_authenticated", False) else None,
                               **message.fields(limit=2000))


# --- submitting -------------------------------------------------------------------------------------------------


def clean_answers(category: Category, data) -> tuple[dict, dict]:
    """(answers, errors) for the category's extra questions, read from the form's `q_<name>` fields."""
    answers, errors = {}, {}
    for question in category.questions or []:
        name = question.get("name")
        if not name:
            continue
        value = " ".join(str(data.get(f"q_{name}", "") or "").split())[:300]
        if question.get("type") == "choice" and value and value not in question.get("choices", []):
            errors[f"q_{name}"] = _("Alegeți un răspuns din listă.")
            continue
        if question.get("type") == "yesno" and value and value not in ("da", "nu"):
            errors[f"q_{name}"] = _("Alegeți „da” sau „nu”.")
            continue
        if question.get("required") and not value:
            errors[f"q_{name}"] = _("Răspundeți la întrebarea „%(question)s”.") % {"question": question.get("label", name)}
            continue
        if value:
            answers[name] = value
    return answers, errors


def submit(*, actor, category_id, latitude, longitude, address="", description="", data=None, uploads=(),
           email="", name="", postal_address="", ip=None, silent=False) -> Report:
    """Make a report (or a petition). Every wrong value gets its message and nothing is saved. `silent`: tell
    nobody (the demo loader and imports of old reports; the timeline, audit and events are kept)."""
    from primaria.institutions import tenancy

    data = data or {}
    categories = Category.objects.select_related("department", "city_hall").filter(active=True)
    serving = tenancy.current()
    if serving is not None:  # on a city hall's site, only its own categories
        categories = categories.filter(city_hall=serving)
    category = categories.filter(pk=category_id).first() if str(category_id or "").isdigit() else None
    if category is None:
        raise DomainError({"category": _("Alegeți categoria problemei.")})
    user = actor if getattr(actor, "is_authenticated", False) else None
    errors = {}
    try:
        lat, lon, district = place(latitude=latitude, longitude=longitude, address=address,
                                   city_hall=category.city_hall)
    except DomainError as error:
        errors.update(error.message_dict)
    answers, question_errors = clean_answers(category, data)
    errors.update(question_errors)
    description = (description or "").strip()
    if len(description) < 10:
        errors["description"] = _("Descrieți problema în cel puțin 10 caractere.")
    elif len(description) > 2000:
        errors["description"] = _("Descrierea are cel mult 2000 de caractere.")
    email = (email or "").strip().lower()
    name = " ".join((name or "").split())[:150]
    postal_address = " ".join((postal_address or "").split())[:250]
    if user is None:
        if not email:
            errors["email"] = _("Scrieți adresa de e-mail la care primiți vești despre sesizare.")
        else:
            try:
                validate_email(email)
            except ValidationError:
                errors["email"] = _("Adresa de e-mail nu este validă, de exemplu nume@exemplu.ro.")
    else:
        email, name = user.email, user.get_full_name() or name
    uploads = [u for u in uploads if u]
    checked = []
    if len(uploads) > photos.MAX_PHOTOS:
        errors["photos"] = _("Adăugați cel mult %(count)s fotografii.") % {"count": photos.MAX_PHOTOS}
    else:
        for upload in uploads:
            try:
                checked.append(photos.read_photo(upload))
            except ValidationError as error:
                errors["photos"] = error.messages[0]
                break
    if errors:
        raise DomainError(errors)
    department = route(category, district)
    anonymous_petition = category.is_petition and user is None and not (name and postal_address)
    with transaction.atomic():
        report = Report.objects.create(
            city_hall=category.city_hall, category=category, latitude=lat, longitude=lon, address=address[:250], district=district,
            description=description, answers=answers, department=department, user=user, name=name, email=email,
            postal_address=postal_address, status=Status.NEW, status_changed_at=timezone.now(),
            language="" if user else page_language())
        for photo in checked:
            item = ReportPhoto(report=report, mime=photo.mime,
                               gps_latitude=photo.gps[0] if photo.gps else None,
                               gps_longitude=photo.gps[1] if photo.gps else None)
            item.original.save(f"original.{photo.extension}", ContentFile(photo.data), save=False)
            item.public_copy.save(f"public.{photo.public_extension}", ContentFile(photo.public_copy), save=False)
            item.save()
        if district:
            message = phrase(gettext_noop("Sesizarea „%(category)s” în %(district)s a fost primită și repartizată: "
                                          "%(department)s."),
                             category=category.name, district=district.name, department=department.name)
        else:
            message = phrase(gettext_noop("Sesizarea „%(category)s” a fost primită și repartizată: %(department)s."),
                             category=category.name, department=department.name)
        if category.is_petition:
            from primaria.registry import services as registry
            from primaria.registry.models import Channel, Direction

            entry = registry.register(
                institution=department.institution, direction=Direction.INBOUND, channel=Channel.ONLINE,
                summary=f"Petiție – {category.name}", sender=name or "Petent neidentificat",  # i18n: ro (the registry)
                department=department,
                actor=user)
            report.registry_entry = entry
            report.due_date = compute_due(rule="og27", start=timezone.localdate(entry.registered_at))
            message = phrase(gettext_noop("Petiția a fost înregistrată cu nr. %(reference)s și repartizată: "
                                          "%(department)s. Termenul de răspuns: %(due_date)s (OG nr. 27/2002, "
                                          "art. 8)."),
                             reference=entry.reference, department=department.name,
                             due_date=f"{report.due_date:%d.%m.%Y}")
            if anonymous_petition:
                report.status, report.closed_at = Status.FILED, entry.registered_at
                report.due_date = None
                registry.close(entry=entry, outcome="Clasată – petiție anonimă (OG nr. 27/2002, art. 7)")  # i18n: ro
                message = phrase(gettext_noop(
                    "Petiția a fost înregistrată cu nr. %(reference)s. Petiția nu are datele de identificare ale "
                    "petentului (numele și adresa): potrivit art. 7 din OG nr. 27/2002, petițiile anonime se "
                    "clasează, fără a fi luate în considerare."), reference=entry.reference)
            report.save(update_fields=["registry_entry", "due_date", "status", "closed_at"])
        _event(report, action="submit", actor=user, message=message, status_to=report.status)
        apart = [geo.distance_m(lat, lon, *photo.gps) for photo in checked if photo.gps]
        if apart and min(apart) > NEARBY_METRES:  # the photo's own position, for staff to compare with the pin
            _event(report, action="photo_place", actor=user,
                   message=phrase(gettext_noop("Poziția din fotografie este la %(metres)s m de locul ales pe hartă."),
                                  metres=round(min(apart))))
        audit(actor=user, action="reports.submit", target=report, institution_id=department.institution_id,
              ip_address=ip, category=category.slug, department=department.pk, photos=len(checked))
        record_event("report.submitted", report, report_id=report.pk, category=category.slug,
                     department_id=department.pk, status=report.status)
        if not silent:
            _notify_all(report, message)
    return report


def join(*, actor, report_id, email="", ip=None) -> Report:
    """Follow an open report instead of making a duplicate; the follower gets the same notices."""
    user = actor if getattr(actor, "is_authenticated", False) else None
    email = (email or "").strip().lower()
    if user is None:
        try:
            validate_email(email)
        except ValidationError:
            raise DomainError({"email": _("Scrieți o adresă de e-mail validă ca să primiți vești despre sesizare.")}
                              ) from None
    with transaction.atomic():
        report = Report.objects.select_for_update(of=("self",)).select_related("category").filter(pk=report_id).first()
        if report is None or not report.is_open:
            raise DomainError(_("Sesizarea nu mai este deschisă; puteți face una nouă."))
        own = user is not None and report.user_id == user.pk
        exists = (Follower.objects.filter(report=report, user=user).exists() if user
                  else Follower.objects.filter(report=report, user=None, email=email).exists())
        if own or exists or (user is None and report.user_id is None and report.email == email):
            return report
        language = "" if user else page_language()
        Follower.objects.create(report=report, user=user, email="" if user else email, language=language)
        _event(report, action="join", actor=user,
               message=phrase(gettext_noop("Încă o persoană a semnalat aceeași problemă.")))
        audit(actor=user, action="reports.join", target=report, institution_id=report.department.institution_id,
              ip_address=ip)
        record_event("report.joined", report, report_id=report.pk)
        address = user.email if user else email
        joined = phrase(gettext_noop("V-ați alăturat acestei sesizări: primiți vești despre ea până se închide."))
        notify(address=address, template="reports/changed", recipient=user, related=report, language=language,
               context={"reference": report.reference, "category": report.category.name,
                        "status": report.status, **_line(joined),
                        "link": follow_url(report, address), "can_rate": False,
                        "institution": report.department.institution.name})
    return report


# --- handling ---------------------------------------------------------------------------------------------------


def act(*, actor, report_id, action: str, message: str = "", ip=None, silent=False) -> Report:
    """The competent department moves the report: take, resolve, reject or file (with the answer given)."""
    if action not in TRANSITIONS:
        raise DomainError(_("Acțiune necunoscută."))
    sources, target, default_text = TRANSITIONS[action]
    message = (message or "").strip()
    if action in NEEDS_MESSAGE and len(message) < 10:
        raise DomainError({"message": _("Scrieți răspunsul pentru cel care a sesizat (cel puțin 10 caractere).")})
    if len(message) > 2000:
        raise DomainError({"message": _("Răspunsul are cel mult 2000 de caractere.")})
    with transaction.atomic():
        report = (Report.objects.select_for_update(of=("self",)).select_related("category", "department", "user")
                  .get(pk=report_id))
        rules.require(actor, report, "handle")
        if report.status not in sources:
            raise DomainError(_("Sesizarea este „%(status)s”; acțiunea nu mai este posibilă.")
                              % {"status": report.get_status_display()})
        now = timezone.now()
        report.status, report.status_changed_at = target, now
        fields = ["status", "status_changed_at"]
        if target != Status.IN_PROGRESS:
            report.resolution, report.closed_at = message, now
            fields += ["resolution", "closed_at"]
        report.save(update_fields=fields)
        text = phrase(WITH_ANSWER[action], answer=message) if message else phrase(default_text)
        _event(report, action=action, actor=actor, message=text, status_to=target)
        if report.registry_entry_id and target != Status.IN_PROGRESS:
            from primaria.registry import services as registry

            with translation.override(settings.LANGUAGE_CODE):  # the registry's record is Romanian
                outcome = f"{report.get_status_display()}: {message}"[:300]
            registry.close(entry=report.registry_entry, outcome=outcome, actor=actor)
        audit(actor=actor, action=f"reports.{action}", target=report, institution_id=report.department.institution_id,
              ip_address=ip, status=target)
        record_event(f"report.{action}", report, report_id=report.pk, status=target)
        if not silent:
            _notify_all(report, text)
    return report


def rate(*, actor, report_id, rating, comment="", email="", ip=None) -> Report:
    """The reporter rates the resolution once (signed in, or through the e-mail's link that names `email`)."""
    try:
        value = int(str(rating).strip())
    except (TypeError, ValueError):
        value = 0
    if not 1 <= value <= 5:
        raise DomainError({"rating": _("Alegeți o notă de la 1 la 5.")})
    comment = " ".join((comment or "").split())
    if len(comment) > 500:
        raise DomainError({"comment": _("Comentariul are cel mult 500 de caractere.")})
    with transaction.atomic():
        report = Report.objects.select_for_update(of=("self",)).select_related("department").get(pk=report_id)
        user = actor if getattr(actor, "is_authenticated", False) else None
        reporter = (user is not None and report.user_id == user.pk) or (
            bool(email) and report.email.lower() == email.lower())
        if not reporter:
            raise DomainError(_("Doar cel care a făcut sesizarea îi poate nota rezolvarea."))
        if report.status != Status.RESOLVED:
            raise DomainError(_("Se notează doar o sesizare rezolvată."))
        if report.rating is not None:
            raise DomainError(_("Ați notat deja rezolvarea acestei sesizări."))
        report.rating, report.rating_comment, report.rated_at = value, comment, timezone.now()
        report.save(update_fields=["rating", "rating_comment", "rated_at"])
        _event(report, action="rate", actor=user,
               message=phrase(gettext_noop("Rezolvarea a primit nota %(rating)s din 5."), rating=value))
        audit(actor=user, action="reports.rate", target=report, institution_id=report.department.institution_id,
              ip_address=ip, rating=value)
        record_event("report.rated", report, report_id=report.pk, rating=value)
    return report


def show_photo(*, actor, photo_id, public: bool, ip=None) -> ReportPhoto:
    with transaction.atomic():
        photo = ReportPhoto.objects.select_for_update().get(pk=photo_id)
        report = Report.objects.select_related("department").get(pk=photo.report_id)
        rules.require(actor, report, "handle")
        photo.is_public = bool(public)
        photo.save(update_fields=["is_public"])
        shown = (gettext_noop("Fotografia %(photo)s este arătată pe harta publică.") if public
                 else gettext_noop("Fotografia %(photo)s nu mai este arătată pe harta publică."))
        _event(report, action="photo", actor=actor, message=phrase(shown, photo=photo.pk))
        audit(actor=actor, action="reports.photo", target=report, institution_id=report.department.institution_id,
              ip_address=ip, photo=photo.pk, public=photo.is_public)
        record_event("report.photo", report, report_id=report.pk, photo_id=photo.pk, public=photo.is_public)
    return photo


def set_route(*, actor, category_id, area_id, department_id, ip=None, city_hall=None) -> Route | None:
    """Set the competent department for a category in a district of the city hall (default: the one the request
    serves); no department: back to the category's default. Only a department of the same city hall (or of an
    institution under it) may be named."""
    from primaria.institutions import tenancy

    rules.require(actor, Route, "edit")
    city_hall = _city_hall(city_hall)
    category = Category.objects.filter(pk=category_id, city_hall=city_hall).first() if city_hall else None
    area = districts(city_hall).filter(pk=area_id).first() if city_hall else None
    if category is None or area is None:
        raise DomainError(_("Categoria sau cartierul nu mai există."))
    department = None
    if department_id not in (None, ""):
        key = f"route-{category.pk}-{area.pk}"
        department = Department.objects.filter(pk=department_id).first() if str(department_id).isdigit() else None
        if department is None:
            raise DomainError({key: _("Alegeți un compartiment din listă.")})
        if department.institution_id not in tenancy.institution_ids(city_hall):
            raise DomainError({key: str(WRONG_DEPARTMENT)})
    with transaction.atomic():
        Category.objects.select_for_update().get(pk=category.pk)  # one change of a category's table at a time
        existing = Route.objects.filter(category=category, area=area).first()
        if department is None or department == category.department:
            if existing is not None:
                existing.delete()
            row = None
        elif existing is None:
            row = Route.objects.create(city_hall=city_hall, category=category, area=area, department=department)
        else:
            existing.department = department
            existing.save(update_fields=["department"])
            row = existing
        audit(actor=actor, action="reports.route", target=category, institution_id=city_hall.pk, ip_address=ip,
              area=area.code,
              department=department.pk if department else None)
        record_event("report.route_changed", category, category_id=category.pk, area_id=area.pk,
                     department_id=department.pk if department else None)
    return row


# --- petitions' terms ---------------------------------------------------------------------------------------------

# As for requests (`requests.services.REMIND_WORKING_DAYS_BEFORE`), counted on the working-day calendar; a petition's
# 30 days leave a little more room to draft the answer.
PETITION_REMIND_WORKING_DAYS_BEFORE = 3


def petitions_due_for_reminder(today=None):
    """Open petitions whose term ends within the next working days and whose department was not told yet."""
    from django.db.models import F

    today = today or timezone.localdate()
    horizon = terms.add_term(today, PETITION_REMIND_WORKING_DAYS_BEFORE, terms.WORKING)
    return (Report.objects.filter(status__in=OPEN_STATUSES, category__kind="petition", due_date__gte=today,
                                  due_date__lte=horizon)
            .exclude(reminded_for=F("due_date")).values_list("pk", flat=True))


def remind(*, report_id) -> Report | None:
    """Tell the petition's department (its heads, else its e-mail) that the term ends soon; once per term."""
    from primaria.institutions import tenancy
    from primaria.institutions.selectors import heads_of

    with transaction.atomic():
        report = (Report.objects.select_for_update(of=("self",))
                  .select_related("category", "department__institution", "registry_entry", "city_hall")
                  .filter(pk=report_id).first())
        if (report is None or not report.is_open or not report.category.is_petition or report.due_date is None
                or report.reminded_for == report.due_date):
            return None
        report.reminded_for = report.due_date
        report.save(update_fields=["reminded_for"])
        link = tenancy.site_url(report.city_hall).rstrip("/") + reverse("reports_office:detail", args=[report.public_id])
        people = [(head.email, head) for head in heads_of(report.department)] or [(report.department.email, None)]
        for email, official in people:
            notify(address=email, template="reports/term_reminder", recipient=official, related=report,
                   context={"reference": report.reference, "category": report.category.name,
                            "department": report.department.name, "due_date": f"{report.due_date:%d.%m.%Y}",
                            "link": link, "institution": report.department.institution.name})
        _event(report, action="remind", actor=None,
               message=phrase(gettext_noop("Memento către compartiment: termenul de răspuns la petiție expiră la "
                                           "%(due_date)s (OG nr. 27/2002, art. 8)."),
                              due_date=f"{report.due_date:%d.%m.%Y}"))
        audit(actor=None, action="reports.remind", target=report, institution_id=report.department.institution_id,
              due_date=report.due_date.isoformat())
        record_event("report.remind", report, report_id=report.pk, due_date=report.due_date)
    return report
