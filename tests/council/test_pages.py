"""The public consultation page (proposals only inside the window, nothing saved outside it, the register and the
synthesis public) and the back office pages of the secretary general's staff."""

from datetime import UTC, date, datetime

from primaria.council import services
from primaria.council.models import Decision, Draft, Proposal, Session, Vote
from primaria.notifications.models import Notification

from .test_circuit import ANNOUNCED, at, new_draft


def test_a_resident_proposes_only_inside_the_window(client, city, office, monkeypatch, users):
    draft = new_draft(office)
    services.open_consultation(actor=office, draft_id=draft, announced_on=ANNOUNCED)
    listing = client.get("/consultare-publica/").content.decode()
    assert f'href="/consultare-publica/{draft.pk}/"' in listing
    url = f"/consultare-publica/{draft.pk}/"
    page = client.get(url).content.decode()
    assert "Legea nr. 52/2003, art. 7 alin. (2)" in page and "24.12.2025" in page and "20.11.2025" in page
    assert draft.referat in page and draft.report in page

    text = "Propun ca regulamentul să prevadă colectarea separată a uleiului uzat."
    at(monkeypatch, datetime(2025, 11, 21, 9, 0, tzinfo=UTC))
    response = client.post(url, {"name": "Ana Vasile", "email": "ana@example.ro", "text": text})
    assert response.status_code == 400
    assert "Termenul pentru propuneri s-a încheiat la 20.11.2025" in response.content.decode()
    assert not Proposal.objects.exists()

    at(monkeypatch, datetime(2025, 11, 12, 9, 0, tzinfo=UTC))
    response = client.post(url, {"name": "Ana Vasile", "email": "nu-este-adresa", "text": text})
    assert response.status_code == 400 and "adresă de e-mail validă" in response.content.decode()
    assert not Proposal.objects.exists()
    response = client.post(url, {"name": "Ana Vasile", "email": "ana@example.ro", "text": text})
    assert response.status_code == 302
    # A resident signed in is known by the account.
    client.force_login(users.ion)
    assert client.post(url, {"text": "A doua propunere: program prelungit la centrul de colectare."}).status_code == 302
    proposals = list(Proposal.objects.order_by("number"))
    assert [(p.number, p.email) for p in proposals] == [(1, "ana@example.ro"), (2, users.ion.email)]
    assert proposals[1].user == users.ion
    monkeypatch.undo()

    services.publish_synthesis(actor=office, draft_id=draft, synthesis="Două propuneri, ambele acceptate.")
    page = client.get(url).content.decode()
    register = page.split('data-testid="register"')[1].split("</table>")[0]
    assert text in register and "program prelungit" in register
    assert "ana@example.ro" not in page  # the register is public, the e-mail addresses are not
    assert "Două propuneri, ambele acceptate." in page.split('data-testid="synthesis"')[1]
    assert client.get("/consultare-publica/999999/").status_code == 404


def test_the_back_office_is_for_the_secretary_generals_staff(client, city, office, users):
    for outsider in (users.ion, users.urb_specialist):
        client.force_login(outsider)
        assert client.get("/birou/consiliu/").status_code == 403
        assert client.post("/birou/consiliu/proiect-nou/", {"title": "x"}).status_code == 403
    assert not Draft.objects.exists()
    client.force_login(office)
    assert client.get("/birou/consiliu/").status_code == 200
    response = client.post("/birou/consiliu/proiect-nou/", {"title": "scurt", "initiator": "", "body": ""})
    assert response.status_code == 400 and "Scrieți titlul proiectului" in response.content.decode()
    assert not Draft.objects.exists()


def test_from_the_pages_draft_opinion_convocation_and_votes(client, city, office, council, mailbox):
    from primaria.outbox import runner

    client.force_login(office)
    response = client.post("/birou/consiliu/proiect-nou/", {
        "kind": "hotarare", "title": "aprobarea unui mandat special pentru AGA Apă Canal",
        "initiator": "Primarul Municipiului Demo", "body": "Art. 1. Se acordă mandat special reprezentantului.",
        "referat": "Referatul de aprobare al primarului.", "report": "Raportul direcției juridice.",
        "majority": "simple", "registered_on": "2025-11-03"})
    assert response.status_code == 302
    draft = Draft.objects.get()
    url = f"/birou/consiliu/proiecte/{draft.pk}/"
    assert client.post(url, {"action": "opinion", "committee": council["committees"][0].pk,
                             "verdict": "favorable", "given_on": "2025-11-04"}).status_code == 302
    # Extraordinary session on 10 November: 3 whole days between, so the convocation is due by 6 November; the 7th
    # is refused.
    late = client.post("/birou/consiliu/sedinta-noua/", {"date": "2025-11-10", "kind": "extraordinara",
                                                         "chair": council["chair"].pk, "sent_on": "2025-11-07",
                                                         "drafts": [draft.pk]})
    assert late.status_code == 400 and "cel târziu la 06.11.2025" in late.content.decode()
    assert not Session.objects.exists() and not Notification.objects.filter(template="council_convocation").exists()
    response = client.post("/birou/consiliu/sedinta-noua/", {"date": "2025-11-10", "kind": "extraordinara",
                                                             "chair": council["chair"].pk, "sent_on": "2025-11-06",
                                                             "drafts": [draft.pk]})
    assert response.status_code == 302
    session = Session.objects.get()
    assert Notification.objects.filter(template="council_convocation").count() == len(council["members"])
    runner.drain()
    received = mailbox.to(council["members"][3].email)
    assert len(received) == 1 and received[0]["subject"] == (
        "Convocare: ședința extraordinară a Consiliului Local din 10.11.2025")
    assert "aprobarea unui mandat special pentru AGA Apă Canal" in received[0]["body"]
    assert council["members"][3].full_name in received[0]["body"]
    assert not mailbox.to("fost@example.ro")  # not in office any more
    votes = {f"vote-{c.pk}": "pentru" for c in council["members"][:9]}
    response = client.post(f"/birou/consiliu/sedinte/{session.pk}/", {"draft": draft.pk, **votes})
    assert response.status_code == 302
    decision = Decision.objects.get()
    assert decision.status == Decision.Status.ADOPTED and Vote.objects.count() == 9
    html = client.get(url).content.decode()
    assert "OUG nr. 57/2019, art. 197 alin. (1)" in html and "24.11.2025" in html  # 10 working days after 10.11
    assert date(2025, 11, 24) == decision.prefect_due_on


