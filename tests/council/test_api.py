"""The public consultation in the REST API: the terms with their legal basis, the register of proposals and a proposal
accepted only inside the window."""

import json
from datetime import UTC, datetime

from primaria.council import services
from primaria.council.models import Proposal

from .test_circuit import ANNOUNCED, at, new_draft


def test_the_consultation_through_the_api(client, city, office, monkeypatch):
    draft = new_draft(office)
    new_draft(office, normative=False, title="acordarea unui mandat special reprezentantului")  # not listed
    services.open_consultation(actor=office, draft_id=draft, announced_on=ANNOUNCED)
    listing = client.get("/api/v1/consultations/").json()
    rows = listing["results"] if isinstance(listing, dict) else listing
    assert [row["id"] for row in rows] == [draft.pk]
    one = client.get(f"/api/v1/consultations/{draft.pk}/").json()
    assert one["earliest_adoption"] == "2025-12-24" and one["proposals_until"] == "2025-11-20"
    assert {"label": "Avizarea și adoptarea cel mai devreme la", "day": "2025-12-24", "late": False,
            "basis": one["terms"][2]["basis"]} == one["terms"][2] and "art. 7 alin. (2)" in one["terms"][2]["basis"]

    body = {"name": "Ana Vasile", "email": "ana@example.ro", "text": "Propun pubele separate pentru sticlă."}
    at(monkeypatch, datetime(2025, 11, 25, 9, 0, tzinfo=UTC))
    response = client.post(f"/api/v1/consultations/{draft.pk}/proposals/", json.dumps(body),
                           content_type="application/json")
    assert response.status_code == 400 and "s-a încheiat la 20.11.2025" in response.content.decode()
    assert not Proposal.objects.exists()
    at(monkeypatch, datetime(2025, 11, 18, 9, 0, tzinfo=UTC))
    response = client.post(f"/api/v1/consultations/{draft.pk}/proposals/", json.dumps(body),
                           content_type="application/json")
    assert response.status_code == 201 and response.json()["number"] == 1
    register = client.get(f"/api/v1/consultations/{draft.pk}/proposals/").json()
    assert [p["text"] for p in register] == [body["text"]] and "email" not in register[0]
    assert client.get("/api/v1/consultations/999999/").status_code == 404
