from django.apps import AppConfig

from commissioning.core.navigation import MenuItem


class AccountsConfig(AppConfig):
    """Organisations, the people who sign in, and their roles."""

    name = "commissioning.accounts"
    label = "accounts"
    verbose_name = "Organisations and people"
    menu = (
        MenuItem("Organisations", "accounts:organisation-list", 50),
        MenuItem("People", "accounts:user-list", 70, "commissioning.accounts.permissions.can_manage_people"),
    )
