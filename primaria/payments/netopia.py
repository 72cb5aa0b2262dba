"""Card payments through NETOPIA Payments, API v2 (the `netopia` plugin of `registry("payments")`).

The protocol, as NETOPIA documents it (doc.netopia-payments.com, "Payment API v2.x", and its PHP SDK
`netopia/payment2`):

1. **Start.** `POST {base}/payment/card/start` with the header `Authorization: <API key>` and a JSON body
   `{"config": {notifyUrl, redirectUrl, language, ...}, "payment": {"options": {...}, "instrument": ...,
   "data": {...}}, "order": {posSignature, dateTime, description, orderID, amount, currency, billing,
   products, ...}}`. Without a card in `payment.instrument` NETOPIA answers with its hosted payment page:
   `{"error": {"code": "101", "message": "Redirect user to payment page"}, "payment": {"ntpID": ...,
   "status": 1, "paymentURL": ...}}`. We keep `ntpID` and send the payer to `paymentURL`; the card is typed
   on NETOPIA's page (3-D Secure included), never on ours.
2. **Return.** The payer comes back to `redirectUrl`. That proves nothing: the page asks the status (4).
3. **IPN.** NETOPIA posts the outcome to `notifyUrl`: a JSON body `{"order": {"orderID": ...}, "payment":
   {"ntpID", "status", "amount", "currency", "code", "message", "data"}}` and the header
   `Verification-token`, a JWT signed by NETOPIA with RS512 whose claims are `iss` = "NETOPIA Payments",
   `aud` = [our POS signature] and `sub` = base64 of the SHA-512 digest of the raw body. We check the
   signature with NETOPIA's public key (downloaded from its admin panel), the issuer, the audience and the
   digest, and answer `{"errorType": 0, "errorCode": null, "errorMessage": ""}` (errorType 1: temporary,
   send again; 2: permanent). The algorithm is pinned to RS512, whatever the token's header says. NETOPIA's
   SDK reads `iat`/`nbf` in milliseconds, so those two are not checked; `exp` is, when present.
4. **Status.** `POST {base}/operation/status` with `{"posID": <POS signature>, "ntpID", "orderID"}` gives
   the payment's `status`, `amount` and `currency`. A payment is credited only on this answer, whoever
   triggered the check (the IPN, the payer's return, the periodic job for a notification that never came).
5. **Refund.** `POST {base}/operation/credit` with `{"posID", "ntpID", "orderID", "amount"}` (the operation
   endpoints named in NETOPIA's quick start: status, void, credit; the credit body follows the status one).

Payment statuses (`payment.status`, from the SDK): 3 paid, 5 confirmed; 12 declined, 11 error, 13 fraud;
4 cancelled, 23 expired; 8 credited (refunded); 1 new, 15 waiting for 3-D Secure and the others still open.

Settings: `PRIMARIA_NETOPIA_URL` (live: https://secure.mobilpay.ro/pay, sandbox:
https://secure.sandbox.netopia-payments.com), `PRIMARIA_NETOPIA_API_KEY`, `PRIMARIA_NETOPIA_POS_SIGNATURE`,
`PRIMARIA_NETOPIA_PUBLIC_KEY` (the PEM file of NETOPIA's public key). With `PRIMARIA_NETOPIA_SANDBOX` on and
none of them set, the plugin talks to the local sandbox (`payments.sandbox`) mounted on this site.
"""

import base64
import hashlib
import hmac
import json
import logging
from decimal import Decimal, InvalidOperation
from pathlib import Path

import jwt
import requests
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from primaria.core.plugins import HealthReport

from .providers import (
    CANCELLED,
    CONFIRMED,
    PENDING,
    REFUNDED,
    REJECTED,
    GatewayError,
    Notice,
    NotificationRefused,
    PaymentProvider,
    Started,
    StatusReport,
    payment_providers,
)

logger = logging.getLogger(__name__)

ISSUER = "NETOPIA Payments"
ALGORITHM = "RS512"
TIMEOUT = 15
ROMANIA = 642  # ISO 3166-1 numeric, as NETOPIA's billing.country wants it

STATUS_PAID, STATUS_CONFIRMED, STATUS_CREDIT = 3, 5, 8
OUTCOMES = {3: CONFIRMED, 5: CONFIRMED, 11: REJECTED, 12: REJECTED, 13: REJECTED, 4: CANCELLED, 23: CANCELLED,
            8: REFUNDED}


def outcome_of(status) -> str:
    try:
        return OUTCOMES.get(int(status), PENDING)
    except (TypeError, ValueError):
        return PENDING


def money(value) -> Decimal:
    """An amount as NETOPIA writes it (a JSON number) as lei and bani."""
    try:
        return Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError, TypeError):
        raise NotificationRefused(f"Suma „{value}” nu este un număr.")  # i18n: ro (kept in the providers' notification log)


