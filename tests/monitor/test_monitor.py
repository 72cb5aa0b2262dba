"""The Monitorul Oficial Local (OUG 57/2019, art. 197 and Annex 1): the six sections public without an account, acts
with their status and the acts that changed them, the sealed PDF validated by poppler and by the verification page,
search with diacritics and word endings folded, an Atom feed per section, numbers unique per kind and year, and only the
secretary general's staff publishing."""

import re
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from primaria.accounts.models import User
from primaria.core.errors import DomainError
from primaria.documents.models import Document
from primaria.monitor import services
from primaria.monitor.models import Act, DraftDecision, Kind, Relation, Section, Status
from tests.pdftools import pdfsig, pdftotext

SECTION_NAMES = [
    "Statutul unității administrativ-teritoriale", "Regulamente privind procedurile administrative",
    "Hotărârile autorității deliberative", "Dispozițiile autorității executive",
    "Documente și informații financiare", "Alte documente",
]


@pytest.fixture
def publisher(city):
    return User.objects.get(email="sg.specialist@primaria-demo.ro")


def publish(actor, **overrides):
    values = {"kind": Kind.DECISION, "number": 45, "adopted_on": date(2025, 6, 26),
              "title": "stabilirea taxei speciale de salubrizare pentru anul 2026",
              "body": "Art. 1. Se stabilește taxa specială de salubrizare la 12 lei pe lună pentru fiecare persoană."}
    values.update(overrides)
    return services.publish_act(actor=actor, **values)


def test_the_six_sections_are_public_without_an_account_and_in_the_navigation(client, city):
    page = client.get("/monitorul-oficial/")
    assert page.status_code == 200
    html = page.content.decode()
    for name in SECTION_NAMES:
        assert name in html
    for slug in Section.values:
        assert f'href="/monitorul-oficial/{slug}/"' in html
        assert client.get(f"/monitorul-oficial/{slug}/").status_code == 200
    # A first-level entry of the public navigation, on the home page and the catalog, for anyone.
    for path in ("/", "/servicii/", "/monitorul-oficial/hotarari/"):
        nav = client.get(path).content.decode().split('class="main-nav"')[1].split("</nav>")[0]
        assert 'href="/monitorul-oficial/">Monitorul Oficial Local</a>' in nav
    assert client.get("/monitorul-oficial/nu-exista/").status_code == 404


