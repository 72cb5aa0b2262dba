"""The circuit of a local council decision (OUG 57/2019, Codul administrativ, art. 136–140, 196–200, 243) and of
the public consultation of a normative draft (Legea 52/2003, art. 7).

A `Draft` (proiect de hotărâre) carries the mayor's referat and the specialist department's report; a normative
draft goes through a `Consultation` whose `Proposal` rows form the register of proposals; the committees give their
`CommitteeOpinion`; a `Session` is convened and each councillor's `Vote` is recorded; the `Decision` keeps the
outcome, the signed PDF (the chair's signature, then the secretary general's countersignature), the communication
to the prefect and the act published in the Monitorul Oficial Local.
"""

from django.conf import settings
from django.db import models


class Councillor(models.Model):
    institution = models.ForeignKey("institutions.Institution", on_delete=models.PROTECT, related_name="+")
    full_name = models.CharField("numele și prenumele", max_length=200)
    party_group = models.CharField("grupul politic", max_length=120, blank=True)
    email = models.EmailField("e-mail", blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="contul", null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="council_seats")
    active = models.BooleanField("în funcție", default=True)

    class Meta:
        verbose_name = "consilier local"
        verbose_name_plural = "consilieri locali"
        ordering = ["full_name"]

    def __str__(self):
        return self.full_name


class Committee(models.Model):
    institution = models.ForeignKey("institutions.Institution", on_delete=models.PROTECT, related_name="+")
    name = models.CharField("denumirea", max_length=200)
    members = models.ManyToManyField(Councillor, verbose_name="membri", blank=True, related_name="committees")

    class Meta:
        verbose_name = "comisie de specialitate"
        verbose_name_plural = "comisii de specialitate"
        ordering = ["name"]

    def __str__(self):
        return self.name


class Majority(models.TextChoices):
    SIMPLE = "simple", "majoritate simplă (a celor prezenți)"
    ABSOLUTE = "absolute", "majoritate absolută (a consilierilor în funcție)"
    TWO_THIRDS = "two_thirds", "două treimi din consilierii în funcție"


