from django.apps import AppConfig


class AppointmentsConfig(AppConfig):
    name = "primaria.appointments"
    label = "appointments"
    verbose_name = "Programări la ghișeu"

    def ready(self):
        from . import calendar, tasks  # noqa: F401  (the .ics attachment of the e-mails; the reminder job)
