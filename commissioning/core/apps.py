from django.apps import AppConfig

from commissioning.core.navigation import MenuItem


class CoreConfig(AppConfig):
    """Shared foundations: areas, audit history, the page shell, health and logging."""

    name = "commissioning.core"
    label = "core"
    verbose_name = "Core"
    menu = (MenuItem("API", "core:api-guide", 80),)
