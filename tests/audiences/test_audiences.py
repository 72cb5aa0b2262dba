"""Audiences: the request with its registration number, the mayor's office's decision (a slot from the audience
hours, a refusal with reasons, the competent department), the applicant's confirmation, the official's day list,
what was decided becoming a request in the department's inbox, and the register."""

import csv
import io
import threading
from datetime import timedelta
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connections
from django.urls import reverse
from django.utils import timezone

from primaria.accounts.models import User
from primaria.accounts.selectors import person_of
from primaria.audiences import selectors, services
from primaria.audiences.models import Audience, AudienceHours, Status
from primaria.core import rules
from primaria.core.errors import DomainError
from primaria.institutions.models import Department
from primaria.notifications.models import Notification
from primaria.outbox.models import Event
from primaria.requests.models import Request

TOPIC = "Trotuarul din fața blocului meu este spart de doi ani și nimeni nu l-a reparat."


@pytest.fixture
def cabinet(users):
    return User.objects.get(email="cab.specialist@primaria-demo.ro")


def _ask(user, official=None, topic=TOPIC, category="public_domain"):
    return services.ask(actor=user, party=person_of(user), official=official, category=category, topic=topic,
                        preferred_days=[1])


def _first_slot(official):
    return selectors.free_slots(official)[0][0]


def _department(code):
    return Department.objects.get(institution__code="PMD", code=code)


def test_the_whole_journey_through_the_pages(client, users, cabinet):
    ion, mayor = users.ion, users.mayor
    client.force_login(ion)
    page = client.get(reverse("audiences:ask"))
    assert page.status_code == 200 and "Cu cine doriți audiența" in page.content.decode()
    response = client.post(reverse("audiences:ask"), {
        "official": str(mayor.pk), "category": "urbanism", "topic": TOPIC, "days": ["1", "3"]})
    audience = Audience.objects.get(applicant=person_of(ion), topic=TOPIC)
    assert response.status_code == 302 and response.url == reverse("audiences:detail", args=[audience.public_id])
    assert audience.registry_entry.number > 0 and audience.status == Status.REGISTERED
    assert audience.wanted_official == mayor and audience.preferred_days == [1, 3]
    detail = client.get(response.url).content.decode()
    assert f"nr. {audience.reference}" in detail and "în analiză la Cabinetul Primarului" in detail

    # The mayor's office proposes a slot of the mayor's audience hours (Tuesdays, the preferred day).
    client.force_login(cabinet)
    office = client.get(reverse("audiences_office:detail", args=[audience.public_id]) + f"?official={mayor.pk}")
    assert office.status_code == 200 and "Propune programarea" in office.content.decode()
    slot = _first_slot(mayor)
    response = client.post(reverse("audiences_office:act", args=[audience.public_id, "accept"]),
                           {"official": str(mayor.pk), "slot": slot.isoformat()})
    assert response.status_code == 302
    audience.refresh_from_db()
    assert audience.status == Status.PROPOSED and audience.starts_at == slot and audience.official == mayor
    assert timezone.localtime(slot).weekday() == 1  # the mayor's audience hours are on Tuesdays
    mail = Notification.objects.filter(template="audience_changed", object_id=str(audience.pk)).order_by("-pk").first()
    assert mail.context["link"].startswith("/audiente/link/")
    from primaria.notifications.services import render

    render(mail)
    assert mail.context["link"] in mail.body and "Vă primește Primar Mihai Constantinescu" in mail.body
    assert audience.reference in mail.subject and mail.address == ion.email

    # The applicant confirms from the link in the e-mail, without signing in.
    client.logout()
    link = client.get(mail.context["link"])
    assert link.status_code == 200 and "Confirm programarea" in link.content.decode()
    confirmed = client.post(mail.context["link"], {"action": "confirm"})
    assert "Ați confirmat programarea" in confirmed.content.decode()
    audience.refresh_from_db()
    assert audience.status == Status.CONFIRMED

    # On the day, the mayor sees the audience in their list with its topic and marks it held.
    client.force_login(mayor)
    with mock.patch("django.utils.timezone.now", return_value=slot + timedelta(minutes=5)):
        day = client.get(reverse("audiences_office:day") + f"?data={timezone.localtime(slot):%Y-%m-%d}")
        assert day.status_code == 200 and TOPIC in day.content.decode() and ion.last_name in day.content.decode()
        services.mark_held(actor=mayor, audience_id=audience.pk)
        # What was decided asks for action: a request for Ion in the inbox of the Direcția Urbanism.
        services.record_decision(actor=mayor, audience_id=audience.pk, department_id=_department("urb").pk,
                                 decision="Direcția Urbanism verifică anexa și răspunde în 30 de zile.")
    audience.refresh_from_db()
    request = audience.follow_up
    assert audience.status == Status.HELD and request is not None
    assert request.department == _department("urb") and request.applicant == person_of(ion)
    assert request.status == "registered" and request.registry_entry_id
    assert request.data["audienta"] == audience.reference
    assert rules.can(users.urb_specialist, request, "view")
    assert Request.objects.filter(pk=request.pk).filter(pk__in=rules.official_requests(users.urb_head)).exists()
    assert f"în urma audienței nr. {audience.reference}" in request.timeline.first().message
    names = set(Event.objects.filter(subject_type="audiences.audience", subject_id=str(audience.pk))
                .values_list("name", flat=True))
    assert {"audience.ask", "audience.accept", "audience.confirm", "audience.held", "audience.decide"} <= names
    client.force_login(ion)
    assert request.reference in client.get(reverse("audiences:detail", args=[audience.public_id])).content.decode()


