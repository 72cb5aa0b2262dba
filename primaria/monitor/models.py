"""The Monitorul Oficial Local (OUG 57/2019, Codul administrativ, art. 197 and Annex 1) and the information
published ex officio (Legea 544/2001, art. 5).

An act keeps its number, date, subject, status and the relations that changed it; its signed PDF is a
`documents.Document` of the institution, verified by its code on `/verificare/<cod>/`. Acts, their relations and
the register of draft decisions are legal records: never deleted.
"""

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse

from primaria.core.models import ProtectedRecord


class Section(models.TextChoices):
    """The six sections of the Monitorul Oficial Local, in the order of Annex 1."""

    STATUTE = "statut", "Statutul unității administrativ-teritoriale"
    REGULATIONS = "regulamente", "Regulamente privind procedurile administrative"
    DECISIONS = "hotarari", "Hotărârile autorității deliberative"
    DISPOSITIONS = "dispozitii", "Dispozițiile autorității executive"
    FINANCIAL = "financiare", "Documente și informații financiare"
    OTHER = "alte-documente", "Alte documente"


class Kind(models.TextChoices):
    DECISION = "hotarare", "Hotărâre a consiliului local"
    DISPOSITION = "dispozitie", "Dispoziție a primarului"
    REGULATION = "regulament", "Regulament"
    STATUTE = "statut", "Statut"
    FINANCIAL = "financiar", "Document financiar"
    OTHER = "alt", "Alt document"


# Where an act of each kind may be published: its own section, and for a council decision also the sections whose
# documents the council approves (the statute, a regulation, the budget).
KIND_SECTIONS = {
    Kind.DECISION: (Section.DECISIONS, Section.STATUTE, Section.REGULATIONS, Section.FINANCIAL, Section.OTHER),
    Kind.DISPOSITION: (Section.DISPOSITIONS,),
    Kind.REGULATION: (Section.REGULATIONS,),
    Kind.STATUTE: (Section.STATUTE,),
    Kind.FINANCIAL: (Section.FINANCIAL,),
    Kind.OTHER: (Section.OTHER,),
}
DEFAULT_SECTION = {kind: sections[0] for kind, sections in KIND_SECTIONS.items()}
DEFAULT_SECTION[Kind.DECISION] = Section.DECISIONS

# The path segment of an act's stable address: /monitorul-oficial/<segment>/<year>/<number>/.
KIND_SLUGS = {
    Kind.DECISION: "hotarari", Kind.DISPOSITION: "dispozitii", Kind.REGULATION: "regulamente",
    Kind.STATUTE: "statut", Kind.FINANCIAL: "documente-financiare", Kind.OTHER: "alte-documente",
}
SLUG_KINDS = {slug: kind for kind, slug in KIND_SLUGS.items()}
# How the act is named on its page and in its title ("Hotărârea nr. 15/2026").
KIND_TITLES = {
    Kind.DECISION: "Hotărârea", Kind.DISPOSITION: "Dispoziția", Kind.REGULATION: "Regulamentul",
    Kind.STATUTE: "Statutul", Kind.FINANCIAL: "Documentul financiar", Kind.OTHER: "Documentul",
}


class Status(models.TextChoices):
    IN_FORCE = "in_force", "în vigoare"
    AMENDED = "amended", "modificat"
    REPEALED = "repealed", "abrogat"


