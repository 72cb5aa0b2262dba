from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "primaria.registry"
    label = "registry"
    verbose_name = "Registratură"
