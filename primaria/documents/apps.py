from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "primaria.documents"
    label = "documents"
    verbose_name = "Documente și dosarul unic"
