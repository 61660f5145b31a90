"""Parts of pages kept under keys of what they show, and figures formatted as commissioners read them."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from markupsafe import Markup

from commissioning.core import fragments
from commissioning.core.jinja2 import format_number


def test_a_part_is_rendered_once_for_what_it_shows_and_again_when_that_changes():
    renders: list[list[str]] = []

    def render(missing: list[str]) -> dict[str, str]:
        renders.append(sorted(missing))
        return {part: f"<p>{part} {len(renders)}</p>" for part in missing}

    version = fragments.source_version(__file__)
    keys = {name: fragments.part_key(version, ["figures", name]) for name in ("dementia", "falls")}
    first = fragments.kept_parts(keys, render)
    again = fragments.kept_parts(keys, render)
    assert renders == [["dementia", "falls"]]  # both rendered together, then both kept
    assert again == first and isinstance(again["falls"], Markup)
    # Different words in a part (a renamed rate set) make a different key: rendered anew.
    keys["falls"] = fragments.part_key(version, ["figures", "falls, renamed"])
    assert fragments.kept_parts(keys, render)["falls"] == "<p>falls 2</p>"
    assert renders[-1] == ["falls"]


def test_a_new_release_of_the_templates_gives_new_keys(tmp_path):
    template = tmp_path / "part.html"
    template.write_text("<p>{{ figure }}</p>")
    before = fragments.part_key(fragments.source_version(template), ["dementia"])
    template.write_text("<p><strong>{{ figure }}</strong></p>")
    assert fragments.part_key(fragments.source_version(template), ["dementia"]) != before


def test_figures_are_grouped_in_thousands_and_rounded_as_shown():
    assert format_number(Decimal("1234567.5")) == "1,234,568"
    assert format_number(Decimal("2.5")) == "2"  # to the even figure, as the exact sums are
    assert format_number(Decimal("-1234.56"), 1) == "-1,234.6"
    assert format_number(Fraction(1, 3), 2) == "0.33"
    assert format_number("12345.678", 2) == "12,345.68"
    assert format_number(-0.4) == "0"  # never "-0"
    assert format_number(None) == "" and format_number("") == ""
