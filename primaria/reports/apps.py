from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "primaria.reports"
    label = "reports"
    verbose_name = "Sesizări pe harta orașului"
