"""Every write to the market: CQC imports, capacity returns and the records the commissioning
team keeps. Pages, API, command line and tasks all come here."""

from commissioning.market.services.capacity import (
    CAPACITY_COLUMNS,
    CAPACITY_IMPORT_STEPS,
    capacity_import,
    capacity_return_save,
)
from commissioning.market.services.cqc import CQC_IMPORT_STEPS, closure_confirm, cqc_import
from commissioning.market.services.records import (
    community_service_add,
    concern_create,
    concern_update,
    contingency_plan_create,
    contingency_plan_update,
    forum_create,
    forum_update,
    funding_share_set,
    link_provider_organisation,
    provider_update,
    relationship_entry_create,
    statement_create,
    statement_publish,
    statement_update,
)

__all__ = [
    "CAPACITY_COLUMNS",
    "CAPACITY_IMPORT_STEPS",
    "CQC_IMPORT_STEPS",
    "capacity_import",
    "capacity_return_save",
    "closure_confirm",
    "community_service_add",
    "concern_create",
    "concern_update",
    "contingency_plan_create",
    "contingency_plan_update",
    "cqc_import",
    "forum_create",
    "forum_update",
    "funding_share_set",
    "link_provider_organisation",
    "provider_update",
    "relationship_entry_create",
    "statement_create",
    "statement_publish",
    "statement_update",
]
