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
from django.utils.translation import gettext, gettext_lazy

from primaria.core.models import ProtectedRecord


class Section(models.TextChoices):
    """The six sections of the Monitorul Oficial Local, in the order of Annex 1."""

    STATUTE = "statut", gettext_lazy("Statutul unității administrativ-teritoriale")
    REGULATIONS = "regulamente", gettext_lazy("Regulamente privind procedurile administrative")
    DECISIONS = "hotarari", gettext_lazy("Hotărârile autorității deliberative")
    DISPOSITIONS = "dispozitii", gettext_lazy("Dispozițiile autorității executive")
    FINANCIAL = "financiare", gettext_lazy("Documente și informații financiare")
    OTHER = "alte-documente", gettext_lazy("Alte documente")


class Kind(models.TextChoices):
    DECISION = "hotarare", gettext_lazy("Hotărâre a consiliului local")
    DISPOSITION = "dispozitie", gettext_lazy("Dispoziție a primarului")
    REGULATION = "regulament", gettext_lazy("Regulament")
    STATUTE = "statut", gettext_lazy("Statut")
    FINANCIAL = "financiar", gettext_lazy("Document financiar")
    OTHER = "alt", gettext_lazy("Alt document")


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
# i18n: ro (the act's official name, part of the legal record)
KIND_TITLES = {
    Kind.DECISION: "Hotărârea", Kind.DISPOSITION: "Dispoziția", Kind.REGULATION: "Regulamentul",  # i18n: ro
    Kind.STATUTE: "Statutul", Kind.FINANCIAL: "Documentul financiar", Kind.OTHER: "Documentul",  # i18n: ro
}


# How an act is named on the pages, in the reader's language ("Hotărârea nr. 15/2026" in Romanian); the act itself,
# its PDF and the records made when it is published keep the Romanian name (`Act.official_label`).
KIND_NAMES = {
    Kind.DECISION: gettext_lazy("Hotărârea nr. %(number)s/%(year)s"),
    Kind.DISPOSITION: gettext_lazy("Dispoziția nr. %(number)s/%(year)s"),
    Kind.REGULATION: gettext_lazy("Regulamentul nr. %(number)s/%(year)s"),
    Kind.STATUTE: gettext_lazy("Statutul nr. %(number)s/%(year)s"),
    Kind.FINANCIAL: gettext_lazy("Documentul financiar nr. %(number)s/%(year)s"),
    Kind.OTHER: gettext_lazy("Documentul nr. %(number)s/%(year)s"),
}


def act_name(kind, number, year, *, lower=False) -> str:
    """The act's name in the active language; `lower` for the middle of a sentence ("hotărârea nr. 15/2026")."""
    name = str(KIND_NAMES[kind]) % {"number": number, "year": year}
    return name[:1].lower() + name[1:] if lower else name


class Status(models.TextChoices):
    IN_FORCE = "in_force", gettext_lazy("în vigoare")
    AMENDED = "amended", gettext_lazy("modificat")
    REPEALED = "repealed", gettext_lazy("abrogat")


