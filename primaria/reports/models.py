"""Reports of problems in the city (sesizări) and petitions, placed on the city's map.

Each city hall of the installation has its own: `Area`, `Category` and `Route` rows belong to a city hall (the
root of its institution tree), and a `Report` to the city hall it was made on.

* `Area`: the city's boundary and its districts, as GeoJSON polygons (no GIS extension needed); the boundary also
  names the city's base layer (the static GeoJSON file of its streets that the maps draw and addresses are found on).
* `Category`: what a resident reports (a pothole, a broken street light, a petition); its extra questions are
  data (`questions`), and its kind says whether it follows the petitions' legal path (OG nr. 27/2002).
* `Route`: the routing table: category × district → the competent department (of the city hall or of a
  subordinate institution); the row without a district is the category's default.
* `Report`: one report, its position (decimal latitude and longitude), the department it went to, its status,
  and the reporter's rating once resolved. `ReportPhoto`: up to three photos, each stored twice: the original
  (staff only) and a public copy re-encoded without any metadata. `Follower`: someone who joined a report
  instead of making a duplicate. `ReportEvent`: the timeline.
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

WRONG_DEPARTMENT = _("Alegeți un compartiment al acestei primării sau al unei instituții din subordinea ei.")
WRONG_CITY_HALL = _("Alegeți o categorie și un cartier ale acestei primării.")


def same_city_hall(department, city_hall_id) -> bool:
    """Whether `department` works for the city hall `city_hall_id` (in it or in an institution under it)."""
    from primaria.institutions import tenancy

    return tenancy.city_hall_of(department.institution).pk == city_hall_id


class Area(models.Model):
    class Kind(models.TextChoices):
        BOUNDARY = "boundary", _("Limita localității")
        DISTRICT = "district", _("Cartier / zonă")

    city_hall = models.ForeignKey("institutions.Institution", verbose_name=_("primăria"), on_delete=models.PROTECT,
                                  related_name="report_areas", limit_choices_to={"parent__isnull": True})
    kind = models.CharField(_("tipul"), max_length=10, choices=Kind.choices)
    code = models.SlugField(_("cod"), max_length=40)
    name = models.CharField(_("denumire"), max_length=120)
    geometry = models.JSONField(_("geometria (GeoJSON, Polygon sau MultiPolygon)"))
    base_layer = models.CharField(
        _("stratul de bază (fișier GeoJSON static)"), max_length=200, blank=True, default="",
        help_text=_("Doar pentru limita localității: fișierul static cu străzile desenate pe hartă, de exemplu "
                    "„reports/demo-city.geojson”."))

    class Meta:
        verbose_name = _("zonă pe hartă")
        verbose_name_plural = _("limita și cartierele")
        ordering = ["kind", "name"]
        constraints = [models.UniqueConstraint(fields=["city_hall", "code"], name="report_area_code_unique")]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.base_layer:
            from django.contrib.staticfiles import finders
            from django.core.exceptions import SuspiciousFileOperation, ValidationError

            try:
                found = self.base_layer.endswith(".geojson") and finders.find(self.base_layer)
            except SuspiciousFileOperation:
                found = None
            if not found:
                raise ValidationError({"base_layer": _("Nu există un fișier static .geojson cu acest nume, de exemplu "
                                                       "„reports/demo-city.geojson”.")})


class Kind(models.TextChoices):
    PROBLEM = "problem", _("Sesizare")
    PETITION = "petition", _("Petiție (OG nr. 27/2002)")


class Category(models.Model):
    city_hall = models.ForeignKey("institutions.Institution", verbose_name=_("primăria"), on_delete=models.PROTECT,
                                  related_name="report_categories", limit_choices_to={"parent__isnull": True})
    slug = models.SlugField(_("cod"), max_length=60)
    name = models.CharField(_("denumire"), max_length=120)
    hint = models.CharField(_("explicație"), max_length=300, blank=True)
    kind = models.CharField(_("felul"), max_length=10, choices=Kind.choices, default=Kind.PROBLEM)
    # [{"name": "size", "label": "Cât de mare este groapa?", "type": "choice"|"text"|"yesno",
    #   "choices": ["mică", "mare"], "required": true}]
    questions = models.JSONField(_("întrebările categoriei"), default=list, blank=True)
    department = models.ForeignKey("institutions.Department", verbose_name=_("compartimentul implicit"),
                                   on_delete=models.PROTECT, related_name="report_categories")
    order = models.PositiveSmallIntegerField(_("ordinea"), default=0)
    active = models.BooleanField(_("activă"), default=True)

    class Meta:
        verbose_name = _("categorie de sesizări")
        verbose_name_plural = _("categorii de sesizări")
        ordering = ["order", "name"]
        constraints = [models.UniqueConstraint(fields=["city_hall", "slug"], name="report_category_slug_unique")]

    def __str__(self):
        return self.name

    def clean(self):
        if self.city_hall_id and self.department_id and not same_city_hall(self.department, self.city_hall_id):
            raise ValidationError({"department": WRONG_DEPARTMENT})

    @property
    def is_petition(self) -> bool:
        return self.kind == Kind.PETITION


class Route(models.Model):
    city_hall = models.ForeignKey("institutions.Institution", verbose_name=_("primăria"), on_delete=models.PROTECT,
                                  related_name="report_routes", limit_choices_to={"parent__isnull": True})
    category = models.ForeignKey(Category, verbose_name=_("categoria"), on_delete=models.CASCADE, related_name="routes")
    area = models.ForeignKey(Area, verbose_name=_("cartierul"), on_delete=models.CASCADE, related_name="routes")
    department = models.ForeignKey("institutions.Department", verbose_name=_("compartimentul competent"),
                                   on_delete=models.PROTECT, related_name="report_routes")

    class Meta:
        verbose_name = _("rută de repartizare")
        verbose_name_plural = _("tabelul de repartizare")
        ordering = ["category__order", "area__name"]
        constraints = [models.UniqueConstraint(fields=["city_hall", "category", "area"], name="report_route_unique")]

    def __str__(self):
        return f"{self.category} / {self.area} → {self.department}"

    def clean(self):
        if not self.city_hall_id:
            return
        errors = {}
        if self.category_id and self.category.city_hall_id != self.city_hall_id:
            errors["category"] = WRONG_CITY_HALL
        if self.area_id and self.area.city_hall_id != self.city_hall_id:
            errors["area"] = WRONG_CITY_HALL
        if self.department_id and not same_city_hall(self.department, self.city_hall_id):
            errors["department"] = WRONG_DEPARTMENT
        if errors:
            raise ValidationError(errors)


class Status(models.TextChoices):
    NEW = "new", _("Nouă")
    IN_PROGRESS = "in_progress", _("În lucru")
    RESOLVED = "resolved", _("Rezolvată")
    REJECTED = "rejected", _("Respinsă")
    FILED = "filed", _("Clasată")


OPEN_STATUSES = (Status.NEW, Status.IN_PROGRESS)
CLOSED_STATUSES = (Status.RESOLVED, Status.REJECTED, Status.FILED)


class Report(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    city_hall = models.ForeignKey("institutions.Institution", verbose_name=_("primăria"), on_delete=models.PROTECT,
                                  related_name="reports")
    category = models.ForeignKey(Category, verbose_name=_("categoria"), on_delete=models.PROTECT, related_name="reports")
    latitude = models.DecimalField(_("latitudinea"), max_digits=9, decimal_places=6)
    longitude = models.DecimalField(_("longitudinea"), max_digits=9, decimal_places=6)
    address = models.CharField(_("adresa sau reperul"), max_length=250, blank=True)
    district = models.ForeignKey(Area, verbose_name=_("cartierul"), null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="reports")
    description = models.TextField(_("descrierea"), max_length=2000)
    answers = models.JSONField(_("răspunsurile la întrebările categoriei"), default=dict, blank=True)
    department = models.ForeignKey("institutions.Department", verbose_name=_("compartimentul"), on_delete=models.PROTECT,
                                   related_name="reports")
    status = models.CharField(_("starea"), max_length=12, choices=Status.choices, default=Status.NEW)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("contul"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="reports")
    name = models.CharField(_("numele"), max_length=150, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    postal_address = models.CharField(_("adresa de corespondență"), max_length=250, blank=True)
    registry_entry = models.ForeignKey("registry.RegistryEntry", verbose_name=_("numărul de înregistrare"), null=True,
                                       blank=True, on_delete=models.PROTECT, related_name="+")
    due_date = models.DateField(_("termenul de răspuns"), null=True, blank=True)
    reminded_for = models.DateField(_("memento trimis pentru termenul"), null=True, blank=True)
    resolution = models.TextField(_("răspunsul"), max_length=2000, blank=True)
    rating = models.PositiveSmallIntegerField(_("nota dată rezolvării"), null=True, blank=True)
    rating_comment = models.CharField(_("comentariul la notă"), max_length=500, blank=True)
    rated_at = models.DateTimeField(_("notată la"), null=True, blank=True)
    created_at = models.DateTimeField(_("trimisă la"), auto_now_add=True)
    status_changed_at = models.DateTimeField(_("starea schimbată la"), null=True, blank=True)
    closed_at = models.DateTimeField(_("închisă la"), null=True, blank=True)
    # The language of the page the report was made in: the later e-mails to a reporter without an account use it.
    language = models.CharField(_("limba"), max_length=8, blank=True)

    class Meta:
        verbose_name = _("sesizare")
        verbose_name_plural = _("sesizări")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["category", "status", "latitude", "longitude"], name="report_nearby_idx"),
            models.Index(fields=["department", "status"], name="report_department_idx"),
            models.Index(fields=["user", "-created_at"], name="report_user_idx"),
            models.Index(fields=["city_hall", "-created_at"], name="report_city_hall_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
                                   name="report_rating_1_5"),
        ]

    def __str__(self):
        return f"{self.reference} – {self.category}"

    @property
    def reference(self) -> str:
        if self.registry_entry_id:
            return self.registry_entry.reference
        return "S-" + str(self.public_id).split("-")[0].upper()

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_late(self) -> bool:
        """A petition still open after its term (OG nr. 27/2002, art. 8)."""
        from django.utils import timezone

        return self.is_open and self.due_date is not None and self.due_date < timezone.localdate()


def _photo_path(folder):
    def path(instance, filename):
        return f"reports/{folder}/{instance.report.public_id}/{uuid.uuid4().hex}.{filename.rsplit('.', 1)[-1]}"
    return path


def original_path(instance, filename):
    return _photo_path("originale")(instance, filename)


def public_path(instance, filename):
    return _photo_path("publice")(instance, filename)


class ReportPhoto(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="photos")
    original = models.FileField(_("originalul (doar pentru funcționari)"), upload_to=original_path)
    public_copy = models.FileField(_("copia fără metadate"), upload_to=public_path)
    mime = models.CharField(max_length=40)
    gps_latitude = models.DecimalField(_("latitudinea din fotografie"), max_digits=9, decimal_places=6, null=True,
                                       blank=True)
    gps_longitude = models.DecimalField(_("longitudinea din fotografie"), max_digits=9, decimal_places=6, null=True,
                                        blank=True)
    is_public = models.BooleanField(_("arătată public"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("fotografie")
        verbose_name_plural = _("fotografii")
        ordering = ["pk"]

    def __str__(self):
        return gettext("Fotografia %(number)s a %(report)s") % {"number": self.pk, "report": self.report}


class Follower(models.Model):
    """Someone who has the same problem and joined the report instead of making another."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="followers")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE,
                             related_name="+")
    email = models.EmailField(_("e-mail"), blank=True)
    language = models.CharField(_("limba"), max_length=8, blank=True)  # the page's, for a follower without an account
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("susținător")
        verbose_name_plural = _("susținători")
        constraints = [
            models.UniqueConstraint(fields=["report", "user"], condition=Q(user__isnull=False),
                                    name="report_follower_user_unique"),
            models.UniqueConstraint(fields=["report", "email"], condition=Q(user__isnull=True),
                                    name="report_follower_email_unique"),
        ]

    def __str__(self):
        return gettext("Susținător al %(report)s") % {"report": self.report_id}


class ReportEvent(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField()
    action = models.CharField(max_length=20)
    status_to = models.CharField(max_length=12, choices=Status.choices, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    message = models.CharField(max_length=2000)
    # The phrase the line was made from (primaria.core.phrases), so each reader reads it in their language.
    message_key = models.CharField(max_length=500, blank=True)
    message_params = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.at:%d.%m.%Y %H:%M} {self.action}"
