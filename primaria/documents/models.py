import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from primaria.core.models import ProtectedRecord


class DocumentType(models.Model):
    """A kind of document a service may ask for; its validity decides whether a copy in the folder can be reused."""

    code = models.SlugField(_("cod"), unique=True)
    name = models.CharField(_("denumire"), max_length=200)
    description = models.CharField(_("descriere"), max_length=300, blank=True)
    validity_days = models.PositiveIntegerField(
        _("valabilitate (zile)"), null=True, blank=True, help_text=_("Gol: nu expiră (de ex. un act de proprietate).")
    )

    class Meta:
        verbose_name = _("tip de document")
        verbose_name_plural = _("tipuri de document")
        ordering = ["name"]

    def __str__(self):
        return self.name


def document_path(document, filename):
    owner = document.owner.public_id if document.owner_id else "institutie"
    ext = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png", "image/tiff": "tif"}.get(document.mime, "bin")
    return f"documents/{owner}/{timezone.now():%Y/%m}/{document.public_id}.{ext}"


class Document(ProtectedRecord):
    """A file in somebody's folder (dosar unic): filed by them, scanned at the counter, or issued to them."""

    class Source(models.TextChoices):
        UPLOADED = "uploaded", _("Încărcat de solicitant")
        COUNTER = "counter", _("Scanat la registratură")
        ISSUED = "issued", _("Emis de instituție")
        INTERNAL = "internal", _("Document intern")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    owner = models.ForeignKey(
        "accounts.Party", verbose_name=_("titular"), null=True, blank=True, on_delete=models.PROTECT, related_name="documents"
    )
    institution = models.ForeignKey("institutions.Institution", on_delete=models.PROTECT, related_name="documents")
    document_type = models.ForeignKey(DocumentType, verbose_name=_("tip"), null=True, blank=True, on_delete=models.PROTECT)
    title = models.CharField(_("titlu"), max_length=250)
    file = models.FileField(_("fișier"), upload_to=document_path, max_length=300)
    original_name = models.CharField(_("numele original"), max_length=250)
    mime = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField(_("dimensiune (octeți)"))
    sha256 = models.CharField(max_length=64)
    pages = models.PositiveIntegerField(_("pagini"), default=1)
    source = models.CharField(_("proveniență"), max_length=10, choices=Source.choices)
    issued_on = models.DateField(_("data documentului"), default=timezone.localdate)
    valid_until = models.DateField(_("valabil până la"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documente")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["owner", "document_type", "-created_at"], name="document_folder_idx")]

    def __str__(self):
        return self.title

    def is_valid_on(self, day) -> bool:
        return self.valid_until is None or self.valid_until >= day

    @classmethod
    def kept(cls, queryset):
        """A file stays once the institution issued it or it became part of a request, the register or the
        archive; an upload nobody used yet is only the owner's draft."""
        from primaria.archive.models import ArchiveDocument
        from primaria.registry.models import RegistryEntry

        return queryset.filter(
            models.Q(source__in=[cls.Source.ISSUED, cls.Source.INTERNAL])
            | models.Q(attachments__isnull=False)
            | models.Q(answered_requests__isnull=False)
            | models.Q(pk__in=RegistryEntry.objects.filter(document__isnull=False).values("document"))
            | models.Q(pk__in=OutgoingDocument.objects.filter(issued_document__isnull=False).values("issued_document"))
            | models.Q(pk__in=ArchiveDocument.objects.filter(document__isnull=False).values("document"))
        )


class TemplateKind(models.TextChoices):
    ANSWER = "answer", _("Răspuns la o cerere")
    REFERAT = "referat", _("Referat")
    SPECIALIST_REPORT = "raport", _("Raport de specialitate")
    CONVOCATION = "convocare", _("Convocare a consiliului local")
    LETTER = "adresa", pgettext_lazy("tip de document", "Adresă")


class DocumentTemplate(models.Model):
    """How an issued document reads: HTML with placeholders, rendered under the department's letterhead.

    Placeholders (Django template syntax): {{ applicant.name }}, {{ applicant.address }}, {{ data.<field> }},
    {{ registration_number }}, {{ registration_date }}, {{ outgoing_number }}, {{ outgoing_date }},
    {{ institution.name }}, {{ department.name }}, {{ outcome }}, {{ resolution }}, {{ body }}.
    """

    institution = models.ForeignKey("institutions.Institution", verbose_name=_("instituția"), on_delete=models.PROTECT,
                                    related_name="document_templates")
    service = models.ForeignKey("catalog.Service", verbose_name=_("serviciul"), null=True, blank=True,
                                on_delete=models.CASCADE, related_name="templates")
    kind = models.CharField(_("tipul documentului"), max_length=20, choices=TemplateKind.choices, default=TemplateKind.ANSWER)
    name = models.CharField(_("denumire"), max_length=200)
    title = models.CharField(_("titlul de pe document"), max_length=200)
    body_html = models.TextField(_("conținut (HTML cu substituții)"))
    issued_type = models.ForeignKey(
        DocumentType, verbose_name=_("tipul documentului emis"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Pentru un răspuns favorabil: ce document primește solicitantul în dosar (de ex. certificat de urbanism)."),
    )
    validity_months = models.PositiveSmallIntegerField(
        _("valabilitate (luni)"), null=True, blank=True,
        help_text=_("Pentru un răspuns favorabil: cât timp este valabil documentul de la emitere. Gol: nu expiră."),
    )
    css = models.TextField(_("CSS suplimentar"), blank=True)
    active = models.BooleanField(_("activ"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("șablon de document")
        verbose_name_plural = _("șabloane de document")
        ordering = ["institution_id", "name"]
        constraints = [
            models.UniqueConstraint(fields=["service", "kind"], condition=models.Q(service__isnull=False),
                                    name="template_per_service_kind"),
        ]

    def __str__(self):
        return self.name


class OutgoingDocument(ProtectedRecord):
    """A document the institution issues, from its first draft through each signature to its issue."""

    class Status(models.TextChoices):
        SIGNING = "signing", _("În curs de semnare")
        REFUSED = "refused", _("Refuzat la semnare")
        ISSUED = "issued", _("Emis")
        SUPERSEDED = "superseded", _("Înlocuit de o versiune nouă")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    verification_code = models.CharField(_("cod de verificare"), max_length=20, unique=True)
    institution = models.ForeignKey("institutions.Institution", on_delete=models.PROTECT, related_name="outgoing_documents")
    department = models.ForeignKey("institutions.Department", on_delete=models.PROTECT, related_name="outgoing_documents")
    kind = models.CharField(_("tipul"), max_length=20, choices=TemplateKind.choices)
    title = models.CharField(_("titlul"), max_length=250)
    request = models.ForeignKey("requests.Request", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="outgoing_documents")
    registry_entry = models.ForeignKey("registry.RegistryEntry", on_delete=models.PROTECT, related_name="outgoing_documents")
    version = models.PositiveSmallIntegerField(_("versiunea"), default=1)
    status = models.CharField(_("starea"), max_length=12, choices=Status.choices, default=Status.SIGNING)
    pdf = models.FileField(_("PDF"), upload_to="outgoing/%Y/%m/", max_length=300)
    sha256 = models.CharField(max_length=64, blank=True)
    issued_document = models.ForeignKey(Document, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    issued_at = models.DateTimeField(_("emis la"), null=True, blank=True)

    class Meta:
        verbose_name = _("document emis")
        verbose_name_plural = _("documente emise")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.title} ({self.registry_entry.reference})"

    @property
    def current_step(self):
        return self.steps.filter(status=SignatureStep.Status.CURRENT).select_related("signer").first()


class SignatureStep(ProtectedRecord):
    """One signer's turn in the sequence set for the document, e.g. întocmit → șef → secretar → primar."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("Urmează")
        CURRENT = "current", _("De semnat")
        SIGNED = "signed", _("Semnat")
        REFUSED = "refused", _("Refuzat")

    document = models.ForeignKey(OutgoingDocument, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField(_("ordinea"))
    signer = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("semnatarul"), on_delete=models.PROTECT,
                               related_name="signature_steps")
    function = models.CharField(_("funcția"), max_length=120)
    capacity = models.CharField(_("calitatea"), max_length=120)
    status = models.CharField(_("starea"), max_length=10, choices=Status.choices, default=Status.WAITING)
    acted_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(_("motivul refuzului"), blank=True)
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("semnat de"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+",
                                  help_text=_("Cine a semnat de fapt: semnatarul sau înlocuitorul lui, prin delegare."))
    signed_capacity = models.CharField(_("calitatea în care a semnat"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("semnătură")
        verbose_name_plural = _("semnături")
        ordering = ["document_id", "order"]
        indexes = [models.Index(fields=["signer", "status"], name="signature_inbox_idx")]

    def __str__(self):
        return f"{self.capacity}: {self.signer}"
