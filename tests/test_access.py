"""Every attempt to reach another account's request, folder or document returns 404."""

import pytest

from primaria.audit.models import AuditEntry
from primaria.requests import services
from tests.factories import propose_and_sign, submitted_request

pytestmark = pytest.mark.django_db


@pytest.fixture
def ions_request(users):
    return submitted_request(users.ion)


def _urls(req):
    document = req.attachments.first().document
    return [
        f"/cereri/{req.public_id}/", f"/cereri/{req.public_id}/completare/", f"/cereri/{req.public_id}/verificare/",
        f"/cereri/{req.public_id}/confirmare/", f"/cereri/{req.public_id}/dovada.pdf",
        f"/dosar/document/{document.public_id}/",
    ]


def test_another_resident_gets_404_for_request_pages_and_documents(client, users, ions_request):
    client.force_login(users.maria)
    for url in _urls(ions_request):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"action": "withdraw"}).status_code == 404, url
    ions_request.refresh_from_db()
    assert ions_request.is_open


def test_another_residents_folder_shows_only_their_own_documents(client, users, ions_request):
    client.force_login(users.maria)
    page = client.get("/dosar/").content.decode()
    for attachment in ions_request.attachments.all():
        assert str(attachment.document.public_id) not in page


def test_the_owner_sees_everything(client, users, pki, ions_request):
    client.force_login(users.ion)
    for url in _urls(ions_request):
        if "completare" in url or "verificare" in url:
            continue  # these redirect once the request is filed
        assert client.get(url).status_code == 200, url


def test_anonymous_visitors_are_sent_to_login(client, ions_request):
    for url in _urls(ions_request):
        response = client.get(url)
        assert response.status_code == 302 and "/cont/intrare/" in response["Location"]


def test_officials_of_other_departments_get_404(client, users, ions_request):
    client.force_login(users.itl_specialist)
    assert client.get(f"/birou/cereri/{ions_request.public_id}/").status_code == 404
    document = ions_request.attachments.first().document
    assert client.get(f"/dosar/document/{document.public_id}/").status_code == 404
    # The competent department and institution-wide roles see it.
    for official in (users.urb_specialist, users.urb_head, users.mayor, users.secretary, users.clerk):
        client.force_login(official)
        assert client.get(f"/birou/cereri/{ions_request.public_id}/").status_code == 200, official.email


def test_residents_get_404_in_the_back_office(client, users, ions_request):
    client.force_login(users.ion)
    for url in ["/birou/", f"/birou/cereri/{ions_request.public_id}/", "/birou/ghiseu/", "/birou/registratura/",
                "/birou/registratura/export.csv", "/birou/situatie/"]:
        assert client.get(url).status_code == 404, url


def test_a_subordinate_institutions_clerk_does_not_see_the_city_halls_requests(client, users, ions_request):
    client.force_login(users.adp_clerk)
    assert client.get(f"/birou/cereri/{ions_request.public_id}/").status_code == 404
    page = client.get("/birou/registratura/").content.decode()
    assert ions_request.reference not in page


def test_a_company_representative_sees_the_companys_requests_others_do_not(client, users):
    from primaria.accounts.selectors import companies_of

    company = companies_of(users.ion).get()
    req = submitted_request(users.ion, slug="acord-orar-functionare", party=company)
    client.force_login(users.ion)
    assert client.get(f"/cereri/{req.public_id}/").status_code == 200
    client.force_login(users.maria)
    assert client.get(f"/cereri/{req.public_id}/").status_code == 404


def test_the_answer_is_delivered_to_the_applicants_folder_only(client, users, pki, ions_request):
    from primaria.documents.models import OutgoingDocument

    services.assign(actor=users.urb_head, request_id=ions_request.pk, assignee=users.urb_specialist)
    pending = propose_and_sign(ions_request, users.urb_specialist, stop_before="Primar")
    draft = OutgoingDocument.objects.get(request=pending)
    client.force_login(users.ion)
    assert pending.answer_document is None  # nothing in the folder before the last signature
    assert client.get(f"/birou/documente/{draft.public_id}/pdf/").status_code == 404
    resolved = propose_and_sign_rest(pending)
    answer = resolved.answer_document
    response = client.get(f"/dosar/document/{answer.public_id}/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert AuditEntry.objects.filter(action="documents.download", object_id=str(answer.pk), actor=users.ion).exists()
    client.force_login(users.maria)
    assert client.get(f"/dosar/document/{answer.public_id}/").status_code == 404


def propose_and_sign_rest(request):
    from primaria.documents.models import SignatureStep

    step = SignatureStep.objects.get(document__request=request, status=SignatureStep.Status.CURRENT)
    return services.sign(actor=step.signer, request_id=request.pk)


def test_every_change_is_in_the_audit_log(users, ions_request):
    actions = set(AuditEntry.objects.filter(object_id=str(ions_request.pk), object_type="requests.request")
                  .values_list("action", flat=True))
    assert {"request.start_draft", "request.save_draft", "request.submit"} <= actions
    assert AuditEntry.objects.filter(action="registry.register", object_id=str(ions_request.registry_entry_id)).exists()


def test_login_is_throttled_after_five_failures(client, city, settings):
    for _ in range(5):
        client.post("/cont/intrare/", {"username": "ion.popescu@example.ro", "password": "gresita"})
    response = client.post("/cont/intrare/", {"username": "ion.popescu@example.ro", "password": "Demo-2026!"})
    assert response.status_code == 429
    assert "Prea multe încercări" in response.content.decode()


def test_forms_are_csrf_protected(city, users):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(users.ion)
    assert strict.post("/cont/profil/", {"cui": "18547290"}).status_code == 403