class Act(ProtectedRecord):
    """An act published in the Monitorul Oficial Local."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    institution = models.ForeignKey("institutions.Institution", verbose_name=gettext_lazy("instituția"), on_delete=models.PROTECT,
                                    related_name="official_acts")
    section = models.CharField(gettext_lazy("secțiunea"), max_length=20, choices=Section.choices)
    kind = models.CharField(gettext_lazy("tipul actului"), max_length=12, choices=Kind.choices)
    number = models.PositiveIntegerField(gettext_lazy("numărul"))
    year = models.PositiveSmallIntegerField(gettext_lazy("anul"))
    adopted_on = models.DateField(gettext_lazy("data adoptării sau emiterii"))
    title = models.CharField(gettext_lazy("obiectul (titlul)"), max_length=500)
    body = models.TextField(gettext_lazy("textul actului"), blank=True)
    issuer = models.CharField(gettext_lazy("emitentul"), max_length=200)
    initiator = models.CharField(gettext_lazy("inițiatorul"), max_length=200, blank=True)
    status = models.CharField(gettext_lazy("starea"), max_length=10, choices=Status.choices, default=Status.IN_FORCE)
    verification_code = models.CharField(gettext_lazy("cod de verificare"), max_length=20, unique=True)
    document = models.ForeignKey("documents.Document", verbose_name=gettext_lazy("PDF semnat"), on_delete=models.PROTECT,
                                 related_name="+")
    sha256 = models.CharField(max_length=64)
    published_at = models.DateTimeField(gettext_lazy("publicat la"))
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    communicated_prefect_on = models.DateField(gettext_lazy("comunicat prefectului la"), null=True, blank=True)
    communicated_on = models.DateField(gettext_lazy("comunicat celor interesați la"), null=True, blank=True)
    search_terms = models.TextField(editable=False, blank=True)

    class Meta:
        verbose_name = gettext_lazy("act publicat")
        verbose_name_plural = gettext_lazy("acte publicate (Monitorul Oficial Local)")
        ordering = ["-year", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["institution", "kind", "year", "number"], name="monitor_act_number_unique"),
        ]
        indexes = [models.Index(fields=["institution", "section", "-published_at"], name="monitor_act_section_idx")]

    def __str__(self):
        return f"{self.label} – {self.title}"

    @property
    def label(self) -> str:
        """The act's name on a page, in the reader's language."""
        return act_name(self.kind, self.number, self.year)

    @property
    def official_label(self) -> str:
        """The act's name as the act itself and the records write it (Romanian)."""
        return f"{KIND_TITLES[self.kind]} nr. {self.number}/{self.year}"

    @property
    def short_label(self) -> str:
        return f"nr. {self.number}/{self.year}"

    def get_absolute_url(self):
        return reverse("monitor:act", kwargs={"kind": KIND_SLUGS[self.kind], "year": self.year, "number": self.number})


class Relation(ProtectedRecord):
    """`source` amends or repeals `target`; both acts show it."""

    class Kind(models.TextChoices):
        AMENDS = "modifica", gettext_lazy("modifică")
        REPEALS = "abroga", gettext_lazy("abrogă")

    source = models.ForeignKey(Act, verbose_name=gettext_lazy("actul nou"), on_delete=models.PROTECT, related_name="changes")
    target = models.ForeignKey(Act, verbose_name=gettext_lazy("actul modificat sau abrogat"), on_delete=models.PROTECT,
                               related_name="changed_by")
    kind = models.CharField(gettext_lazy("relația"), max_length=10, choices=Kind.choices)

    class Meta:
        verbose_name = gettext_lazy("modificare sau abrogare")
        verbose_name_plural = gettext_lazy("modificări și abrogări")
        constraints = [models.UniqueConstraint(fields=["source", "target", "kind"], name="monitor_relation_unique")]

    def __str__(self):
        return f"{self.source.label} {self.get_kind_display()} {self.target.label}"


