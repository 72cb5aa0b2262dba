from django.apps import AppConfig


class InstitutionsConfig(AppConfig):
    name = "primaria.institutions"
    label = "institutions"
    verbose_name = "Instituții și compartimente"
