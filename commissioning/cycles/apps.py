from django.apps import AppConfig

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
