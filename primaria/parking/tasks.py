from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from . import selectors, services


@db_periodic_task(crontab(minute="*/15"))
def lapse_unpaid():
    """Every quarter of an hour: subscriptions not paid within PRIMARIA_PARKING_PAY_HOURS are cancelled, so
    their plate can be bought again."""
    lapsed = [pk for pk in selectors.lapsing() if services.lapse(subscription_id=pk)]
    return {"lapsed": len(lapsed)}


@db_periodic_task(crontab(minute="20", hour="8"))
def remind_renewals():
    """Every morning: holders of subscriptions ending within PRIMARIA_PARKING_REMIND_DAYS are told once."""
    reminded = [pk for pk in selectors.due_for_reminder() if services.remind(subscription_id=pk)]
    return {"reminded": len(reminded)}
