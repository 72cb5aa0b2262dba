"""An official away hands their rights to a deputy; the documents show the capacity in which they sign."""

from datetime import timedelta

import pytest
from django.utils import timezone

from primaria.accounts.models import User
from primaria.core.errors import DomainError
from primaria.documents.models import OutgoingDocument
from primaria.institutions import services as institutions
from primaria.requests import services
from tests.factories import propose_and_sign, submitted_request
from tests.pdftools import pdftotext

pytestmark = pytest.mark.django_db


@pytest.fixture
def deputy(city):
    return User.objects.get(email="viceprimar@primaria-demo.ro")


@pytest.fixture
def in_review(users):
    request = submitted_request(users.ion)
    return services.assign(actor=users.urb_head, request_id=request.pk, assignee=users.urb_specialist)


def _away(mayor, deputy, start=0, days=5):
    today = timezone.localdate()
    return institutions.delegate(actor=mayor, principal=mayor, deputy=deputy, starts_on=today + timedelta(days=start),
                                 ends_on=today + timedelta(days=start + days), reason="Concediu de odihnă")


def test_while_the_mayor_is_away_the_deputy_signs_p_primar(users, pki, deputy, in_review, tmp_path):
    from primaria.signing.services import validate

    delegation = _away(users.mayor, deputy)
    assert delegation.capacity == "p. Primar, Viceprimar"
    resolved = propose_and_sign(in_review, users.urb_specialist)
    document = OutgoingDocument.objects.get(request=resolved)
    last = document.steps.order_by("order").last()
    assert last.signer == deputy and last.capacity == "p. Primar, Viceprimar"
    with document.pdf.open("rb") as handle:
        data = handle.read()
    text = pdftotext(data, tmp_path)
    assert "P. PRIMAR, VICEPRIMAR" in text.upper() and "Cătălina Georgescu" in text
    report = validate(data)
    assert report.ok and "Cătălina Georgescu" in [s.signer_name for s in report.signatures]


def test_a_delegation_that_starts_after_drafting_lets_the_deputy_sign_the_mayors_turn(users, pki, deputy, in_review):
    pending = propose_and_sign(in_review, users.urb_specialist, stop_before="Primar")
    _away(users.mayor, deputy)
    services.sign(actor=deputy, request_id=pending.pk)
    step = OutgoingDocument.objects.get(request=pending).steps.order_by("order").last()
    assert step.signer == users.mayor and step.signed_by == deputy
    assert step.signed_capacity == "p. Primar, Viceprimar"


def test_the_deputy_cannot_sign_outside_the_delegation(users, pki, deputy, in_review):
    from django.core.exceptions import PermissionDenied

    _away(users.mayor, deputy, start=3)  # starts in three days
    pending = propose_and_sign(in_review, users.urb_specialist, stop_before="Primar")
    with pytest.raises(PermissionDenied):
        services.sign(actor=deputy, request_id=pending.pk)


def test_delegations_refuse_bad_periods_and_overlaps(users, deputy):
    today = timezone.localdate()
    with pytest.raises(DomainError) as caught:
        institutions.delegate(actor=users.mayor, principal=users.mayor, deputy=deputy,
                              starts_on=today, ends_on=today - timedelta(days=1))
    assert "ends_on" in caught.value.message_dict
    _away(users.mayor, deputy)
    with pytest.raises(DomainError) as caught:
        _away(users.mayor, deputy, start=2)
    assert "se suprapune" in caught.value.message_dict["starts_on"][0]


def test_the_deputy_sees_the_mayors_documents_to_sign(client, users, pki, deputy, in_review):
    pending = propose_and_sign(in_review, users.urb_specialist, stop_before="Primar")
    client.force_login(deputy)
    assert pending.service.name not in client.get("/birou/de-semnat/").content.decode()
    client.force_login(users.mayor)
    response = client.post("/birou/delegari/", {"deputy": deputy.pk, "starts_on": timezone.localdate().isoformat(),
                                                "ends_on": (timezone.localdate() + timedelta(days=3)).isoformat()})
    assert response.status_code == 302
    client.force_login(deputy)
    assert pending.service.name in client.get("/birou/de-semnat/").content.decode()
    page = client.get(f"/birou/cereri/{pending.public_id}/").content.decode()
    assert "Semnez electronic" in page
