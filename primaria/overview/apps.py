from django.apps import AppConfig


class OverviewConfig(AppConfig):
    name = "primaria.overview"
    label = "overview"
    verbose_name = "Situații pentru conducere"
