from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules

from commissioning.core.navigation import MenuItem


class CyclesConfig(AppConfig):
    """Commissioning cycles: the IPC model's four elements, activities, effort and findings."""

    name = "commissioning.cycles"
    label = "cycles"
    verbose_name = "Commissioning cycles"
    menu = (
        MenuItem("Cycles", "cycles:list", 10, "commissioning.accounts.permissions.is_commissioning_staff"),
        MenuItem("Published cycles", "cycles:list", 10),
    )

    def ready(self) -> None:
        # Every app says which of its records can be evidence in its evidence_types module, and
        # which of its pages are part of the analysis journey in its journey module, and which
        # belong to an element of every cycle in its cycle_pages module.
        autodiscover_modules("evidence_types", "journey", "cycle_pages")
