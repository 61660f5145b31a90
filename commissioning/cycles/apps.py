from django.apps import AppConfig


class CyclesConfig(AppConfig):
    """Commissioning cycles: the IPC model's four elements, activities, effort and findings."""

    name = "commissioning.cycles"
    label = "cycles"
    verbose_name = "Commissioning cycles"
