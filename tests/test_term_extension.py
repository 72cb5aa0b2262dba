"""Extending a legal term where the law allows it, with notice to the applicant."""

from datetime import date, datetime, time
from unittest import mock

import pytest
from django.utils import timezone

from primaria.core.errors import DomainError
from primaria.requests import services
from primaria.requests.models import TimelineEvent
from tests.factories import submitted_request

pytestmark = pytest.mark.django_db


_localdate = timezone.localdate


def _on(day):
    """Today is `day` (the clock at 10:00 local time); dates of stored moments are converted as usual."""
    moment = timezone.make_aware(datetime.combine(day, time(10)))
    return mock.patch.multiple(
        "django.utils.timezone", now=mock.Mock(return_value=moment),
        localdate=mock.Mock(side_effect=lambda value=None, *a, **k: day if value is None else _localdate(value, *a, **k)))


@pytest.fixture
def information_request(users):
    """A Legea 544/2001 request registered on Monday 23 November 2026, handled by the registry."""
    with _on(date(2026, 11, 23)):
        request = submitted_request(users.ion, slug="informatii-de-interes-public")
    return services.assign(actor=users.reg_head, request_id=request.pk, assignee=users.reg_specialist)


def test_legea_544_runs_ten_free_days_and_extends_to_thirty_with_notice(users, information_request, mailbox,
                                                                       django_capture_on_commit_callbacks):
    # 10 free days from 23 Nov: day 24 Nov..3 Dec, the act on 4 Dec (30 Nov and 1 Dec are holidays but lie inside).
    assert information_request.due_date == date(2026, 12, 4)
    with _on(date(2026, 11, 30)), django_capture_on_commit_callbacks(execute=True):
        extended = services.extend_term(actor=users.reg_specialist, request_id=information_request.pk, days=20,
                                        reason="Informațiile cerute trebuie extrase din arhiva a trei direcții.")
    # 30 free days from 23 Nov: 24 Nov..23 Dec, the act on Thursday 24 Dec (a working day; Christmas is the 25th).
    assert extended.due_date == date(2026, 12, 24) and extended.extended_days == 20
    event = TimelineEvent.objects.filter(request=extended, action="extend_term").get()
    assert event.public and "Legea nr. 544/2001" in event.message and "24.12.2026" in event.message
    [message] = [m for m in mailbox.to("ion.popescu@example.ro") if "24.12.2026" in m["body"]]
    assert "Informațiile cerute trebuie extrase" in message["body"]


def test_the_extension_is_refused_after_the_notice_deadline_or_beyond_the_maximum(users, information_request):
    with _on(date(2026, 11, 30)), pytest.raises(DomainError) as caught:
        services.extend_term(actor=users.reg_specialist, request_id=information_request.pk, days=25,
                             reason="Volum mare de informații de extras.")
    assert "20" in caught.value.message_dict["days"][0]
    with _on(date(2026, 12, 7)), pytest.raises(DomainError):
        services.extend_term(actor=users.reg_specialist, request_id=information_request.pk, days=20,
                             reason="Volum mare de informații de extras.")
    information_request.refresh_from_db()
    assert information_request.due_date == date(2026, 12, 4) and information_request.extended_days == 0


def test_only_once_and_only_where_the_law_allows(users, information_request):
    with _on(date(2026, 11, 24)):
        services.extend_term(actor=users.reg_specialist, request_id=information_request.pk, days=10,
                             reason="Informații din mai multe compartimente.")
        with pytest.raises(DomainError) as caught:
            services.extend_term(actor=users.reg_specialist, request_id=information_request.pk, days=5,
                                 reason="Încă o prelungire nepermisă.")
    assert "deja prelungit" in caught.value.messages[0]
    other = submitted_request(users.ion)  # adeverință de nomenclatură: no extension in the law
    services.assign(actor=users.urb_head, request_id=other.pk, assignee=users.urb_specialist)
    with pytest.raises(DomainError) as caught:
        services.extend_term(actor=users.urb_specialist, request_id=other.pk, days=5, reason="Motiv oarecare, lung.")
    assert "nu se poate prelungi" in caught.value.message_dict["days"][0]
