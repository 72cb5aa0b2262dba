from django.apps import AppConfig


class RequestsConfig(AppConfig):
    name = "primaria.requests"
    label = "requests"
    verbose_name = "Cereri"
