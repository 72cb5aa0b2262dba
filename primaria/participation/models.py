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
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from primaria.council.proposals import RegisteredProposal


class Debate(models.Model):
    class Subject(models.TextChoices):
        DRAFT = "proiect", _("proiect de act normativ")
        BUDGET = "buget", _("bugetul local")
        URBAN = "urbanism", _("documentație de urbanism")
        OTHER = "altul", _("alt subiect de interes public")

    class Status(models.TextChoices):
        ANNOUNCED = "announced", _("anunțată")
        HELD = "held", _("desfășurată, minuta publicată")

    institution = models.ForeignKey("institutions.Institution", on_delete=models.PROTECT, related_name="+")
    subject = models.CharField(_("subiectul"), max_length=10, choices=Subject.choices, default=Subject.OTHER)
    draft = models.ForeignKey("council.Draft", verbose_name=_("proiectul"), null=True, blank=True,
                              on_delete=models.PROTECT, related_name="debates")
    request = models.OneToOneField("DebateRequest", verbose_name=_("cererea"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="debate")
    title = models.CharField(_("titlul"), max_length=300)
    starts_at = models.DateTimeField(_("data și ora"))
    place = models.CharField(_("locul"), max_length=300, blank=True)
    online_url = models.URLField(_("legătura online"), blank=True)
    agenda = models.TextField(_("ordinea de zi"))
    announced_on = models.DateField(_("anunțată la"))
    proposals_until = models.DateField(_("propuneri până la"))
    status = models.CharField(_("starea"), max_length=10, choices=Status.choices, default=Status.ANNOUNCED)
    minutes = models.TextField(_("minuta"), blank=True)
    minutes_published_at = models.DateTimeField(_("minuta publicată la"), null=True, blank=True)
    recording_url = models.URLField(_("înregistrarea"), blank=True)
    announced_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("dezbatere publică")
        verbose_name_plural = _("dezbateri publice")
        ordering = ["-starts_at", "-pk"]

    def __str__(self):
        return gettext("Dezbaterea publică din %(day)s – %(title)s") % {"day": f"{self.starts_at:%d.%m.%Y}",
                                                                       "title": self.title}

    def get_absolute_url(self):
        return reverse("participation:debate", kwargs={"pk": self.pk})


class DebateDocument(models.Model):
    debate = models.ForeignKey(Debate, on_delete=models.PROTECT, related_name="documents")
    title = models.CharField(_("titlul"), max_length=250)
    document = models.ForeignKey("documents.Document", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("document supus dezbaterii")
        verbose_name_plural = _("documente supuse dezbaterii")
        ordering = ["debate", "pk"]

    def __str__(self):
        return self.title


class DebateRequest(models.Model):
    class Requester(models.TextChoices):
        ASSOCIATION = "asociatie", _("asociație legal constituită")
        AUTHORITY = "autoritate", _("altă autoritate publică")

    institution = models.ForeignKey("institutions.Institution", on_delete=models.PROTECT, related_name="+")
    registry_entry = models.OneToOneField("registry.RegistryEntry", on_delete=models.PROTECT, related_name="+")
    requester_kind = models.CharField(_("solicitantul este"), max_length=10, choices=Requester.choices)
    requester = models.CharField(_("denumirea solicitantului"), max_length=250)
    email = models.EmailField(_("e-mail"), blank=True)
    draft = models.ForeignKey("council.Draft", verbose_name=_("proiectul"), null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+")
    subject = models.TextField(_("ce se cere"))
    received_on = models.DateField(_("primită la"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("cerere de dezbatere publică")
        verbose_name_plural = _("cereri de dezbatere publică")
        ordering = ["-received_on", "-pk"]

    def __str__(self):
        return gettext("Cererea nr. %(number)s – %(requester)s") % {"number": self.registry_entry.number,
                                                                   "requester": self.requester}


class SpeakerRegistration(models.Model):
    debate = models.ForeignKey(Debate, on_delete=models.PROTECT, related_name="speakers")
    number = models.PositiveIntegerField(_("ordinea"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+")
    name = models.CharField(_("numele"), max_length=200)
    email = models.EmailField(_("e-mail"))
    organisation = models.CharField(_("organizația reprezentată"), max_length=200, blank=True)
    topic = models.CharField(_("despre ce doriți să vorbiți"), max_length=500)
    registered_at = models.DateTimeField(_("înscris la"))

    class Meta:
        verbose_name = _("înscriere la cuvânt")
        verbose_name_plural = _("înscrieri la cuvânt")
        ordering = ["debate", "number"]
        constraints = [models.UniqueConstraint(fields=["debate", "number"], name="participation_speaker_unique")]

    def __str__(self):
        return f"{self.number}. {self.name}"


class DebateProposal(RegisteredProposal):
    debate = models.ForeignKey(Debate, on_delete=models.PROTECT, related_name="proposals")

    class Meta:
        verbose_name = _("propunere la dezbatere")
        verbose_name_plural = _("registrul propunerilor la dezbateri")
        ordering = ["debate", "number"]
        constraints = [models.UniqueConstraint(fields=["debate", "number"], name="participation_proposal_unique")]


class Topic(models.Model):
    """A newsletter's topic; which announcements reach it is its `feed`."""

    class Feed(models.TextChoices):
        DECISIONS = "hotarari", _("hotărârile consiliului local publicate")
        DISPOSITIONS = "dispozitii", _("dispozițiile primarului publicate")
        CONSULTATIONS = "consultari", _("proiecte puse în consultare publică")
        DEBATES = "dezbateri", _("dezbateri publice anunțate")
        PROCUREMENT = "achizitii", _("anunțuri de achiziții publice")
        JOBS = "concursuri", _("concursuri de angajare")
        OTHER_ACTS = "alte-acte", _("alte acte publicate în Monitorul Oficial Local")
        MANUAL = "manual", _("anunțuri trimise de primărie")

    slug = models.SlugField(_("identificator"), max_length=40, unique=True)
    name = models.CharField(_("denumirea"), max_length=120)
    description = models.CharField(_("descriere"), max_length=300, blank=True)
    feed = models.CharField(_("ce primește"), max_length=12, choices=Feed.choices, default=Feed.MANUAL)
    active = models.BooleanField(_("se pot face abonări"), default=True)
    order = models.PositiveSmallIntegerField(_("ordinea"), default=0)

    class Meta:
        verbose_name = _("temă de buletin informativ")
        verbose_name_plural = _("teme de buletin informativ")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class Subscription(models.Model):
    """One address's subscription to one topic. It receives nothing until confirmed by the signed link; the consent
    is kept word for word (the current `privacy.ConsentText` of newsletters) with when, how and from where."""

    class Status(models.TextChoices):
        PENDING = "pending", _("așteaptă confirmarea")
        CONFIRMED = "confirmed", _("confirmat")
        UNSUBSCRIBED = "unsubscribed", _("dezabonat")

    email = models.EmailField(_("e-mail"))
    topic = models.ForeignKey(Topic, on_delete=models.PROTECT, related_name="subscriptions")
    # The city hall whose announcements it receives (the site it was asked on): topics are the installation's.
    institution = models.ForeignKey("institutions.Institution", verbose_name=_("primăria"), on_delete=models.PROTECT,
                                    related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="newsletter_subscriptions")
    status = models.CharField(_("starea"), max_length=12, choices=Status.choices, default=Status.PENDING)
    consent_text = models.TextField(_("textul acceptat"))
    consent_version = models.PositiveSmallIntegerField(_("versiunea textului"), default=0)
    requested_at = models.DateTimeField(_("cerut la"))
    requested_ip = models.GenericIPAddressField(_("adresa IP la abonare"), null=True, blank=True)
    method = models.CharField(_("modul"), max_length=60, default="formular online")  # i18n: ro (kept record)
    confirmed_at = models.DateTimeField(_("confirmat la"), null=True, blank=True)
    confirmed_ip = models.GenericIPAddressField(_("adresa IP la confirmare"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("dezabonat la"), null=True, blank=True)
    unsubscribe_method = models.CharField(_("modul dezabonării"), max_length=60, blank=True)
    # The language of the page it was asked on: its confirmation and newsletters are written in it.
    language = models.CharField(_("limba"), max_length=8, blank=True)

    class Meta:
        verbose_name = _("abonament")
        verbose_name_plural = _("abonamente")
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
        verbose_name = _("trimitere de buletin")
        verbose_name_plural = _("trimiteri de buletin")
        constraints = [models.UniqueConstraint(fields=["key", "email"], name="participation_send_once")]

    def __str__(self):
        return f"{self.key} → {self.email}"
