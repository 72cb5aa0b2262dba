"""The council's back office in the REST API: the same domain functions as the pages, for the officials the rules
allow; a resident or an official of another department gets 403, a step out of order 400, in Romanian."""

import json
from datetime import date

from primaria.council.models import Addressee, Decision, Draft
from primaria.monitor.models import DraftDecision
from tests.factories import pdf_bytes

from .test_circuit import ANNOUNCED

DRAFTS = "/api/v1/office/council/drafts/"
BODY = {"title": "aprobarea Regulamentului privind gestionarea deșeurilor municipale",
        "initiator": "Primarul Municipiului Demo", "normative": True, "majority": "simple",
        "body": "Art. 1. Se aprobă Regulamentul privind gestionarea deșeurilor, prevăzut în anexă.",
        "referat": "Referat de aprobare: regulamentul pune în aplicare OUG nr. 92/2021.",
        "report": "Raportul Direcției de utilități publice: proiectul este legal și oportun.",
        "registered_on": "2025-11-05"}


def post(client, url, body=None):
    return client.post(url, json.dumps(body or {}), content_type="application/json")


def test_the_circuit_through_the_api(client, city, office, council, users):
    client.force_login(office)
    response = post(client, DRAFTS, BODY)
    assert response.status_code == 201, response.content
    draft = response.json()
    assert draft["number"] == 1 and draft["status"] == "registered"
    url = f"{DRAFTS}{draft['id']}/"

    # Out of order: 400 with the domain's Romanian message.
    response = post(client, f"{url}synthesis/", {"synthesis": "Nu s-au primit propuneri în termen."})
    assert response.status_code == 400 and "aflat în consultare publică" in response.content.decode()
    response = post(client, f"{url}opinions/", {"committee": council["committees"][0].pk, "verdict": "favorable",
                                                "given_on": "2025-11-06"})
    assert response.status_code == 400 and "după consultarea publică" in response.content.decode()

    response = post(client, f"{url}consultation/", {"announced_on": ANNOUNCED.isoformat()})
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["status"] == "consultation"
    assert any(t["day"] == "2025-12-24" and "art. 7 alin. (2)" in t["basis"] for t in data["terms"])

    # A resident and an official of another department are refused.
    for outsider in (users.ion, users.urb_specialist):
        client.force_login(outsider)
        assert client.get(DRAFTS).status_code == 403
        assert client.get(url).status_code == 403
        response = post(client, DRAFTS, BODY)
        assert response.status_code == 403 and "secretarului general" in response.json()["detail"]
        assert post(client, f"{url}withdraw/", {"reason": "Retras pentru refacerea documentației."}).status_code == 403
        assert post(client, "/api/v1/office/council/sessions/", {
            "date": "2026-01-10", "kind": "ordinara", "drafts": [draft["id"]]}).status_code == 403
    assert Draft.objects.count() == 1

    # The mayor withdraws it; nothing follows.
    client.force_login(users.mayor)
    response = post(client, f"{url}withdraw/", {"reason": "scurt"})
    assert response.status_code == 400 and "Motivați retragerea" in response.content.decode()
    response = post(client, f"{url}withdraw/", {"reason": "Retras pentru refacerea documentației tehnice.",
                                                "on": "2025-11-14"})
    assert response.status_code == 200 and response.json()["status"] == "withdrawn"
    assert DraftDecision.objects.get().outcome == "withdrawn"
    client.force_login(office)
    response = post(client, f"{url}synthesis/", {"synthesis": "Nu s-au primit propuneri în termen."})
    assert response.status_code == 400
    assert client.get(url).json()["withdrawal_reason"] == "Retras pentru refacerea documentației tehnice."


def test_session_votes_and_communication_through_the_api(client, city, office, council, users):
    client.force_login(office)
    body = BODY | {"normative": False, "title": "atribuirea unui teren în folosință gratuită asociației"}
    draft = post(client, DRAFTS, body).json()
    url = f"{DRAFTS}{draft['id']}/"
    assert post(client, f"{url}opinions/", {"committee": council["committees"][0].pk, "verdict": "favorable",
                                            "given_on": "2025-11-06"}).status_code == 200
    response = post(client, "/api/v1/office/council/sessions/", {
        "date": "2025-11-20", "kind": "ordinara", "drafts": [draft["id"]], "chair": council["chair"].pk,
        "sent_on": "2025-11-13"})
    assert response.status_code == 201, response.content
    session = response.json()
    votes = {str(c.pk): "pentru" for c in council["members"][:9]}
    response = post(client, f"/api/v1/office/council/sessions/{session['id']}/votes/",
                    {"draft": draft["id"], "votes": votes})
    assert response.status_code == 200 and response.json()["status"] == "adopted"
    response = post(client, f"/api/v1/office/council/sessions/{session['id']}/votes/",
                    {"draft": draft["id"], "votes": votes})
    assert response.status_code == 400 and "deja înregistrat" in response.content.decode()
    # Before the signatures: the prefect is refused.
    response = post(client, f"{url}prefect/", {"on": "2025-11-21"})
    assert response.status_code == 400 and "după semnare și contrasemnare" in response.content.decode()
    # Signing is the chair's: the office is refused.
    assert post(client, f"{url}sign/").status_code == 403

    Decision.objects.filter(draft_id=draft["id"]).update(status=Decision.Status.COUNTERSIGNED,
                                                          pdf=pdf_bytes("Hotărârea"))
    response = post(client, f"{url}prefect/", {"on": "2025-11-27"})
    assert response.status_code == 200 and response.json()["decision"]["communicated_prefect_on"] == "2025-11-27"
    response = post(client, f"{url}addressees/", {"party": users.ion.person.pk})
    assert response.status_code == 201 and response.json()["name"] == users.ion.person.name
    response = post(client, f"{url}communicate/", {"on": "2025-12-03"})
    assert response.status_code == 200
    data = response.json()
    assert data["decision"]["communicated_on"] == "2025-12-03"
    assert data["decision"]["addressees"][0]["channel"] == "online"
    assert any(t["day"] == "2025-12-02" and "art. 199" in t["basis"] for t in data["terms"])
    assert Addressee.objects.get().registry_entry is not None


def test_the_schema_lists_the_back_office(client, city):
    schema = client.get("/api/v1/schema/", HTTP_ACCEPT="application/json").content.decode()
    assert "/api/v1/office/council/drafts/{id}/withdraw/" in schema
    assert "/api/v1/office/council/sessions/{id}/votes/" in schema
    assert date(2025, 1, 1)
