"""Residents taking part in the city's decisions (Legea nr. 52/2003 privind transparența decizională):

* a `Debate` (dezbatere publică) announced with its date, time, place or online link, agenda and documents, for a draft
  under consultation (`council.Draft`) or standing alone (the budget, an urban plan); residents register to speak
  (`SpeakerRegistration`), send proposals inside its window (`DebateProposal`, the register of proposals of a debate
  that stands alone), and the minute and the recording are published after it;
* a `DebateRequest`: a debate asked in writing by an association or another public authority, registered in the
  institution's register (art. 7 alin. (9) makes the debate mandatory then);
* newsletters per `Topic`: a `Subscription` by e-mail, confirmed by a signed link (double opt-in), with the consent
  text it was given for; `NewsletterSend` keeps that an announcement reached an address once.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse


class Debate(models.Model):
    class Subject(models.TextChoices):
        DRAFT = "proiect", "proiect de act normativ"
        BUDGET = "buget", "bugetul local"
        URBAN = "urbanism", "documentație de urbanism"
        OTHER = "altul", "alt subiect de interes public"

    class Status(models.TextChoices):
        ANNOUNCED = "announced", "anunțată"
        HELD = "held", "desfășurată, minuta publicată"

    institution = models.ForeignKey("institutions.Institution", on_delete=models.PROTECT, related_name="+")
    subject = models.CharField("subiectul", max_length=10, choices=Subject.choices, default=Subject.OTHER)
    draft = models.ForeignKey("council.Draft", verbose_name="proiectul", null=True, blank=True,
                              on_delete=models.PROTECT, related_name="debates")
    request = models.OneToOneField("DebateRequest", verbose_name="cererea", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="debate")
    title = models.CharField("titlul", max_length=300)
    starts_at = models.DateTimeField("data și ora")
    place = models.CharField("locul", max_length=300, blank=True)
    online_url = models.URLField("legătura online", blank=True)
    agenda = models.TextField("ordinea de zi")
    announced_on = models.DateField("anunțată la")
    proposals_until = models.DateField("propuneri până la")
    status = models.CharField("starea", max_length=10, choices=Status.choices, default=Status.ANNOUNCED)
    minutes = models.TextField("minuta", blank=True)
    minutes_published_at = models.DateTimeField("minuta publicată la", null=True, blank=True)
    recording_url = models.URLField("înregistrarea", blank=True)
    announced_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "dezbatere publică"
        verbose_name_plural = "dezbateri publice"
        ordering = ["-starts_at", "-pk"]

    def __str__(self):
        return f"Dezbaterea publică din {self.starts_at:%d.%m.%Y} – {self.title}"

    def get_absolute_url(self):
        return reverse("participation:debate", kwargs={"pk": self.pk})


class DebateDocument(models.Model):
    debate = models.ForeignKey(Debate, on_delete=models.PROTECT, related_name="documents")
    title = models.CharField("titlul", max_length=250)
    document = models.ForeignKey("documents.Document", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "document supus dezbaterii"
        verbose_name_plural = "documente supuse dezbaterii"
        ordering = ["debate", "pk"]

    def __str__(self):
        return self.title


class DebateRequest(models.Model):
    class Requester(models.TextChoices):
        ASSOCIATION = "asociatie", "asociație legal constituită"
        AUTHORITY = "autoritate", "altă autoritate publică"

    institution = models.ForeignKey("institutions.Institution", on_delete=models.PROTECT, related_name="+")
    registry_entry = models.OneToOneField("registry.RegistryEntry", on_delete=models.PROTECT, related_name="+")
    requester_kind = models.CharField("solicitantul este", max_length=10, choices=Requester.choices)
    requester = models.CharField("denumirea solicitantului", max_length=250)
    email = models.EmailField("e-mail", blank=True)
    draft = models.ForeignKey("council.Draft", verbose_name="proiectul", null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+")
    subject = models.TextField("ce se cere")
    received_on = models.DateField("primită la")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "cerere de dezbatere publică"
        verbose_name_plural = "cereri de dezbatere publică"
        ordering = ["-received_on", "-pk"]

    def __str__(self):
        return f"Cererea nr. {self.registry_entry.number} – {self.requester}"


class SpeakerRegistration(models.Model):
    debate = models.ForeignKey(Debate, on_delete=models.PROTECT, related_name="speakers")
    number = models.PositiveIntegerField("ordinea")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+")
    name = models.CharField("numele", max_length=200)
    email = models.EmailField("e-mail")
    organisation = models.CharField("organizația reprezentată", max_length=200, blank=True)
    topic = models.CharField("despre ce doriți să vorbiți", max_length=500)
    registered_at = models.DateTimeField("înscris la")

    class Meta:
        verbose_name = "înscriere la cuvânt"
        verbose_name_plural = "înscrieri la cuvânt"
        ordering = ["debate", "number"]
        constraints = [models.UniqueConstraint(fields=["debate", "number"], name="participation_speaker_unique")]

    def __str__(self):
        return f"{self.number}. {self.name}"


class DebateProposal(models.Model):
    debate = models.ForeignKey(Debate, on_delete=models.PROTECT, related_name="proposals")
    number = models.PositiveIntegerField("numărul din registru")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+")
    name = models.CharField("numele", max_length=200)
    email = models.EmailField("e-mail")
    text = models.TextField("propunerea")
    received_at = models.DateTimeField("primită la")

    class Meta:
        verbose_name = "propunere la dezbatere"
        verbose_name_plural = "registrul propunerilor la dezbateri"
        ordering = ["debate", "number"]
        constraints = [models.UniqueConstraint(fields=["debate", "number"], name="participation_proposal_unique")]

    def __str__(self):
        return f"Propunerea nr. {self.number} – {self.name}"


class Topic(models.Model):
    """A newsletter's topic; which announcements reach it is its `feed`."""

    class Feed(models.TextChoices):
        DECISIONS = "hotarari", "hotărârile consiliului local publicate"
        DISPOSITIONS = "dispozitii", "dispozițiile primarului publicate"
        CONSULTATIONS = "consultari", "proiecte puse în consultare publică"
        DEBATES = "dezbateri", "dezbateri publice anunțate"
        PROCUREMENT = "achizitii", "anunțuri de achiziții publice"
        JOBS = "concursuri", "concursuri de angajare"
        OTHER_ACTS = "alte-acte", "alte acte publicate în Monitorul Oficial Local"
        MANUAL = "manual", "anunțuri trimise de primărie"

    slug = models.SlugField("identificator", max_length=40, unique=True)
    name = models.CharField("denumirea", max_length=120)
    description = models.CharField("descriere", max_length=300, blank=True)
    feed = models.CharField("ce primește", max_length=12, choices=Feed.choices, default=Feed.MANUAL)
    active = models.BooleanField("se pot face abonări", default=True)
    order = models.PositiveSmallIntegerField("ordinea", default=0)

    class Meta:
        verbose_name = "temă de buletin informativ"
        verbose_name_plural = "teme de buletin informativ"
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class Subscription(models.Model):
    """One address's subscription to one topic. It receives nothing until confirmed by the signed link; the consent
    is kept word for word (the current `privacy.ConsentText` of newsletters) with when, how and from where."""

    class Status(models.TextChoices):
        PENDING = "pending", "așteaptă confirmarea"
        CONFIRMED = "confirmed", "confirmat"
        UNSUBSCRIBED = "unsubscribed", "dezabonat"

    email = models.EmailField("e-mail")
    topic = models.ForeignKey(Topic, on_delete=models.PROTECT, related_name="subscriptions")
    # The city hall whose announcements it receives (the site it was asked on): topics are the installation's.
    institution = models.ForeignKey("institutions.Institution", verbose_name="primăria", on_delete=models.PROTECT,
                                    related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="newsletter_subscriptions")
    status = models.CharField("starea", max_length=12, choices=Status.choices, default=Status.PENDING)
    consent_text = models.TextField("textul acceptat")
    consent_version = models.PositiveSmallIntegerField("versiunea textului", default=0)
    requested_at = models.DateTimeField("cerut la")
    requested_ip = models.GenericIPAddressField("adresa IP la abonare", null=True, blank=True)
    method = models.CharField("modul", max_length=60, default="formular online")
    confirmed_at = models.DateTimeField("confirmat la", null=True, blank=True)
    confirmed_ip = models.GenericIPAddressField("adresa IP la confirmare", null=True, blank=True)
    unsubscribed_at = models.DateTimeField("dezabonat la", null=True, blank=True)
    unsubscribe_method = models.CharField("modul dezabonării", max_length=60, blank=True)

    class Meta:
        verbose_name = "abonament"
        verbose_name_plural = "abonamente"
        ordering = ["-requested_at", "-pk"]
        constraints = [models.UniqueConstraint(
            fields=["email", "topic", "institution"], condition=models.Q(status__in=["pending", "confirmed"]),
            name="participation_one_live_subscription")]

    def __str__(self):
        return f"{self.email} – {self.topic}"


class NewsletterSend(models.Model):
    """An announcement (`key`, such as "act:12") sent to an address: at most once, whatever the retries."""

    key = models.CharField(max_length=80)
    email = models.EmailField()
    subscription = models.ForeignKey(Subscription, on_delete=models.PROTECT, related_name="sends")
    notification = models.ForeignKey("notifications.Notification", null=True, on_delete=models.SET_NULL,
                                     related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "trimitere de buletin"
        verbose_name_plural = "trimiteri de buletin"
        constraints = [models.UniqueConstraint(fields=["key", "email"], name="participation_send_once")]

    def __str__(self):
        return f"{self.key} → {self.email}"