class Act(ProtectedRecord):
    """An act published in the Monitorul Oficial Local."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    institution = models.ForeignKey("institutions.Institution", verbose_name="instituția", on_delete=models.PROTECT,
                                    related_name="official_acts")
    section = models.CharField("secțiunea", max_length=20, choices=Section.choices)
    kind = models.CharField("tipul actului", max_length=12, choices=Kind.choices)
    number = models.PositiveIntegerField("numărul")
    year = models.PositiveSmallIntegerField("anul")
    adopted_on = models.DateField("data adoptării sau emiterii")
    title = models.CharField("obiectul (titlul)", max_length=500)
    body = models.TextField("textul actului", blank=True)
    issuer = models.CharField("emitentul", max_length=200)
    initiator = models.CharField("inițiatorul", max_length=200, blank=True)
    status = models.CharField("starea", max_length=10, choices=Status.choices, default=Status.IN_FORCE)
    verification_code = models.CharField("cod de verificare", max_length=20, unique=True)
    document = models.ForeignKey("documents.Document", verbose_name="PDF semnat", on_delete=models.PROTECT,
                                 related_name="+")
    sha256 = models.CharField(max_length=64)
    published_at = models.DateTimeField("publicat la")
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    communicated_prefect_on = models.DateField("comunicat prefectului la", null=True, blank=True)
    communicated_on = models.DateField("comunicat celor interesați la", null=True, blank=True)
    search_terms = models.TextField(editable=False, blank=True)

    class Meta:
        verbose_name = "act publicat"
        verbose_name_plural = "acte publicate (Monitorul Oficial Local)"
        ordering = ["-year", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["institution", "kind", "year", "number"], name="monitor_act_number_unique"),
        ]
        indexes = [models.Index(fields=["institution", "section", "-published_at"], name="monitor_act_section_idx")]

    def __str__(self):
        return f"{self.label} – {self.title}"

    @property
    def label(self) -> str:
        return f"{KIND_TITLES[self.kind]} nr. {self.number}/{self.year}"

    @property
    def short_label(self) -> str:
        return f"nr. {self.number}/{self.year}"

    def get_absolute_url(self):
        return reverse("monitor:act", kwargs={"kind": KIND_SLUGS[self.kind], "year": self.year, "number": self.number})


class Relation(ProtectedRecord):
    """`source` amends or repeals `target`; both acts show it."""

    class Kind(models.TextChoices):
        AMENDS = "modifica", "modifică"
        REPEALS = "abroga", "abrogă"

    source = models.ForeignKey(Act, verbose_name="actul nou", on_delete=models.PROTECT, related_name="changes")
    target = models.ForeignKey(Act, verbose_name="actul modificat sau abrogat", on_delete=models.PROTECT,
                               related_name="changed_by")
    kind = models.CharField("relația", max_length=10, choices=Kind.choices)

    class Meta:
        verbose_name = "modificare sau abrogare"
        verbose_name_plural = "modificări și abrogări"
        constraints = [models.UniqueConstraint(fields=["source", "target", "kind"], name="monitor_relation_unique")]

    def __str__(self):
        return f"{self.source.label} {self.get_kind_display()} {self.target.label}"


class DraftDecision(ProtectedRecord):
    """A line of the register of draft decisions (Registrul pentru evidența proiectelor de hotărâri)."""

    class Outcome(models.TextChoices):
        PENDING = "pending", "în procedură"
        ADOPTED = "adopted", "adoptat"
        REJECTED = "rejected", "respins"
        WITHDRAWN = "withdrawn", "retras"

    institution = models.ForeignKey("institutions.Institution", on_delete=models.PROTECT, related_name="+")
    number = models.PositiveIntegerField("numărul proiectului")
    year = models.PositiveSmallIntegerField("anul")
    registered_on = models.DateField("data înregistrării")
    initiator = models.CharField("inițiatorul", max_length=200)
    title = models.CharField("titlul proiectului", max_length=500)
    published_on = models.DateField("data publicării pentru consultare", null=True, blank=True)
    outcome = models.CharField("rezultatul", max_length=10, choices=Outcome.choices, default=Outcome.PENDING)
    decision = models.ForeignKey(Act, verbose_name="hotărârea adoptată", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="drafts")

    class Meta:
        verbose_name = "proiect de hotărâre"
        verbose_name_plural = "registrul proiectelor de hotărâri"
        ordering = ["-year", "-number"]
        constraints = [models.UniqueConstraint(fields=["institution", "year", "number"], name="monitor_draft_unique")]

    def __str__(self):
        return f"Proiectul nr. {self.number}/{self.year} – {self.title}"


class ProcurementNotice(models.Model):
    """An anunț de achiziție publică (Legea 544/2001, art. 5; Legea 98/2016)."""

    class Procedure(models.TextChoices):
        OPEN = "licitatie", "Licitație deschisă"
        SIMPLIFIED = "simplificata", "Procedură simplificată"
        DIRECT = "directa", "Achiziție directă"
        NEGOTIATED = "negociere", "Negociere fără publicare prealabilă"

    class Status(models.TextChoices):
        DRAFT = "draft", "ciornă (nepublicat)"
        OPEN = "open", "în desfășurare"
        AWARDED = "awarded", "atribuită"
        CANCELLED = "cancelled", "anulată"

    institution = models.ForeignKey("institutions.Institution", on_delete=models.PROTECT, related_name="+")
    reference = models.CharField("numărul anunțului (SEAP/SICAP)", max_length=40)
    title = models.CharField("obiectul contractului", max_length=300)
    procedure = models.CharField("procedura", max_length=15, choices=Procedure.choices)
    cpv = models.CharField("cod CPV", max_length=20, blank=True)
    estimated_value = models.DecimalField("valoarea estimată (lei, fără TVA)", max_digits=14, decimal_places=2)
    published_on = models.DateField("publicat la")
    deadline = models.DateField("termenul de depunere a ofertelor")
    description = models.TextField("descriere", blank=True)
    status = models.CharField("starea", max_length=10, choices=Status.choices, default=Status.OPEN)
    result = models.CharField("rezultatul", max_length=300, blank=True)
    closed_on = models.DateField("închis la", null=True, blank=True)

    class Meta:
        verbose_name = "anunț de achiziție"
        verbose_name_plural = "anunțuri de achiziții"
        ordering = ["-published_on", "-pk"]
        constraints = [models.UniqueConstraint(fields=["institution", "reference"], name="monitor_procurement_unique")]

    def __str__(self):
        return f"{self.reference} – {self.title}"


class JobCompetition(models.Model):
    """A concurs de angajare (HG 1336/2022); applications are requests of the catalog service named by
    `settings.PRIMARIA_COMPETITION_SERVICE`, whose field `concurs` lists the open competitions by `choice_label`."""

    class Status(models.TextChoices):
        DRAFT = "draft", "ciornă (nepublicat)"
        OPEN = "open", "înscrieri deschise"
        CLOSED = "closed", "înscrieri închise"
        FINISHED = "finished", "finalizat"
        CANCELLED = "cancelled", "anulat"

    institution = models.ForeignKey("institutions.Institution", on_delete=models.PROTECT, related_name="+")
    reference = models.CharField("codul concursului", max_length=30)
    position = models.CharField("postul", max_length=200)
    department = models.CharField("compartimentul", max_length=200)
    grade = models.CharField("clasa, gradul profesional", max_length=120, blank=True)
    published_on = models.DateField("publicat la")
    applications_until = models.DateField("înscrieri până la")
    written_test_on = models.DateField("proba scrisă", null=True, blank=True)
    interview_on = models.DateField("interviul", null=True, blank=True)
    conditions = models.TextField("condiții de participare")
    bibliography = models.TextField("bibliografie", blank=True)
    status = models.CharField("starea", max_length=10, choices=Status.choices, default=Status.OPEN)
    results = models.TextField("rezultate", blank=True)
    closed_on = models.DateField("închis la", null=True, blank=True)

    class Meta:
        verbose_name = "concurs de angajare"
        verbose_name_plural = "concursuri de angajare"
        ordering = ["-published_on", "-pk"]
        constraints = [models.UniqueConstraint(fields=["institution", "reference"], name="monitor_competition_unique")]

    def __str__(self):
        return self.choice_label

    @property
    def choice_label(self) -> str:
        return f"{self.reference} – {self.position}, {self.department}"


class Revision(ProtectedRecord):
    """An amendment of a published procurement notice or job competition (its erratum): what changed, why, who and
    when; shown on the public page under the notice."""

    notice = models.ForeignKey(ProcurementNotice, null=True, blank=True, on_delete=models.PROTECT,
                               related_name="revisions")
    competition = models.ForeignKey(JobCompetition, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="revisions")
    changed_at = models.DateTimeField("modificat la")
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    reason = models.TextField("motivul modificării")
    changes = models.JSONField("modificările", default=list)  # [{"field", "label", "before", "after"}]

    class Meta:
        verbose_name = "modificare a unui anunț"
        verbose_name_plural = "modificări ale anunțurilor"
        ordering = ["changed_at", "pk"]

    def __str__(self):
        return f"Modificare din {self.changed_at:%d.%m.%Y}"


class Stage(models.TextChoices):
    """The stages of a competition (HG 1336/2022), in order."""

    SELECTION = "selectie", "Selecția dosarelor"
    WRITTEN = "scrisa", "Proba scrisă"
    INTERVIEW = "interviu", "Interviul"
    FINAL = "final", "Rezultatele finale"


STAGE_ORDER = [Stage.SELECTION, Stage.WRITTEN, Stage.INTERVIEW, Stage.FINAL]


class CompetitionStage(ProtectedRecord):
    """The published results of one stage of a competition; each candidate is named by the registration number of
    the application, not by name."""

    competition = models.ForeignKey(JobCompetition, on_delete=models.PROTECT, related_name="stages")
    stage = models.CharField("etapa", max_length=10, choices=Stage.choices)
    held_on = models.DateField("data")
    note = models.TextField("mențiuni", blank=True)
    published_at = models.DateTimeField("rezultate publicate la")
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")

    class Meta:
        verbose_name = "etapă a concursului"
        verbose_name_plural = "etapele concursurilor"
        ordering = ["competition", "held_on", "pk"]
        constraints = [models.UniqueConstraint(fields=["competition", "stage"], name="monitor_stage_unique")]

    def __str__(self):
        return f"{self.competition.reference}: {self.get_stage_display()}"


class StageResult(ProtectedRecord):
    class Outcome(models.TextChoices):
        PASSED = "admis", "admis"
        FAILED = "respins", "respins"

    stage = models.ForeignKey(CompetitionStage, on_delete=models.PROTECT, related_name="results")
    application = models.ForeignKey("requests.Request", verbose_name="dosarul de înscriere", on_delete=models.PROTECT,
                                    related_name="competition_results")
    outcome = models.CharField("rezultatul", max_length=8, choices=Outcome.choices)
    score = models.DecimalField("punctajul", max_digits=5, decimal_places=2, null=True, blank=True)

    class Meta:
        verbose_name = "rezultatul unui candidat"
        verbose_name_plural = "rezultatele candidaților"
        ordering = ["stage", "pk"]
        constraints = [models.UniqueConstraint(fields=["stage", "application"], name="monitor_result_unique")]

    def __str__(self):
        return f"{self.application.reference}: {self.outcome}"
