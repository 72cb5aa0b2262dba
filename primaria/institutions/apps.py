from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class InstitutionsConfig(AppConfig):
    name = "primaria.institutions"
    label = "institutions"
    verbose_name = gettext_lazy("Instituții și compartimente")
