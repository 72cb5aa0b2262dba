"""Personal data: the export holds all of a person's data and nobody else's, consents keep their text,
inactive accounts without legal records are anonymised, and officials' looks are shown to the person."""

import io
import json
import zipfile
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from primaria.accounts.models import Party, PartyKind, User
from primaria.accounts.selectors import companies_of, person_of
from primaria.audit.models import AuditEntry
from primaria.documents.models import Document
from primaria.documents.services import store_document
from primaria.institutions.selectors import positions_of
from primaria.outbox.models import Event
from primaria.privacy import services
from primaria.privacy.models import Consent, ConsentText, DataExport
from primaria.privacy.selectors import has_consent
from primaria.requests import services as request_services
from tests.factories import pdf_file, propose_and_sign, submitted_request, verified_representation

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_people(users, committed, pki):
    """Ion and Maria both represent Demo Construct SRL; each files a request for themselves and one for the
    company, in the same department; each has a file of their own in their folder."""
    ion, maria = users.ion, users.maria
    company = companies_of(ion).get(cui="18547290")
    verified_representation(maria, company, capacity="Împuternicit", decided_by=users.clerk)
    ion_own = committed(submitted_request, ion)
    ion_company = committed(submitted_request, ion, party=company)
    maria_own = committed(submitted_request, maria)
    maria_company = committed(submitted_request, maria, party=company)
    for user, text in ((ion, "Extras de carte funciara Ion"), (maria, "Extras de carte funciara Maria")):
        party = person_of(user)
        store_document(owner=party, institution=ion_own.institution, uploaded=pdf_file("extras.pdf", text=text),
                       source=Document.Source.UPLOADED, title=f"Extras CF {user.first_name}", created_by=user)
    # Ion's own request gets its signed answer.
    committed(request_services.assign, actor=users.urb_head, request_id=ion_own.pk, assignee=users.urb_specialist)
    committed(propose_and_sign, ion_own, users.urb_specialist)
    return {"ion": ion, "maria": maria, "company": company, "ion_own": ion_own, "ion_company": ion_company,
            "maria_own": maria_own, "maria_company": maria_company}


def _export(client, user, django_capture_on_commit_callbacks) -> DataExport:
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("privacy:request_export"))
    assert response.status_code == 302
    return DataExport.objects.get(user=user)


def _read(export) -> tuple[dict, set]:
    with export.file.open("rb") as handle, zipfile.ZipFile(io.BytesIO(handle.read())) as archive:
        names = set(archive.namelist())
        data = {name: archive.read(name).decode("utf-8") for name in names if not name.startswith("fisiere/")}
    return data, names


def test_the_export_holds_everything_of_the_person_and_nothing_of_another_sharing_a_company(
        client, users, two_people, mailbox, django_capture_on_commit_callbacks):
    ion, maria = two_people["ion"], two_people["maria"]
    export = _export(client, ion, django_capture_on_commit_callbacks)
    assert export.status == DataExport.Status.READY and export.size > 0
    data, names = _read(export)
    text = "\n".join(data.values())

    assert {"CITESTE.txt", "cont.json", "persoana.json", "reprezentari.json", "cereri.json", "documente.json",
            "documente_emise.json", "notificari.json", "consimtaminte.json", "consultari.json"} <= names
    assert json.loads(data["cont.json"])["email"] == ion.email
    assert json.loads(data["persoana.json"])["cnp"] == person_of(ion).cnp
    references = {r["reference"] for r in json.loads(data["cereri.json"])}
    assert references == {two_people["ion_own"].reference, two_people["ion_company"].reference}
    [mandate] = [r for r in json.loads(data["reprezentari.json"]) if r.get("company")]
    assert mandate["company"] == "Demo Construct SRL"
    issued = json.loads(data["documente_emise.json"])
    assert len(issued) == 1 and issued[0]["file"] in names
    assert any(d["title"] == "Extras CF Ion" for d in json.loads(data["documente.json"]))
    notifications = json.loads(data["notificari.json"])
    assert notifications and all(n["address"] == ion.email for n in notifications)
    # Every file of the person is in the archive, and only theirs.
    own = {d.public_id for d in Document.objects.filter(owner=person_of(ion))}
    own |= {a.document.public_id for r in (two_people["ion_own"], two_people["ion_company"]) for a in r.attachments.all()}
    in_zip = {name.split("/", 1)[1][:36] for name in names if name.startswith("fisiere/")}
    assert in_zip == {str(pk) for pk in own}

    maria_party = person_of(maria)
    for foreign in (maria.email, maria_party.cnp, maria_party.address, "Maria", "Ionescu",
                    two_people["maria_own"].reference, two_people["maria_company"].reference):
        assert foreign not in text, foreign
    maria_files = {str(d.public_id) for d in Document.objects.filter(owner=maria_party)}
    maria_files |= {str(a.document.public_id) for a in two_people["maria_company"].attachments.all()}
    assert not in_zip & maria_files

    # The e-mail with the link, which downloads for Ion only.
    [message] = [m for m in mailbox.to(ion.email) if "datele dumneavoastră" in m["subject"].lower()]
    link = reverse("privacy:download", args=[export.public_id])
    assert link in message["body"]
    response = client.get(link)
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    assert b"".join(response.streaming_content)[:2] == b"PK"


