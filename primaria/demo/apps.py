from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "primaria.demo"
    label = "demo"
    verbose_name = "Orașul demonstrativ"
