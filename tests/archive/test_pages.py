"""The archive's pages: officials' search (with access by department), document pages and downloads
(all audited), the public search over published documents only, batches with a progress bar, the
nomenclator and the commission's decision."""

import io

import pytest

from primaria.archive import services
from primaria.archive.models import ArchiveDocument, DisposalProposal, NomenclatorEntry, ScanBatch
from primaria.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def archive(users, city, nomenclator, scanned_binder, run_on_commit):
    manifest, files = services.read_folder(scanned_binder)
    with run_on_commit():
        batch, _ = services.import_batch(actor=users.secretary, institution=city, title="Lot 2019", manifest=manifest, files=files)
    return {"batch": batch, "permit": ArchiveDocument.objects.get(doc_type="Autorizație de construire"),
            "decision": ArchiveDocument.objects.get(doc_type="Hotărâre a consiliului local")}


def test_official_search_page_with_snippets_and_page_links(client, users, archive):
    client.force_login(users.urb_head)
    page = client.get("/birou/arhiva/", {"q": "autorizaţie santierului"}).content.decode()
    permit = archive["permit"]
    assert "1 pagină găsită" in page
    assert f'href="/birou/arhiva/document/{permit.public_id}/document.pdf#page=2"' in page
    assert "<mark>șantierului</mark>" in page and "Deschide PDF-ul la pagina 2" in page
    assert '<a href="/birou/arhiva/">Arhivă</a>' in client.get("/birou/").content.decode()  # the menu link


def test_filters_on_the_search_page(client, users, archive):
    client.force_login(users.secretary)
    entry = NomenclatorEntry.objects.get(index="VII/1")
    page = client.get("/birou/arhiva/", {"q": "2019", "pozitie": entry.pk}).content.decode()
    assert archive["decision"].title in page and archive["permit"].title not in page
    page = client.get("/birou/arhiva/", {"q": "2019", "tip": "Autorizație de construire", "an": "2019"}).content.decode()
    assert archive["permit"].title in page and archive["decision"].title not in page


def test_officials_see_only_their_departments_archive(client, users, archive):
    permit = archive["permit"]  # Direcția Urbanism
    client.force_login(users.itl_specialist)
    assert "Nicio pagină nu conține" in client.get("/birou/arhiva/", {"q": "santierului"}).content.decode()
    assert client.get(f"/birou/arhiva/document/{permit.public_id}/").status_code == 404
    assert client.get(f"/birou/arhiva/document/{permit.public_id}/document.pdf").status_code == 404
    # ...even when they ask for that department in the filter.
    page = client.get("/birou/arhiva/", {"q": "santierului", "compartiment": permit.department_id}).content.decode()
    assert "Nicio pagină nu conține" in page
    client.force_login(users.ion)  # not an official
    assert client.get("/birou/arhiva/", {"q": "santierului"}).status_code == 404


def test_every_view_and_download_is_audited(client, users, archive):
    permit = archive["permit"]
    client.force_login(users.urb_specialist)
    page = client.get(f"/birou/arhiva/document/{permit.public_id}/").content.decode()
    assert permit.identifier in page and permit.sha256 in page and "Termen de păstrare" in page
    response = client.get(f"/birou/arhiva/document/{permit.public_id}/document.pdf")
    assert response["Content-Type"] == "application/pdf" and b"".join(response.streaming_content).startswith(b"%PDF")
    assert "inline" in response["Content-Disposition"]
    original = client.get(f"/birou/arhiva/document/{permit.public_id}/original")
    assert b"".join(original.streaming_content)[:2] in (b"II", b"MM")  # the TIFF scan
    entries = AuditEntry.objects.filter(object_type="archive.archivedocument", object_id=str(permit.pk), actor=users.urb_specialist)
    assert sorted(entries.values_list("action", flat=True)) == ["archive.download", "archive.download", "archive.view"]
    assert {e.data["identifier"] for e in entries} == {permit.identifier}


def test_public_search_covers_published_documents_only(client, archive):
    decision, permit = archive["decision"], archive["permit"]
    page = client.get("/arhiva/", {"q": "scoala"}).content.decode()
    assert decision.title in page and f"/arhiva/document/{decision.public_id}/document.pdf#page=1" in page
    assert "Nicio pagină nu conține" in client.get("/arhiva/", {"q": "santierului"}).content.decode()
    assert client.get(f"/arhiva/document/{permit.public_id}/").status_code == 404
    assert client.get(f"/arhiva/document/{permit.public_id}/document.pdf").status_code == 404
    assert client.get(f"/arhiva/document/{decision.public_id}/document.pdf").status_code == 200
    audited = AuditEntry.objects.filter(object_id=str(decision.pk), action="archive.download", actor=None)
    assert audited.count() == 1 and audited.get().data["public"] is True and audited.get().ip_address == "127.0.0.1"