def test_the_export_link_is_refused_to_anyone_else_and_after_its_term(
        client, users, two_people, django_capture_on_commit_callbacks):
    export = _export(client, users.ion, django_capture_on_commit_callbacks)
    link = reverse("privacy:download", args=[export.public_id])
    client.force_login(users.maria)
    assert client.get(link).status_code == 404
    client.force_login(users.urb_head)
    assert client.get(link).status_code == 404
    client.logout()
    assert client.get(link).status_code == 302  # to the log-in page
    client.force_login(users.ion)
    DataExport.objects.filter(pk=export.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    response = client.get(link)
    assert response.status_code == 410 and "expirat" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.expire_exports() == 1
    export.refresh_from_db()
    assert export.status == DataExport.Status.EXPIRED and not export.file
    assert not DataExport._meta.get_field("file").storage.listdir("exports")[1]


def test_consents_are_given_and_withdrawn_with_the_text_consented_to(client, users):
    ion = users.ion
    client.force_login(ion)
    first = ConsentText.objects.get(purpose="newsletter", version=1)
    assert not has_consent(ion, "newsletter")
    page = client.get(reverse("privacy:my_data")).content.decode()
    assert first.text[:60] in page
    client.post(reverse("privacy:consent"), {"purpose": "newsletter", "action": "give"}, REMOTE_ADDR="10.1.2.3")
    consent = Consent.objects.get(user=ion, purpose="newsletter")
    assert consent.text == first.text and consent.text_version == 1 and consent.ip_address == "10.1.2.3"
    assert has_consent(ion, "newsletter") and not has_consent(ion, "alerte") and not has_consent(users.maria, "newsletter")
    assert AuditEntry.objects.filter(action="privacy.consent_given", object_id=str(consent.pk), actor=ion).exists()
    assert Event.objects.filter(name="privacy.consent_given", subject_id=str(consent.pk)).exists()

    ConsentText.objects.create(purpose="newsletter", version=2, text="Text nou al acordului pentru buletin.")
    client.post(reverse("privacy:consent"), {"purpose": "newsletter", "action": "withdraw"})
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None and consent.text == first.text  # the old text stays as agreed
    assert not has_consent(ion, "newsletter")
    assert Event.objects.filter(name="privacy.consent_withdrawn", subject_id=str(consent.pk)).exists()
    client.post(reverse("privacy:consent"), {"purpose": "newsletter", "action": "give"})
    again = Consent.objects.get(user=ion, purpose="newsletter", withdrawn_at__isnull=True)
    assert again.text_version == 2 and again.text == "Text nou al acordului pentru buletin."
    response = client.post(reverse("privacy:consent"), {"purpose": "nimic", "action": "give"}, follow=True)
    assert response.status_code == 200 and "Alegeți un tip de mesaje" in response.content.decode()


def _resident(email, cnp, *, joined_days_ago):
    user = User.objects.create_user(email=email, password="Parola-Lunga-2026!", first_name="Radu", last_name="Vechi",
                                    phone="0722000111", email_verified=True)
    User.objects.filter(pk=user.pk).update(date_joined=timezone.now() - timedelta(days=joined_days_ago))
    Party.objects.create(kind=PartyKind.PERSON, name="Radu Vechi", cnp=cnp, email=email, phone="0722000111",
                         address="Str. Veche nr. 1, Municipiul Demo", user=user)
    return User.objects.get(pk=user.pk)


def test_an_inactive_account_without_legal_records_is_anonymised_and_one_with_a_request_is_not(
        client, users, settings, committed, django_capture_on_commit_callbacks):
    settings.PRIMARIA_INACTIVE_ACCOUNT_DAYS = 30
    idle = _resident("radu.vechi@example.ro", "1991231350019", joined_days_ago=400)
    recent = _resident("nou@example.ro", "2991231350015", joined_days_ago=3)
    draft = store_document(owner=person_of(idle), institution=users.clerk.positions.first().department.institution,
                           uploaded=pdf_file("ci.pdf"), source=Document.Source.UPLOADED, created_by=idle)
    draft_name = draft.file.name
    services.give_consent(actor=idle, purpose="alerte")
    with_request = users.maria  # inactive too, but she filed a request
    committed(submitted_request, with_request)
    User.objects.filter(pk=with_request.pk).update(last_login=timezone.now() - timedelta(days=400))
    services.give_consent(actor=with_request, purpose="alerte")
    services.withdraw_consent(actor=with_request, purpose="alerte")
    client.force_login(idle)  # a session opened long ago, still open
    User.objects.filter(pk=idle.pk).update(last_login=timezone.now() - timedelta(days=300))

    with django_capture_on_commit_callbacks(execute=True):
        call_command("anonymise_inactive_accounts", stdout=io.StringIO())

    idle.refresh_from_db()
    party = Party.objects.get(user=idle)
    assert idle.email.endswith("@anonimizat.invalid") and idle.email != "radu.vechi@example.ro"
    assert (idle.first_name, idle.last_name, idle.phone, idle.is_active) == ("", "", "", False)
    assert not idle.has_usable_password()
    assert (party.name, party.cnp, party.email, party.phone, party.address) == ("Persoană anonimizată", "", "", "", "")
    assert not Document.objects.filter(pk=draft.pk).exists()
    assert not Document._meta.get_field("file").storage.exists(draft_name)
    assert not Consent.objects.filter(user=idle).exists()
    assert AuditEntry.objects.filter(action="privacy.anonymised", object_id=str(idle.pk)).exists()
    # The open session ends, and neither the old address nor the new one logs in.
    assert client.get(reverse("accounts:profile")).status_code == 302
    for email in ("radu.vechi@example.ro", idle.email):
        response = client.post(reverse("accounts:login"), {"username": email, "password": "Parola-Lunga-2026!"})
        assert response.status_code == 200 and not response.wsgi_request.user.is_authenticated
        assert client.get(reverse("accounts:profile")).status_code == 302

    recent.refresh_from_db()
    assert recent.email == "nou@example.ro" and recent.is_active
    with_request.refresh_from_db()
    assert with_request.email == "maria.ionescu@example.ro" and with_request.is_active
    assert person_of(with_request).cnp == "2490315350011"
    assert not Consent.objects.filter(user=with_request).exists()  # only the withdrawn consent went


def test_an_officials_look_at_a_request_appears_in_the_persons_list(client, users, two_people):
    head = users.urb_head
    request = two_people["ion_own"]
    client.force_login(head)
    assert client.get(reverse("office:request", args=[request.public_id])).status_code == 200
    entry = AuditEntry.objects.get(action="privacy.access", object_id=str(request.pk), actor=head)
    assert entry.data["official"] == head.get_full_name()
    attachment = request.attachments.select_related("document").first().document
    assert client.get(reverse("documents:download", args=[attachment.public_id])).status_code == 200
    client.force_login(users.urb_specialist)  # through the API too
    assert client.get(f"/api/v1/office/requests/{request.public_id}/").status_code == 200
    assert AuditEntry.objects.filter(action="privacy.access", object_id=str(request.pk), actor=users.urb_specialist,
                                     data__what__endswith="prin API").exists()

    client.force_login(users.ion)
    page = client.get(reverse("privacy:my_data")).content.decode()
    section = page.split("Cine a consultat datele mele", 1)[1]
    assert head.get_full_name() in section and request.reference in section
    assert f"Documentul „{attachment.title}”" in section
    assert positions_of(head)[0].department.name in section
    client.force_login(users.maria)
    section = client.get(reverse("privacy:my_data")).content.decode().split("Cine a consultat datele mele", 1)[1]
    assert head.get_full_name() not in section
