"""Digitisation: noisy, slightly rotated Romanian scans → OCR (Tesseract via OCRmyPDF) → PDF/A + text,
imported in batches that can be re-run without adding anything."""

import io
import re

import pikepdf
import pytest

from primaria.archive import demo, services
from primaria.archive.models import ArchiveDocument, ArchivePage, ArchiveUnit, ScanBatch, ScanItem
from primaria.archive.ocr import digitise
from primaria.archive.selectors import search
from primaria.core.errors import DomainError
from primaria.outbox.models import Delivery
from primaria.search.engines import search_engine
from primaria.search.text import fold

pytestmark = pytest.mark.django_db


def _words(text):
    return set(re.findall(r"\w+", fold(text).lower()))


def test_ocr_of_noisy_rotated_romanian_pages_finds_their_words():
    pages = [demo.render_scan(lines, seed=n, angle=angle)
             for n, (lines, angle) in enumerate([(demo.PERMIT_PAGES[0], 1.5), (demo.PERMIT_PAGES[1], -2.0)])]
    result = digitise(demo.save_scan(pages, "TIFF"), "image/tiff")
    assert result.ocr and len(result.pages) == 2
    first, second = _words(result.pages[0]), _words(result.pages[1])
    assert {"autorizatie", "construire", "locuinta", "strada", "florilor"} <= first
    assert {"titularul", "autorizatiei", "siguranta", "santierului"} <= second
    assert "ţ" not in result.pages[1] and "ş" not in result.pages[1]  # cedilla letters were normalised
    # The searchable PDF/A keeps the scanned page and declares its PDF/A conformance.
    with pikepdf.open(io.BytesIO(result.pdf)) as pdf:
        assert len(pdf.pages) == 2
        assert pdf.open_metadata().pdfa_status.startswith("2")


def test_ocr_of_a_scanned_pdf_and_a_jpeg():
    pdf = demo.save_scan([demo.render_scan(demo.DECISION_PAGES[0], seed=3, angle=1.2)], "PDF")
    assert {"hotararea", "bugetului", "scolii"} <= _words(digitise(pdf, "application/pdf").pages[0])
    jpeg = demo.save_scan([demo.render_scan(["Certificat de urbanism pentru Școala Gimnazială"], seed=4)], "JPEG")
    assert {"certificat", "urbanism", "scoala"} <= _words(digitise(jpeg, "image/jpeg").pages[0])


def test_images_can_go_through_ocrmypdfs_own_ocr_too(settings):
    settings.PRIMARIA_OCR_IMAGES = "ocrmypdf"
    jpeg = demo.save_scan([demo.render_scan(["Dispoziția primarului privind școala"], seed=5, angle=-1.5)], "JPEG")
    result = digitise(jpeg, "image/jpeg")
    assert {"dispozitia", "primarului", "scoala"} <= _words(result.pages[0])
    with pikepdf.open(io.BytesIO(result.pdf)) as pdf:
        assert pdf.open_metadata().pdfa_status.startswith("2")


def _import(folder, actor, city):
    manifest, files = services.read_folder(folder)
    return services.import_batch(actor=actor, institution=city, title="Bibliorafturi 2019", manifest=manifest, files=files)


