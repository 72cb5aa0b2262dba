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
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .proposals import RegisteredProposal


class Councillor(models.Model):
    institution = models.ForeignKey("institutions.Institution", on_delete=models.PROTECT, related_name="+")
    full_name = models.CharField(gettext_lazy("numele și prenumele"), max_length=200)
    party_group = models.CharField(gettext_lazy("grupul politic"), max_length=120, blank=True)
    email = models.EmailField(gettext_lazy("e-mail"), blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=gettext_lazy("contul"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="council_seats")
    active = models.BooleanField(gettext_lazy("în funcție"), default=True)

    class Meta:
        verbose_name = gettext_lazy("consilier local")
        verbose_name_plural = gettext_lazy("consilieri locali")
        ordering = ["full_name"]

    def __str__(self):
        return self.full_name


class Committee(models.Model):
    institution = models.ForeignKey("institutions.Institution", on_delete=models.PROTECT, related_name="+")
    name = models.CharField(gettext_lazy("denumirea"), max_length=200)
    members = models.ManyToManyField(Councillor, verbose_name=gettext_lazy("membri"), blank=True, related_name="committees")

    class Meta:
        verbose_name = gettext_lazy("comisie de specialitate")
        verbose_name_plural = gettext_lazy("comisii de specialitate")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Majority(models.TextChoices):
    SIMPLE = "simple", gettext_lazy("majoritate simplă (a celor prezenți)")
    ABSOLUTE = "absolute", gettext_lazy("majoritate absolută (a consilierilor în funcție)")
    TWO_THIRDS = "two_thirds", gettext_lazy("două treimi din consilierii în funcție")


class Draft(models.Model):
    class Status(models.TextChoices):
        REGISTERED = "registered", gettext_lazy("înregistrat")
        CONSULTATION = "consultation", gettext_lazy("în consultare publică")
        READY = "ready", gettext_lazy("sinteza publicată")
        ON_AGENDA = "on_agenda", gettext_lazy("pe ordinea de zi")
        ADOPTED = "adopted", gettext_lazy("adoptat")
        REJECTED = "rejected", gettext_lazy("respins")
        WITHDRAWN = "withdrawn", gettext_lazy("retras")

    class Kind(models.TextChoices):
        DECISION = "hotarare", gettext_lazy("proiect de hotărâre a consiliului local")
        DISPOSITION = "dispozitie", gettext_lazy("proiect de dispoziție a primarului")

    institution = models.ForeignKey("institutions.Institution", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(gettext_lazy("tipul"), max_length=12, choices=Kind.choices, default=Kind.DECISION)
    number = models.PositiveIntegerField(gettext_lazy("numărul proiectului"))
    year = models.PositiveSmallIntegerField(gettext_lazy("anul"))
    registered_on = models.DateField(gettext_lazy("data înregistrării"))
    initiator = models.CharField(gettext_lazy("inițiatorul"), max_length=200)
    initiator_user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=gettext_lazy("contul inițiatorului"), null=True,
                                       blank=True, on_delete=models.SET_NULL, related_name="+")
    title = models.CharField(gettext_lazy("titlul"), max_length=500)
    body = models.TextField(gettext_lazy("textul proiectului"))
    normative = models.BooleanField(gettext_lazy("act normativ"), default=False)
    majority = models.CharField(gettext_lazy("majoritatea cerută"), max_length=12, choices=Majority.choices,
                                default=Majority.SIMPLE)
    referat = models.TextField(gettext_lazy("referatul de aprobare al inițiatorului"), blank=True)
    referat_pdf = models.ForeignKey("documents.Document", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    report = models.TextField(gettext_lazy("raportul compartimentului de specialitate"), blank=True)
    report_pdf = models.ForeignKey("documents.Document", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    status = models.CharField(gettext_lazy("starea"), max_length=14, choices=Status.choices, default=Status.REGISTERED)
    register_line = models.OneToOneField("monitor.DraftDecision", null=True, blank=True, on_delete=models.PROTECT,
                                         related_name="council_draft")
    withdrawn_on = models.DateField(gettext_lazy("retras la"), null=True, blank=True)
    withdrawal_reason = models.TextField(gettext_lazy("motivul retragerii"), blank=True)
    withdrawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = gettext_lazy("proiect")
        verbose_name_plural = gettext_lazy("proiecte de hotărâri și dispoziții")
        ordering = ["-year", "-number"]
        constraints = [models.UniqueConstraint(fields=["institution", "kind", "year", "number"],
                                               name="council_draft_number_unique")]

    def __str__(self):
        return f"Proiectul nr. {self.number}/{self.year} – {self.title}"


class Consultation(models.Model):
    draft = models.OneToOneField(Draft, on_delete=models.PROTECT, related_name="consultation")
    announced_on = models.DateField(gettext_lazy("anunțat la"))
    proposals_until = models.DateField(gettext_lazy("propuneri până la"))
    earliest_adoption = models.DateField(gettext_lazy("cea mai devreme adoptare"))
    synthesis = models.TextField(gettext_lazy("sinteza propunerilor"), blank=True)
    synthesis_published_at = models.DateTimeField(gettext_lazy("sinteza publicată la"), null=True, blank=True)
    closed_on = models.DateField(gettext_lazy("închisă la (proiect retras)"), null=True, blank=True)

    class Meta:
        verbose_name = gettext_lazy("consultare publică")
        verbose_name_plural = gettext_lazy("consultări publice")

    def __str__(self):
        return _("Consultarea pentru %(draft)s") % {"draft": self.draft}


class Proposal(RegisteredProposal):
    consultation = models.ForeignKey(Consultation, on_delete=models.PROTECT, related_name="proposals")

    class Meta:
        verbose_name = gettext_lazy("propunere")
        verbose_name_plural = gettext_lazy("registrul propunerilor")
        ordering = ["consultation", "number"]
        constraints = [models.UniqueConstraint(fields=["consultation", "number"], name="council_proposal_unique")]


class CommitteeOpinion(models.Model):
    class Verdict(models.TextChoices):
        FAVORABLE = "favorable", gettext_lazy("aviz favorabil")
        UNFAVORABLE = "unfavorable", gettext_lazy("aviz nefavorabil")

    draft = models.ForeignKey(Draft, on_delete=models.PROTECT, related_name="opinions")
    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="+")
    verdict = models.CharField(gettext_lazy("avizul"), max_length=12, choices=Verdict.choices)
    given_on = models.DateField(gettext_lazy("data avizului"))
    note = models.TextField(gettext_lazy("observații"), blank=True)

    class Meta:
        verbose_name = gettext_lazy("avizul comisiei")
        verbose_name_plural = gettext_lazy("avizele comisiilor")
        constraints = [models.UniqueConstraint(fields=["draft", "committee"], name="council_opinion_unique")]

    def __str__(self):
        return f"{self.committee}: {self.get_verdict_display()}"


class Session(models.Model):
    class Kind(models.TextChoices):
        ORDINARY = "ordinara", gettext_lazy("ordinară")
        EXTRAORDINARY = "extraordinara", gettext_lazy("extraordinară")

    institution = models.ForeignKey("institutions.Institution", on_delete=models.PROTECT, related_name="+")
    date = models.DateField(gettext_lazy("data ședinței"))
    kind = models.CharField(gettext_lazy("felul"), max_length=14, choices=Kind.choices, default=Kind.ORDINARY)
    chair = models.ForeignKey(Councillor, verbose_name=gettext_lazy("președintele de ședință"), null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+")
    drafts = models.ManyToManyField(Draft, verbose_name=gettext_lazy("ordinea de zi"), related_name="sessions", blank=True)
    convocation_sent_on = models.DateField(gettext_lazy("convocare trimisă la"), null=True, blank=True)

    class Meta:
        verbose_name = gettext_lazy("ședința consiliului")
        verbose_name_plural = gettext_lazy("ședințele consiliului")
        ordering = ["-date"]

    def __str__(self):
        return _("Ședința %(kind)s din %(date)s") % {"kind": self.get_kind_display(), "date": f"{self.date:%d.%m.%Y}"}


class Vote(models.Model):
    class Choice(models.TextChoices):
        FOR = "pentru", gettext_lazy("pentru")
        AGAINST = "impotriva", gettext_lazy("împotrivă")
        ABSTAIN = "abtinere", gettext_lazy("abținere")

    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="votes")
    draft = models.ForeignKey(Draft, on_delete=models.PROTECT, related_name="votes")
    councillor = models.ForeignKey(Councillor, on_delete=models.PROTECT, related_name="votes")
    choice = models.CharField(gettext_lazy("votul"), max_length=10, choices=Choice.choices)

    class Meta:
        verbose_name = gettext_lazy("vot")
        verbose_name_plural = gettext_lazy("voturi")
        constraints = [models.UniqueConstraint(fields=["session", "draft", "councillor"], name="council_vote_unique")]

    def __str__(self):
        return f"{self.councillor}: {self.get_choice_display()}"


class Decision(models.Model):
    class Status(models.TextChoices):
        ADOPTED = "adopted", gettext_lazy("adoptată, de semnat")
        REJECTED = "rejected", gettext_lazy("respins")
        CHAIR_SIGNED = "chair_signed", gettext_lazy("semnată de președintele de ședință")
        COUNTERSIGNED = "countersigned", gettext_lazy("contrasemnată de secretarul general")
        COMMUNICATED = "communicated", gettext_lazy("comunicată prefectului")
        PUBLISHED = "published", gettext_lazy("publicată")

    draft = models.OneToOneField(Draft, on_delete=models.PROTECT, related_name="decision")
    session = models.ForeignKey(Session, null=True, blank=True, on_delete=models.PROTECT, related_name="decisions")
    adopted_on = models.DateField(gettext_lazy("data"))
    status = models.CharField(gettext_lazy("starea"), max_length=14, choices=Status.choices)
    number = models.PositiveIntegerField(gettext_lazy("numărul hotărârii"), null=True, blank=True)
    in_office = models.PositiveSmallIntegerField(gettext_lazy("consilieri în funcție"), default=0)
    present = models.PositiveSmallIntegerField(gettext_lazy("prezenți"), default=0)
    votes_for = models.PositiveSmallIntegerField(gettext_lazy("pentru"), default=0)
    votes_against = models.PositiveSmallIntegerField(gettext_lazy("împotrivă"), default=0)
    abstentions = models.PositiveSmallIntegerField(gettext_lazy("abțineri"), default=0)
    required = models.PositiveSmallIntegerField(gettext_lazy("voturi necesare"), default=0)
    verification_code = models.CharField(max_length=20, blank=True)
    pdf = models.BinaryField(gettext_lazy("PDF-ul semnat"), null=True, blank=True, editable=False)
    chair_signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                        related_name="+")
    countersigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                         on_delete=models.SET_NULL, related_name="+")
    prefect_due_on = models.DateField(gettext_lazy("termen comunicare prefect"), null=True, blank=True)
    communicated_prefect_on = models.DateField(gettext_lazy("comunicată prefectului la"), null=True, blank=True)
    communicated_on = models.DateField(gettext_lazy("comunicată celor cărora se adresează la"), null=True, blank=True)
    act = models.OneToOneField("monitor.Act", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="council_decision")

    class Meta:
        verbose_name = gettext_lazy("hotărâre (rezultatul votului)")
        verbose_name_plural = gettext_lazy("hotărâri (rezultatul votului)")
        ordering = ["-adopted_on", "-pk"]

    def __str__(self):
        return f"{self.draft.title} – {self.get_status_display()}"

    @property
    def official_label(self) -> str:
        """The act's official name, as the act itself writes it ("Hotărârea nr. 7/2026"): Romanian, a legal record."""
        what = "Hotărârea" if self.session_id else "Dispoziția"  # i18n: ro
        return f"{what} nr. {self.number}/{self.adopted_on:%Y}"


