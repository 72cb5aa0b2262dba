"""What the applicant reads of the office's work: no repeated lines, no doubled phrases."""

from primaria.notifications.models import Notification
from primaria.requests import services
from primaria.requests.models import TimelineEvent
from tests.factories import submitted_request


def test_a_reassignment_is_an_internal_line_and_tells_the_applicant_nothing(users):
    request = submitted_request(users.ion)
    services.assign(actor=users.urb_head, request_id=request.pk, assignee=users.urb_specialist)
    sent = Notification.objects.count()
    services.assign(actor=users.urb_head, request_id=request.pk, assignee=users.urb_head)
    services.assign(actor=users.urb_head, request_id=request.pk, assignee=users.urb_specialist)

    lines = TimelineEvent.objects.filter(request=request, action="assign").order_by("at", "pk")
    public = [line.message for line in lines if line.public]
    assert public == [f"Documentele sunt verificate de un specialist din {request.department.name}."]
    internal = [line.message for line in lines if not line.public]
    head, specialist = users.urb_head.get_full_name(), users.urb_specialist.get_full_name()
    assert internal == [f"Cererea trece de la {specialist} la {head}.", f"Cererea trece de la {head} la {specialist}."]
    assert Notification.objects.count() == sent
    request.refresh_from_db()
    assert request.assignee == users.urb_specialist


def test_asking_for_a_completion_quotes_the_specialist_once(users):
    request = submitted_request(users.ion)
    services.assign(actor=users.urb_head, request_id=request.pk, assignee=users.urb_specialist)
    services.ask_completion(actor=users.urb_specialist, request_id=request.pk,
                            what="Vă rugăm să trimiteți planul de situație vizat de OCPI")
    line = TimelineEvent.objects.filter(request=request, action="ask_completion").get()
    assert line.message == ("Cererea are nevoie de completări. Mesajul specialistului: „Vă rugăm să trimiteți "
                            "planul de situație vizat de OCPI.” Termenul de soluționare este suspendat până când "
                            "trimiteți completările.")
    assert line.message.count("Vă rugăm") == 1