def test_asking_twice_gives_the_same_registration(users):
    first, again = _ask(users.ion), _ask(users.ion)
    assert again.pk == first.pk and Audience.objects.count() == 1
    assert _ask(users.ion, topic=TOPIC + " Și iluminatul.").pk != first.pk


def test_refusing_needs_a_reason(client, users, cabinet):
    audience = _ask(users.ion)
    with pytest.raises(DomainError) as refused:
        services.refuse(actor=cabinet, audience_id=audience.pk, reason="nu")
    assert "reason" in refused.value.message_dict
    client.force_login(cabinet)
    page = client.post(reverse("audiences_office:act", args=[audience.public_id, "refuse"]), {"reason": "  "})
    assert page.status_code == 400 and "Motivați respingerea" in page.content.decode()
    audience.refresh_from_db()
    assert audience.status == Status.REGISTERED
    services.refuse(actor=cabinet, audience_id=audience.pk,
                    reason="Problema face obiectul unui litigiu aflat pe rolul instanței.")
    audience.refresh_from_db()
    assert audience.status == Status.REFUSED and "litigiu" in audience.refusal_reason
    assert audience.registry_entry.__class__.objects.get(pk=audience.registry_entry_id).outcome == "Respinsă"


def test_sending_to_the_competent_department_files_a_request_there(users, cabinet):
    audience = _ask(users.maria)
    das = _department("das")
    with pytest.raises(DomainError):
        services.refer(actor=cabinet, audience_id=audience.pk, department_id=das.pk, note="")
    services.refer(actor=cabinet, audience_id=audience.pk, department_id=das.pk,
                   note="Verificați dacă doamna are dreptul la ajutorul de încălzire.")
    audience.refresh_from_db()
    assert audience.status == Status.REFERRED and audience.referred_to == das
    request = audience.follow_up
    assert request.department == das and request.applicant == person_of(users.maria)
    assert TOPIC in request.data["continut"] and "ajutorul de încălzire" in request.data["continut"]
    assert request.service.slug == "solicitare-in-urma-audientei"
    # The applicant sees it among her requests, like any other.
    assert rules.can(users.maria, request, "view") and not rules.can(users.ion, request, "view")


def test_one_slot_holds_one_audience(users, cabinet):
    mayor = users.mayor
    first, second = _ask(users.ion), _ask(users.maria)
    slot = _first_slot(mayor)
    services.accept(actor=cabinet, audience_id=first.pk, official=mayor, starts_at=slot)
    with pytest.raises(DomainError) as taken:
        services.accept(actor=cabinet, audience_id=second.pk, official=mayor, starts_at=slot)
    assert "ocupat" in taken.value.message_dict["slot"][0]
    assert slot not in [m for m, _h in selectors.free_slots(mayor)]
    # A moment outside the audience hours is refused too.
    with pytest.raises(DomainError):
        services.accept(actor=cabinet, audience_id=second.pk, official=mayor, starts_at=slot + timedelta(minutes=7))
    # The applicant asks for another slot: it is free again.
    services.ask_another(actor=users.ion, audience_id=first.pk, note="după ora 12")
    services.accept(actor=cabinet, audience_id=second.pk, official=mayor, starts_at=slot)


