from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class OverviewConfig(AppConfig):
    name = "primaria.overview"
    label = "overview"
    verbose_name = gettext_lazy("Situații pentru conducere")
