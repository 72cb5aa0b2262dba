from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class SearchConfig(AppConfig):
    name = "primaria.search"
    label = "search"
    verbose_name = gettext_lazy("Căutare")

    def ready(self):
        from . import memory_engine, postgres_engine, tantivy_engine  # noqa: F401  (register the engines)
