"""Requests, documents, the catalog, the registry and processes in English and Hungarian.

Romanian stays the default; a reader who chose English or Hungarian (the `limba` cookie) reads the pages, the
request's history and the messages about their request in that language.
"""

import pytest

from primaria.notifications.models import Notification
from primaria.notifications.services import render
from primaria.requests.models import Request
from tests.factories import submitted_request

pytestmark = pytest.mark.django_db

SLUG = "adeverinta-nomenclatura-stradala"


def _page(client, url, language, user=None):
    client.cookies["limba"] = language
    if user is not None:
        client.force_login(user)
    answer = client.get(url)
    assert answer.status_code == 200, url
    return answer.content.decode()


@pytest.mark.parametrize("language, listing, detail", [
    ("en", "Online services", "Documents you need"),
    ("hu", "Online szolgáltatások", "Szükséges dokumentumok"),
])
def test_the_catalog_in_english_and_hungarian(client, city, language, listing, detail):
    page = _page(client, "/servicii/", language)
    assert listing in page and "Servicii online" not in page and "Căutați un serviciu" not in page
    page = _page(client, f"/servicii/{SLUG}/", language)
    assert detail in page and "Ce documente vă trebuie" not in page and "Cine poate solicita" not in page


@pytest.mark.parametrize("language, line, heading", [
    ("en", "The request was registered with no.", "What has happened to the request"),
    ("hu", "számon iktatták", "Mi történt a kérelemmel"),
])
def test_the_request_and_its_history_in_the_readers_language(client, users, language, line, heading):
    request = submitted_request(users.ion)
    page = _page(client, f"/cereri/{request.public_id}/", language, users.ion)
    assert heading in page and line in page
    assert "Ce s-a întâmplat cu cererea" not in page and "Cererea a fost înregistrată cu nr." not in page
    # The office reads the same history in its own language.
    page = _page(client, f"/birou/cereri/{request.public_id}/", language, users.urb_head)
    assert line in page and "Cererea a fost înregistrată cu nr." not in page
    assert "Răspunsurile solicitantului" not in page


def test_the_history_stays_romanian_by_default_and_keeps_its_phrase(client, users):
    request = submitted_request(users.ion)
    event = request.timeline.get(action="submit")
    assert event.message.startswith("Cererea a fost înregistrată cu nr. ")
    assert event.message_key.startswith("Cererea a fost înregistrată cu nr. %(number)s")
    assert event.message_params["number"] == request.reference
    client.force_login(users.ion)
    page = client.get(f"/cereri/{request.public_id}/").content.decode()
    assert event.message in page and "The request was registered" not in page


@pytest.mark.parametrize("language, folder, office, verify", [
    ("en", "Here you will find all the documents", "Issued and internal documents", "Verify a document issued"),
    ("hu", "Itt találja az összes dokumentumot", "Kiadott és belső dokumentumok", "Ellenőrizzen egy"),
])
def test_the_folder_and_the_office_documents_in_english_and_hungarian(client, users, language, folder, office,
                                                                       verify):
    page = _page(client, "/dosar/", language, users.ion)
    assert folder in page and "Aici găsiți toate documentele" not in page
    page = _page(client, "/verificare/", language)
    assert verify in page and "Verificați un document emis de primărie" not in page
    page = _page(client, "/birou/documente/", language, users.urb_specialist)
    assert office in page and "Documente emise și interne" not in page


@pytest.mark.parametrize("language, register, processes", [
    ("en", "Incoming-outgoing register", "Processes of the services"),
    ("hu", "Iktatókönyv (bejövő-kimenő)", "A szolgáltatások folyamatai"),
])
def test_the_register_and_the_processes_in_english_and_hungarian(client, users, language, register, processes):
    page = _page(client, "/birou/registratura/", language, users.clerk)
    assert register in page and "Registrul de intrare-ieșire" not in page
    page = _page(client, "/birou/procese/", language, users.secretary)
    assert processes in page and "Pașii prin care trece o cerere" not in page


def test_the_message_about_a_request_is_written_in_the_applicants_language(users):
    ion = users.ion
    ion.language = "en"
    ion.save(update_fields=["language"])
    request = submitted_request(ion)
    notification = Notification.objects.filter(template="request_changed", object_id=str(request.pk)).latest("pk")
    assert notification.language == "en"
    # The context keeps the phrase and the status code, not text in the language of whoever acted.
    assert notification.context["status"] == "registered" and notification.context["message_key"]
    render(notification)
    assert "Registered" in notification.subject and "Înregistrată" not in notification.subject
    assert "The request was registered with no." in notification.body
    assert "Cererea a fost înregistrată cu nr." not in notification.body
    # Romanian for a recipient who kept the default.
    maria = users.maria
    maria.language = "ro"
    maria.save(update_fields=["language"])
    other = submitted_request(maria)
    romanian = Notification.objects.filter(template="request_changed", object_id=str(other.pk)).latest("pk")
    render(romanian)
    assert "Cererea a fost înregistrată cu nr." in romanian.body and "Înregistrată" in romanian.subject
    assert Request.objects.filter(pk__in=[request.pk, other.pk]).count() == 2