def body_digest(body: bytes) -> str:
    """The `sub` claim of a Verification-token: base64 of the SHA-512 digest of the raw body."""
    return base64.b64encode(hashlib.sha512(body).digest()).decode("ascii")


class Config:
    def __init__(self):
        sandbox = bool(getattr(settings, "PRIMARIA_NETOPIA_SANDBOX", False))
        from .sandbox import store

        self.sandbox = sandbox and not settings.PRIMARIA_NETOPIA_URL
        self.base_url = (settings.PRIMARIA_NETOPIA_URL or (
            settings.SITE_URL.rstrip("/") + "/netopia-sandbox" if sandbox else "")).rstrip("/")
        self.api_key = settings.PRIMARIA_NETOPIA_API_KEY or (store.API_KEY if self.sandbox else "")
        self.pos_signature = settings.PRIMARIA_NETOPIA_POS_SIGNATURE or (store.POS_SIGNATURE if self.sandbox else "")
        self.public_key_path = settings.PRIMARIA_NETOPIA_PUBLIC_KEY

    def public_key(self) -> str:
        if self.public_key_path:
            return Path(self.public_key_path).read_text()
        if self.sandbox:
            from .sandbox import store

            return store.public_key_pem()
        return ""


@payment_providers.register
class NetopiaProvider(PaymentProvider):
    identifier = "netopia"
    verbose_name = "Card bancar (NETOPIA Payments)"
    kind = "card"

    def check_config(self) -> HealthReport:
        config = Config()
        missing = [name for name, value in (("PRIMARIA_NETOPIA_URL", config.base_url),
                                            ("PRIMARIA_NETOPIA_API_KEY", config.api_key),
                                            ("PRIMARIA_NETOPIA_POS_SIGNATURE", config.pos_signature),
                                            ("PRIMARIA_NETOPIA_PUBLIC_KEY", config.public_key_path or config.sandbox))
                   if not value]
        if missing:
            return HealthReport(ok=False, message=_("Plata cu cardul nu este configurată: lipsesc %(settings)s.") % {
                "settings": ", ".join(missing)})
        where = "sandboxul local" if config.sandbox else config.base_url
        return HealthReport(ok=True, message=_("Plățile cu cardul merg la %(where)s.") % {"where": where})

    # --- the calls ------------------------------------------------------------------------------------

    def _post(self, config: Config, path: str, payload: dict) -> dict:
        try:
            response = requests.post(f"{config.base_url}{path}", json=payload, timeout=TIMEOUT,
                                     headers={"Authorization": config.api_key, "Content-Type": "application/json"})
        except requests.RequestException as exc:
            raise GatewayError(f"NETOPIA nu răspunde ({type(exc).__name__}).")  # i18n: ro (the gateway's technical answer, kept in the providers' log)
        try:
            data = response.json()
        except ValueError:
            raise GatewayError(f"NETOPIA a răspuns cu HTTP {response.status_code}, fără JSON.")  # i18n: ro (the gateway's technical answer, kept in the providers' log)
        if response.status_code >= 400 and not isinstance(data, dict):
            raise GatewayError(f"NETOPIA a răspuns cu HTTP {response.status_code}.")  # i18n: ro (the gateway's technical answer, kept in the providers' log)
        if not isinstance(data, dict):
            raise GatewayError(_("NETOPIA a trimis un răspuns neașteptat."))
        if response.status_code >= 400:
            error = data.get("error") or {}
            raise GatewayError(f"NETOPIA a refuzat cererea: {error.get('message') or response.status_code}.")  # i18n: ro (the gateway's technical answer, kept in the providers' log)
        return data

    def start(self, payment, *, return_url: str, notify_url: str) -> Started:
        config = Config()
        party = payment.party
        first, _sep, last = party.name.partition(" ")
        lines = list(payment.lines.all())
        payload = {
            "config": {"emailTemplate": "", "notifyUrl": notify_url, "redirectUrl": return_url,
                       "cancelUrl": return_url, "language": "ro"},
            "payment": {"options": {"installments": 1, "bonus": 0}, "instrument": None, "data": {}},
            "order": {
                "ntpID": "", "posSignature": config.pos_signature,
                "dateTime": timezone.now().replace(microsecond=0).isoformat(),
                "description": f"Plata {payment.order_id}: " + "; ".join(line.label for line in lines)[:200],
                "orderID": payment.order_id, "amount": float(payment.amount), "currency": payment.currency,
                "billing": {"email": party.email or (payment.payer.email if payment.payer else ""),
                            "phone": party.phone, "firstName": first or party.name, "lastName": last or party.name,
                            "city": "", "country": ROMANIA, "state": "", "postalCode": "",
                            "details": party.address},
                "products": [{"name": line.label[:100], "code": line.reference, "category": line.source,
                              "price": float(line.amount), "vat": 0} for line in lines],
                "installments": {"selected": 0, "available": [0]},
                "data": {},
            },
        }
        data = self._post(config, "/payment/card/start", payload)
        error, answer = data.get("error") or {}, data.get("payment") or {}
        url, ntp_id = answer.get("paymentURL"), str(answer.get("ntpID") or "")
        if not url or not ntp_id:
            raise GatewayError(f"NETOPIA nu a deschis plata: {error.get('message') or 'răspuns fără pagină de plată'} "
                               f"(cod {error.get('code', '?')}).")  # i18n: ro (the gateway's technical answer)
        return Started(redirect_url=url, provider_reference=ntp_id)

    def status(self, payment) -> StatusReport:
        config = Config()
        data = self._post(config, "/operation/status", {"posID": config.pos_signature, "ntpID": payment.provider_reference,
                                                        "orderID": payment.order_id})
        order, answer, error = data.get("order") or {}, data.get("payment") or {}, data.get("error") or {}
        try:
            amount = money(answer.get("amount"))
        except NotificationRefused as exc:
            raise GatewayError(str(exc))
        return StatusReport(order_id=str(order.get("orderID") or payment.order_id),
                            provider_reference=str(answer.get("ntpID") or ""), amount=amount,
                            currency=str(answer.get("currency") or ""), outcome=outcome_of(answer.get("status")),
                            message=str(error.get("message") or answer.get("message") or ""))

    def refund(self, payment, amount: Decimal) -> str:
        config = Config()
        data = self._post(config, "/operation/credit", {"posID": config.pos_signature, "ntpID": payment.provider_reference,
                                                        "orderID": payment.order_id, "amount": float(amount)})
        error = data.get("error") or {}
        if str(error.get("code")) not in ("00", "0"):
            raise GatewayError(f"NETOPIA a refuzat rambursarea: {error.get('message') or error.get('code')}.")
        answer = data.get("payment") or {}
        return str(answer.get("creditID") or answer.get("ntpID") or "")

    # --- the IPN ----------------------------------------------------------------------------------------

    def verify_notification(self, body: bytes, headers) -> Notice:
        config = Config()
        token = headers.get("Verification-token")
        if not token:
            raise NotificationRefused("Lipsește antetul Verification-token.")  # i18n: ro (providers' log)
        try:
            algorithm = jwt.get_unverified_header(token).get("alg")
        except jwt.PyJWTError:
            raise NotificationRefused("Antetul Verification-token nu este un JWT.")  # i18n: ro (providers' log)
        if algorithm != ALGORITHM:
            raise NotificationRefused(f"Tokenul este semnat cu {algorithm}; NETOPIA semnează cu {ALGORITHM}.")  # i18n: ro (kept in the providers' notification log)
        try:
            claims = jwt.decode(token, config.public_key(), algorithms=[ALGORITHM], audience=config.pos_signature,
                                issuer=ISSUER, options={"verify_iat": False, "verify_nbf": False,
                                                        "require": ["iss", "aud", "sub"]})
        except jwt.InvalidSignatureError:
            raise NotificationRefused("Semnătura notificării nu este a procesatorului de plăți.")  # i18n: ro (providers' log)
        except jwt.InvalidAudienceError:
            raise NotificationRefused("Notificarea nu este adresată punctului nostru de vânzare (aud).")  # i18n: ro (providers' log)
        except jwt.InvalidIssuerError:
            raise NotificationRefused("Notificarea nu vine de la NETOPIA Payments (iss).")  # i18n: ro (providers' log)
        except jwt.ExpiredSignatureError:
            raise NotificationRefused("Tokenul notificării a expirat.")  # i18n: ro (providers' log)
        except jwt.PyJWTError as exc:
            raise NotificationRefused(f"Tokenul notificării nu este valid: {exc}.")  # i18n: ro (kept in the providers' notification log)
        if not hmac.compare_digest(str(claims.get("sub", "")), body_digest(body)):
            raise NotificationRefused("Conținutul notificării nu corespunde semnăturii (rezumatul SHA-512 diferă).")  # i18n: ro (providers' log)
        try:
            data = json.loads(body)
            order, answer = data["order"], data["payment"]
            return Notice(order_id=str(order["orderID"]), provider_reference=str(answer.get("ntpID") or ""),
                          amount=money(answer.get("amount")), currency=str(answer.get("currency") or ""),
                          outcome=outcome_of(answer.get("status")), raw_status=str(answer.get("status")))
        except (ValueError, KeyError, TypeError):
            raise NotificationRefused("Conținutul notificării nu are forma așteptată (order, payment).")  # i18n: ro (providers' log)
