"""Cost of care: an open calculator for homecare hourly rates and care home weekly fees.

English councils set fees from "cost of care" exercises; the 2022 Fair Cost of Care used the
median of providers' actual operating costs for 65+ care homes and 18+ homecare. This package
builds a rate up line by line so that every input, every output line and the formula that
produced it can be shown and challenged. Framework-free (import-linter checks).

Money is Decimal throughout, never float. Arithmetic runs in a 100-digit Decimal context and
every division is done last, so sums, products and percentages are exact and a quotient is
exact whenever it terminates; one that does not (dividing by 52 weeks rarely does) is held to
28 decimal places. Each subtotal is exactly the sum of the lines it names (check that with
Fractions or a wide context: Python's default 28-digit context would round the check). `rounded`
gives pence for display only, so a subtotal shown rounded may differ by a penny from the sum of
its lines shown rounded: the exact figures are the ones that add up.
"""

from commissioning.analytics.cost_of_care.arithmetic import CostBuildUp, CostLine, rounded
from commissioning.analytics.cost_of_care.calculators import (
    CareHomeInputs,
    HomecareInputs,
    care_home_fee,
    homecare_rate,
    paid_hours_per_contact_hour,
)
from commissioning.analytics.cost_of_care.checks import (
    LABELS,
    SENSIBLE_RANGES,
    FieldLabel,
    InputProblem,
    SensibleRange,
    field_labels,
    validate_care_home,
    validate_homecare,
)
from commissioning.analytics.cost_of_care.survey import (
    Quartiles,
    Uplift,
    percentile,
    quartiles,
    summarise,
    uplift,
    uplifted,
)

__all__ = [
    "LABELS",
    "SENSIBLE_RANGES",
    "CareHomeInputs",
    "CostBuildUp",
    "CostLine",
    "FieldLabel",
    "HomecareInputs",
    "InputProblem",
    "Quartiles",
    "SensibleRange",
    "Uplift",
    "care_home_fee",
    "field_labels",
    "homecare_rate",
    "paid_hours_per_contact_hour",
    "percentile",
    "quartiles",
    "rounded",
    "summarise",
    "uplift",
    "uplifted",
    "validate_care_home",
    "validate_homecare",
]
