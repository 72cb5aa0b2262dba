"""Appointments at the counters (ghișee) of the city hall.

* `Location`: a hall where residents are received (Registratură, Ghișeul unic), with its public-service
  programme (`OpeningHours`, one or more intervals per weekday) and the days that differ (`ScheduleException`:
  a closed day, an extra working day, other hours). Public holidays and the government's extra days off come
  from the working-day calendar of `core.terms`; an exception for a date wins over both.
* `Counter`: one ghișeu of a department in a location, with the services it serves. How many counters of a
  location serve a service at once is how many appointments a time slot of that service takes.
* `AppointmentService`: what a resident comes for, with its slot length, the booking window (least notice,
  furthest day ahead) and the cancellation cut-off.

The codes (`slug`) of locations and services are unique within a city hall (its institution tree), not across the
installation: two communes hosted by one county may both have a `registratura`; the pages look a code up among the
city hall's own (`selectors`).
* `Appointment`: one seat at one counter for one slot; `held` while the resident confirms (until
  `hold_expires_at`), then `booked`; the clerk marks it `arrived` or `no_show`.
* `LocationDay`: one row per location and date, locked while a seat of that day is taken, so that two
  bookings never take the same seat (PostgreSQL row lock; SQLite's IMMEDIATE transactions queue writers).

Locations and counters carry nothing specific to appointments, so a walk-in queue can use them as they are.
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("luni")
    TUESDAY = 1, _("marți")
    WEDNESDAY = 2, _("miercuri")
    THURSDAY = 3, _("joi")
    FRIDAY = 4, _("vineri")
    SATURDAY = 5, _("sâmbătă")
    SUNDAY = 6, _("duminică")


def _check_slug_unique(obj, model, institution, message):
    """A code is unique within the city hall of `institution` (the city hall and every institution under it)."""
    from primaria.institutions import tenancy

    city_hall = tenancy.city_hall_of(institution)
    if model.objects.filter(slug=obj.slug, institution_id__in=tenancy.institution_ids(city_hall)) \
            .exclude(pk=obj.pk).exists():
        raise ValidationError({"slug": message})


class Location(models.Model):
    institution = models.ForeignKey("institutions.Institution", verbose_name=_("instituția"), on_delete=models.PROTECT,
                                    related_name="locations")
    slug = models.SlugField(_("cod"), max_length=60)
    name = models.CharField(_("denumire"), max_length=120)
    address = models.CharField(_("adresa"), max_length=250)
    directions = models.CharField(_("cum se ajunge"), max_length=250, blank=True,
                                  help_text=_("De exemplu „parter, intrarea din Piața Unirii”."))
    active = models.BooleanField(_("activă"), default=True)

    class Meta:
        verbose_name = _("locație")
        verbose_name_plural = _("locații")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["institution", "slug"], name="location_slug_unique")]

    def __str__(self):
        return self.name

    def clean(self):
        if self.institution_id and self.slug:
            _check_slug_unique(self, Location, self.institution,
                               _("O locație cu acest cod există deja la această primărie."))


class OpeningHours(models.Model):
    """One interval of the public-service programme on a weekday; a weekday without rows is closed."""

    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="opening_hours")
    weekday = models.PositiveSmallIntegerField(_("ziua"), choices=Weekday.choices)
    opens = models.TimeField(_("de la"))
    closes = models.TimeField(_("până la"))

    class Meta:
        verbose_name = _("interval de program")
        verbose_name_plural = _("programul cu publicul")
        ordering = ["location_id", "weekday", "opens"]
        constraints = [models.CheckConstraint(condition=Q(closes__gt=models.F("opens")), name="hours_end_after_start")]

    def __str__(self):
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"

    def clean(self):
        if self.opens and self.closes and self.closes <= self.opens:
            raise ValidationError({"closes": _("Ora de închidere trebuie să fie după ora de deschidere.")})


class ScheduleException(models.Model):
    """A date that differs from the weekly programme: closed, or open with its own hours (an extra working
    day, a shorter day). It wins over public holidays and the government's extra days off."""

    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="exceptions")
    date = models.DateField(_("data"))
    closed = models.BooleanField(_("închis toată ziua"), default=False)
    opens = models.TimeField(_("de la"), null=True, blank=True)
    closes = models.TimeField(_("până la"), null=True, blank=True)
    reason = models.CharField(_("motivul"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("excepție de program")
        verbose_name_plural = _("excepții de program")
        ordering = ["location_id", "date"]
        constraints = [models.UniqueConstraint(fields=["location", "date"], name="schedule_exception_unique")]

    def __str__(self):
        if self.closed:
            return _("%(date)s: închis") % {"date": f"{self.date:%d.%m.%Y}"}
        return f"{self.date:%d.%m.%Y}: {self.opens:%H:%M}–{self.closes:%H:%M}"

    def clean(self):
        if self.closed:
            self.opens = self.closes = None
            return
        if self.opens is None or self.closes is None:
            raise ValidationError({"opens": _("Scrieți orele de program ale zilei sau bifați „închis toată ziua”.")})
        if self.closes <= self.opens:
            raise ValidationError({"closes": _("Ora de închidere trebuie să fie după ora de deschidere.")})


class AppointmentService(models.Model):
    """What a resident books a slot for, and the rules of its booking."""

    slug = models.SlugField(_("cod"), max_length=80)
    name = models.CharField(_("denumire"), max_length=160)
    description = models.CharField(_("ce aduceți"), max_length=400, blank=True)
    department = models.ForeignKey("institutions.Department", verbose_name=_("compartimentul"), on_delete=models.PROTECT,
                                   related_name="appointment_services")
    # The department's institution, kept here so that the code is unique per institution in the database.
    institution = models.ForeignKey("institutions.Institution", verbose_name=_("instituția"), on_delete=models.PROTECT,
                                    related_name="appointment_services", editable=False)
    catalog_service = models.ForeignKey("catalog.Service", verbose_name=_("serviciul din catalog"), null=True, blank=True,
                                        on_delete=models.SET_NULL, related_name="appointment_services")
    slot_minutes = models.PositiveSmallIntegerField(_("durata unei programări (minute)"), default=15)
    min_notice_hours = models.PositiveSmallIntegerField(
        _("cu cel puțin câte ore înainte"), default=2, help_text=_("Cât de devreme față de oră se poate face programarea."))
    max_days_ahead = models.PositiveSmallIntegerField(_("cu cel mult câte zile înainte"), default=30)
    cancel_cutoff_hours = models.PositiveSmallIntegerField(
        _("anulare sau mutare până cu câte ore înainte"), default=2)
    active = models.BooleanField(_("activ"), default=True)

    class Meta:
        verbose_name = _("serviciu cu programare")
        verbose_name_plural = _("servicii cu programare")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["institution", "slug"], name="appointment_service_slug_unique")]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if self.department_id:
            self.institution_id = self.department.institution_id
        super().save(*args, **kwargs)

    def clean(self):
        if self.department_id and self.slug:
            _check_slug_unique(self, AppointmentService, self.department.institution,
                               _("Un serviciu cu programare cu acest cod există deja la această primărie."))
        if not 5 <= (self.slot_minutes or 0) <= 240:
            raise ValidationError({"slot_minutes": _("Durata unei programări este între 5 și 240 de minute.")})
        if not 1 <= (self.max_days_ahead or 0) <= 366:
            raise ValidationError({"max_days_ahead": _("Programările se fac cu cel mult 366 de zile înainte.")})


