"""Text clean-ups shared by imports, forms and documents."""

from __future__ import annotations

import re

import pytest

from commissioning.analytics.text import POSTCODE_PATTERN, normalise_postcode, without_control_characters


def test_control_characters_go_but_tabs_and_line_breaks_stay():
    assert without_control_characters("Oak\x00 House\x1b\x7f\tA\r\nB") == "Oak House\tA\r\nB"


@pytest.mark.parametrize(
    ("typed", "stored"), [("m320th", "M32 0TH"), (" wa15  6sq ", "WA15 6SQ"), ("GIR0AA", "GIR 0AA"), ("M3", "M3")]
)
def test_postcodes_are_upper_case_with_one_space(typed, stored):
    assert normalise_postcode(typed) == stored


def test_only_postcode_shapes_match():
    assert re.match(POSTCODE_PATTERN, "M32 0TH")
    assert not re.match(POSTCODE_PATTERN, "NOT A CODE")
