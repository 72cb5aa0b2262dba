"""Reports of problems in the city (sesizări) and petitions, placed on the city's map.

* `Area`: the city's boundary and its districts, as GeoJSON polygons (no GIS extension needed).
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
from django.db import models
from django.db.models import Q


class Area(models.Model):
    class Kind(models.TextChoices):
        BOUNDARY = "boundary", "Limita localității"
        DISTRICT = "district", "Cartier / zonă"

    kind = models.CharField("tipul", max_length=10, choices=Kind.choices)
    code = models.SlugField("cod", max_length=40, unique=True)
    name = models.CharField("denumire", max_length=120)
    geometry = models.JSONField("geometria (GeoJSON, Polygon sau MultiPolygon)")

    class Meta:
        verbose_name = "zonă pe hartă"
        verbose_name_plural = "limita și cartierele"
        ordering = ["kind", "name"]

    def __str__(self):
        return self.name


class Kind(models.TextChoices):
    PROBLEM = "problem", "Sesizare"
    PETITION = "petition", "Petiție (OG nr. 27/2002)"


class Category(models.Model):
    slug = models.SlugField("cod", max_length=60, unique=True)
    name = models.CharField("denumire", max_length=120)
    hint = models.CharField("explicație", max_length=300, blank=True)
    kind = models.CharField("felul", max_length=10, choices=Kind.choices, default=Kind.PROBLEM)
    # [{"name": "size", "label": "Cât de mare este groapa?", "type": "choice"|"text"|"yesno",
    #   "choices": ["mică", "mare"], "required": true}]
    questions = models.JSONField("întrebările categoriei", default=list, blank=True)
    department = models.ForeignKey("institutions.Department", verbose_name="compartimentul implicit",
                                   on_delete=models.PROTECT, related_name="report_categories")
    order = models.PositiveSmallIntegerField("ordinea", default=0)
    active = models.BooleanField("activă", default=True)

    class Meta:
        verbose_name = "categorie de sesizări"
        verbose_name_plural = "categorii de sesizări"
        ordering = ["order", "name"]

    def __str__(self):
        return self.name

    @property
    def is_petition(self) -> bool:
        return self.kind == Kind.PETITION


class Route(models.Model):
    category = models.ForeignKey(Category, verbose_name="categoria", on_delete=models.CASCADE, related_name="routes")
    area = models.ForeignKey(Area, verbose_name="cartierul", on_delete=models.CASCADE, related_name="routes")
    department = models.ForeignKey("institutions.Department", verbose_name="compartimentul competent",
                                   on_delete=models.PROTECT, related_name="report_routes")

    class Meta:
        verbose_name = "rută de repartizare"
        verbose_name_plural = "tabelul de repartizare"
        ordering = ["category__order", "area__name"]
        constraints = [models.UniqueConstraint(fields=["category", "area"], name="report_route_unique")]

    def __str__(self):
        return f"{self.category} / {self.area} → {self.department}"


class Status(models.TextChoices):
    NEW = "new", "Nouă"
    IN_PROGRESS = "in_progress", "În lucru"
    RESOLVED = "resolved", "Rezolvată"
    REJECTED = "rejected", "Respinsă"
    FILED = "filed", "Clasată"


OPEN_STATUSES = (Status.NEW, Status.IN_PROGRESS)
CLOSED_STATUSES = (Status.RESOLVED, Status.REJECTED, Status.FILED)


class Report(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    category = models.ForeignKey(Category, verbose_name="categoria", on_delete=models.PROTECT, related_name="reports")
    latitude = models.DecimalField("latitudinea", max_digits=9, decimal_places=6)
    longitude = models.DecimalField("longitudinea", max_digits=9, decimal_places=6)
    address = models.CharField("adresa sau reperul", max_length=250, blank=True)
    district = models.ForeignKey(Area, verbose_name="cartierul", null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="reports")
    description = models.TextField("descrierea", max_length=2000)
    answers = models.JSONField("răspunsurile la întrebările categoriei", default=dict, blank=True)
    department = models.ForeignKey("institutions.Department", verbose_name="compartimentul", on_delete=models.PROTECT,
                                   related_name="reports")
    status = models.CharField("starea", max_length=12, choices=Status.choices, default=Status.NEW)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="contul", null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="reports")
    name = models.CharField("numele", max_length=150, blank=True)
    email = models.EmailField("e-mail", blank=True)
    postal_address = models.CharField("adresa de corespondență", max_length=250, blank=True)
    registry_entry = models.ForeignKey("registry.RegistryEntry", verbose_name="numărul de înregistrare", null=True,
                                       blank=True, on_delete=models.PROTECT, related_name="+")
    due_date = models.DateField("termenul de răspuns", null=True, blank=True)
    reminded_for = models.DateField("memento trimis pentru termenul", null=True, blank=True)
    resolution = models.TextField("răspunsul", max_length=2000, blank=True)
    rating = models.PositiveSmallIntegerField("nota dată rezolvării", null=True, blank=True)
    rating_comment = models.CharField("comentariul la notă", max_length=500, blank=True)
    rated_at = models.DateTimeField("notată la", null=True, blank=True)
    created_at = models.DateTimeField("trimisă la", auto_now_add=True)
    status_changed_at = models.DateTimeField("starea schimbată la", null=True, blank=True)
    closed_at = models.DateTimeField("închisă la", null=True, blank=True)

    class Meta:
        verbose_name = "sesizare"
        verbose_name_plural = "sesizări"
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["category", "status", "latitude", "longitude"], name="report_nearby_idx"),
            models.Index(fields=["department", "status"], name="report_department_idx"),
            models.Index(fields=["user", "-created_at"], name="report_user_idx"),
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
    original = models.FileField("originalul (doar pentru funcționari)", upload_to=original_path)
    public_copy = models.FileField("copia fără metadate", upload_to=public_path)
    mime = models.CharField(max_length=40)
    gps_latitude = models.DecimalField("latitudinea din fotografie", max_digits=9, decimal_places=6, null=True,
                                       blank=True)
    gps_longitude = models.DecimalField("longitudinea din fotografie", max_digits=9, decimal_places=6, null=True,
                                        blank=True)
    is_public = models.BooleanField("arătată public", default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "fotografie"
        verbose_name_plural = "fotografii"
        ordering = ["pk"]

    def __str__(self):
        return f"Fotografia {self.pk} a {self.report}"


class Follower(models.Model):
    """Someone who has the same problem and joined the report instead of making another."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="followers")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE,
                             related_name="+")
    email = models.EmailField("e-mail", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "susținător"
        verbose_name_plural = "susținători"
        constraints = [
            models.UniqueConstraint(fields=["report", "user"], condition=Q(user__isnull=False),
                                    name="report_follower_user_unique"),
            models.UniqueConstraint(fields=["report", "email"], condition=Q(user__isnull=True),
                                    name="report_follower_email_unique"),
        ]

    def __str__(self):
        return f"Susținător al {self.report_id}"


class ReportEvent(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField()
    action = models.CharField(max_length=20)
    status_to = models.CharField(max_length=12, choices=Status.choices, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    message = models.CharField(max_length=2000)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.at:%d.%m.%Y %H:%M} {self.action}"
