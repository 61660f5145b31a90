"""Every write to needs: population imports, the rate library, scenarios and saved forecasts.
Pages, API, command line and tasks all come here."""

from commissioning.needs.services.population import population_import, population_import_steps
from commissioning.needs.services.rates import (
    RATE_SET_FIELDS,
    SEX_WORDS,
    RateRow,
    check_rate_rows,
    parse_rate_rows,
    rate_set_create,
    rate_set_update,
)
from commissioning.needs.services.scenarios import (
    AdjustmentInput,
    forecast_attach,
    forecast_save,
    scenario_create,
    scenario_delete,
    scenario_update,
)

__all__ = [
    "RATE_SET_FIELDS",
    "SEX_WORDS",
    "AdjustmentInput",
    "RateRow",
    "check_rate_rows",
    "forecast_attach",
    "forecast_save",
    "parse_rate_rows",
    "population_import",
    "population_import_steps",
    "rate_set_create",
    "rate_set_update",
    "scenario_create",
    "scenario_delete",
    "scenario_update",
]
