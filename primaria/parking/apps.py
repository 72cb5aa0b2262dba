from django.apps import AppConfig


class ParkingConfig(AppConfig):
    name = "primaria.parking"
    label = "parking"
    verbose_name = "Parcări (abonamente)"

    def ready(self):
        from . import payables  # noqa: F401  (registers the "abonament-parcare" payables plugin)
