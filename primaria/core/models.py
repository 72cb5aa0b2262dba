from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class ExtraNonWorkingDay(models.Model):
    """A day off the government declares on top of the legal public holidays (e.g. a bridge day)."""

    date = models.DateField(gettext_lazy("data"), unique=True)
    reason = models.CharField(gettext_lazy("motiv"), max_length=200)
    act = models.CharField(gettext_lazy("actul normativ"), max_length=200, blank=True)

    class Meta:
        verbose_name = gettext_lazy("zi nelucrătoare suplimentară")
        verbose_name_plural = gettext_lazy("zile nelucrătoare suplimentare")
        ordering = ["-date"]

    def __str__(self):
        return f"{self.date:%d.%m.%Y} – {self.reason}"


class DeletionForbidden(PermissionDenied):
    """Raised on an attempt to delete a record the law requires to keep (registers, requests, issued
    documents, the audit log, the archive). A PermissionDenied, so a page that somehow reaches it answers
    403 instead of failing."""


def refuse_deletion(queryset):
    """Raise DeletionForbidden if `queryset` holds any row its model keeps."""
    model = queryset.model
    if model.kept(queryset).exists():
        raise DeletionForbidden(
            _("Nu se pot șterge înregistrări din „%(verbose_name_plural)s”: acestea se păstrează potrivit legii.") % {"verbose_name_plural": model._meta.verbose_name_plural}
        )


class LegalRecordQuerySet(models.QuerySet):
    def delete(self):
        refuse_deletion(self)
        return super().delete()

    delete.alters_data = True
    delete.queryset_only = True


class ProtectedRecord(models.Model):
    """Base of the records the law keeps: neither an instance nor a queryset of them can be deleted.

    Cascades cannot reach them either: their own foreign keys are PROTECT or SET_NULL, or CASCADE only from
    another kept record (a request's timeline, a document's signature steps). The test database is emptied with TRUNCATE/DELETE statements, which do not pass
    through here. A model kept only in some states narrows `kept`.
    """

    objects = LegalRecordQuerySet.as_manager()

    class Meta:
        abstract = True

    def delete(self, *args, **kwargs):
        refuse_deletion(type(self)._base_manager.filter(pk=self.pk))
        return super().delete(*args, **kwargs)

    @classmethod
    def kept(cls, queryset):
        """The rows of `queryset` that must be kept: all of them, unless the model says otherwise."""
        return queryset
