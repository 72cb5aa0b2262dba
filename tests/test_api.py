"""The REST API (/api/v1/): catalog, the applicant's requests and the back office, over the domain functions."""

import re
import tempfile
from pathlib import Path

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from primaria.accounts.selectors import companies_of
from primaria.catalog.models import Service
from primaria.requests.models import Outcome, Request, Status
from tests.factories import answers_for, pay_fees, pdf_file, submitted_request

pytestmark = pytest.mark.django_db

SLUG = "adeverinta-nomenclatura-stradala"
REFERENCE = re.compile(r"^\d+/\d{2}\.\d{2}\.\d{4}$")


class TokenClient(APIClient):
    """A client as real ones call the API: a token made for the user (Authorization: Token …); each call to
    sign proves the second factor with a one-time code in X-OTP-Code (a recovery code made for the call)."""

    user = None

    def post(self, path, *args, **kwargs):
        if self.user is not None and path.endswith("/sign/"):
            kwargs.setdefault("headers", {})["X-OTP-Code"] = one_time_code(self.user)
        return super().post(path, *args, **kwargs)


def one_time_code(user) -> str:
    from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

    device, _ = StaticDevice.objects.get_or_create(user=user, name="test", defaults={"confirmed": True})
    return device.token_set.create(token=StaticToken.random_token()).token


def client_for(user=None) -> APIClient:
    from primaria.security.tokens import create_token

    client = TokenClient()
    if user is not None:
        client.user = user
        client.credentials(HTTP_AUTHORIZATION=f"Token {create_token(user=user)[1]}")
    return client


def start(client, slug=SLUG, **extra):
    response = client.post("/api/v1/requests/", {"service": slug, **extra}, format="json")
    assert response.status_code == 201, response.json()
    return response.json()


# --- catalog ---------------------------------------------------------------------------------------


def test_catalog_is_readable_anonymously(city):
    client = client_for()
    response = client.get("/api/v1/services/")
    assert response.status_code == 200
    slugs = [item["slug"] for item in response.json()["results"]]
    assert SLUG in slugs

    response = client.get(f"/api/v1/services/{SLUG}/")
    assert response.status_code == 200
    body = response.json()
    service = Service.objects.get(slug=SLUG)
    assert body["name"] == service.name
    assert body["department"] == service.department.name
    assert body["term_days"] == 30 and body["urgent_term_days"] == 7 and body["offers_urgent"] is True
    assert body["fee"] == "30.00" and body["urgent_fee"] == "100.00"
    fields = {f["name"]: f for f in body["fields"]}
    assert fields["scop"]["kind"] == "choice" and fields["scop"]["required"] is True
    assert "Credit bancar" in fields["scop"]["choices"]
    assert fields["telefon"]["label"] == "Telefon de contact"
    documents = {d["document_type_code"]: d for d in body["required_documents"]}
    assert documents["act_identitate"]["required"] is True
    assert documents["plan_situatie"]["required"] is False
    assert documents["act_identitate"]["slot"] == f"doc_{documents['act_identitate']['id']}"

    assert client.get("/api/v1/services/nu-exista/").status_code == 404


def test_requests_need_an_account(city):
    client = client_for()
    # 401 with the scheme to use: "WWW-Authenticate: Token" (tokens are made on /cont/securitate/).
    response = client.get("/api/v1/requests/")
    assert response.status_code == 401 and response["WWW-Authenticate"] == "Token"
    assert client.post("/api/v1/requests/", {"service": SLUG}, format="json").status_code == 401


# --- applicant -------------------------------------------------------------------------------------


