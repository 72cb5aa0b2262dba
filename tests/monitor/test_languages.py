"""The Monitorul Oficial Local and the public information in English and Hungarian (the `limba` cookie): the page
around an act is translated, the act itself (its subject, its text, its PDF) stays Romanian, a legal record."""

from datetime import date

import pytest
from django.utils import translation

from primaria.accounts.models import User
from primaria.audit.models import AuditEntry
from primaria.core.errors import DomainError
from primaria.documents.models import Document
from primaria.monitor import services
from primaria.monitor.models import Kind


def _get(client, url, language):
    client.cookies["limba"] = language
    return client.get(url).content.decode()


@pytest.fixture
def publisher(city):
    return User.objects.get(email="sg.specialist@primaria-demo.ro")


def test_the_public_pages_speak_english_and_hungarian(client, city):
    html = _get(client, "/monitorul-oficial/", "en")
    assert "Recently published" in html and "Statute of the administrative-territorial unit" in html
    assert "Publicate recent" not in html and "Statutul unității administrativ-teritoriale" not in html
    html = _get(client, "/informatii-publice/", "en")
    assert "Public interest information" in html and "How to appeal" in html
    assert "Modalitățile de contestare" not in html
    html = _get(client, "/monitorul-oficial/", "hu")
    assert "Rovatok" in html and "Nemrég közzétett" in html and "Secțiuni" not in html
    html = _get(client, "/informatii-publice/concursuri/", "hu")
    assert "Álláspályázatok" in html and "Concursuri de angajare" not in html
    assert "Secțiuni" in _get(client, "/monitorul-oficial/", "ro")


def test_an_act_in_english_keeps_its_romanian_subject_and_records(client, city, pki, publisher):
    with translation.override("en"):  # published by an official working in English
        act = services.publish_act(actor=publisher, kind=Kind.DECISION, number=45, adopted_on=date(2025, 6, 26),
                                   title="stabilirea taxei speciale de salubrizare pentru anul 2026",
                                   body="Art. 1. Se stabilește taxa specială de salubrizare.")
    # What the act and its records keep is Romanian, whatever the page's language.
    assert Document.objects.get(pk=act.document_id).title.startswith("Hotărârea nr. 45/2025 – ")
    assert AuditEntry.objects.filter(action="monitor.act_published", data__label="Hotărârea nr. 45/2025").exists()
    assert " hotarar a consil local " in act.search_terms  # "Hotărâre a consiliului local", folded
    html = _get(client, act.get_absolute_url(), "en")
    assert "Decision no. 45/2025" in html and "Type of act" in html and "In force." in html
    assert "stabilirea taxei speciale de salubrizare" in html  # the subject, as the act writes it
    assert "Tipul actului" not in html and "În vigoare." not in html
    html = _get(client, act.get_absolute_url(), "hu")
    assert "45/2025. sz. határozat" in html and "Az aktus típusa" in html and "Hatályos." in html
    assert "Hotărârea nr. 45/2025" in _get(client, act.get_absolute_url(), "ro")
    # A refusal, in the language of the one who reads it.
    with translation.override("en"), pytest.raises(DomainError) as error:
        services.publish_act(actor=publisher, kind=Kind.DECISION, number=45, adopted_on=date(2025, 6, 26),
                             title="o altă hotărâre cu același număr", body="Art. 1.")
    assert error.value.message_dict["number"] == [
        "The Local Official Gazette already holds decision no. 45/2025. Please check the act's number."]


def test_the_office_speaks_english_and_hungarian(client, city, publisher):
    client.force_login(publisher)
    html = _get(client, "/birou/monitorul-oficial/publica/", "en")
    assert "Publish an act in the Local Official Gazette" in html and "Type of act" in html
    assert "Tipul actului" not in html
    html = _get(client, "/birou/monitorul-oficial/concursuri/", "hu")
    assert "Új pályázat" in html and "Concurs nou" not in html
    client.cookies["limba"] = "en"
    answer = client.post("/birou/monitorul-oficial/achizitii/", {"reference": "", "title": "scurt"})
    assert answer.status_code == 400
    html = answer.content.decode()
    assert "Enter the notice number from SEAP/SICAP." in html and "Scrieți numărul anunțului" not in html
