from django.apps import AppConfig

from commissioning.core.navigation import MenuItem


class ProcurementConfig(AppConfig):
    """Do, the purchasing cycle: procurements under the law that applies to each, tenders with
    sealed bids that no one can read before the deadline, their opening, evaluation and award."""

    name = "commissioning.procurement"
    label = "procurement"
    verbose_name = "Procurement"
    menu = (
        MenuItem("Procurement", "procurement:index", 47, "commissioning.procurement.permissions.can_view_procurements"),
        MenuItem(
            "Opportunities", "procurement:public-opportunities", 47, "commissioning.procurement.permissions.is_bidder"
        ),
    )