def test_full_applicant_flow(users, mailbox, django_capture_on_commit_callbacks):
    ion = users.ion
    client = client_for(ion)
    service = Service.objects.get(slug=SLUG)

    draft = start(client)
    assert draft["status"] == Status.DRAFT and draft["status_label"] == "Ciornă"
    assert draft["reference"] == "" and draft["applicant"]["kind"] == "person"
    assert draft["applicant"]["name"] == ion.person.name
    assert "telefon" in draft["missing"]
    url = f"/api/v1/requests/{draft['public_id']}/"

    response = client.patch(url, {"answers": answers_for(service), "urgent": True}, format="json")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["answers"]["telefon"] == "0722123456" and body["urgent"] is True
    assert set(body["missing"]) == {f"doc_{d.pk}" for d in service.required_documents.filter(required=True)}

    # A later PATCH without "urgent" keeps what was chosen.
    response = client.patch(url, {"answers": {"numar_cadastral": "123456"}}, format="json")
    assert response.status_code == 200 and response.json()["urgent"] is True
    assert response.json()["answers"]["numar_cadastral"] == "123456"

    for required in service.required_documents.filter(required=True):
        response = client.post(url + "attachments/", {"slot": f"doc_{required.pk}", "file": pdf_file()},
                               format="multipart")
        assert response.status_code == 201, response.json()
    body = response.json()
    assert body["missing"] == {}
    assert len(body["attachments"]) == 2
    assert body["attachments"][0]["document"]["download_url"].startswith("/dosar/document/")

    response = client.post(url + "attachments/", {"slot": "nu_exista", "file": pdf_file()}, format="multipart")
    assert response.status_code == 400 and "slot" in response.json()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url + "submit/")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["status"] == Status.REGISTERED and body["status_label"] == "Înregistrată"
    assert REFERENCE.match(body["reference"]), body["reference"]
    assert body["due_date"] and body["department"] == service.department.name
    assert body["outcome"] == "" and body["missing"] == {}

    response = client.get(url + "timeline/")
    assert response.status_code == 200
    timeline = response.json()
    assert all(set(event) == {"at", "message"} for event in timeline)
    assert any(body["reference"] in event["message"] for event in timeline)
    assert not any("Ciorna" in event["message"] for event in timeline)  # the draft saves are not public

    listed = client.get("/api/v1/requests/").json()["results"]
    assert [r["public_id"] for r in listed] == [draft["public_id"]]
    assert any(body["reference"] in m["body"] or body["reference"] in m["subject"] for m in mailbox.to(ion.email))

    # A submitted request is no longer a draft.
    response = client.patch(url, {"answers": {"telefon": "0722999999"}}, format="json")
    assert response.status_code == 400 and "Ciornă" not in str(response.json())
    assert "Înregistrată" in response.json()["detail"][0]


@pytest.mark.parametrize(
    ("slug", "answers", "field", "message"),
    [
        ("scutire-reducere-impozit", {"cnp": "1800101350019", "categorie_beneficiar": ""}, "cnp", "CNP"),
        ("certificat-de-atestare-fiscala", {"email": "nu-e-email", "cod_fiscal": "1800101350018"}, "email",
         "Adresa de e-mail nu este validă"),
    ],
)
def test_invalid_answer_gives_400_and_saves_nothing(users, slug, answers, field, message):
    client = client_for(users.ion)
    draft = start(client, slug)
    url = f"/api/v1/requests/{draft['public_id']}/"
    response = client.patch(url, {"answers": answers}, format="json")
    assert response.status_code == 400
    errors = response.json()
    assert set(errors) == {field}
    assert message in errors[field][0]
    request = Request.objects.get(public_id=draft["public_id"])
    assert request.data == {}
    assert client.get(url).json()["answers"] == {}


def test_answers_must_be_plain_values(users):
    client = client_for(users.ion)
    draft = start(client)
    response = client.patch(f"/api/v1/requests/{draft['public_id']}/", {"answers": {"telefon": ["0722"]}},
                            format="json")
    assert response.status_code == 400 and "telefon" in response.json()


def test_urgent_refused_when_the_service_has_none(users):
    client = client_for(users.ion)
    draft = start(client, "certificat-de-atestare-fiscala")
    response = client.patch(f"/api/v1/requests/{draft['public_id']}/", {"urgent": True}, format="json")
    assert response.status_code == 400
    assert response.json()["urgent"] == ["Acest serviciu nu are regim de urgență."]


