from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "primaria.search"
    label = "search"
    verbose_name = "Căutare"

    def ready(self):
        from . import memory_engine, postgres_engine, tantivy_engine  # noqa: F401  (register the engines)
