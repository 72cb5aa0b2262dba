"""The estimated wait (ahead ÷ counters × recent serving time) and the statistics of the dashboard."""

import datetime

import pytest

from primaria.queue_tickets import selectors, services

from .conftest import MORNING, THURSDAY, at, local


@pytest.mark.django_db
def test_estimate_from_the_assumed_time_until_tickets_were_served(hall, take):
    with at(MORNING):
        tickets = [take(hall.advice) for _ in range(5)]  # counselling: 2 counters, 20 minutes assumed
        assert selectors.ticket_estimate(tickets[0]) == (0, 0)
        assert selectors.ticket_estimate(tickets[2]) == (2, 20)
        assert selectors.ticket_estimate(tickets[4]) == (4, 40)
        priority = take(hall.advice, "disability")
        assert selectors.ticket_estimate(priority) == (0, 0)  # called before the five
        assert selectors.ticket_estimate(tickets[0]) == (1, 20)
        hall.counter2.active = False
        hall.counter2.save()
        assert selectors.ticket_estimate(tickets[4]) == (5, 100)  # one counter left
        hall.counter1.active = False
        hall.counter1.save()
        assert selectors.ticket_estimate(tickets[4]) == (5, None)  # nobody serves counselling now


@pytest.mark.django_db
def test_estimate_follows_the_recent_serving_time(hall, take, users):
    minute = datetime.timedelta(minutes=1)
    start = local(THURSDAY, 9, 0)
    for index in range(3):  # three residents served in 6 minutes each
        with at(start + index * 10 * minute):
            ticket = take(hall.pickup)
            services.call_next(actor=users.clerk, counter_id=hall.counter3.pk)
        with at(start + (index * 10 + 6) * minute):
            services.finish(actor=users.clerk, ticket_id=ticket.pk)
    with at(MORNING):
        assert selectors.average_minutes(hall.pickup, hall.location) == pytest.approx(6)
        waiting = [take(hall.pickup) for _ in range(7)]
        assert selectors.ticket_estimate(waiting[6]) == (6, 12)  # 6 ahead, 3 counters, 6 minutes each


@pytest.mark.django_db
def test_waiting_and_serving_statistics(hall, take, users, client):
    minute = datetime.timedelta(minutes=1)
    # Filing: waits 10, 20, 30, 40 minutes, served in 4, 6, 8 minutes, the last one absent.
    start = local(THURSDAY, 9, 0)
    with at(start):
        tickets = [take(hall.filing) for _ in range(4)]
    for index, ticket in enumerate(tickets):
        with at(start + (index + 1) * 10 * minute):
            called = services.call_next(actor=users.clerk, counter_id=hall.counter1.pk)
            assert called == ticket
        with at(start + (index + 1) * 10 * minute + (4 + 2 * index) * minute):
            if index == 3:
                services.no_show(actor=users.clerk, ticket_id=ticket.pk)
            else:
                services.finish(actor=users.clerk, ticket_id=ticket.pk)
    with at(start):
        take(hall.pickup)  # never called: counts in neither
    with at(local(THURSDAY, 17, 0)):
        stats = selectors.timing_statistics([hall.location.institution_id])
        assert stats["total"] == 4
        [filing] = stats["services"]
        assert filing["name"] == hall.filing.name and filing["tickets"] == 4 and filing["no_show"] == 1
        assert filing["wait"] == {"count": 4, "average": 25.0, "median": 25.0, "p90": 40.0}
        assert filing["serve"] == {"count": 3, "average": 6.0, "median": 6.0, "p90": 8.0}
        assert [d["day"] for d in stats["per_day"]] == [THURSDAY]
        assert selectors.timing_statistics([hall.location.institution_id + 999])["total"] == 0

        client.force_login(users.mayor)
        page = client.get("/birou/situatie/tablou/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Coada la ghișee (bonuri de ordine)" in text
    assert "<strong>4</strong> persoane chemate la ghișeu" in text
    assert "așteptare medie 25,0 minute (90% chemați în 40,0 minute), servire medie 6,0 minute; 1 absenți" in text