def test_the_published_act_is_sealed_and_its_code_leads_to_the_verification(client, city, pki, nssdb, publisher,
                                                                           tmp_path):
    from primaria.signing.services import validate

    act = publish(publisher)
    assert act.get_absolute_url() == "/monitorul-oficial/hotarari/2025/45/"
    response = client.get("/monitorul-oficial/hotarari/2025/45/act.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pdf = b"".join(response.streaming_content)
    # poppler, independent of our engine, finds the seal valid and its certificate trusted (demo root CA).
    verdicts = [v for v in pdfsig(pdf, nssdb, tmp_path) if v.get("Signature Field Name") == "SigiliuMonitorOficial"]
    assert len(verdicts) == 1
    assert verdicts[0]["Signature Validation"] == "Signature is Valid."
    assert verdicts[0]["Certificate Validation"] == "Certificate is Trusted."
    assert validate(pdf).ok
    text = " ".join(pdftotext(pdf, tmp_path).split())
    assert "HOTĂRÂREA NR. 45 DIN 26.06.2025" in text.upper() and "privind stabilirea taxei speciale" in text
    assert act.verification_code in text and f"/verificare/{act.verification_code}/" in text

    # The code printed under the QR code opens the verification of this act.
    response = client.get(f"/verificare/{act.verification_code}/", follow=True)
    assert response.redirect_chain[-1][0] == f"/monitorul-oficial/verificare/{act.verification_code}/"
    html = response.content.decode()
    assert "Document autentic." in html and act.label in html
    # The file received, uploaded, is the one published; a changed file is told apart.
    same = client.post(f"/monitorul-oficial/verificare/{act.verification_code}/",
                       {"file": SimpleUploadedFile("act.pdf", pdf, "application/pdf")}).content.decode()
    assert "Fișierul este autentic și nemodificat" in same
    tampered = pdf.replace(b"Hot", b"Hat", 1) if b"Hot" in pdf else pdf + b"%"
    other = client.post(f"/monitorul-oficial/verificare/{act.verification_code}/",
                        {"file": SimpleUploadedFile("act.pdf", tampered, "application/pdf")}).content.decode()
    assert "Fișierul este autentic și nemodificat" not in other


def test_a_repealed_act_links_to_the_act_that_repealed_it_and_back(client, city, pki, publisher):
    old = publish(publisher)
    rules_act = publish(publisher, number=58, adopted_on=date(2025, 9, 25),
                        title="aprobarea Regulamentului de parcare cu plată în Municipiul Demo",
                        body="Art. 1. Se aprobă Regulamentul de parcare cu plată.")
    new = publish(publisher, number=15, adopted_on=date(2026, 3, 26),
                  title="stabilirea taxei speciale de salubrizare și abrogarea HCL nr. 45/2025",
                  body="Art. 1. Taxa devine 14 lei.\n\nArt. 2. Se abrogă Hotărârea nr. 45/2025.",
                  repeals=[old], amends=[rules_act.pk])
    old.refresh_from_db()
    rules_act.refresh_from_db()
    assert old.status == Status.REPEALED and rules_act.status == Status.AMENDED
    assert Relation.objects.filter(source=new, target=old, kind=Relation.Kind.REPEALS).exists()

    html = client.get(old.get_absolute_url()).content.decode()
    assert "Act abrogat." in html
    assert re.search(r'Abrogat prin <a href="/monitorul-oficial/hotarari/2026/15/">Hotărârea nr\. 15/2026</a>', html)
    html = client.get(rules_act.get_absolute_url()).content.decode()
    assert "Act modificat." in html and 'href="/monitorul-oficial/hotarari/2026/15/"' in html
    html = client.get(new.get_absolute_url()).content.decode()
    assert "În vigoare." in html
    changes = html.split('data-testid="changes"')[1].split("</ul>")[0]
    assert 'Abrogă <a href="/monitorul-oficial/hotarari/2025/45/">' in changes
    assert 'Modifică <a href="/monitorul-oficial/hotarari/2025/58/">' in changes
    # The register of adopted decisions says so too.
    register = client.get("/monitorul-oficial/hotarari/registrul-hotararilor/").content.decode()
    assert 'Abrogat prin <a href="/monitorul-oficial/hotarari/2026/15/">nr. 15/2026</a>' in register
    # A repealed act cannot be repealed or amended again.
    with pytest.raises(DomainError) as error:
        publish(publisher, number=16, adopted_on=date(2026, 3, 26), title="abrogarea din nou a aceleiași hotărâri",
                amends=[old])
    assert "este deja abrogat" in error.value.message_dict["amends"][0]


def test_search_folds_diacritics_and_word_endings(client, city, pki, publisher):
    publish(publisher)
    publish(publisher, kind=Kind.DISPOSITION, number=112, adopted_on=date(2026, 2, 10),
            title="constituirea comisiei de recepție a lucrărilor de pe strada Florilor",
            body="Art. 1. Se constituie comisia de recepție.")
    publish(publisher, kind=Kind.REGULATION, number=2, adopted_on=date(2026, 4, 2),
            title="Regulamentul de parcare cu plată în Municipiul Demo", body="Capitolul I. Dispoziții generale.")

    def found(query):
        html = client.get("/monitorul-oficial/cautare/", {"q": query}).content.decode()
        return set(re.findall(r'<a href="(/monitorul-oficial/[a-z-]+/\d{4}/\d+/)">', html))

    assert found("hotararea consiliului") == {"/monitorul-oficial/hotarari/2025/45/"}
    assert found("HOTĂRÂREA Consiliului Local nr. 45") == {"/monitorul-oficial/hotarari/2025/45/"}
    assert found("receptia lucrarilor strazii florilor") == {"/monitorul-oficial/dispozitii/2026/112/"}
    assert found("regulamentului parcarii") == {"/monitorul-oficial/regulamente/2026/2/"}
    assert found("salubrizării -abrogarea") == {"/monitorul-oficial/hotarari/2025/45/"}
    assert found("impozit pe clădiri") == set()
    assert "Niciun act nu conține" in client.get("/monitorul-oficial/cautare/", {"q": "impozit"}).content.decode()


def test_each_section_has_an_atom_feed(client, city, pki, publisher):
    act = publish(publisher)
    publish(publisher, kind=Kind.DISPOSITION, number=9, adopted_on=date(2026, 1, 12),
            title="delegarea atribuțiilor de ofițer de stare civilă", body="Art. 1. Se deleagă atribuțiile.")
    response = client.get("/monitorul-oficial/hotarari/atom/")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/atom+xml")
    ns = {"a": "http://www.w3.org/2005/Atom"}
    feed = ET.fromstring(response.content)
    assert "Hotărârile autorității deliberative" in feed.find("a:title", ns).text
    entries = feed.findall("a:entry", ns)
    assert [e.find("a:title", ns).text for e in entries] == [f"{act.label} – {act.title}"]
    links = {link.get("rel", "alternate"): link.get("href") for link in entries[0].findall("a:link", ns)}
    assert links["alternate"].endswith("/monitorul-oficial/hotarari/2025/45/")
    assert links["enclosure"].endswith("/monitorul-oficial/hotarari/2025/45/act.pdf")
    for slug in Section.values:
        assert ET.fromstring(client.get(f"/monitorul-oficial/{slug}/atom/").content).tag == "{http://www.w3.org/2005/Atom}feed"
    assert client.get("/monitorul-oficial/nu-exista/atom/").status_code == 404


def test_a_number_is_taken_once_per_kind_and_year(client, city, pki, publisher):
    publish(publisher)
    documents = Document.objects.count()
    with pytest.raises(DomainError) as error:
        publish(publisher, title="alt obiect pentru același număr de hotărâre")
    assert error.value.message_dict["number"] == [
        "Există deja hotărârea nr. 45/2025 în Monitorul Oficial Local. Verificați numărul actului."]
    # The same number for another kind, or another year, is another act.
    publish(publisher, kind=Kind.DISPOSITION, title="numirea comisiei de inventariere a patrimoniului")
    # Through the office page: the form again with the Romanian message, nothing saved.
    client.force_login(publisher)
    response = client.post("/birou/monitorul-oficial/publica/", {
        "kind": "hotarare", "number": "45", "adopted_on": "2025-06-26", "title": "încă o hotărâre cu același număr",
        "body": "Art. 1. Text."})
    assert response.status_code == 400
    assert "Există deja hotărârea nr. 45/2025 în Monitorul Oficial Local." in response.content.decode()
    assert Act.objects.count() == 2 and Document.objects.count() == documents + 1


def test_the_unique_constraint_refuses_a_number_taken_meanwhile(city, pki, publisher, monkeypatch):
    """Two publications of one number at once: the second passes the early check and meets the constraint, which
    gives the same Romanian message and removes the file it wrote."""
    first = publish(publisher)
    files_before = sorted(Path(settings.MEDIA_ROOT).rglob("*.pdf"))
    real_filter = Act.objects.filter
    blinded = []

    def blind_filter(*args, **kwargs):  # the early check does not see the first act, as if it were not committed yet
        if kwargs.get("number") == 45 and "institution" in kwargs and not blinded:
            blinded.append(kwargs)
            return real_filter(pk=-1)
        return real_filter(*args, **kwargs)

    monkeypatch.setattr(services.Act.objects, "filter", blind_filter)
    with pytest.raises(DomainError) as error:
        publish(publisher, title="aceeași hotărâre publicată a doua oară")
    monkeypatch.undo()
    assert blinded and "Există deja hotărârea nr. 45/2025" in error.value.message_dict["number"][0]
    assert list(Act.objects.all()) == [first]
    assert Document.objects.filter(document_type__code="act-administrativ").count() == 1
    assert sorted(Path(settings.MEDIA_ROOT).rglob("*.pdf")) == files_before  # the second file was removed


def test_only_the_secretary_generals_staff_publish(client, city, users, publisher):
    with pytest.raises(PermissionDenied):
        publish(users.ion)
    with pytest.raises(PermissionDenied):
        publish(users.urb_specialist)
    assert not Act.objects.exists()
    client.force_login(users.ion)
    assert client.get("/birou/monitorul-oficial/publica/").status_code == 403
    assert client.post("/birou/monitorul-oficial/publica/", {"kind": "hotarare"}).status_code == 403
    assert 'href="/birou/monitorul-oficial/"' not in client.get("/").content.decode()
    client.force_login(users.secretary)
    assert client.get("/birou/monitorul-oficial/publica/").status_code == 200
    client.force_login(publisher)
    assert 'href="/birou/monitorul-oficial/"' in client.get("/birou/").content.decode()


def test_the_office_publishes_from_its_page_and_closes_the_draft(client, city, pki, publisher):
    draft = services.register_draft(actor=publisher, number=118, registered_on=date(2026, 11, 12),
                                    initiator="Primarul Municipiului Demo",
                                    title="aprobarea impozitelor și taxelor locale pentru anul 2027")
    client.force_login(publisher)
    response = client.post("/birou/monitorul-oficial/publica/", {
        "kind": "hotarare", "section": "financiare", "number": "80", "adopted_on": "26.11.2026",
        "title": "aprobarea impozitelor și taxelor locale pentru anul 2027", "draft": str(draft.pk),
        "body": "Art. 1. Se aprobă impozitele și taxele locale pentru anul 2027, potrivit anexei."})
    assert response.status_code == 302 and response["Location"] == "/monitorul-oficial/hotarari/2026/80/"
    act = Act.objects.get(number=80)
    assert act.section == Section.FINANCIAL and act.published_by == publisher
    draft.refresh_from_db()
    assert draft.outcome == DraftDecision.Outcome.ADOPTED and draft.decision == act
    register = client.get("/monitorul-oficial/hotarari/registrul-proiectelor/").content.decode()
    assert "adoptat" in register and 'href="/monitorul-oficial/hotarari/2026/80/"' in register
    # A disposition belongs to its own section only.
    response = client.post("/birou/monitorul-oficial/publica/", {
        "kind": "dispozitie", "section": "statut", "number": "3", "adopted_on": "2026-11-26",
        "title": "o dispoziție în secțiunea greșită", "body": "Art. 1."})
    assert response.status_code == 400
    assert "se publică în secțiunea „Dispozițiile autorității executive”" in response.content.decode()


def test_a_signed_pdf_from_elsewhere_is_published_only_if_its_signatures_validate(city, pki, publisher, users):
    from primaria.signing.services import Stamp, credential_for, finalize, sign_pdf
    from tests.factories import pdf_bytes

    unsigned = pdf_bytes("Hotărârea nr. 7/2026")
    with pytest.raises(DomainError) as error:
        publish(publisher, number=7, adopted_on=date(2026, 2, 26), signed_pdf=unsigned)
    assert "nu are o semnătură electronică validă" in error.value.message_dict["signed_pdf"][0]
    signed = finalize(sign_pdf(unsigned, credential=credential_for(users.mayor), field_name="Semnatura1",
                               stamp=Stamp(signer_name="Mihai Constantinescu", function="Primar", capacity="Primar"),
                               reason="Emitent"))
    act = publish(publisher, number=7, adopted_on=date(2026, 2, 26), signed_pdf=signed, verification_code="PMD-ABCD-EFGH")
    assert act.verification_code == "PMD-ABCD-EFGH" and act.document.file.open("rb").read() == signed


def test_the_api_reads_publicly_and_publishes_through_the_same_function(client, city, pki, users, publisher):
    old = publish(publisher)
    payload = {"kind": "hotarare", "number": 15, "adopted_on": "2026-03-26",
               "title": "abrogarea Hotărârii Consiliului Local nr. 45/2025", "body": "Art. 1. Se abrogă.",
               "repeals": [str(old.public_id)]}
    client.force_login(users.ion)
    response = client.post("/api/v1/acts/", payload, content_type="application/json")
    assert response.status_code == 403 and "secretarului general" in response.json()["detail"]
    client.force_login(publisher)
    response = client.post("/api/v1/acts/", payload, content_type="application/json")
    assert response.status_code == 201, response.content
    assert response.json()["url"] == "/monitorul-oficial/hotarari/2026/15/"
    again = client.post("/api/v1/acts/", {**payload, "repeals": []}, content_type="application/json")
    assert again.status_code == 400
    assert again.json()["number"] == [
        "Există deja hotărârea nr. 15/2026 în Monitorul Oficial Local. Verificați numărul actului."]
    assert client.post("/api/v1/acts/", payload, content_type="application/json").json() == {
        "repeals": ["Hotărârea nr. 45/2025 este deja abrogată."]}
    client.logout()
    listing = client.get("/api/v1/acts/", {"q": "hotărârea salubrizarii"}).json()
    assert [a["label"] for a in listing["results"]] == ["Hotărârea nr. 45/2025"]
    detail = client.get(f"/api/v1/acts/{old.public_id}/").json()
    assert detail["status"] == "repealed"
    assert detail["changed_by"] == [{"relation": "abroga", "act": "/monitorul-oficial/hotarari/2026/15/"}]


def test_bad_input_gets_romanian_messages_never_a_500(client, city, publisher):
    for path in ("/monitorul-oficial/hotarari/2026/99999999999999999999999/", "/monitorul-oficial/nimic/2026/1/",
                 "/monitorul-oficial/hotarari/0/1/", "/monitorul-oficial/verificare/NU-EXISTA/"):
        assert client.get(path).status_code == 404, path
    assert client.get("/monitorul-oficial/hotarari/", {"an": "x'; --", "pagina": "-3"}).status_code == 200
    assert client.get("/monitorul-oficial/cautare/", {"q": '"" - -- """', "sectiune": "<b>"}).status_code == 200
    client.force_login(publisher)
    response = client.post("/birou/monitorul-oficial/publica/", {
        "kind": "hotarare", "number": "99999999999999999999999", "adopted_on": "31.02.2026", "title": "scurt",
        "amends": ["99999999999999999999", "abc"]})
    assert response.status_code == 400
    html = response.content.decode()
    for message in ("Scrieți numărul actului, un număr întreg între 1 și 999999.",
                    "Scrieți data în forma zz.ll.aaaa", "Scrieți obiectul actului (cel puțin 10 caractere)."):
        assert message in html
    assert not Act.objects.exists()
