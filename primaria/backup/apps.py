from django.apps import AppConfig


class BackupConfig(AppConfig):
    name = "primaria.backup"
    label = "backup"
    verbose_name = "Salvare și restaurare"