def test_another_users_request_is_not_found(users):
    draft = start(client_for(users.ion))
    url = f"/api/v1/requests/{draft['public_id']}/"
    maria = client_for(users.maria)
    assert maria.get(url).status_code == 404
    assert maria.patch(url, {"answers": {"telefon": "0722123456"}}, format="json").status_code == 404
    assert maria.post(url + "submit/").status_code == 404
    assert maria.get(url + "timeline/").status_code == 404
    assert maria.post(url + "attachments/", {"slot": "x", "file": pdf_file()}, format="multipart").status_code == 404
    assert maria.post(url + "withdraw/").status_code == 404
    assert maria.get("/api/v1/requests/").json()["count"] == 0
    assert Request.objects.get(public_id=draft["public_id"]).data == {}


def test_acting_for_a_company(users):
    ion, maria = users.ion, users.maria
    company = companies_of(ion).get()
    draft = start(client_for(ion), party=str(company.public_id))
    assert draft["applicant"]["kind"] == "company" and draft["applicant"]["public_id"] == str(company.public_id)

    response = client_for(maria).post("/api/v1/requests/", {"service": SLUG, "party": str(company.public_id)},
                                      format="json")
    assert response.status_code == 400 and "party" in response.json()
    assert not Request.objects.filter(applicant__user=maria).exists()


def test_unknown_or_refused_service(users):
    client = client_for(users.ion)
    response = client.post("/api/v1/requests/", {"service": "nu-exista"}, format="json")
    assert response.status_code == 400 and "service" in response.json()
    # A service only for companies, asked for as a person.
    response = client.post("/api/v1/requests/", {"service": "acord-orar-functionare"}, format="json")
    assert response.status_code == 400
    assert "persoane fizice" in response.json()["detail"][0]


def test_completion_and_withdrawal(users, mailbox):
    ion, head, specialist = users.ion, users.urb_head, users.urb_specialist
    request = submitted_request(ion)
    office = f"/api/v1/office/requests/{request.public_id}/"
    own = f"/api/v1/requests/{request.public_id}/"
    assert client_for(head).post(office + "assign/", {"assignee": specialist.pk}, format="json").status_code == 200

    response = client_for(specialist).post(office + "ask-completion/", {"what": "scurt"}, format="json")
    assert response.status_code == 400 and "what" in response.json()
    response = client_for(specialist).post(office + "ask-completion/",
                                           {"what": "Atașați planul de situație al imobilului."}, format="json")
    assert response.status_code == 200 and response.json()["status"] == Status.AWAITING_APPLICANT

    applicant = client_for(ion)
    body = applicant.get(own).json()
    assert body["completion_request"] == "Atașați planul de situație al imobilului."
    response = applicant.post(own + "complete/", {"reply": "Am atașat planul.", "file": pdf_file("plan.pdf")},
                              format="multipart")
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == Status.IN_REVIEW
    assert any(a["slot"] == "completare" for a in response.json()["attachments"])

    response = applicant.post(own + "withdraw/", {"reason": "Nu mai am nevoie."}, format="json")
    assert response.status_code == 200 and response.json()["status"] == Status.WITHDRAWN
    response = applicant.post(own + "withdraw/", {}, format="json")
    assert response.status_code == 400


# --- back office -----------------------------------------------------------------------------------


