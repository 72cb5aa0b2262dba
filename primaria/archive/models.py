"""The institution's archive (Legea 16/1996 a Arhivelor Naționale; Legea 135/2007 on electronic archiving).

* `NomenclatorEntry`: one line of the institution's approved file index (nomenclatorul arhivistic):
  which department creates which kind of file (dosar) and how long it is kept.
* `ArchiveUnit`: a physical or digital archival unit (dosar, biblioraft) of one entry and one year.
* `ArchiveDocument`: a document kept in a unit, with the metadata of Legea 135/2007 (issuer, holder,
  type, keywords, dates, retention term, unique identifier, checksum) and its searchable PDF.
* `ArchivePage`: the text of each page, what the search engine indexes.
* `ScanBatch` / `ScanItem`: a batch import of scanned binders, one item per file.
* `DisposalProposal` / `DisposalRecord`: the yearly proposal of expired units and its approval.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from primaria.core.models import ProtectedRecord


class Retention(models.IntegerChoices):
    PERMANENT = 0, "Permanent"
    YEARS_50 = 50, "50 de ani"
    YEARS_30 = 30, "30 de ani"
    YEARS_10 = 10, "10 ani"
    YEARS_5 = 5, "5 ani"
    YEARS_3 = 3, "3 ani"


def retention_label(years: int) -> str:
    return Retention(years).label if years in Retention.values else f"{years} ani"


class NomenclatorEntry(models.Model):
    """A line of the nomenclator: indicativ, content, creating department, retention term."""

    institution = models.ForeignKey("institutions.Institution", verbose_name="instituția", on_delete=models.PROTECT,
                                    related_name="nomenclator")
    department = models.ForeignKey("institutions.Department", verbose_name="compartimentul", on_delete=models.PROTECT,
                                   related_name="nomenclator_entries")
    index = models.CharField("indicativul dosarului", max_length=30,
                             help_text="Cum apare în nomenclator și pe coperta dosarului, de ex. „III/4”.")
    title = models.CharField("conținutul pe scurt", max_length=300)
    retention_years = models.PositiveSmallIntegerField("termen de păstrare", choices=Retention.choices)
    services = models.ManyToManyField(
        "catalog.Service", verbose_name="cererile pentru serviciile", blank=True, related_name="+",
        help_text="Cererile soluționate sau retrase pentru aceste servicii se arhivează aici.",
    )
    default_for_department = models.BooleanField(
        "implicit pentru compartiment", default=False,
        help_text="Cererile compartimentului pentru servicii care nu au o poziție proprie se arhivează aici.",
    )
    active = models.BooleanField("în vigoare", default=True)
    approval = models.CharField("aprobat prin", max_length=200, blank=True,
                                help_text="De ex. confirmarea Arhivelor Naționale nr. ... din ...")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "poziție din nomenclator"
        verbose_name_plural = "nomenclatorul arhivistic"
        ordering = ["institution_id", "index"]
        constraints = [models.UniqueConstraint(fields=["institution", "index"], name="nomenclator_index_unique")]

    def __str__(self):
        return f"{self.index} – {self.title}"

    @property
    def retention_label(self):
        return retention_label(self.retention_years)


class UnitKind(models.TextChoices):
    FILE = "dosar", "Dosar"
    BINDER = "biblioraft", "Biblioraft"


class ArchiveUnit(ProtectedRecord):
    """A unit of archive (dosar, biblioraft) for one nomenclator entry and one year; big ones have volumes."""

    class Status(models.TextChoices):
        OPEN = "open", "Deschis"
        CLOSED = "closed", "Închis"
        PROPOSED = "proposed", "Propus pentru eliminare"
        DISPOSED = "disposed", "Eliminat"

    MAX_PAGES = 300  # file (pagini) per volume, as archival practice binds them

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    institution = models.ForeignKey("institutions.Institution", on_delete=models.PROTECT, related_name="archive_units")
    entry = models.ForeignKey(NomenclatorEntry, verbose_name="poziția din nomenclator", on_delete=models.PROTECT,
                              related_name="units")
    year = models.PositiveSmallIntegerField("anul")
    kind = models.CharField("felul", max_length=12, choices=UnitKind.choices, default=UnitKind.FILE)
    volume = models.PositiveSmallIntegerField("volumul", default=1)
    title = models.CharField("titlul", max_length=300)
    retention_years = models.PositiveSmallIntegerField("termen de păstrare", choices=Retention.choices)
    page_count = models.PositiveIntegerField("număr de pagini (file)", default=0)
    status = models.CharField("starea", max_length=10, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "unitate arhivistică"
        verbose_name_plural = "unități arhivistice"
        ordering = ["-year", "entry__index", "volume"]
        constraints = [models.UniqueConstraint(fields=["entry", "year", "kind", "volume"], name="unit_unique")]
        indexes = [models.Index(fields=["institution", "status", "year"], name="unit_retention_idx")]

    def __str__(self):
        volume = f", vol. {self.volume}" if self.volume > 1 else ""
        return f"{self.get_kind_display()} {self.entry.index}/{self.year}{volume} – {self.title}"

    @property
    def is_permanent(self):
        return self.retention_years == Retention.PERMANENT

    @property
    def disposable_from_year(self):
        """The term runs from 1 January of the year after the unit's year; None for permanent units."""
        return None if self.is_permanent else self.year + self.retention_years + 1

    @property
    def retention_label(self):
        return retention_label(self.retention_years)


