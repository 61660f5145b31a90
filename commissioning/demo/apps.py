from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demonstration council: `commissioning load_demo`."""

    name = "commissioning.demo"
    label = "demo"
    verbose_name = "Demonstration data"
