"""The gateway's side of NETOPIA Payments API v2, for development and the tests (see `payments.netopia`).

Mounted at /netopia-sandbox/ and answering only while ``PRIMARIA_NETOPIA_SANDBOX`` is on. The platform
reaches it over HTTP exactly as it reaches NETOPIA: start a payment, send the payer to the hosted card page,
receive a signed IPN, ask the status, ask a refund. The sandbox keeps its own RSA key and its orders in
files (`store`), signs every IPN with that key (RS512, `iss`/`aud`/`sub` as NETOPIA does) and posts it to
the `notifyUrl` the merchant gave at start.

Test cards (any future expiry date, any 3-digit CVV, any name):

    9900004810225098  accepted (NETOPIA's own sandbox card)
    9900009184214768  3-D Secure: the issuer's page asks a code; 123456 passes, anything else is declined
    9900518572831942  declined: insufficient funds (code 20)
    9900541631437790  declined: expired card (code 19)
    9900576270414197  declined: transaction not allowed (code 34)

``PRIMARIA_NETOPIA_SANDBOX_SEND_IPN = False`` makes the sandbox keep its IPNs to itself (a notification lost
on the way), so the platform must learn the outcome from a status query.
"""

import json
import logging
import time
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import wraps

import jwt
import requests
from django.conf import settings
from django.core import signing
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from . import store

logger = logging.getLogger(__name__)

TOKEN_SALT = "primaria.payments.sandbox.card"
CHALLENGE_CODE = "123456"
EXPIRY_MINUTES = 60

# number -> (what happens, error code, message). The bank's message travels in Romanian (the order keeps it and
# the payment's reason records it); the result page shows it in the page's language.
CARDS = {
    "9900004810225098": ("accept", "00", "Approved"),
    "9900009184214768": ("3ds", "100", "Set authenticationToken & ntpID to session"),
    "9900518572831942": ("decline", "20", gettext_noop("Fonduri insuficiente")),
    "9900541631437790": ("decline", "19", gettext_noop("Card expirat")),
    "9900576270414197": ("decline", "34", gettext_noop("Tranzacție nepermisă pentru acest card")),
}
CARD_LABELS = [
    ("9900004810225098", gettext_lazy("plata reușește")),
    ("9900009184214768", gettext_lazy("3-D Secure: banca cere un cod, 123456")),
    ("9900518572831942", gettext_lazy("refuzată: fonduri insuficiente")),
    ("9900541631437790", gettext_lazy("refuzată: card expirat")),
]
NEW, PAID, CANCELED, CREDIT, DECLINED, AUTH_3D, EXPIRED = 1, 3, 4, 8, 12, 15, 23


def _enabled(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not getattr(settings, "PRIMARIA_NETOPIA_SANDBOX", False):
            raise Http404(_("Sandboxul NETOPIA nu este pornit (PRIMARIA_NETOPIA_SANDBOX)."))
        return view(request, *args, **kwargs)

    return wrapper


def _error(code, message, status=400):
    return JsonResponse({"error": {"code": str(code), "message": message}}, status=status)


def _api(view):
    """A merchant API call: JSON in and out, the merchant's API key in `Authorization`."""

    @csrf_exempt
    @require_POST
    @_enabled
    @wraps(view)
    def wrapper(request):
        if request.headers.get("Authorization") != store.API_KEY:
            return _error(401, "Invalid API key", status=401)
        try:
            body = json.loads(request.body or b"{}")
        except ValueError:
            return _error(400, "Invalid JSON")
        if not isinstance(body, dict):
            return _error(400, "Invalid JSON")
        return view(request, body)

    return wrapper


def _amount(value) -> Decimal | None:
    try:
        amount = Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError, TypeError):
        return None
    return amount if amount > 0 else None


def _current(order: dict) -> dict:
    """An order nobody paid within the hour expires (status 23), as at the gateway."""
    if order["status"] in (NEW, AUTH_3D) and time.time() - order["created"] > EXPIRY_MINUTES * 60:
        order["status"], order["code"], order["message"] = EXPIRED, "23", "Expired"
        store.save(order)
    return order


def _payment_json(order: dict) -> dict:
    return {"ntpID": order["ntpID"], "status": order["status"], "amount": float(Decimal(order["amount"])),
            "currency": order["currency"], "code": order.get("code", ""), "message": order.get("message", ""),
            "data": order.get("data", {})}


# --- merchant API ------------------------------------------------------------------------------------------


