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
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from primaria.core.models import ProtectedRecord


class Retention(models.IntegerChoices):
    PERMANENT = 0, gettext_lazy("Permanent")
    YEARS_50 = 50, gettext_lazy("50 de ani")
    YEARS_30 = 30, gettext_lazy("30 de ani")
    YEARS_10 = 10, gettext_lazy("10 ani")
    YEARS_5 = 5, gettext_lazy("5 ani")
    YEARS_3 = 3, gettext_lazy("3 ani")


def retention_label(years: int) -> str:
    if years in Retention.values:
        return Retention(years).label
    return (_("%(years)s de ani") if years % 100 >= 20 or years % 100 == 0 else _("%(years)s ani")) % {"years": years}


class NomenclatorEntry(models.Model):
    """A line of the nomenclator: indicativ, content, creating department, retention term."""

    institution = models.ForeignKey("institutions.Institution", verbose_name=gettext_lazy("instituția"), on_delete=models.PROTECT,
                                    related_name="nomenclator")
    department = models.ForeignKey("institutions.Department", verbose_name=gettext_lazy("compartimentul"), on_delete=models.PROTECT,
                                   related_name="nomenclator_entries")
    index = models.CharField(gettext_lazy("indicativul dosarului"), max_length=30,
                             help_text=gettext_lazy("Cum apare în nomenclator și pe coperta dosarului, de ex. „III/4”."))
    title = models.CharField(gettext_lazy("conținutul pe scurt"), max_length=300)
    retention_years = models.PositiveSmallIntegerField(gettext_lazy("termen de păstrare"), choices=Retention.choices)
    services = models.ManyToManyField(
        "catalog.Service", verbose_name=gettext_lazy("cererile pentru serviciile"), blank=True, related_name="+",
        help_text=gettext_lazy("Cererile soluționate sau retrase pentru aceste servicii se arhivează aici."),
    )
    default_for_department = models.BooleanField(
        gettext_lazy("implicit pentru compartiment"), default=False,
        help_text=gettext_lazy("Cererile compartimentului pentru servicii care nu au o poziție proprie se arhivează aici."),
    )
    active = models.BooleanField(gettext_lazy("în vigoare"), default=True)
    approval = models.CharField(gettext_lazy("aprobat prin"), max_length=200, blank=True,
                                help_text=gettext_lazy("De ex. confirmarea Arhivelor Naționale nr. ... din ..."))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = gettext_lazy("poziție din nomenclator")
        verbose_name_plural = gettext_lazy("nomenclatorul arhivistic")
        ordering = ["institution_id", "index"]
        constraints = [models.UniqueConstraint(fields=["institution", "index"], name="nomenclator_index_unique")]

    def __str__(self):
        return f"{self.index} – {self.title}"

    @property
    def retention_label(self):
        return retention_label(self.retention_years)


class UnitKind(models.TextChoices):
    FILE = "dosar", gettext_lazy("Dosar")
    BINDER = "biblioraft", gettext_lazy("Biblioraft")