def test_office_flow_assign_propose_sign(users, pki, mailbox, django_capture_on_commit_callbacks):
    ion, head, specialist = users.ion, users.urb_head, users.urb_specialist
    request = submitted_request(ion)
    office_head, office_specialist = client_for(head), client_for(specialist)

    inbox = office_head.get("/api/v1/office/requests/", {"assignee": "none"}).json()
    assert [r["public_id"] for r in inbox["results"]] == [str(request.public_id)]
    assert inbox["results"][0]["reference"] == request.reference
    assert inbox["results"][0]["applicant"]["identifier"] != ion.person.cnp  # masked

    url = f"/api/v1/office/requests/{request.public_id}/"
    response = office_head.post(url + "assign/", {"assignee": specialist.pk}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == Status.IN_REVIEW
    assert response.json()["assignee"]["id"] == specialist.pk

    mine = office_specialist.get("/api/v1/office/requests/", {"assignee": "me", "status": "in_review"}).json()
    assert [r["public_id"] for r in mine["results"]] == [str(request.public_id)]
    assert office_specialist.get("/api/v1/office/requests/", {"assignee": "none"}).json()["count"] == 0
    assert office_specialist.get("/api/v1/office/requests/", {"service": SLUG}).json()["count"] == 1
    assert office_specialist.get("/api/v1/office/requests/", {"overdue": "1"}).json()["count"] == 0

    # Nobody signs before an answer is drafted.
    response = office_head.post(url + "sign/")
    assert response.status_code == 400 and "În analiză" in response.json()["detail"][0]

    response = office_specialist.post(url + "propose/", {"outcome": ""}, format="json")
    assert response.status_code == 400 and "outcome" in response.json()
    response = office_specialist.post(url + "propose/", {"outcome": "granted"}, format="json")
    assert response.status_code == 400 and "nu este achitată" in str(response.json())  # the fee comes first
    pay_fees(request)
    response = office_specialist.post(url + "propose/", {"outcome": "granted"}, format="json")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["status"] == Status.PENDING_APPROVAL and body["proposed_outcome"] == Outcome.GRANTED
    capacities = [step["capacity"] for step in body["signatures"]]
    assert capacities == ["Întocmit", "Arhitect-șef", "Primar"]
    assert [step["status"] for step in body["signatures"]] == ["current", "waiting", "waiting"]

    # Only the official whose turn it is may sign.
    assert office_head.post(url + "sign/").status_code == 403
    order = [specialist, head, users.mayor]
    for signer in order:
        with django_capture_on_commit_callbacks(execute=True):
            response = client_for(signer).post(url + "sign/")
        assert response.status_code == 200, response.json()
    body = response.json()
    assert body["status"] == Status.RESOLVED and body["outcome"] == Outcome.GRANTED
    assert body["outcome_label"] == "Admisă"
    assert [e["action"] for e in body["timeline"]][-5:] == ["assign", "propose", "sign", "sign", "issue"]
    assert body["answer_document"]["mime"] == "application/pdf"

    own = client_for(ion).get(f"/api/v1/requests/{request.public_id}/").json()
    assert own["status"] == Status.RESOLVED and own["outcome"] == Outcome.GRANTED
    assert own["answer_document"]["public_id"] == body["answer_document"]["public_id"]
    assert any("Soluționată" in m["subject"] for m in mailbox.to(ion.email))


def test_specialist_takes_and_a_signer_refuses(users, pki):
    request = submitted_request(users.ion)
    specialist, head = users.urb_specialist, users.urb_head
    url = f"/api/v1/office/requests/{request.public_id}/"
    response = client_for(specialist).post(url + "assign/", {"assignee": specialist.pk}, format="json")
    assert response.status_code == 200 and response.json()["assignee"]["id"] == specialist.pk
    # A specialist may not hand the request to somebody else.
    assert client_for(specialist).post(url + "assign/", {"assignee": head.pk}, format="json").status_code == 403
    response = client_for(head).post(url + "assign/", {"assignee": users.itl_specialist.pk}, format="json")
    assert response.status_code == 400 and "assignee" not in response.json()
    response = client_for(head).post(url + "assign/", {"assignee": 999999}, format="json")
    assert response.status_code == 400 and "assignee" in response.json()

    response = client_for(specialist).post(
        url + "propose/", {"outcome": "rejected", "resolution": "Imobilul nu figurează în nomenclatură."}, format="json",
    )
    assert response.status_code == 200, response.json()
    # Before the answer is issued the applicant does not see the proposed reasons.
    assert client_for(users.ion).get(f"/api/v1/requests/{request.public_id}/").json()["resolution_text"] == ""
    assert client_for(specialist).post(url + "sign/").status_code == 200
    response = client_for(head).post(url + "refuse/", {"reason": "scurt"}, format="json")
    assert response.status_code == 400 and "reason" in response.json()
    response = client_for(head).post(url + "refuse/", {"reason": "Verificați din nou arhiva."}, format="json")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == Status.IN_REVIEW and body["answer_document"] is None
    assert body["signatures"][1]["status"] == "refused" and body["signatures"][1]["reason"] == "Verificați din nou arhiva."
    assert body["timeline"][-1]["action"] == "refuse" and "Verificați din nou arhiva." in body["timeline"][-1]["message"]


def test_residents_get_404_on_office_endpoints(users):
    request = submitted_request(users.ion)
    url = f"/api/v1/office/requests/{request.public_id}/"
    for user in (users.ion, users.maria):
        client = client_for(user)
        assert client.get("/api/v1/office/requests/").status_code == 404
        assert client.get(url).status_code == 404
        assert client.post(url + "assign/", {"assignee": user.pk}, format="json").status_code == 404
        assert client.post(url + "sign/").status_code == 404
    assert client_for().get("/api/v1/office/requests/").status_code == 401
    # An official of another department does not see it either.
    assert client_for(users.itl_head).get(url).status_code == 404
    request.refresh_from_db()
    assert request.status == Status.REGISTERED and request.assignee_id is None


def test_inbox_rejects_unknown_filters(users):
    client = client_for(users.urb_head)
    response = client.get("/api/v1/office/requests/", {"status": "draft", "assignee": "oricine"})
    assert response.status_code == 400
    assert set(response.json()) == {"status", "assignee"}


# --- schema ----------------------------------------------------------------------------------------


def test_schema_is_valid_and_complete(city):
    with tempfile.TemporaryDirectory() as directory:
        out = Path(directory) / "schema.yaml"
        call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
        assert out.read_text().startswith("openapi:")
    response = client_for().get("/api/v1/schema/", {"format": "json"})
    assert response.status_code == 200
    paths = response.json()["paths"]
    for path in [
        "/api/v1/services/", "/api/v1/services/{slug}/", "/api/v1/requests/", "/api/v1/requests/{public_id}/",
        "/api/v1/requests/{public_id}/attachments/", "/api/v1/requests/{public_id}/submit/",
        "/api/v1/requests/{public_id}/timeline/", "/api/v1/requests/{public_id}/complete/",
        "/api/v1/requests/{public_id}/withdraw/", "/api/v1/office/requests/",
        "/api/v1/office/requests/{public_id}/", "/api/v1/office/requests/{public_id}/assign/",
        "/api/v1/office/requests/{public_id}/ask-completion/", "/api/v1/office/requests/{public_id}/propose/",
        "/api/v1/office/requests/{public_id}/refuse/", "/api/v1/office/requests/{public_id}/sign/",
    ]:
        assert path in paths, path
    assert "patch" in paths["/api/v1/requests/{public_id}/"]
    assert "multipart/form-data" in paths["/api/v1/requests/{public_id}/attachments/"]["post"]["requestBody"]["content"]


def test_malformed_input_is_answered_in_romanian(users):
    client = client_for(users.ion)
    response = client.post("/api/v1/requests/", {}, format="json")
    assert response.status_code == 400 and response.json()["service"] == ["Acest câmp este obligatoriu."]
    response = client.post("/api/v1/requests/", {"service": SLUG, "party": "abc"}, format="json")
    assert response.json()["party"] == ["Identificatorul solicitantului nu este valid."]
    assert client.get("/api/v1/requests/nu-e-uuid/").status_code == 404
