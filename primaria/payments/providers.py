"""Payment providers: plugins of `registry("payments")`.

A provider takes the money; the platform never sees a card number. Its small interface:

    start(payment, *, return_url, notify_url) -> Started    open the payment at the provider; where to send the payer
    verify_notification(body, headers) -> Notice             check a notification's signature; what it says
    status(payment) -> StatusReport                          ask the provider how the payment stands
    refund(payment, amount) -> str                           give money back; the provider's reference

Nothing is credited on a notification's word or on the payer's return: the services ask `status()` first
(GOV.UK Pay and Open Forms do the same). `card` providers are offered in the basket; `transfer` is
reconciled from bank statements (`payments.transfer`).
"""

from dataclasses import dataclass
from decimal import Decimal

from primaria.core.plugins import Plugin, registry

# What a provider's answer means for the payment.
CONFIRMED, REJECTED, CANCELLED, PENDING, REFUNDED = "confirmed", "rejected", "cancelled", "pending", "refunded"


class GatewayError(Exception):
    """The provider could not be reached or answered with an error; nothing changed on our side."""


class NotificationRefused(Exception):
    """A notification that is not authentic or does not match the payment: refused, logged, never applied."""


@dataclass(frozen=True)
class Started:
    redirect_url: str
    provider_reference: str


@dataclass(frozen=True)
class Notice:
    order_id: str
    provider_reference: str
    amount: Decimal
    currency: str
    outcome: str
    raw_status: str = ""


@dataclass(frozen=True)
class StatusReport:
    order_id: str
    provider_reference: str
    amount: Decimal
    currency: str
    outcome: str
    message: str = ""


class PaymentProvider(Plugin):
    kind = "card"  # "card": offered in the basket; "transfer": bank statements

    def start(self, payment, *, return_url: str, notify_url: str) -> Started:
        raise NotImplementedError

    def verify_notification(self, body: bytes, headers) -> Notice:
        raise NotImplementedError

    def status(self, payment) -> StatusReport:
        raise NotImplementedError

    def refund(self, payment, amount: Decimal) -> str:
        raise NotImplementedError


payment_providers = registry("payments")


def providers():
    return payment_providers


def provider(identifier: str) -> PaymentProvider | None:
    found = providers()
    return found[identifier] if identifier in found else None


def card_providers() -> list[PaymentProvider]:
    return [p for p in providers() if p.kind == "card" and p.check_config().ok]


def register_providers():
    """Each provider module registers its plugin when it is imported (from the app's ready())."""
    from . import netopia, transfer  # noqa: F401
