from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AppointmentsConfig(AppConfig):
    name = "primaria.appointments"
    label = "appointments"
    verbose_name = _("Programări la ghișeu")

    def ready(self):
        from . import calendar, tasks  # noqa: F401  (the .ics attachment of the e-mails; the reminder job)
