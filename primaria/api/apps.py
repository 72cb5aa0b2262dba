from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "primaria.api"
    label = "api"
    verbose_name = "API REST"
