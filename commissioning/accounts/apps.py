from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Organisations, the people who sign in, and their roles."""

    name = "commissioning.accounts"
    label = "accounts"
    verbose_name = "Organisations and people"
