from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class ParkingConfig(AppConfig):
    name = "primaria.parking"
    label = "parking"
    verbose_name = gettext_lazy("Parcări (abonamente)")

    def ready(self):
        from . import payables  # noqa: F401  (registers the "abonament-parcare" payables plugin)