class Counter(models.Model):
    """A ghișeu: where one official of a department receives residents in a location."""

    location = models.ForeignKey(Location, verbose_name=_("locația"), on_delete=models.PROTECT, related_name="counters")
    department = models.ForeignKey("institutions.Department", verbose_name=_("compartimentul"), on_delete=models.PROTECT,
                                   related_name="counters")
    name = models.CharField(_("denumire"), max_length=80, help_text=_("De exemplu „Ghișeul 1”."))
    services = models.ManyToManyField(AppointmentService, verbose_name=_("serviciile"), blank=True,
                                      related_name="counters")
    active = models.BooleanField(_("deschis"), default=True)

    class Meta:
        verbose_name = _("ghișeu")
        verbose_name_plural = _("ghișee")
        ordering = ["location_id", "name"]
        constraints = [models.UniqueConstraint(fields=["location", "name"], name="counter_name_unique")]

    def __str__(self):
        return f"{self.name} ({self.location})"


class LocationDay(models.Model):
    """The row locked while a seat of one location on one date is taken (or moved)."""

    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="+")
    date = models.DateField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["location", "date"], name="location_day_unique")]

    def __str__(self):
        return f"{self.location_id}: {self.date:%d.%m.%Y}"


class Status(models.TextChoices):
    HELD = "held", _("În curs de confirmare")
    BOOKED = "booked", _("Programată")
    ARRIVED = "arrived", _("Prezentat")
    NO_SHOW = "no_show", _("Neprezentat")
    CANCELLED = "cancelled", _("Anulată")
    EXPIRED = "expired", _("Expirată (neconfirmată)")


