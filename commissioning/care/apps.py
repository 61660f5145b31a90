from django.apps import AppConfig

from commissioning.core.navigation import MenuItem


class CareConfig(AppConfig):
    """Do, for one person: care packages (a call-off from a block, a spot purchase, a direct payment
    or an individual service fund) for people held only as a pseudonymous reference, their dated
    changes, personal budgets and what direct payments buy, and what happens to each package when a
    service is decommissioned or a provider fails. The only app that holds person-level records."""

    name = "commissioning.care"
    label = "care"
    verbose_name = "Care for individuals"
    menu = (
        MenuItem("Care packages", "care:index", 49, "commissioning.care.permissions.can_view_care"),
        MenuItem("Your care packages", "care:provider-list", 49, "commissioning.care.permissions.is_provider"),
    )
