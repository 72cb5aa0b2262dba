"""The kiosk, the ticket, the display and the clerk's screen, over HTTP and without JavaScript."""

import pytest

from primaria.queue_tickets.models import Ticket

from .conftest import MORNING, THURSDAY, at, local


@pytest.mark.django_db
def test_the_kiosk_issues_a_ticket_without_an_account(hall, client):
    with at(MORNING):
        page = client.get("/coada/registratura/")
        assert page.status_code == 200
        text = page.content.decode()
        assert "Depunere documente la registratură" in text and "Gravidă" in text
        response = client.post("/coada/registratura/", {"serviciu": hall.filing.pk, "prioritate": "elderly"})
        ticket = Ticket.objects.get()
        assert response.status_code == 302 and response["Location"] == f"/coada/bon/{ticket.public_id}/"
        page = client.get(response["Location"])
    text = page.content.decode()
    assert ticket.code == "PA001" and "PA001" in text and "Persoană vârstnică" in text
    assert "nimeni – urmați" in text and "sub un minut" in text


@pytest.mark.django_db
def test_the_kiosk_refuses_in_romanian(hall, client):
    with at(local(THURSDAY, 20, 0)):
        closed = client.post("/coada/registratura/", {"serviciu": hall.filing.pk, "prioritate": ""})
    with at(MORNING):
        wrong = client.post("/coada/registratura/", {"serviciu": "abc", "prioritate": ""})
    assert closed.status_code == 400 and "Ghișeele sunt închise acum" in closed.content.decode()
    with at(local(THURSDAY, 20, 0)):
        page = client.get("/coada/registratura/")
    assert 'data-testid="closed"' in page.content.decode() and "Depunere documente" not in page.content.decode()
    assert wrong.status_code == 400 and "Alegeți unul dintre serviciile din listă." in wrong.content.decode()
    assert client.get("/coada/nu-exista/").status_code == 404
    assert not Ticket.objects.exists()


@pytest.mark.django_db
def test_the_display_redraws_only_after_a_call(hall, take, users, client):
    from primaria.queue_tickets import services

    with at(MORNING):
        ticket = take(hall.filing, "pregnant")
        page = client.get("/coada/afisaj/registratura/")
        text = page.content.decode()
        assert page.status_code == 200 and 'http-equiv="refresh"' in text and 'aria-live="assertive"' in text
        version = page.context["version"]
        assert client.get(f"/coada/afisaj/registratura/?fragment=1&v={version}").status_code == 204
        services.call_next(actor=users.clerk, counter_id=hall.counter2.pk)
        fragment = client.get(f"/coada/afisaj/registratura/?fragment=1&v={version}")
        assert fragment.status_code == 200
        text = fragment.content.decode()
        assert "PA001" in text and "Ghișeul 2" in text and 'hx-swap-oob="innerHTML"' in text
        assert "Bonul P A 1, la Ghișeul 2." in text  # what the voice says
        ticket.refresh_from_db()
        assert client.get(f"/coada/afisaj/registratura/?fragment=1&v={fragment.context['version']}").status_code == 204
        services.recall(actor=users.clerk, ticket_id=ticket.pk)  # a call again redraws and announces again
        assert client.get(f"/coada/afisaj/registratura/?fragment=1&v={fragment.context['version']}").status_code == 200


@pytest.mark.django_db
def test_the_clerks_screen(hall, take, users, client):
    with at(MORNING):
        take(hall.filing)
        client.force_login(users.clerk)
        page = client.get(f"/birou/coada/?ghiseu={hall.counter1.pk}")
        assert page.status_code == 200 and "Cheamă următorul" in page.content.decode()
        response = client.post("/birou/coada/actiune/", {"ghiseu": hall.counter1.pk, "actiune": "urmatorul"})
        assert response.status_code == 302
        page = client.get(response["Location"])
        text = page.content.decode()
        assert "L-ați chemat pe A001 la Ghișeul 1." in text and "Finalizat" in text
        ticket = Ticket.objects.get()
        client.post("/birou/coada/actiune/", {"ghiseu": hall.counter1.pk, "actiune": "finalizat", "bon": ticket.pk})
        ticket.refresh_from_db()
        assert ticket.status == "served"

        client.force_login(users.urb_specialist)
        assert hall.counter1 not in client.get("/birou/coada/").context["counters"]
        take(hall.filing)
        response = client.post("/birou/coada/actiune/", {"ghiseu": hall.counter1.pk, "actiune": "urmatorul"},
                               follow=True)
        assert "Ghișeul este al altui compartiment" in response.content.decode()
        assert Ticket.objects.filter(status="waiting").count() == 1
        client.force_login(users.ion)
        assert client.get("/birou/coada/").status_code == 404
