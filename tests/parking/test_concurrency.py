"""Two purchases of the same plate and zone at the same instant (two web processes): the zone's lock lets one
through, the other is refused for the period taken."""

import threading

import pytest
from django.db import connection

from primaria.accounts.selectors import person_of
from primaria.core.errors import DomainError
from primaria.parking import services
from primaria.parking.models import Subscription

from .conftest import tomorrow


@pytest.mark.django_db(transaction=True)
def test_two_purchases_at_once_give_one_subscription(users, kinds):
    monthly = kinds["Abonament lunar semicentral"]
    buyers = [(users.ion, person_of(users.ion)), (users.maria, person_of(users.maria))]
    start, made, refused, errors = threading.Barrier(2), [], [], []

    def buy(user, party):
        try:
            start.wait()
            made.append(services.buy(actor=user, party=party, plate="SB 21 PKR", type_id=monthly.pk,
                                     starts_on=tomorrow()))
        except DomainError as exc:
            refused.append(exc)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=buy, args=buyer) for buyer in buyers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors and len(made) == 1 and len(refused) == 1
    assert "are deja un abonament" in refused[0].message_dict["starts_on"][0]
    assert Subscription.objects.filter(plate="SB21PKR").count() == 1
