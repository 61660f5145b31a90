"""Progress, stage and effort balance: exact arithmetic, rounded only for display."""

from decimal import Decimal

from commissioning.cycles import selectors, services
from commissioning.cycles.choices import Element, Level
from commissioning.cycles.progress import effort_balance
from commissioning.testing import activity_in


def test_effort_balance_shares_are_exact_and_flag_neglected_elements():
    balance = effort_balance(
        [
            ("strategic", "analyse", Decimal("30")),
            ("purchasing", "analyse", Decimal("10")),
            ("strategic", "plan", Decimal("30")),
            ("strategic", "do", Decimal("25")),
            ("strategic", "review", Decimal("5")),
        ]
    )
    shares = {share.element: share for share in balance.shares}
    assert balance.total_hours == Decimal("100")
    assert shares[Element.ANALYSE].hours == Decimal("40")
    assert shares[Element.ANALYSE].purchasing_hours == Decimal("10")
    assert shares[Element.ANALYSE].share == Decimal("40")
    assert shares[Element.REVIEW].difference == Decimal("-20")
    assert shares[Element.ANALYSE].is_out_of_balance and shares[Element.REVIEW].is_out_of_balance
    assert not shares[Element.DO].is_out_of_balance
    assert balance.least_attended.element == Element.REVIEW
    assert not balance.is_balanced


def test_even_effort_is_balanced_and_no_effort_is_not():
    even = effort_balance([("strategic", element, Decimal("3")) for element in Element.values])
    assert even.is_balanced
    assert all(share.share == 25 for share in even.shares)
    assert not effort_balance([]).is_balanced


def test_stage_is_the_first_commissioning_element_with_work_left(world):
    cycle = world.cycle
    progress = selectors.cycle_progress([cycle.pk])[cycle.pk]
    assert progress.stage == Element.ANALYSE
    for activity in cycle.activities.filter(level=Level.STRATEGIC, element=Element.ANALYSE):
        services.activity_complete(activity=activity, by=world.alice)
    services.activity_update(activity=activity_in(cycle, "gaps"), by=world.alice, status="not_needed")
    progress = selectors.cycle_progress([cycle.pk])[cycle.pk]
    assert progress.stage == Element.PLAN
    plan = progress.get(Level.STRATEGIC, Element.PLAN)
    assert (plan.finished, plan.done, plan.total) == (1, 0, 5)
    assert progress.get(Level.STRATEGIC, Element.ANALYSE).percent == 100