def test_the_referat_and_report_as_pdfs_are_published_with_the_consultation(client, city, office):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.factories import pdf_bytes

    client.force_login(office)
    fields = {"kind": "hotarare", "title": "aprobarea Regulamentului de publicitate stradală",
              "initiator": "Primarul Municipiului Demo", "body": "Art. 1. Se aprobă Regulamentul de publicitate.",
              "normative": "1", "majority": "simple", "registered_on": "2025-11-05"}
    # A file that is not a PDF is refused, nothing saved.
    response = client.post("/birou/consiliu/proiect-nou/", {
        **fields, "report": "Raportul direcției.",
        "referat_pdf": SimpleUploadedFile("referat.pdf", b"nu este pdf", "application/pdf")})
    assert response.status_code == 400 and not Draft.objects.exists()
    referat = pdf_bytes("Referat de aprobare semnat")
    response = client.post("/birou/consiliu/proiect-nou/", {
        **fields, "report": "Raportul direcției de urbanism.",
        "referat_pdf": SimpleUploadedFile("referat.pdf", referat, "application/pdf")})
    assert response.status_code == 302
    draft = Draft.objects.get()
    assert draft.referat == "" and draft.referat_pdf.source == "internal"
    client.logout()
    # Not public before the consultation.
    assert client.get(f"/consultare-publica/{draft.pk}/referat.pdf").status_code == 404
    services.open_consultation(actor=office, draft_id=draft, announced_on=ANNOUNCED)
    page = client.get(f"/consultare-publica/{draft.pk}/").content.decode()
    assert f'href="/consultare-publica/{draft.pk}/referat.pdf"' in page and "raport.pdf" not in page
    response = client.get(f"/consultare-publica/{draft.pk}/referat.pdf")
    assert response.status_code == 200 and b"".join(response.streaming_content) == referat
    assert client.get(f"/consultare-publica/{draft.pk}/raport.pdf").status_code == 404


def test_the_demo_council_loads_once(client, city):
    from django.utils import timezone

    from primaria.accounts.models import User
    from primaria.council.demo import load_demo_council
    from primaria.council.models import Committee, Councillor
    from primaria.monitor.services import register_draft

    # The Monitorul's demo registers its own draft decisions first (manage.py load_demo_city).
    register_draft(actor=User.objects.get(email="sg.specialist@primaria-demo.ro"), number=2,
                   registered_on=timezone.localdate(), initiator="Primarul", title="un proiect din registrul demo")
    load_demo_council()
    load_demo_council()
    assert Councillor.objects.filter(active=True).count() == 15 and Committee.objects.count() == 3
    assert Councillor.objects.filter(user__email="viceprimar@primaria-demo.ro").exists()
    draft = Draft.objects.get(status=Draft.Status.CONSULTATION)
    assert draft.number == 3
    assert f'href="/consultare-publica/{draft.pk}/"' in client.get("/consultare-publica/").content.decode()
    withdrawn = Draft.objects.get(status=Draft.Status.WITHDRAWN)  # a draft its initiator withdrew
    assert withdrawn.number == 4 and withdrawn.register_line.outcome == "withdrawn"
    assert "retras" in client.get("/monitorul-oficial/hotarari/registrul-proiectelor/").content.decode()


def test_the_consultation_is_linked_from_every_page_and_the_office_menu(client, city, office):
    home = client.get("/").content.decode()
    assert 'href="/consultare-publica/">Consultare publică</a>' in home.split('class="site-footer"')[1]
    client.force_login(office)
    more = client.get("/birou/consiliu/").content.decode().split('class="main-nav"')[1].split("</nav>")[0]
    assert 'href="/birou/consiliu/">Consiliul local</a>' in more