def test_public_holidays_have_no_slots(users):
    from datetime import date

    from primaria.core import terms

    mayor_hours = AudienceHours.objects.get(official=users.mayor)  # Tuesdays, 10:00-13:00, 20 minutes
    assert selectors.slot_moments(mayor_hours, date(2027, 6, 1)) == []  # Ziua Copilului, a Tuesday
    assert len(selectors.slot_moments(mayor_hours, date(2027, 6, 8))) == 9
    assert selectors.slot_moments(mayor_hours, date(2027, 6, 9)) == []  # a Wednesday

    for moment, _hours in selectors.free_slots(users.mayor, days=366):
        assert terms.is_working_day(timezone.localdate(moment))


@pytest.mark.django_db(transaction=True)
def test_concurrent_bookings_of_one_slot_give_it_once(users):
    cabinet = User.objects.get(email="cab.specialist@primaria-demo.ro")
    head = User.objects.get(email="cab.sef@primaria-demo.ro")
    mayor = users.mayor
    audiences = [_ask(users.ion), _ask(users.maria), _ask(users.ion, topic=TOPIC + " Altă problemă.")]
    slot = _first_slot(mayor)
    barrier = threading.Barrier(len(audiences))
    accepted, refused, failures = [], [], []

    def book(audience, actor):
        try:
            barrier.wait()
            services.accept(actor=actor, audience_id=audience.pk, official=mayor, starts_at=slot)
            accepted.append(audience.pk)
        except DomainError:
            refused.append(audience.pk)
        except Exception as exc:  # noqa: BLE001 - reported below
            failures.append(repr(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=book, args=(a, [cabinet, head, cabinet][i])) for i, a in enumerate(audiences)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []
    assert len(accepted) == 1 and len(refused) == 2
    assert Audience.objects.filter(official=mayor, starts_at=slot).count() == 1


def test_a_resident_cannot_see_another_residents_audience(client, users):
    audience = _ask(users.ion)
    client.force_login(users.maria)
    assert client.get(reverse("audiences:detail", args=[audience.public_id])).status_code == 403
    assert TOPIC not in client.get(reverse("audiences:mine")).content.decode()
    with pytest.raises(PermissionDenied):
        services.confirm(actor=users.maria, audience_id=audience.pk)
    client.force_login(users.ion)
    assert TOPIC in client.get(reverse("audiences:mine")).content.decode()


def test_only_the_mayors_office_decides(client, users, cabinet):
    audience = _ask(users.ion)
    slot = _first_slot(users.mayor)
    for outsider in (users.ion, users.urb_head, users.deputy, users.secretary):
        with pytest.raises(PermissionDenied):
            services.accept(actor=outsider, audience_id=audience.pk, official=users.mayor, starts_at=slot)
        with pytest.raises(PermissionDenied):
            services.refuse(actor=outsider, audience_id=audience.pk, reason="Nu este de competența primăriei.")
    client.force_login(users.urb_head)
    assert client.get(reverse("audiences_office:index")).status_code == 403
    assert client.post(reverse("audiences_office:act", args=[audience.public_id, "accept"]),
                       {"official": str(users.mayor.pk), "slot": slot.isoformat()}).status_code == 403
    assert client.get(reverse("audiences_office:register")).status_code == 403
    audience.refresh_from_db()
    assert audience.status == Status.REGISTERED
    # The mayor belongs to the office that decides.
    services.accept(actor=users.mayor, audience_id=audience.pk, official=users.mayor, starts_at=slot)


def test_the_official_sees_only_their_own_day_list(client, users, cabinet):
    mayor, deputy = users.mayor, users.deputy
    audience = _ask(users.ion)
    slot = _first_slot(mayor)
    services.accept(actor=cabinet, audience_id=audience.pk, official=mayor, starts_at=slot)
    day = f"?data={timezone.localtime(slot):%Y-%m-%d}"
    client.force_login(deputy)
    assert client.get(reverse("audiences_office:day") + day + f"&official={mayor.pk}").status_code == 403
    own = client.get(reverse("audiences_office:day") + day)
    assert own.status_code == 200 and TOPIC not in own.content.decode()
    with pytest.raises(PermissionDenied):
        services.mark_absent(actor=deputy, audience_id=audience.pk)
    client.force_login(users.urb_specialist)
    assert client.get(reverse("audiences_office:day")).status_code == 403
    client.force_login(mayor)
    assert TOPIC in client.get(reverse("audiences_office:day") + day).content.decode()
    client.force_login(cabinet)
    assert TOPIC in client.get(reverse("audiences_office:day") + day + f"&official={mayor.pk}").content.decode()
    # Before the day nothing can be marked; on the day, the mayor marks it from the list.
    client.force_login(mayor)
    act = reverse("audiences_office:act", args=[audience.public_id, "absent"])
    assert client.post(act, {"back": "day"}).status_code == 400
    with mock.patch("django.utils.timezone.now", return_value=slot + timedelta(minutes=30)):
        response = client.post(act, {"back": "day"})
    assert response.status_code == 302 and response.url.startswith(reverse("audiences_office:day"))
    audience.refresh_from_db()
    assert audience.status == Status.ABSENT


def test_the_register_lists_and_exports_as_csv(client, users, cabinet):
    audience, waiting = _ask(users.ion), _ask(users.maria, topic="Strada Florilor nu are iluminat public de un an.")
    services.refuse(actor=cabinet, audience_id=audience.pk, reason="Problema este deja rezolvată prin HCL 12/2026.")
    client.force_login(cabinet)
    page = client.get(reverse("audiences_office:register") + "?stare=refused")
    assert page.status_code == 200 and audience.reference in page.content.decode()
    assert waiting.topic not in page.content.decode()  # still waiting: filtered out
    response = client.get(reverse("audiences_office:register_csv") + "?stare=refused")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")), delimiter=";"))
    assert rows[0][0] == "Nr. înregistrare" and len(rows) == 2
    assert rows[1][0] == audience.reference and rows[1][5] == TOPIC and "HCL 12/2026" in rows[1][11]
    client.force_login(users.mayor)
    assert client.get(reverse("audiences_office:register_csv")).status_code == 200
    client.force_login(users.deputy)
    assert client.get(reverse("audiences_office:register_csv")).status_code == 403


def test_bad_input_gives_romanian_messages_and_saves_nothing(client, users):
    client.force_login(users.ion)
    before = Audience.objects.count()
    page = client.post(reverse("audiences:ask"), {"official": "competent", "category": "xyz", "topic": "scurt",
                                                   "days": ["9"]})
    body = page.content.decode()
    assert page.status_code == 400 and "Există o problemă" in body
    assert "Alegeți domeniul" in body and "cel puțin 20 de caractere" in body and "Alegeți zilele" in body
    assert client.post(reverse("audiences:ask"), {"official": "abc", "category": "urbanism", "topic": TOPIC}
                       ).status_code == 400
    assert Audience.objects.count() == before


def test_a_mandate_holder_asks_for_the_company(users):
    from primaria.accounts.models import Party

    company = Party.objects.get(cui="18547290")
    audience = services.ask(actor=users.ion, party=company, category="transport", topic=TOPIC)
    assert audience.applicant == company and audience.mandate is not None
    assert "în numele Demo Construct SRL" in audience.timeline.first().message
    with pytest.raises(PermissionDenied):
        services.ask(actor=users.maria, party=company, category="transport", topic=TOPIC)


def test_the_link_stops_working_when_the_slot_changes_and_the_reminder_goes_once(users, cabinet):
    mayor = users.mayor
    audience = _ask(users.ion)
    slot = _first_slot(mayor)
    services.accept(actor=cabinet, audience_id=audience.pk, official=mayor, starts_at=slot)
    audience.refresh_from_db()
    token = services.slot_token(audience)
    services.ask_another(actor=None, audience_id=audience.pk, token=token)
    with pytest.raises(DomainError):
        services.confirm(audience_id=audience.pk, token=token)
    with pytest.raises(DomainError):
        services.confirm(audience_id=audience.pk, token="nu-e-un-link-valid")
    services.accept(actor=cabinet, audience_id=audience.pk, official=mayor, starts_at=slot)
    day_before = slot - timedelta(hours=20)
    with mock.patch("django.utils.timezone.now", return_value=day_before):
        assert selectors.due_for_reminder() == [audience.pk]
        assert services.remind(audience_id=audience.pk) is not None
        assert selectors.due_for_reminder() == []
        assert services.remind(audience_id=audience.pk) is None
    assert audience.timeline.filter(action="remind").count() == 1


def test_the_mayors_office_keeps_the_audience_hours(client, users, cabinet):
    client.force_login(cabinet)
    bad = client.post(reverse("audiences_office:hours"), {
        "official": str(users.urb_specialist.pk), "title": "", "weekday": "6", "starts_at": "14:00",
        "ends_at": "12:00", "slot_minutes": "2", "location": ""})
    body = bad.content.decode()
    assert bad.status_code == 400 and "Alegeți primarul" in body and "după ora de început" in body
    ok = client.post(reverse("audiences_office:hours"), {
        "official": str(users.urb_head.pk), "title": "Arhitect-șef", "weekday": "2", "starts_at": "09:00",
        "ends_at": "11:00", "slot_minutes": "30", "location": "Direcția Urbanism, camera 5", "active": "1"})
    assert ok.status_code == 302
    hours = AudienceHours.objects.get(official=users.urb_head)
    assert len(selectors.slot_moments(hours, next(m for m, _h in selectors.free_slots(users.urb_head)).date())) == 4
    with pytest.raises(PermissionDenied):
        services.save_hours(actor=users.urb_head, official=users.urb_head, title="Arhitect-șef", weekday=2,
                            starts_at="09:00", ends_at="10:00", slot_minutes=30, location="Camera 5")
    # The resident can now ask for an audience with the chief architect.
    assert users.urb_head in [o for o, _t in selectors.officials()]


def test_the_demo_city_has_audience_hours_and_two_waiting_requests(users):
    from primaria.audiences.demo import load_demo_audience_requests

    assert {o.email for o, _t in selectors.officials()} == {"primar@primaria-demo.ro", "viceprimar@primaria-demo.ro"}
    assert selectors.follow_up_service(users.mayor.positions.first().department.institution) is not None
    load_demo_audience_requests()
    load_demo_audience_requests()
    assert Audience.objects.filter(status=Status.REGISTERED).count() == 2


def test_forms_in_error_tie_hints_and_errors_to_their_fields(client, users, cabinet):
    from tests.a11y.html_fields import problems

    client.force_login(users.ion)
    asked = client.post(reverse("audiences:ask"), {"official": "", "category": "", "topic": "", "days": ["7"]})
    assert asked.status_code == 400 and problems(asked.content.decode()) == []
    audience = _ask(users.ion)
    client.force_login(cabinet)
    url = reverse("audiences_office:detail", args=[audience.public_id])
    assert problems(client.get(url + f"?official={users.mayor.pk}").content.decode()) == []
    for action, data in (("refuse", {"reason": ""}), ("refer", {"department": "", "note": ""}),
                         ("accept", {"official": str(users.mayor.pk), "slot": "ieri"})):
        page = client.post(reverse("audiences_office:act", args=[audience.public_id, action]), data)
        assert page.status_code == 400 and problems(page.content.decode()) == [], action
    hours = client.post(reverse("audiences_office:hours"), {"official": "", "weekday": "", "starts_at": "x"})
    assert hours.status_code == 400 and problems(hours.content.decode()) == []


def test_the_api_asks_confirms_and_keeps_others_out(client, users, cabinet):
    client.force_login(users.ion)
    url = "/api/v1/audiences/"
    bad = client.post(url, {"category": "urbanism", "topic": "scurt"}, content_type="application/json")
    assert bad.status_code == 400 and "20 de caractere" in str(bad.json())
    made = client.post(url, {"category": "urbanism", "topic": TOPIC, "official": users.mayor.pk,
                             "preferred_days": [1]}, content_type="application/json")
    assert made.status_code == 201 and made.json()["status"] == "registered" and made.json()["reference"]
    audience = Audience.objects.get(public_id=made.json()["public_id"])
    services.accept(actor=cabinet, audience_id=audience.pk, official=users.mayor, starts_at=_first_slot(users.mayor))
    client.force_login(users.maria)
    assert client.get(f"{url}{audience.public_id}/").status_code == 404
    assert client.post(f"{url}{audience.public_id}/confirm/").status_code == 404
    client.force_login(users.ion)
    listed = client.get(url).json()
    rows = listed["results"] if isinstance(listed, dict) else listed
    assert [a["public_id"] for a in rows] == [str(audience.public_id)]
    confirmed = client.post(f"{url}{audience.public_id}/confirm/")
    assert confirmed.status_code == 200 and confirmed.json()["status"] == "confirmed"
    assert client.post(f"{url}{audience.public_id}/confirm/").status_code == 400  # already confirmed
