from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "primaria.catalog"
    label = "catalog"
    verbose_name = "Catalogul de servicii"
