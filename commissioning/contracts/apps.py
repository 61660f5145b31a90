from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules

from commissioning.core.navigation import MenuItem


class ContractsConfig(AppConfig):
    """Do, after the award: the contract register (block, spot, framework, dynamic market, grant and
    in-house agreements), their variations and price reviews checked against the law each runs
    under, renewal and expiry alerts, termination, and each contract's service levels (KPIs,
    quality criteria and outcomes, and the reporting schedule monitoring will measure against)."""

    name = "commissioning.contracts"
    label = "contracts"
    verbose_name = "Contracts"
    menu = (
        MenuItem("Contracts", "contracts:index", 48, "commissioning.contracts.permissions.can_view_contracts"),
        MenuItem("Your contracts", "contracts:provider-list", 48, "commissioning.contracts.permissions.is_provider"),
    )

    def ready(self) -> None:
        # Apps above say what choosing a provider in Find a provider does (see brokerage.choice_register).
        autodiscover_modules("brokerage_choices")