def test_batch_page_has_a_progress_bar_and_a_polling_fragment(client, users, archive):
    batch = archive["batch"]
    client.force_login(users.secretary)
    page = client.get(f"/birou/arhiva/loturi/{batch.public_id}/").content.decode()
    assert '<progress id="bara-progres" max="2" value="2">' in page and "Lotul este gata" in page
    ScanBatch.objects.filter(pk=batch.pk)  # still there
    batch.items.filter(position=3).update(status="pending")
    fragment = client.get(f"/birou/arhiva/loturi/{batch.public_id}/", HTTP_HX_REQUEST="true").content.decode()
    assert fragment.lstrip().startswith('<div id="progres-lot"') and 'hx-trigger="every 2s"' in fragment
    assert 'value="1"' in fragment and "<html" not in fragment
    assert client.get("/birou/arhiva/loturi/").status_code == 200
    client.force_login(users.urb_specialist)  # not an archive keeper
    assert client.get(f"/birou/arhiva/loturi/{batch.public_id}/").status_code == 404


def test_upload_of_a_batch(client, users, city, nomenclator, scanned_binder, run_on_commit):
    client.force_login(users.admin)  # the IT admin imports scanned binders
    files = [io.BytesIO(p.read_bytes()) for p in (scanned_binder / "hotarare-42-2019.jpg",)]
    files[0].name = "hotarare-42-2019.jpg"
    manifest = io.BytesIO("fisier;titlu;indicativ;an;public\nhotarare-42-2019.jpg;Hotărârea 42;VII/1;2019;da\n".encode())
    manifest.name = "manifest.csv"
    with run_on_commit():
        response = client.post("/birou/arhiva/loturi/", {"title": "Hotărâri 2019", "manifest": manifest, "files": files})
    batch = ScanBatch.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/birou/arhiva/loturi/{batch.public_id}/"
    assert batch.items.get().status == "done" and batch.items.get().document.published


def test_nomenclator_is_edited_by_archive_keepers(client, users, city, nomenclator):
    entry = nomenclator["II/2"]
    client.force_login(users.urb_head)
    assert client.get(f"/birou/arhiva/nomenclator/{entry.pk}/").status_code == 404
    assert client.get("/birou/arhiva/nomenclator/").status_code == 200
    client.force_login(users.secretary)
    response = client.post(f"/birou/arhiva/nomenclator/{entry.pk}/", {
        "index": "II/2", "title": "Certificate de urbanism", "department": entry.department_id, "retention_years": "30",
        "active": "1",
    })
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.retention_years == 30
    bad = client.post("/birou/arhiva/nomenclator/nou/", {"index": "II/2", "title": "x", "retention_years": "7"}).content.decode()
    assert "există deja" in bad and "Alegeți termenul de păstrare" in bad and "Alegeți compartimentul" in bad
    assert AuditEntry.objects.filter(action="archive.nomenclator.save", object_id=str(entry.pk)).exists()


def test_the_commission_decides_on_its_page(client, users, city, nomenclator):
    from django.utils import timezone

    from primaria.archive.models import ArchiveUnit

    unit = ArchiveUnit.objects.create(institution=city, entry=nomenclator["VI/2"], year=timezone.localdate().year - 5,
                                      title="Solicitări", retention_years=3)
    client.force_login(users.clerk)
    response = client.post("/birou/arhiva/eliminare/")
    proposal = DisposalProposal.objects.get()
    assert response["Location"] == f"/birou/arhiva/eliminare/{proposal.public_id}/"
    page = client.get(response["Location"]).content.decode()
    assert "Solicitări" in page and "Aprobă eliminarea" not in page  # the clerk cannot approve
    assert client.post(response["Location"], {"decision": "approve"}).status_code == 200
    client.force_login(users.secretary)
    assert "Aprobă eliminarea" in client.get(response["Location"]).content.decode()
    client.post(response["Location"], {"decision": "approve"})
    proposal.refresh_from_db()
    unit.refresh_from_db()
    assert proposal.status == "approved" and unit.status == "disposed"
    assert "Proces-verbal de eliminare nr. PV-" in client.get(response["Location"]).content.decode()


def test_other_archive_pages_render(client, users, archive):
    client.force_login(users.secretary)
    unit = archive["permit"].unit
    assert client.get("/birou/arhiva/unitati/").status_code == 200
    page = client.get(f"/birou/arhiva/unitati/{unit.public_id}/").content.decode()
    assert archive["permit"].title in page and "Permanent" in page
    assert client.get("/birou/arhiva/eliminare/").status_code == 200
    assert client.get("/arhiva/").status_code == 200