class Draft(models.Model):
    class Status(models.TextChoices):
        REGISTERED = "registered", "înregistrat"
        CONSULTATION = "consultation", "în consultare publică"
        READY = "ready", "sinteza publicată"
        ON_AGENDA = "on_agenda", "pe ordinea de zi"
        ADOPTED = "adopted", "adoptat"
        REJECTED = "rejected", "respins"
        WITHDRAWN = "withdrawn", "retras"

    class Kind(models.TextChoices):
        DECISION = "hotarare", "proiect de hotărâre a consiliului local"
        DISPOSITION = "dispozitie", "proiect de dispoziție a primarului"

    institution = models.ForeignKey("institutions.Institution", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("tipul", max_length=12, choices=Kind.choices, default=Kind.DECISION)
    number = models.PositiveIntegerField("numărul proiectului")
    year = models.PositiveSmallIntegerField("anul")
    registered_on = models.DateField("data înregistrării")
    initiator = models.CharField("inițiatorul", max_length=200)
    initiator_user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="contul inițiatorului", null=True,
                                       blank=True, on_delete=models.SET_NULL, related_name="+")
    title = models.CharField("titlul", max_length=500)
    body = models.TextField("textul proiectului")
    normative = models.BooleanField("act normativ", default=False)
    majority = models.CharField("majoritatea cerută", max_length=12, choices=Majority.choices,
                                default=Majority.SIMPLE)
    referat = models.TextField("referatul de aprobare al inițiatorului", blank=True)
    referat_pdf = models.ForeignKey("documents.Document", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    report = models.TextField("raportul compartimentului de specialitate", blank=True)
    report_pdf = models.ForeignKey("documents.Document", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    status = models.CharField("starea", max_length=14, choices=Status.choices, default=Status.REGISTERED)
    register_line = models.OneToOneField("monitor.DraftDecision", null=True, blank=True, on_delete=models.PROTECT,
                                         related_name="council_draft")
    withdrawn_on = models.DateField("retras la", null=True, blank=True)
    withdrawal_reason = models.TextField("motivul retragerii", blank=True)
    withdrawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "proiect"
        verbose_name_plural = "proiecte de hotărâri și dispoziții"
        ordering = ["-year", "-number"]
        constraints = [models.UniqueConstraint(fields=["institution", "kind", "year", "number"],
                                               name="council_draft_number_unique")]

    def __str__(self):
        return f"Proiectul nr. {self.number}/{self.year} – {self.title}"


class Consultation(models.Model):
    draft = models.OneToOneField(Draft, on_delete=models.PROTECT, related_name="consultation")
    announced_on = models.DateField("anunțat la")
    proposals_until = models.DateField("propuneri până la")
    earliest_adoption = models.DateField("cea mai devreme adoptare")
    synthesis = models.TextField("sinteza propunerilor", blank=True)
    synthesis_published_at = models.DateTimeField("sinteza publicată la", null=True, blank=True)
    closed_on = models.DateField("închisă la (proiect retras)", null=True, blank=True)

    class Meta:
        verbose_name = "consultare publică"
        verbose_name_plural = "consultări publice"

    def __str__(self):
        return f"Consultarea pentru {self.draft}"


class Proposal(models.Model):
    consultation = models.ForeignKey(Consultation, on_delete=models.PROTECT, related_name="proposals")
    number = models.PositiveIntegerField("numărul din registru")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+")
    name = models.CharField("numele", max_length=200)
    email = models.EmailField("e-mail")
    text = models.TextField("propunerea")
    received_at = models.DateTimeField("primită la")

    class Meta:
        verbose_name = "propunere"
        verbose_name_plural = "registrul propunerilor"
        ordering = ["consultation", "number"]
        constraints = [models.UniqueConstraint(fields=["consultation", "number"], name="council_proposal_unique")]

    def __str__(self):
        return f"Propunerea nr. {self.number} – {self.name}"


class CommitteeOpinion(models.Model):
    class Verdict(models.TextChoices):
        FAVORABLE = "favorable", "aviz favorabil"
        UNFAVORABLE = "unfavorable", "aviz nefavorabil"

    draft = models.ForeignKey(Draft, on_delete=models.PROTECT, related_name="opinions")
    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="+")
    verdict = models.CharField("avizul", max_length=12, choices=Verdict.choices)
    given_on = models.DateField("data avizului")
    note = models.TextField("observații", blank=True)

    class Meta:
        verbose_name = "avizul comisiei"
        verbose_name_plural = "avizele comisiilor"
        constraints = [models.UniqueConstraint(fields=["draft", "committee"], name="council_opinion_unique")]

    def __str__(self):
        return f"{self.committee}: {self.get_verdict_display()}"


class Session(models.Model):
    class Kind(models.TextChoices):
        ORDINARY = "ordinara", "ordinară"
        EXTRAORDINARY = "extraordinara", "extraordinară"

    institution = models.ForeignKey("institutions.Institution", on_delete=models.PROTECT, related_name="+")
    date = models.DateField("data ședinței")
    kind = models.CharField("felul", max_length=14, choices=Kind.choices, default=Kind.ORDINARY)
    chair = models.ForeignKey(Councillor, verbose_name="președintele de ședință", null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+")
    drafts = models.ManyToManyField(Draft, verbose_name="ordinea de zi", related_name="sessions", blank=True)
    convocation_sent_on = models.DateField("convocare trimisă la", null=True, blank=True)

    class Meta:
        verbose_name = "ședința consiliului"
        verbose_name_plural = "ședințele consiliului"
        ordering = ["-date"]

    def __str__(self):
        return f"Ședința {self.get_kind_display()} din {self.date:%d.%m.%Y}"


class Vote(models.Model):
    class Choice(models.TextChoices):
        FOR = "pentru", "pentru"
        AGAINST = "impotriva", "împotrivă"
        ABSTAIN = "abtinere", "abținere"

    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="votes")
    draft = models.ForeignKey(Draft, on_delete=models.PROTECT, related_name="votes")
    councillor = models.ForeignKey(Councillor, on_delete=models.PROTECT, related_name="votes")
    choice = models.CharField("votul", max_length=10, choices=Choice.choices)

    class Meta:
        verbose_name = "vot"
        verbose_name_plural = "voturi"
        constraints = [models.UniqueConstraint(fields=["session", "draft", "councillor"], name="council_vote_unique")]

    def __str__(self):
        return f"{self.councillor}: {self.get_choice_display()}"


class Decision(models.Model):
    class Status(models.TextChoices):
        ADOPTED = "adopted", "adoptată, de semnat"
        REJECTED = "rejected", "respins"
        CHAIR_SIGNED = "chair_signed", "semnată de președintele de ședință"
        COUNTERSIGNED = "countersigned", "contrasemnată de secretarul general"
        COMMUNICATED = "communicated", "comunicată prefectului"
        PUBLISHED = "published", "publicată"

    draft = models.OneToOneField(Draft, on_delete=models.PROTECT, related_name="decision")
    session = models.ForeignKey(Session, null=True, blank=True, on_delete=models.PROTECT, related_name="decisions")
    adopted_on = models.DateField("data")
    status = models.CharField("starea", max_length=14, choices=Status.choices)
    number = models.PositiveIntegerField("numărul hotărârii", null=True, blank=True)
    in_office = models.PositiveSmallIntegerField("consilieri în funcție", default=0)
    present = models.PositiveSmallIntegerField("prezenți", default=0)
    votes_for = models.PositiveSmallIntegerField("pentru", default=0)
    votes_against = models.PositiveSmallIntegerField("împotrivă", default=0)
    abstentions = models.PositiveSmallIntegerField("abțineri", default=0)
    required = models.PositiveSmallIntegerField("voturi necesare", default=0)
    verification_code = models.CharField(max_length=20, blank=True)
    pdf = models.BinaryField("PDF-ul semnat", null=True, blank=True, editable=False)
    chair_signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                        related_name="+")
    countersigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                         on_delete=models.SET_NULL, related_name="+")
    prefect_due_on = models.DateField("termen comunicare prefect", null=True, blank=True)
    communicated_prefect_on = models.DateField("comunicată prefectului la", null=True, blank=True)
    communicated_on = models.DateField("comunicată celor cărora se adresează la", null=True, blank=True)
    act = models.OneToOneField("monitor.Act", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="council_decision")

    class Meta:
        verbose_name = "hotărâre (rezultatul votului)"
        verbose_name_plural = "hotărâri (rezultatul votului)"
        ordering = ["-adopted_on", "-pk"]

    def __str__(self):
        return f"{self.draft.title} – {self.get_status_display()}"


