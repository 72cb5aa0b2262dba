"""The payable source "abonament-parcare": a parking subscription waiting for its payment.

A subscription is owed from the moment it is asked for until it is paid or lapses (`pay_by`,
PRIMARIA_PARKING_PAY_HOURS after it was asked for). Its reference is `PK` and the subscription's id on seven
digits (PK0000042). Once a payment is confirmed, the handler of `payment.settled` calls `apply`, which makes
the subscription paid (`services.apply_payment`, idempotent per payment and reference). A site offers only the
subscriptions of its own city hall's zones; the reference itself is unique on the whole installation.
"""

from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from primaria.core.plugins import registry
from primaria.payments.payables import PayableItem, PayableSource, labels

SOURCE = "abonament-parcare"


def _item(subscription) -> PayableItem:
    values = {"type": subscription.type.name, "zone": subscription.zone.code, "plate": subscription.plate_display,
              "starts_on": f"{subscription.starts_on:%d.%m.%Y}", "ends_on": f"{subscription.ends_on:%d.%m.%Y}"}
    return PayableItem(source=SOURCE, reference=subscription.reference, amount=subscription.price,
                       party_id=subscription.party_id, **labels(lambda: _(
                           "Abonament de parcare %(type)s, zona %(zone)s, %(plate)s, %(starts_on)s–%(ends_on)s") % values))


@registry("payables").register
class ParkingSubscriptions(PayableSource):
    identifier = SOURCE
    verbose_name = gettext_lazy("Abonamente de parcare")

    def open_items(self, party) -> list[PayableItem]:
        from .selectors import city_hall, unpaid

        return [_item(s) for s in unpaid().filter(party=party, zone__institution=city_hall()).order_by("pk")]

    def item(self, reference: str) -> PayableItem | None:
        from primaria.institutions import tenancy

        from .selectors import subscription_by_reference, unpaid

        found = subscription_by_reference(reference)
        if found is None or not unpaid().filter(pk=found.pk).exists():
            return None
        serving = tenancy.current()  # on a city hall's site, only its own subscriptions are paid
        if serving is not None and found.zone.institution_id != serving.pk:
            return None
        return _item(found)

    def apply(self, *, payment_id: int, party_id: int, reference: str, amount: Decimal, paid_at) -> None:
        from .services import apply_payment

        apply_payment(payment_id=payment_id, reference=reference, amount=amount, paid_at=paid_at or timezone.now())
