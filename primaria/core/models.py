from django.db import models


class ExtraNonWorkingDay(models.Model):
    """A day off the government declares on top of the legal public holidays (e.g. a bridge day)."""

    date = models.DateField("data", unique=True)
    reason = models.CharField("motiv", max_length=200)
    act = models.CharField("actul normativ", max_length=200, blank=True)

    class Meta:
        verbose_name = "zi nelucrătoare suplimentară"
        verbose_name_plural = "zile nelucrătoare suplimentare"
        ordering = ["-date"]

    def __str__(self):
        return f"{self.date:%d.%m.%Y} – {self.reason}"
