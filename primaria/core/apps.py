from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "primaria.core"
    label = "core"
    verbose_name = "Nucleu"