class Addressee(models.Model):
    """A person or a company an act with individual character concerns (OUG 57/2019, art. 199): the act is
    communicated to them within 5 days of its official communication to the prefect, online in their folder when
    they have an account, otherwise by post (an outgoing entry of the registry)."""

    class Channel(models.TextChoices):
        ONLINE = "online", gettext_lazy("online, în dosarul din cont")
        POST = "post", gettext_lazy("prin poștă, cu confirmare de primire")

    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="addressees")
    party = models.ForeignKey("accounts.Party", verbose_name=gettext_lazy("persoana sau firma"), null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+")
    name = models.CharField(gettext_lazy("numele sau denumirea"), max_length=200)
    address = models.CharField(gettext_lazy("adresa de comunicare"), max_length=300, blank=True)
    email = models.EmailField(gettext_lazy("e-mail"), blank=True)
    added_at = models.DateTimeField(auto_now_add=True)
    channel = models.CharField(gettext_lazy("comunicat"), max_length=8, choices=Channel.choices, blank=True)
    communicated_on = models.DateField(gettext_lazy("comunicat la"), null=True, blank=True)
    registry_entry = models.ForeignKey("registry.RegistryEntry", null=True, blank=True, on_delete=models.PROTECT,
                                       related_name="+")
    document = models.ForeignKey("documents.Document", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+")

    class Meta:
        verbose_name = gettext_lazy("persoană căreia i se comunică actul")
        verbose_name_plural = gettext_lazy("persoane cărora li se comunică actele individuale")
        ordering = ["decision", "pk"]
        constraints = [models.UniqueConstraint(fields=["decision", "party"], condition=models.Q(party__isnull=False),
                                               name="council_addressee_party_unique")]

    def __str__(self):
        return self.name