@_api
def start(request, body):
    config, order_in = body.get("config") or {}, body.get("order") or {}
    if order_in.get("posSignature") != store.POS_SIGNATURE:
        return _error(401, "Invalid posSignature")
    order_id, amount = str(order_in.get("orderID") or ""), _amount(order_in.get("amount"))
    if not order_id or amount is None or order_in.get("currency") != "RON":
        return _error(400, "orderID, amount and currency (RON) are required")
    if not config.get("notifyUrl") or not config.get("redirectUrl"):
        return _error(400, "notifyUrl and redirectUrl are required")
    existing = store.find(store.POS_SIGNATURE, order_id)
    if existing is not None:
        if Decimal(existing["amount"]) != amount:
            return _error(99, "There is another order with a different price")
        if existing["status"] != NEW:
            return _error(56, "Duplicated Order ID")
        order = existing
    else:
        order = {"ntpID": store.new_ntp_id(), "posSignature": store.POS_SIGNATURE, "orderID": order_id,
                 "amount": str(amount), "currency": "RON", "description": str(order_in.get("description") or ""),
                 "notifyUrl": config["notifyUrl"], "redirectUrl": config["redirectUrl"], "status": NEW,
                 "created": time.time(), "credited": "0.00", "ipn": []}
        store.save(order)
    token = signing.dumps(order["ntpID"], salt=TOKEN_SALT)
    url = request.build_absolute_uri(reverse("netopia_sandbox:card")) + f"?p={token}"
    return JsonResponse({"customerAction": {}, "error": {"code": "101", "message": "Redirect user to payment page"},
                         "payment": {"ntpID": order["ntpID"], "status": NEW, "amount": float(amount),
                                     "currency": "RON", "paymentURL": url}})


@_api
def status(request, body):
    if body.get("posID") != store.POS_SIGNATURE:
        return _error(401, "Invalid posID")
    order = store.load(str(body.get("ntpID") or "")) or store.find(store.POS_SIGNATURE, str(body.get("orderID") or ""))
    if order is None or (body.get("orderID") and order["orderID"] != body["orderID"]):
        return _error(404, "Order not found", status=404)
    order = _current(order)
    return JsonResponse({"merchant": {"posID": store.POS_SIGNATURE},
                         "order": {"orderID": order["orderID"], "amount": float(Decimal(order["amount"])),
                                   "currency": order["currency"], "description": order["description"]},
                         "payment": _payment_json(order),
                         "error": {"code": order.get("code") or "00", "message": order.get("message") or ""}})


@_api
def credit(request, body):
    if body.get("posID") != store.POS_SIGNATURE:
        return _error(401, "Invalid posID")
    order, amount = store.load(str(body.get("ntpID") or "")), _amount(body.get("amount"))
    if order is None or order["orderID"] != body.get("orderID"):
        return _error(404, "Order not found", status=404)
    if order["status"] not in (PAID, CREDIT) or amount is None:
        return _error(57, "Order cannot be credited")
    remaining = Decimal(order["amount"]) - Decimal(order["credited"])
    if amount > remaining:
        return _error(58, f"Amount exceeds what can be credited ({remaining})")
    order["credited"] = str(Decimal(order["credited"]) + amount)
    if Decimal(order["credited"]) == Decimal(order["amount"]):
        order["status"] = CREDIT
    store.save(order)
    return JsonResponse({"error": {"code": "00", "message": "Approved"},
                         "payment": {"ntpID": order["ntpID"], "status": order["status"],
                                     "creditID": f"{order['ntpID']}-C{len(order['credited'])}{int(time.time())}",
                                     "amount": float(amount)}})


# --- the payer's pages --------------------------------------------------------------------------------------


def _order_from_token(request):
    try:
        ntp_id = signing.loads(request.GET.get("p", ""), salt=TOKEN_SALT)
    except signing.BadSignature:
        raise Http404(_("Plată necunoscută."))
    order = store.load(ntp_id)
    if order is None:
        raise Http404(_("Plată necunoscută."))
    return _current(order)


def sign_notification(body: bytes, *, audience: str = store.POS_SIGNATURE, key=None) -> str:
    """The Verification-token of an IPN: RS512 over iss, aud, sub (SHA-512 of the body), iat, nbf, exp."""
    from primaria.payments.netopia import ISSUER, body_digest

    now = int(time.time())
    claims = {"iss": ISSUER, "aud": [audience], "sub": body_digest(body), "iat": now, "nbf": now, "exp": now + 3600}
    return jwt.encode(claims, key or store.private_key(), algorithm="RS512", headers={"typ": "JWT"})


def ipn_body(order: dict) -> bytes:
    return json.dumps({"order": {"orderID": order["orderID"]}, "payment": _payment_json(order)}).encode()


