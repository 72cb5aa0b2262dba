import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone


class DocumentType(models.Model):
    """A kind of document a service may ask for; its validity decides whether a copy in the folder can be reused."""

    code = models.SlugField("cod", unique=True)
    name = models.CharField("denumire", max_length=200)
    description = models.CharField("descriere", max_length=300, blank=True)
    validity_days = models.PositiveIntegerField(
        "valabilitate (zile)", null=True, blank=True, help_text="Gol: nu expiră (de ex. un act de proprietate)."
    )

    class Meta:
        verbose_name = "tip de document"
        verbose_name_plural = "tipuri de document"
        ordering = ["name"]

    def __str__(self):
        return self.name


def document_path(document, filename):
    owner = document.owner.public_id if document.owner_id else "institutie"
    ext = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png", "image/tiff": "tif"}.get(document.mime, "bin")
    return f"documents/{owner}/{timezone.now():%Y/%m}/{document.public_id}.{ext}"


class Document(models.Model):
    """A file in somebody's folder (dosar unic): filed by them, scanned at the counter, or issued to them."""

    class Source(models.TextChoices):
        UPLOADED = "uploaded", "Încărcat de solicitant"
        COUNTER = "counter", "Scanat la registratură"
        ISSUED = "issued", "Emis de instituție"
        INTERNAL = "internal", "Document intern"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    owner = models.ForeignKey(
        "accounts.Party", verbose_name="titular", null=True, blank=True, on_delete=models.PROTECT, related_name="documents"
    )
    institution = models.ForeignKey("institutions.Institution", on_delete=models.PROTECT, related_name="documents")
    document_type = models.ForeignKey(DocumentType, verbose_name="tip", null=True, blank=True, on_delete=models.PROTECT)
    title = models.CharField("titlu", max_length=250)
    file = models.FileField("fișier", upload_to=document_path, max_length=300)
    original_name = models.CharField("numele original", max_length=250)
    mime = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField("dimensiune (octeți)")
    sha256 = models.CharField(max_length=64)
    pages = models.PositiveIntegerField("pagini", default=1)
    source = models.CharField("proveniență", max_length=10, choices=Source.choices)
    issued_on = models.DateField("data documentului", default=timezone.localdate)
    valid_until = models.DateField("valabil până la", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "document"
        verbose_name_plural = "documente"
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["owner", "document_type", "-created_at"], name="document_folder_idx")]

    def __str__(self):
        return self.title

    def is_valid_on(self, day) -> bool:
        return self.valid_until is None or self.valid_until >= day
