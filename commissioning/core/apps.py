from importlib import import_module

from django.apps import AppConfig
from django.db.backends.signals import connection_created

from commissioning.core.navigation import MenuItem


class CoreConfig(AppConfig):
    """Shared foundations: areas, audit history, the page shell, health and logging."""

    name = "commissioning.core"
    label = "core"
    verbose_name = "Core"
    menu = (MenuItem("API", "core:api-guide", 80),)

    def ready(self) -> None:
        # Every database connection bumps the data version after writes, for kept pages.
        kept_pages = import_module(f"{self.name}.kept_pages")
        connection_created.connect(kept_pages.watch_writes, dispatch_uid="core.kept_pages.watch_writes")