def _notify(order: dict):
    """Post the signed IPN to the merchant's notifyUrl (unless told to lose it), and note the answer."""
    body = ipn_body(order)
    entry = {"at": time.time(), "status": order["status"]}
    if getattr(settings, "PRIMARIA_NETOPIA_SANDBOX_SEND_IPN", True):
        try:
            answer = requests.post(order["notifyUrl"], data=body, timeout=20, headers={
                "Content-Type": "application/json", "Verification-token": sign_notification(body)})
            entry["answer"] = f"HTTP {answer.status_code} {answer.text[:200]}"
        except requests.RequestException as exc:
            entry["answer"] = f"{type(exc).__name__}"
            logger.warning("Sandboxul NETOPIA nu a putut trimite IPN-ul comenzii %s: %s", order["orderID"], exc)
    else:
        entry["answer"] = _("nu a fost trimis (PRIMARIA_NETOPIA_SANDBOX_SEND_IPN)")
    order.setdefault("ipn", []).append(entry)
    store.save(order)


def _finish(order: dict, status_code: int, code: str, message: str):
    order.update(status=status_code, code=code, message=message)
    if status_code == PAID:
        order["data"] = {"AuthCode": order["ntpID"][-4:], "BIN": "990000", "ISSUER": "Sandbox",
                         "ISSUER_COUNTRY": "642", "RRN": f"SBX{order['ntpID']}"}
    store.save(order)
    _notify(order)


def _card_errors(post) -> dict:
    errors = {}
    number = "".join(post.get("number", "").split())
    if not number.isdigit() or not 12 <= len(number) <= 19:
        errors["number"] = _("Numărul cardului are între 12 și 19 cifre.")
    try:
        month, year = int(post.get("exp_month", "")), int(post.get("exp_year", ""))
        year = year + 2000 if year < 100 else year
        today = date.today()
        if not 1 <= month <= 12 or (year, month) < (today.year, today.month):
            errors["expiry"] = _("Data expirării trebuie să fie în viitor (luna și anul de pe card).")
    except ValueError:
        errors["expiry"] = _("Scrieți luna și anul expirării, de exemplu 12 și 2030.")
    cvv = post.get("cvv", "").strip()
    if not cvv.isdigit() or len(cvv) != 3:
        errors["cvv"] = "Codul CVV are 3 cifre (pe spatele cardului)."
    if not post.get("name", "").strip():
        errors["name"] = _("Scrieți numele de pe card.")
    return errors


def _done_page(request, order, message=""):
    if order["status"] == PAID:
        return HttpResponseRedirect(order["redirectUrl"])
    message = message or order.get("message") or ""
    return render(request, "netopia_sandbox/result.html", {"order": order, "message": _(message) if message else ""})


@csrf_exempt
@require_http_methods(["GET", "POST"])
@_enabled
def card(request):
    order = _order_from_token(request)
    if order["status"] == AUTH_3D:
        return HttpResponseRedirect(reverse("netopia_sandbox:authorize") + f"?p={request.GET['p']}")
    if order["status"] != NEW:
        return _done_page(request, order)
    errors = {}
    if request.method == "POST":
        errors = _card_errors(request.POST)
        if not errors:
            number = "".join(request.POST["number"].split())
            outcome, code, message = CARDS.get(number, ("decline", "34", gettext_noop("Card necunoscut sandboxului")))
            if outcome == "accept":
                _finish(order, PAID, code, message)
            elif outcome == "3ds":
                order.update(status=AUTH_3D, code=code, message=message)
                store.save(order)
                return HttpResponseRedirect(reverse("netopia_sandbox:authorize") + f"?p={request.GET['p']}")
            else:
                _finish(order, DECLINED, code, message)
            return _done_page(request, order)
    return render(request, "netopia_sandbox/card.html", {
        "order": order, "errors": errors, "values": request.POST, "cards": CARD_LABELS,
        "amount": Decimal(order["amount"])}, status=400 if errors else 200)


@csrf_exempt
@require_http_methods(["GET", "POST"])
@_enabled
def authorize(request):
    """The card issuer's 3-D Secure page (ACS), as the sandbox plays it."""
    order = _order_from_token(request)
    if order["status"] != AUTH_3D:
        return _done_page(request, order)
    if request.method == "POST":
        if request.POST.get("code", "").strip() == CHALLENGE_CODE:
            _finish(order, PAID, "00", "Approved")
        else:
            _finish(order, DECLINED, "34", gettext_noop("Autentificarea 3-D Secure a eșuat"))
        return _done_page(request, order)
    return render(request, "netopia_sandbox/authorize.html", {"order": order, "amount": Decimal(order["amount"])})
