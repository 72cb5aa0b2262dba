from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class BackupConfig(AppConfig):
    name = "primaria.backup"
    label = "backup"
    verbose_name = gettext_lazy("Salvare și restaurare")