# Statuses whose seat is taken (a hold only until it expires).
SEAT_STATUSES = (Status.HELD, Status.BOOKED, Status.ARRIVED, Status.NO_SHOW)


class Appointment(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    service = models.ForeignKey(AppointmentService, verbose_name=_("serviciul"), on_delete=models.PROTECT,
                                related_name="appointments")
    location = models.ForeignKey(Location, verbose_name=_("locația"), on_delete=models.PROTECT, related_name="appointments")
    counter = models.ForeignKey(Counter, verbose_name=_("ghișeul"), on_delete=models.PROTECT, related_name="appointments")
    starts_at = models.DateTimeField(_("începe la"))
    ends_at = models.DateTimeField(_("se termină la"))
    status = models.CharField(_("starea"), max_length=10, choices=Status.choices, default=Status.HELD)
    hold_expires_at = models.DateTimeField(_("rezervat până la"), null=True, blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("contul"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="appointments")
    name = models.CharField(_("numele"), max_length=150, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("telefon"), max_length=30, blank=True)
    # The language of the page the booking was made on: messages to an address without an account use it.
    language = models.CharField(_("limba mesajelor"), max_length=8, blank=True)
    request = models.ForeignKey("requests.Request", verbose_name=_("cererea"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="appointments")
    # A booking without an account: the e-mail is confirmed by a 6-digit code, kept only as a keyed hash.
    code_hash = models.CharField(max_length=64, blank=True)
    code_expires_at = models.DateTimeField(null=True, blank=True)
    code_attempts = models.PositiveSmallIntegerField(default=0)
    code_sends = models.PositiveSmallIntegerField(default=0)
    sequence = models.PositiveIntegerField(_("versiunea invitației"), default=0)
    booked_at = models.DateTimeField(_("confirmată la"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(_("reamintire trimisă la"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("anulată la"), null=True, blank=True)
    marked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")
    marked_at = models.DateTimeField(_("marcată la"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("programare")
        verbose_name_plural = _("programări")
        ordering = ["starts_at", "counter_id"]
        indexes = [
            models.Index(fields=["location", "starts_at"], name="appointment_location_idx"),
            models.Index(fields=["user", "starts_at"], name="appointment_user_idx"),
            models.Index(fields=["status", "starts_at"], name="appointment_status_idx"),
        ]
        constraints = [
            # The last guard: one seat per counter and start time, whatever the code above does.
            models.UniqueConstraint(fields=["counter", "starts_at"], condition=Q(status__in=list(SEAT_STATUSES)),
                                    name="appointment_one_seat"),
        ]

    def __str__(self):
        return f"{self.service} – {self.starts_at:%d.%m.%Y %H:%M}"

    @property
    def reference(self) -> str:
        return str(self.public_id).split("-")[0].upper()

    @property
    def is_active(self) -> bool:
        return self.status in (Status.HELD, Status.BOOKED)