class Addressee(models.Model):
    """A person or a company an act with individual character concerns (OUG 57/2019, art. 199): the act is
    communicated to them within 5 days of its official communication to the prefect, online in their folder when
    they have an account, otherwise by post (an outgoing entry of the registry)."""

    class Channel(models.TextChoices):
        ONLINE = "online", "online, în dosarul din cont"
        POST = "post", "prin poștă, cu confirmare de primire"

    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="addressees")
    party = models.ForeignKey("accounts.Party", verbose_name="persoana sau firma", null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+")
    name = models.CharField("numele sau denumirea", max_length=200)
    address = models.CharField("adresa de comunicare", max_length=300, blank=True)
    email = models.EmailField("e-mail", blank=True)
    added_at = models.DateTimeField(auto_now_add=True)
    channel = models.CharField("comunicat", max_length=8, choices=Channel.choices, blank=True)
    communicated_on = models.DateField("comunicat la", null=True, blank=True)
    registry_entry = models.ForeignKey("registry.RegistryEntry", null=True, blank=True, on_delete=models.PROTECT,
                                       related_name="+")
    document = models.ForeignKey("documents.Document", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+")

    class Meta:
        verbose_name = "persoană căreia i se comunică actul"
        verbose_name_plural = "persoane cărora li se comunică actele individuale"
        ordering = ["decision", "pk"]
        constraints = [models.UniqueConstraint(fields=["decision", "party"], condition=models.Q(party__isnull=False),
                                               name="council_addressee_party_unique")]

    def __str__(self):
        return self.name