class ArchiveUnit(ProtectedRecord):
    """A unit of archive (dosar, biblioraft) for one nomenclator entry and one year; big ones have volumes."""

    class Status(models.TextChoices):
        OPEN = "open", gettext_lazy("Deschis")
        CLOSED = "closed", gettext_lazy("Închis")
        PROPOSED = "proposed", gettext_lazy("Propus pentru eliminare")
        DISPOSED = "disposed", gettext_lazy("Eliminat")

    MAX_PAGES = 300  # file (pagini) per volume, as archival practice binds them

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    institution = models.ForeignKey("institutions.Institution", on_delete=models.PROTECT, related_name="archive_units")
    entry = models.ForeignKey(NomenclatorEntry, verbose_name=gettext_lazy("poziția din nomenclator"), on_delete=models.PROTECT,
                              related_name="units")
    year = models.PositiveSmallIntegerField(gettext_lazy("anul"))
    kind = models.CharField(gettext_lazy("felul"), max_length=12, choices=UnitKind.choices, default=UnitKind.FILE)
    volume = models.PositiveSmallIntegerField(gettext_lazy("volumul"), default=1)
    title = models.CharField(gettext_lazy("titlul"), max_length=300)
    retention_years = models.PositiveSmallIntegerField(gettext_lazy("termen de păstrare"), choices=Retention.choices)
    page_count = models.PositiveIntegerField(gettext_lazy("număr de pagini (file)"), default=0)
    status = models.CharField(gettext_lazy("starea"), max_length=10, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = gettext_lazy("unitate arhivistică")
        verbose_name_plural = gettext_lazy("unități arhivistice")
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
        REQUEST = "request", gettext_lazy("Cerere soluționată")
        SCAN = "scan", gettext_lazy("Digitizare")

    class TextStatus(models.TextChoices):
        PENDING = "pending", gettext_lazy("În lucru")
        DONE = "done", gettext_lazy("Text disponibil")
        FAILED = "failed", gettext_lazy("Fără text")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    identifier = models.CharField(gettext_lazy("identificator unic"), max_length=40, unique=True)
    natural_key = models.CharField(max_length=120, help_text=gettext_lazy("Ce document de origine reprezintă (import fără dubluri)."))
    institution = models.ForeignKey("institutions.Institution", on_delete=models.PROTECT, related_name="archive_documents")
    unit = models.ForeignKey(ArchiveUnit, verbose_name=gettext_lazy("unitatea arhivistică"), on_delete=models.PROTECT,
                             related_name="documents")
    department = models.ForeignKey("institutions.Department", verbose_name=gettext_lazy("compartimentul"), on_delete=models.PROTECT,
                                   related_name="+")
    source = models.CharField(gettext_lazy("proveniența"), max_length=10, choices=Source.choices)
    request = models.ForeignKey("requests.Request", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    document = models.ForeignKey("documents.Document", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+", help_text=gettext_lazy("Documentul din dosarul solicitantului, dacă este cazul."))
    title = models.CharField(gettext_lazy("titlul"), max_length=300)
    doc_type = models.CharField(gettext_lazy("tipul documentului"), max_length=120)
    issuer = models.CharField(gettext_lazy("emitentul"), max_length=300)
    holder = models.CharField(gettext_lazy("deținătorul"), max_length=300)
    keywords = models.CharField(gettext_lazy("cuvinte cheie"), max_length=500, blank=True)
    registration = models.CharField(gettext_lazy("număr de înregistrare"), max_length=60, blank=True)
    document_date = models.DateField(gettext_lazy("data documentului"), null=True, blank=True)
    archived_at = models.DateTimeField(gettext_lazy("data arhivării"), default=timezone.now)
    retention_years = models.PositiveSmallIntegerField(gettext_lazy("termen de păstrare"), choices=Retention.choices)
    original = models.FileField(gettext_lazy("fișierul original"), max_length=300, blank=True)
    original_name = models.CharField(max_length=250, blank=True)
    mime = models.CharField(max_length=100, blank=True)
    sha256 = models.CharField(gettext_lazy("suma de control (SHA-256)"), max_length=64)
    pdf = models.FileField(gettext_lazy("PDF/A cu text"), max_length=300, blank=True)
    pdf_sha256 = models.CharField(max_length=64, blank=True)
    page_count = models.PositiveIntegerField(gettext_lazy("pagini"), default=0)
    text_status = models.CharField(max_length=10, choices=TextStatus.choices, default=TextStatus.PENDING)
    published = models.BooleanField(gettext_lazy("public"), default=False,
                                    help_text=gettext_lazy("Documentele publice (de ex. hotărâri, dispoziții) apar în căutarea publică."))
    disposed_at = models.DateTimeField(gettext_lazy("eliminat la"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = gettext_lazy("document arhivat")
        verbose_name_plural = gettext_lazy("documente arhivate")
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
    number = models.PositiveIntegerField(gettext_lazy("pagina"))
    text = models.TextField(gettext_lazy("textul paginii"), blank=True)

    class Meta:
        verbose_name = gettext_lazy("pagină")
        verbose_name_plural = gettext_lazy("pagini")
        ordering = ["document_id", "number"]
        constraints = [models.UniqueConstraint(fields=["document", "number"], name="archive_page_unique")]

    def __str__(self):
        return f"{self.document.identifier} p. {self.number}"


class ScanBatch(models.Model):
    """A batch of scanned files imported together (a folder or an upload) with a CSV manifest."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    institution = models.ForeignKey("institutions.Institution", on_delete=models.PROTECT, related_name="scan_batches")
    title = models.CharField(gettext_lazy("denumirea lotului"), max_length=200)
    source = models.CharField(gettext_lazy("proveniența"), max_length=300, blank=True)
    fingerprint = models.CharField(max_length=64, help_text=gettext_lazy("SHA-256 al manifestului și al fișierelor: același lot, aceeași amprentă."))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    runs = models.PositiveSmallIntegerField(gettext_lazy("rulări"), default=1)

    class Meta:
        verbose_name = gettext_lazy("lot de digitizare")
        verbose_name_plural = gettext_lazy("loturi de digitizare")
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["institution", "fingerprint"], name="scan_batch_fingerprint")]

    def __str__(self):
        return self.title


class ScanItem(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", gettext_lazy("În așteptare")
        DONE = "done", gettext_lazy("Digitizat")
        DUPLICATE = "duplicate", gettext_lazy("Existent deja în arhivă")
        FAILED = "failed", gettext_lazy("Eșuat")

    FINISHED = (Status.DONE, Status.DUPLICATE, Status.FAILED)

    batch = models.ForeignKey(ScanBatch, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField(gettext_lazy("rândul din manifest"))
    filename = models.CharField(gettext_lazy("fișierul"), max_length=250)
    file = models.FileField(max_length=300)
    sha256 = models.CharField(max_length=64)
    metadata = models.JSONField(gettext_lazy("metadatele din manifest"), default=dict)
    status = models.CharField(gettext_lazy("starea"), max_length=10, choices=Status.choices, default=Status.PENDING)
    document = models.ForeignKey(ArchiveDocument, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    error = models.TextField(blank=True)
    seconds = models.FloatField(gettext_lazy("durata OCR (s)"), null=True, blank=True)

    class Meta:
        verbose_name = gettext_lazy("fișier scanat")
        verbose_name_plural = gettext_lazy("fișiere scanate")
        ordering = ["batch_id", "position"]
        constraints = [models.UniqueConstraint(fields=["batch", "sha256"], name="scan_item_unique")]

    def __str__(self):
        return self.filename


class DisposalProposal(ProtectedRecord):
    """The yearly proposal of units whose retention term has expired, for the archive commission."""

    class Status(models.TextChoices):
        PENDING = "pending", gettext_lazy("La comisie")
        APPROVED = "approved", gettext_lazy("Aprobată")
        REJECTED = "rejected", gettext_lazy("Respinsă")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    institution = models.ForeignKey("institutions.Institution", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(gettext_lazy("anul propunerii"))
    status = models.CharField(gettext_lazy("starea"), max_length=10, choices=Status.choices, default=Status.PENDING)
    units = models.ManyToManyField(ArchiveUnit, related_name="proposals", verbose_name=gettext_lazy("unitățile propuse"))
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    note = models.TextField(gettext_lazy("observațiile comisiei"), blank=True)

    class Meta:
        verbose_name = gettext_lazy("propunere de eliminare")
        verbose_name_plural = gettext_lazy("propuneri de eliminare")
        ordering = ["-year", "-created_at"]
        constraints = [models.UniqueConstraint(fields=["institution", "year"], name="disposal_proposal_year")]

    def __str__(self):
        return _("Propunerea de eliminare pe %(year)s") % {"year": self.year}


class DisposalRecord(ProtectedRecord):
    """The record (proces-verbal) of the commission's approval: what was disposed of, kept forever."""

    proposal = models.OneToOneField(DisposalProposal, on_delete=models.PROTECT, related_name="record")
    number = models.CharField(gettext_lazy("numărul"), max_length=40, unique=True)
    approved_at = models.DateTimeField(default=timezone.now)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    units = models.JSONField(gettext_lazy("unitățile eliminate"), default=list)
    unit_count = models.PositiveIntegerField(default=0)
    page_count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = gettext_lazy("proces-verbal de eliminare")
        verbose_name_plural = gettext_lazy("procese-verbale de eliminare")
        ordering = ["-approved_at"]

    def __str__(self):
        return f"Proces-verbal nr. {self.number}"
