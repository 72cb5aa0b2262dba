"""The mayor's dispositions: the same circuit without the council. A normative disposition waits for its consultation
and the 30 working days; the mayor signs, the secretary general countersigns, the prefect is told within 10 working
days and the disposition is published among the dispositions of the Monitorul Oficial Local."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from primaria.core.errors import DomainError
from primaria.council import services
from primaria.council.models import Decision, Draft
from primaria.monitor.models import Act, Kind

from .test_circuit import ANNOUNCED, messages, new_draft


def test_a_normative_disposition_from_draft_to_publication(client, city, pki, office, council, users):
    from primaria.signing.services import validate

    draft = new_draft(office, kind=Draft.Kind.DISPOSITION, title="aprobarea Regulamentului de acces în sediul primăriei",
                      initiator="Primarul Municipiului Demo")
    assert draft.register_line_id is None  # the register of draft decisions is the council's
    with pytest.raises(DomainError) as exc:
        services.issue_disposition(actor=users.mayor, draft_id=draft, on=date(2025, 11, 5))
    assert "consultării publice" in messages(exc)
    services.open_consultation(actor=office, draft_id=draft, announced_on=ANNOUNCED)
    services.publish_synthesis(actor=office, draft_id=draft, synthesis="Nu s-au primit propuneri în termen.")
    # Neither committees nor a session for a disposition.
    with pytest.raises(DomainError):
        services.record_opinion(actor=office, draft_id=draft, committee_id=council["committees"][0],
                                verdict="favorable", given_on=date(2025, 12, 1))
    with pytest.raises(DomainError) as exc:
        services.convene(actor=office, session_date=date(2025, 12, 23), kind="ordinara", draft_ids=[draft],
                         chair_id=council["chair"], sent_on=date(2025, 12, 16))
    assert "nu trece prin consiliu" in messages(exc)
    # Only the mayor issues it, and not before 30 whole working days have passed (24 December, 1 December not
    # counted).
    with pytest.raises(PermissionDenied):
        services.issue_disposition(actor=office, draft_id=draft, on=date(2025, 12, 24))
    with pytest.raises(DomainError) as exc:
        services.issue_disposition(actor=users.mayor, draft_id=draft, on=date(2025, 12, 23))
    assert "înainte de 24.12.2025" in messages(exc)
    assert not Decision.objects.exists()

    client.force_login(users.mayor)
    response = client.post(f"/birou/consiliu/proiecte/{draft.pk}/", {"action": "issue", "on": "2025-12-24"})
    assert response.status_code == 302
    disposition = Decision.objects.get(draft=draft)
    assert disposition.status == Decision.Status.CHAIR_SIGNED and disposition.session is None
    assert disposition.number == 1 and disposition.prefect_due_on == date(2026, 1, 15)
    page = client.get(f"/birou/consiliu/proiecte/{draft.pk}/").content.decode()
    assert "Dispoziția nr. 1/2025" in page and "art. 196 alin. (1) lit. b)" in page
    assert 'value="countersign"' not in page  # the mayor does not countersign
    client.force_login(users.secretary)
    page = client.get(f"/birou/consiliu/proiecte/{draft.pk}/").content.decode()
    assert 'value="countersign"' in page
    assert client.post(f"/birou/consiliu/proiecte/{draft.pk}/", {"action": "countersign"}).status_code == 302
    disposition.refresh_from_db()
    assert disposition.status == Decision.Status.COUNTERSIGNED and disposition.countersigned_by == users.secretary
    services.communicate_to_prefect(actor=office, decision_id=disposition, on=date(2026, 1, 9))
    disposition = services.publish(actor=office, decision_id=disposition)
    act = Act.objects.get(pk=disposition.act_id)
    assert (act.kind, act.number, act.year, act.section) == (Kind.DISPOSITION, 1, 2025, "dispozitii")
    with act.document.file.open("rb") as handle:
        report = validate(handle.read())
    assert report.ok and [s.field_name for s in report.signatures if not s.is_document_timestamp] == [
        "SemnaturaPrimar", "ContrasemnaturaSecretar"]
    # A decision draft is never issued by the mayor.
    plain = new_draft(office, normative=False, title="aprobarea unui acord de parteneriat cu județul")
    with pytest.raises(DomainError) as exc:
        services.issue_disposition(actor=users.mayor, draft_id=plain, on=date(2025, 12, 23))
    assert "consiliul local" in messages(exc)