def test_batch_import_ocr_index_and_search(users, city, nomenclator, scanned_binder, run_on_commit):
    with run_on_commit():
        batch, created = _import(scanned_binder, users.secretary, city)
    assert created
    assert set(batch.items.values_list("status", flat=True)) == {ScanItem.Status.DONE}
    permit = ArchiveDocument.objects.get(title__startswith="Autorizație de construire nr. 125")
    assert permit.page_count == 2 and permit.pdf and permit.original and permit.text_status == "done"
    assert permit.unit.entry.index == "II/1" and permit.unit.year == 2019 and permit.unit.kind == "biblioraft"
    assert permit.unit.retention_years == 0 and permit.retention_years == 0  # permanent, as the nomenclator says
    assert permit.issuer == "Primăria Municipiului Demo" and permit.keywords == "locuință, strada Florilor"
    assert permit.identifier.startswith("PMD-ARH-") and len(permit.sha256) == 64 and len(permit.pdf_sha256) == 64
    assert ArchiveUnit.objects.get(pk=permit.unit_id).page_count == 2
    # Search through the application: the cedilla spelling on page 2 is found without diacritics.
    results = search(user=users.secretary, text="autorizatie santierului").results
    assert [(r.document.pk, r.page) for r in results] == [(permit.pk, 2)]
    assert results[0].url.endswith(f"/birou/arhiva/document/{permit.public_id}/document.pdf#page=2")
    assert "<mark>" in results[0].snippet
    # The decision is public, the permit is not.
    assert [r.document.title for r in search(public=True, text="scoala").results] == ["Hotărârea nr. 42/2019 privind reabilitarea școlii"]
    assert search(public=True, text="autorizatie").results == []


def test_a_reimported_batch_adds_nothing(users, city, nomenclator, scanned_binder, run_on_commit):
    with run_on_commit():
        batch, _ = _import(scanned_binder, users.secretary, city)
    counts = (ArchiveDocument.objects.count(), ArchivePage.objects.count(), ArchiveUnit.objects.count(),
              ScanItem.objects.count(), search_engine().count())
    ocr_runs = sum(Delivery.objects.filter(handler="archive.ocr").values_list("attempts", flat=True))
    with run_on_commit():
        again, created = _import(scanned_binder, users.secretary, city)
    assert again == batch and not created and again.runs == 2
    assert (ArchiveDocument.objects.count(), ArchivePage.objects.count(), ArchiveUnit.objects.count(),
            ScanItem.objects.count(), search_engine().count()) == counts
    assert sum(Delivery.objects.filter(handler="archive.ocr").values_list("attempts", flat=True)) == ocr_runs  # no OCR ran again
    assert ScanBatch.objects.count() == 1


def test_the_same_scan_in_another_batch_is_not_archived_twice(users, city, nomenclator, scanned_binder, run_on_commit, tmp_path):
    with run_on_commit():
        _import(scanned_binder, users.secretary, city)
    folder = tmp_path / "other"
    folder.mkdir()
    (folder / "copie.jpg").write_bytes((scanned_binder / "hotarare-42-2019.jpg").read_bytes())
    (folder / "manifest.csv").write_text("fisier;titlu;indicativ;an\ncopie.jpg;Copie a hotărârii 42;VII/1;2019\n", encoding="utf-8")
    with run_on_commit():
        batch, created = _import(folder, users.secretary, city)
    item = batch.items.get()
    assert created and item.status == ScanItem.Status.DUPLICATE and item.document.title.startswith("Hotărârea nr. 42")
    assert ArchiveDocument.objects.count() == 2


def test_manifest_problems_are_reported_before_anything_is_imported(users, city, nomenclator):
    manifest = b"fisier,titlu,indicativ,an,data\nlipsa.pdf,Ceva,II/1,2019,\nscan.jpg,,X/9,3000,31.02.2019\n"
    files = {"scan.jpg": demo.save_scan([demo.render_scan(["Test"], seed=1)], "JPEG")}
    with pytest.raises(DomainError) as error:
        services.import_batch(actor=users.secretary, institution=city, title="", manifest=manifest, files=files)
    message = error.value.message_dict["manifest"][0]
    assert "Rândul 2: fișierul „lipsa.pdf” nu se află în lot." in message
    assert "indicativul „X/9” nu există în nomenclator" in message and "anul „3000”" in message and "data „31.02.2019”" in message
    assert ScanBatch.objects.count() == 0


def test_only_archive_keepers_import(users, city, nomenclator, scanned_binder):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        _import(scanned_binder, users.urb_specialist, city)
