from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Shared foundations: areas, audit history, the page shell, health and logging."""

    name = "commissioning.core"
    label = "core"
    verbose_name = "Core"