class ArchiveDocument(ProtectedRecord):
    """A document in the archive, with the metadata Legea 135/2007 asks for."""

    class Source(models.TextChoices):
        REQUEST = "request", "Cerere soluționată"
        SCAN = "scan", "Digitizare"

    class TextStatus(models.TextChoices):
        PENDING = "pending", "În lucru"
        DONE = "done", "Text disponibil"
        FAILED = "failed", "Fără text"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    identifier = models.CharField("identificator unic", max_length=40, unique=True)
    natural_key = models.CharField(max_length=120, help_text="Ce document de origine reprezintă (import fără dubluri).")
    institution = models.ForeignKey("institutions.Institution", on_delete=models.PROTECT, related_name="archive_documents")
    unit = models.ForeignKey(ArchiveUnit, verbose_name="unitatea arhivistică", on_delete=models.PROTECT,
                             related_name="documents")
    department = models.ForeignKey("institutions.Department", verbose_name="compartimentul", on_delete=models.PROTECT,
                                   related_name="+")
    source = models.CharField("proveniența", max_length=10, choices=Source.choices)
    request = models.ForeignKey("requests.Request", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    document = models.ForeignKey("documents.Document", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+", help_text="Documentul din dosarul solicitantului, dacă este cazul.")
    title = models.CharField("titlul", max_length=300)
    doc_type = models.CharField("tipul documentului", max_length=120)
    issuer = models.CharField("emitentul", max_length=300)
    holder = models.CharField("deținătorul", max_length=300)
    keywords = models.CharField("cuvinte cheie", max_length=500, blank=True)
    registration = models.CharField("număr de înregistrare", max_length=60, blank=True)
    document_date = models.DateField("data documentului", null=True, blank=True)
    archived_at = models.DateTimeField("data arhivării", default=timezone.now)
    retention_years = models.PositiveSmallIntegerField("termen de păstrare", choices=Retention.choices)
    original = models.FileField("fișierul original", max_length=300, blank=True)
    original_name = models.CharField(max_length=250, blank=True)
    mime = models.CharField(max_length=100, blank=True)
    sha256 = models.CharField("suma de control (SHA-256)", max_length=64)
    pdf = models.FileField("PDF/A cu text", max_length=300, blank=True)
    pdf_sha256 = models.CharField(max_length=64, blank=True)
    page_count = models.PositiveIntegerField("pagini", default=0)
    text_status = models.CharField(max_length=10, choices=TextStatus.choices, default=TextStatus.PENDING)
    published = models.BooleanField("public", default=False,
                                    help_text="Documentele publice (de ex. hotărâri, dispoziții) apar în căutarea publică.")
    disposed_at = models.DateTimeField("eliminat la", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = "document arhivat"
        verbose_name_plural = "documente arhivate"
        ordering = ["unit_id", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["institution", "natural_key"], name="archive_document_natural_key"),
        ]
        indexes = [models.Index(fields=["unit", "published"], name="archive_document_unit_idx")]

    def __str__(self):
        return f"{self.identifier} – {self.title}"

    @property
    def retention_label(self):
        return retention_label(self.retention_years)

    @property
    def file_for_reading(self):
        """The searchable PDF if there is one, else the original (a PDF that already had text)."""
        if self.pdf:
            return self.pdf
        if self.original:
            return self.original
        return self.document.file if self.document_id else None


class ArchivePage(models.Model):
    document = models.ForeignKey(ArchiveDocument, on_delete=models.CASCADE, related_name="pages")
    number = models.PositiveIntegerField("pagina")
    text = models.TextField("textul paginii", blank=True)

    class Meta:
        verbose_name = "pagină"
        verbose_name_plural = "pagini"
        ordering = ["document_id", "number"]
        constraints = [models.UniqueConstraint(fields=["document", "number"], name="archive_page_unique")]

    def __str__(self):
        return f"{self.document.identifier} p. {self.number}"


class ScanBatch(models.Model):
    """A batch of scanned files imported together (a folder or an upload) with a CSV manifest."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    institution = models.ForeignKey("institutions.Institution", on_delete=models.PROTECT, related_name="scan_batches")
    title = models.CharField("denumirea lotului", max_length=200)
    source = models.CharField("proveniența", max_length=300, blank=True)
    fingerprint = models.CharField(max_length=64, help_text="SHA-256 al manifestului și al fișierelor: același lot, aceeași amprentă.")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    runs = models.PositiveSmallIntegerField("rulări", default=1)

    class Meta:
        verbose_name = "lot de digitizare"
        verbose_name_plural = "loturi de digitizare"
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["institution", "fingerprint"], name="scan_batch_fingerprint")]

    def __str__(self):
        return self.title


class ScanItem(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "În așteptare"
        DONE = "done", "Digitizat"
        DUPLICATE = "duplicate", "Existent deja în arhivă"
        FAILED = "failed", "Eșuat"

    FINISHED = (Status.DONE, Status.DUPLICATE, Status.FAILED)

    batch = models.ForeignKey(ScanBatch, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField("rândul din manifest")
    filename = models.CharField("fișierul", max_length=250)
    file = models.FileField(max_length=300)
    sha256 = models.CharField(max_length=64)
    metadata = models.JSONField("metadatele din manifest", default=dict)
    status = models.CharField("starea", max_length=10, choices=Status.choices, default=Status.PENDING)
    document = models.ForeignKey(ArchiveDocument, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    error = models.TextField(blank=True)
    seconds = models.FloatField("durata OCR (s)", null=True, blank=True)

    class Meta:
        verbose_name = "fișier scanat"
        verbose_name_plural = "fișiere scanate"
        ordering = ["batch_id", "position"]
        constraints = [models.UniqueConstraint(fields=["batch", "sha256"], name="scan_item_unique")]

    def __str__(self):
        return self.filename


class DisposalProposal(ProtectedRecord):
    """The yearly proposal of units whose retention term has expired, for the archive commission."""

    class Status(models.TextChoices):
        PENDING = "pending", "La comisie"
        APPROVED = "approved", "Aprobată"
        REJECTED = "rejected", "Respinsă"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    institution = models.ForeignKey("institutions.Institution", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("anul propunerii")
    status = models.CharField("starea", max_length=10, choices=Status.choices, default=Status.PENDING)
    units = models.ManyToManyField(ArchiveUnit, related_name="proposals", verbose_name="unitățile propuse")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    note = models.TextField("observațiile comisiei", blank=True)

    class Meta:
        verbose_name = "propunere de eliminare"
        verbose_name_plural = "propuneri de eliminare"
        ordering = ["-year", "-created_at"]
        constraints = [models.UniqueConstraint(fields=["institution", "year"], name="disposal_proposal_year")]

    def __str__(self):
        return f"Propunerea de eliminare pe {self.year}"


class DisposalRecord(ProtectedRecord):
    """The record (proces-verbal) of the commission's approval: what was disposed of, kept forever."""

    proposal = models.OneToOneField(DisposalProposal, on_delete=models.PROTECT, related_name="record")
    number = models.CharField("numărul", max_length=40, unique=True)
    approved_at = models.DateTimeField(default=timezone.now)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    units = models.JSONField("unitățile eliminate", default=list)
    unit_count = models.PositiveIntegerField(default=0)
    page_count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "proces-verbal de eliminare"
        verbose_name_plural = "procese-verbale de eliminare"
        ordering = ["-approved_at"]

    def __str__(self):
        return f"Proces-verbal nr. {self.number}"