class DraftDecision(ProtectedRecord):
    """A line of the register of draft decisions (Registrul pentru evidența proiectelor de hotărâri)."""

    class Outcome(models.TextChoices):
        PENDING = "pending", gettext_lazy("în procedură")
        ADOPTED = "adopted", gettext_lazy("adoptat")
        REJECTED = "rejected", gettext_lazy("respins")
        WITHDRAWN = "withdrawn", gettext_lazy("retras")

    institution = models.ForeignKey("institutions.Institution", on_delete=models.PROTECT, related_name="+")
    number = models.PositiveIntegerField(gettext_lazy("numărul proiectului"))
    year = models.PositiveSmallIntegerField(gettext_lazy("anul"))
    registered_on = models.DateField(gettext_lazy("data înregistrării"))
    initiator = models.CharField(gettext_lazy("inițiatorul"), max_length=200)
    title = models.CharField(gettext_lazy("titlul proiectului"), max_length=500)
    published_on = models.DateField(gettext_lazy("data publicării pentru consultare"), null=True, blank=True)
    outcome = models.CharField(gettext_lazy("rezultatul"), max_length=10, choices=Outcome.choices, default=Outcome.PENDING)
    decision = models.ForeignKey(Act, verbose_name=gettext_lazy("hotărârea adoptată"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="drafts")

    class Meta:
        verbose_name = gettext_lazy("proiect de hotărâre")
        verbose_name_plural = gettext_lazy("registrul proiectelor de hotărâri")
        ordering = ["-year", "-number"]
        constraints = [models.UniqueConstraint(fields=["institution", "year", "number"], name="monitor_draft_unique")]

    def __str__(self):
        return f"Proiectul nr. {self.number}/{self.year} – {self.title}"


class ProcurementNotice(models.Model):
    """An anunț de achiziție publică (Legea 544/2001, art. 5; Legea 98/2016)."""

    class Procedure(models.TextChoices):
        OPEN = "licitatie", gettext_lazy("Licitație deschisă")
        SIMPLIFIED = "simplificata", gettext_lazy("Procedură simplificată")
        DIRECT = "directa", gettext_lazy("Achiziție directă")
        NEGOTIATED = "negociere", gettext_lazy("Negociere fără publicare prealabilă")

    class Status(models.TextChoices):
        DRAFT = "draft", gettext_lazy("ciornă (nepublicat)")
        OPEN = "open", gettext_lazy("în desfășurare")
        AWARDED = "awarded", gettext_lazy("atribuită")
        CANCELLED = "cancelled", gettext_lazy("anulată")

    institution = models.ForeignKey("institutions.Institution", on_delete=models.PROTECT, related_name="+")
    reference = models.CharField(gettext_lazy("numărul anunțului (SEAP/SICAP)"), max_length=40)
    title = models.CharField(gettext_lazy("obiectul contractului"), max_length=300)
    procedure = models.CharField(gettext_lazy("procedura"), max_length=15, choices=Procedure.choices)
    cpv = models.CharField(gettext_lazy("cod CPV"), max_length=20, blank=True)
    estimated_value = models.DecimalField(gettext_lazy("valoarea estimată (lei, fără TVA)"), max_digits=14, decimal_places=2)
    published_on = models.DateField(gettext_lazy("publicat la"))
    deadline = models.DateField(gettext_lazy("termenul de depunere a ofertelor"))
    description = models.TextField(gettext_lazy("descriere"), blank=True)
    status = models.CharField(gettext_lazy("starea"), max_length=10, choices=Status.choices, default=Status.OPEN)
    result = models.CharField(gettext_lazy("rezultatul"), max_length=300, blank=True)
    closed_on = models.DateField(gettext_lazy("închis la"), null=True, blank=True)

    class Meta:
        verbose_name = gettext_lazy("anunț de achiziție")
        verbose_name_plural = gettext_lazy("anunțuri de achiziții")
        ordering = ["-published_on", "-pk"]
        constraints = [models.UniqueConstraint(fields=["institution", "reference"], name="monitor_procurement_unique")]

    def __str__(self):
        return f"{self.reference} – {self.title}"


class JobCompetition(models.Model):
    """A concurs de angajare (HG 1336/2022); applications are requests of the catalog service named by
    `settings.PRIMARIA_COMPETITION_SERVICE`, whose field `concurs` lists the open competitions by `choice_label`."""

    class Status(models.TextChoices):
        DRAFT = "draft", gettext_lazy("ciornă (nepublicat)")
        OPEN = "open", gettext_lazy("înscrieri deschise")
        CLOSED = "closed", gettext_lazy("înscrieri închise")
        FINISHED = "finished", gettext_lazy("finalizat")
        CANCELLED = "cancelled", gettext_lazy("anulat")

    institution = models.ForeignKey("institutions.Institution", on_delete=models.PROTECT, related_name="+")
    reference = models.CharField(gettext_lazy("codul concursului"), max_length=30)
    position = models.CharField(gettext_lazy("postul"), max_length=200)
    department = models.CharField(gettext_lazy("compartimentul"), max_length=200)
    grade = models.CharField(gettext_lazy("clasa, gradul profesional"), max_length=120, blank=True)
    published_on = models.DateField(gettext_lazy("publicat la"))
    applications_until = models.DateField(gettext_lazy("înscrieri până la"))
    written_test_on = models.DateField(gettext_lazy("proba scrisă"), null=True, blank=True)
    interview_on = models.DateField(gettext_lazy("interviul"), null=True, blank=True)
    conditions = models.TextField(gettext_lazy("condiții de participare"))
    bibliography = models.TextField(gettext_lazy("bibliografie"), blank=True)
    status = models.CharField(gettext_lazy("starea"), max_length=10, choices=Status.choices, default=Status.OPEN)
    results = models.TextField(gettext_lazy("rezultate"), blank=True)
    closed_on = models.DateField(gettext_lazy("închis la"), null=True, blank=True)

    class Meta:
        verbose_name = gettext_lazy("concurs de angajare")
        verbose_name_plural = gettext_lazy("concursuri de angajare")
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
    changed_at = models.DateTimeField(gettext_lazy("modificat la"))
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    reason = models.TextField(gettext_lazy("motivul modificării"))
    changes = models.JSONField(gettext_lazy("modificările"), default=list)  # [{"field", "label", "before", "after"}]

    class Meta:
        verbose_name = gettext_lazy("modificare a unui anunț")
        verbose_name_plural = gettext_lazy("modificări ale anunțurilor")
        ordering = ["changed_at", "pk"]

    def __str__(self):
        return gettext("Modificare din %(date)s") % {"date": f"{self.changed_at:%d.%m.%Y}"}


class Stage(models.TextChoices):
    """The stages of a competition (HG 1336/2022), in order."""

    SELECTION = "selectie", gettext_lazy("Selecția dosarelor")
    WRITTEN = "scrisa", gettext_lazy("Proba scrisă")
    INTERVIEW = "interviu", gettext_lazy("Interviul")
    FINAL = "final", gettext_lazy("Rezultatele finale")


STAGE_ORDER = [Stage.SELECTION, Stage.WRITTEN, Stage.INTERVIEW, Stage.FINAL]


class CompetitionStage(ProtectedRecord):
    """The published results of one stage of a competition; each candidate is named by the registration number of
    the application, not by name."""

    competition = models.ForeignKey(JobCompetition, on_delete=models.PROTECT, related_name="stages")
    stage = models.CharField(gettext_lazy("etapa"), max_length=10, choices=Stage.choices)
    held_on = models.DateField(gettext_lazy("data"))
    note = models.TextField(gettext_lazy("mențiuni"), blank=True)
    published_at = models.DateTimeField(gettext_lazy("rezultate publicate la"))
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")

    class Meta:
        verbose_name = gettext_lazy("etapă a concursului")
        verbose_name_plural = gettext_lazy("etapele concursurilor")
        ordering = ["competition", "held_on", "pk"]
        constraints = [models.UniqueConstraint(fields=["competition", "stage"], name="monitor_stage_unique")]

    def __str__(self):
        return f"{self.competition.reference}: {self.get_stage_display()}"


class StageResult(ProtectedRecord):
    class Outcome(models.TextChoices):
        PASSED = "admis", gettext_lazy("admis")
        FAILED = "respins", gettext_lazy("respins")

    stage = models.ForeignKey(CompetitionStage, on_delete=models.PROTECT, related_name="results")
    application = models.ForeignKey("requests.Request", verbose_name=gettext_lazy("dosarul de înscriere"), on_delete=models.PROTECT,
                                    related_name="competition_results")
    outcome = models.CharField(gettext_lazy("rezultatul"), max_length=8, choices=Outcome.choices)
    score = models.DecimalField(gettext_lazy("punctajul"), max_digits=5, decimal_places=2, null=True, blank=True)

    class Meta:
        verbose_name = gettext_lazy("rezultatul unui candidat")
        verbose_name_plural = gettext_lazy("rezultatele candidaților")
        ordering = ["stage", "pk"]
        constraints = [models.UniqueConstraint(fields=["stage", "application"], name="monitor_result_unique")]

    def __str__(self):
        return f"{self.application.reference}: {self.outcome}"
