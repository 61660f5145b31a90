"""Rates typed or loaded as lines are refused, by line, when an age or a rate is beyond any real one."""

from __future__ import annotations

import pytest

from commissioning.core.imports import ImportRejected
from commissioning.needs.choices import RateKind, RatePeriod
from commissioning.needs.services import check_rate_rows, parse_rate_rows


def test_an_impossible_age_or_rate_is_refused_naming_its_line():
    rows = parse_rate_rows("female, 65, 69, 0.1\nmale, 65, 999, 0.1\npersons, 65, , 9000000000000000000\n")
    with pytest.raises(ImportRejected) as rejected:
        check_rate_rows(rows, kind=RateKind.SERVICE_USE, period=RatePeriod.YEAR)
    messages = [str(problem) for problem in rejected.value.problems]
    assert "rates, line 2, column age: Ages must be between 0 and 120" in messages
    assert "rates, line 3, column rate: Rates per person must be between 0 and 100,000" in messages
