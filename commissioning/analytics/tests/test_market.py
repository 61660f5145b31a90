from fractions import Fraction

from commissioning.analytics.market import (
    Concern,
    RiskInputs,
    assess_risk,
    concentration_band,
    hhi,
    hhi_of_weights,
    market_shares,
    per_thousand,
)


def test_hhi_matches_a_hand_calculation():
    # Beds 50, 30, 20 -> shares 50%, 30%, 20% -> 2500 + 900 + 400 = 3800.
    shares = market_shares([("A", 30), ("B", 30), ("C", 20), ("B", 20)])
    assert [(s.group, s.weight) for s in shares] == [("B", 50), ("A", 30), ("C", 20)]
    assert hhi(shares) == 3800
    assert concentration_band(hhi(shares)) == "Highly concentrated"
    # Ten equal providers: 10 x 10^2 = 1000, the edge of "concentrated".
    assert hhi(market_shares((str(n), 7) for n in range(10))) == 1000
    assert concentration_band(1000) == "Not concentrated"
    assert concentration_band(Fraction(3001, 3)) == "Concentrated"
    assert hhi(market_shares([])) == 0


def test_thirds_stay_exact():
    shares = market_shares([("A", 1), ("B", 1), ("C", 1)])
    assert hhi(shares) == Fraction(10000, 3)


def test_the_index_from_weights_is_the_index_from_shares_exactly():
    for weights in ([50, 30, 20], [1, 1, 1], [68, 30, 13], [7] * 10, [0, 0], [], [3, 0, 11, 997, 2]):
        shares = market_shares((str(n), weight) for n, weight in enumerate(weights))
        assert hhi_of_weights(weights) == hhi(shares)


def test_beds_per_thousand():
    assert per_thousand(1234, 41000) == Fraction(1234000, 41000)
    assert per_thousand(5, 0) is None


def test_risk_is_green_without_reasons_and_red_for_inadequate_or_serious_safeguarding():
    assert assess_risk(RiskInputs(worst_rating="good", worst_rated_location="Oak House")).level == "green"
    assert assess_risk(RiskInputs(lowest_occupancy=Fraction(95, 100))).level == "green"
    red = assess_risk(RiskInputs(worst_rating="inadequate", worst_rated_location="Oak House"))
    assert red.level == "red" and red.significant
    assert [r.text for r in red.reasons] == [
        "Oak House is rated Inadequate",
        "Significant provider with no contingency plan",
    ]
    concern = Concern("safeguarding", "high", "Section 42 enquiry")
    assert assess_risk(RiskInputs(concerns=[concern], has_plan=True)).level == "red"
    late = Concern("quality", "medium", "Late returns")
    assert assess_risk(RiskInputs(worst_rating="good", concerns=[late])).level == "green"


def test_risk_is_unknown_not_green_with_nothing_to_judge_by():
    # No rating, no occupancy, a small share: not enough data, which is not the same as low risk.
    unknown = assess_risk(RiskInputs(market_share=Fraction(2, 100)))
    assert unknown.level == "unknown"
    assert [r.text for r in unknown.reasons] == [
        "Not enough data to judge: no CQC rating and no occupancy figure from a capacity return"
    ]
    # A reason for concern still decides, data or not.
    assert assess_risk(RiskInputs(market_share=Fraction(30, 100))).level == "amber"


def test_risk_amber_reasons_for_occupancy_share_and_dependency():
    assessment = assess_risk(
        RiskInputs(
            lowest_occupancy=Fraction(80, 100),
            lowest_occupancy_location="Elm Court",
            market_share=Fraction(30, 100),
            council_funded_share=Fraction(80, 100),
            has_plan=True,
            plan_overdue=True,
        )
    )
    assert assessment.level == "amber" and assessment.significant
    texts = [reason.text for reason in assessment.reasons]
    assert "Elm Court is 80% occupied (below 85%)" in texts
    assert any("30% of the local market" in text for text in texts)
    assert any("80% of its business is council-funded" in text for text in texts)
    assert "Contingency plan is past its review date" in texts
    assert assess_risk(RiskInputs(lowest_occupancy=Fraction(69, 100))).level == "red"
