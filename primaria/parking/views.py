"""Pages: the resident's subscriptions (/parcare/: buy, renew) and the inspector's check (/birou/parcare/)."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from primaria.accounts.selectors import acting_party
from primaria.core import rules
from primaria.core.errors import DomainError, field_errors
from primaria.payments.payables import shown
from primaria.requests.answers import DATE_PARTS, date_problem

from . import selectors, services
from .models import Subscription


def _ip(request):
    return request.META.get("REMOTE_ADDR")


def _date_from_parts(data, name) -> tuple[date | None, dict, str]:
    """(the date, its parts as typed, an error) from the three boxes `name-zi`, `name-luna`, `name-an`,
    checked as every date of the portal is (`requests.answers.date_problem`)."""
    parts = {part: (data.get(f"{name}-{part}") or "").strip()[:4] for part in DATE_PARTS}
    if not any(parts.values()):
        return None, parts, _("Scrieți data de început a abonamentului, de exemplu 1 12 2026.")
    problem, _bad = date_problem(*(parts[p] for p in DATE_PARTS))
    if problem:
        return None, parts, problem
    return date(int(parts["an"]), int(parts["luna"]), int(parts["zi"])), parts, ""


@login_required
def mine(request):
    party = acting_party(request)
    if party is None:
        return render(request, "parking/no_party.html")
    if not rules.can(request.user, party, "act_for"):
        raise PermissionDenied(_("Nu puteți vedea abonamentele acestui titular."))
    today = timezone.localdate()
    rows = []
    for subscription in selectors.subscriptions_of(party):
        code, label = subscription.state(today)
        renewed = any(r.state(today)[0] in ("valid", "scheduled", "pending") for r in subscription.renewals.all())
        rows.append({"s": subscription, "state": code, "label": label,
                     "can_renew": services.can_renew(subscription, today) and not renewed})
    return render(request, "parking/mine.html", {"party": party, "rows": rows, "today": today})


@login_required
@require_http_methods(["GET", "POST"])
def buy(request):
    party = acting_party(request)
    if party is None:
        return render(request, "parking/no_party.html")
    if not rules.can(request.user, party, "act_for"):
        raise PermissionDenied(_("Nu puteți cumpăra abonamente în numele acestui titular."))
    today = timezone.localdate()
    errors = {}
    values = {"plate": "", "type": "", "address": party.address if party.kind == "person" else "",
              "declared": False, "proof": False}
    date_parts = {"zi": str(today.day), "luna": str(today.month), "an": str(today.year)}
    if request.method == "POST":
        values = {"plate": request.POST.get("plate", "")[:30], "type": request.POST.get("type", "")[:12],
                  "address": request.POST.get("address", "")[:300], "declared": request.POST.get("declared") == "1",
                  "proof": request.POST.get("proof") == "1"}
        starts_on, date_parts, date_error = _date_from_parts(request.POST, "starts_on")
        try:
            subscription = services.buy(
                actor=request.user, party=party, plate=values["plate"], type_id=values["type"], starts_on=starts_on,
                address=values["address"], declared=values["declared"], proof_confirmed=values["proof"],
                ip=_ip(request))
        except DomainError as exc:
            errors = field_errors(exc)
            if date_error:
                errors["starts_on"] = date_error
        else:
            messages.success(request, _(
                "Abonamentul %(reference)s pentru %(plate)s, zona %(zone)s, %(starts_on)s–%(ends_on)s, așteaptă plata "
                "de %(amount)s lei până la %(pay_by)s. Devine valabil după confirmarea plății.") % {
                "reference": subscription.reference, "plate": subscription.plate_display,
                "zone": subscription.zone.code, "starts_on": f"{subscription.starts_on:%d.%m.%Y}",
                "ends_on": f"{subscription.ends_on:%d.%m.%Y}", "amount": shown(subscription.price),
                "pay_by": f"{timezone.localtime(subscription.pay_by):%d.%m.%Y, %H:%M}"})
            return redirect("payments:basket")
    ordered = [key for key in ("plate", "type", "starts_on", "address", "declared", "proof", "__all__") if key in errors]
    return render(request, "parking/buy.html", {
        "party": party, "types": selectors.types_on_sale(), "values": values, "date_parts": date_parts,
        "errors": {key: errors[key] for key in ordered}, "general_error": errors.get("__all__", ""), "today": today,
    }, status=400 if errors else 200)


@login_required
@require_POST
def renew(request, public_id):
    subscription = get_object_or_404(Subscription, public_id=public_id, zone__institution=selectors.city_hall())
    if not rules.can(request.user, subscription.party, "act_for"):
        raise PermissionDenied(_("Nu puteți reînnoi acest abonament."))
    try:
        renewal = services.renew(actor=request.user, subscription_id=subscription.pk, ip=_ip(request))
    except DomainError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("parking:mine")
    messages.success(request, _(
        "Reînnoirea %(reference)s, %(starts_on)s–%(ends_on)s, așteaptă plata de %(amount)s lei până la %(pay_by)s.") % {
        "reference": renewal.reference, "starts_on": f"{renewal.starts_on:%d.%m.%Y}",
        "ends_on": f"{renewal.ends_on:%d.%m.%Y}", "amount": shown(renewal.price),
        "pay_by": f"{timezone.localtime(renewal.pay_by):%d.%m.%Y, %H:%M}"})
    return redirect("payments:basket")


@login_required
@require_http_methods(["GET", "POST"])
def check(request):
    if not rules.parking_inspector(request.user):
        raise PermissionDenied(_("Verificarea abonamentelor este pentru inspectorii Serviciului Parcări."))
    values = {"plate": "", "zone": ""}
    result, errors = None, {}
    if request.method == "POST":
        values = {"plate": request.POST.get("plate", "")[:30], "zone": request.POST.get("zone", "")[:10]}
        try:
            result = services.check_plate(actor=request.user, plate=values["plate"], zone_code=values["zone"],
                                          ip=_ip(request))
        except DomainError as exc:
            errors = field_errors(exc)
    return render(request, "parking/check.html", {
        "zones": selectors.zones_on_sale(), "values": values, "result": result, "errors": errors,
        "today": timezone.localdate(),
    }, status=400 if errors else 200)
