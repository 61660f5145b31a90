"""Tender evaluation, on a lot small enough to score by hand: three homecare bids, two quality
questions and one social value question, weighted 40 price, 50 quality and 10 social value."""

from __future__ import annotations

from decimal import Decimal

import pytest

from commissioning.analytics.evaluation import (
    PRICE_FORMULAS,
    BidInput,
    EvaluationInputError,
    Question,
    Weights,
    abnormally_low,
    assessment_summary,
    evaluate_lot,
    price_scores,
    question_weights_problem,
    weights_problem,
)

D = Decimal
WEIGHTS = Weights(price=D(40), quality=D(50), social_value=D(10))
RECRUIT = Question("Q1", "quality", D(60), 5, minimum=2, text="How will you recruit and keep care workers?")
HANDOVER = Question("Q2", "quality", D(40), 5, text="How will you take over packages of care safely?")
LOCAL = Question("SV1", "social_value", D(100), 4, text="How will you employ people locally?")
QUESTIONS = [RECRUIT, HANDOVER, LOCAL]


def _bids() -> list[BidInput]:
    return [
        BidInput("A", "Acme Care", D(800_000), {"Q1": 4, "Q2": 3, "SV1": 2}),
        BidInput("B", "Brook Homecare", D(1_000_000), {"Q1": 5, "Q2": 5, "SV1": 4}),
        # The cheapest, but it scores 1 where 2 is the minimum.
        BidInput("C", "Cheap Co", D(500_000), {"Q1": 1, "Q2": 5, "SV1": 4}),
    ]


def _lot(bids=None, questions=None, weights=WEIGHTS, **options):
    return evaluate_lot(
        _bids() if bids is None else bids, QUESTIONS if questions is None else questions, weights, **options
    )


def test_scores_worked_by_hand():
    lot = _lot()
    a, b = lot.result("A"), lot.result("B")
    # Price, lowest over bid: A is the lowest in the competition (40); B is 800k / 1m x 40 = 32.
    assert (a.price_score, b.price_score) == (D(40), D(32))
    # Quality: A 4/5 x 60% x 50 + 3/5 x 40% x 50 = 24 + 12; B full marks.
    assert (a.quality_score, b.quality_score) == (D(36), D(50))
    # Social value: A 2/4 x 10 = 5; B full marks.
    assert (a.social_value_score, b.social_value_score) == (D(5), D(10))
    assert (a.total, b.total) == (D(81), D(92))
    assert (b.rank, a.rank) == (1, 2)
    assert lot.most_advantageous == "B"
    assert not lot.tie
    assert [item.key for item in lot.results] == ["B", "A", "C"]


def test_a_bid_that_fails_a_threshold_is_not_ranked_and_does_not_set_the_lowest_price():
    lot = _lot()
    cheap = lot.result("C")
    assert cheap.failed_thresholds == ("Q1",)
    assert not cheap.compliant
    assert cheap.rank is None
    assert cheap.price_score is None and cheap.total is None
    # Its quality is still reported, for its assessment summary.
    assert cheap.quality_score == D(26)
    # Had its £500,000 counted, A would have scored 25 for price, not 40.
    assert lot.lowest_price == D(800_000)
    assert lot.result("A").price_score == D(40)


def test_a_bid_exactly_at_the_minimum_passes():
    bids = [BidInput("A", "Acme Care", D(800_000), {"Q1": 2, "Q2": 3, "SV1": 2})]
    result = _lot(bids).result("A")
    assert result.compliant and result.rank == 1 and result.failed_thresholds == ()


def test_an_abnormally_low_bid_is_flagged_but_stays_in_the_competition():
    lot = _lot()
    # A is 20% below B, the only other bid still in: at least 20% is flagged.
    assert lot.result("A").abnormally_low == D(20)
    assert lot.result("A").rank == 2
    assert lot.result("B").abnormally_low is None
    # An excluded bid is neither flagged nor counted in the others' mean.
    assert lot.result("C").abnormally_low is None
    assert _lot(abnormally_low_percent=D(25)).result("A").abnormally_low is None


def test_equal_totals_go_to_the_higher_quality_score():
    only = [Question("Q", "quality", D(100), 5)]
    weights = Weights(D(50), D(50), D(0))
    bids = [
        BidInput("cheaper", "Cheaper Care", D(100), {"Q": 4}),  # 50 price + 40 quality
        BidInput("better", "Better Care", D(125), {"Q": 5}),  # 100/125 x 50 = 40 price + 50 quality
    ]
    lot = evaluate_lot(bids, only, weights)
    assert lot.result("cheaper").total == lot.result("better").total == D(90)
    assert lot.most_advantageous == "better"
    assert (lot.result("better").rank, lot.result("cheaper").rank) == (1, 2)
    assert not lot.tie


def test_equal_totals_and_quality_go_to_the_lower_price():
    questions = [Question("Q", "quality", D(100), 5), Question("S", "social_value", D(100), 5)]
    weights = Weights(D(40), D(40), D(20))
    bids = [
        BidInput("dear", "Dear Care", D(200), {"Q": 5, "S": 5}),  # 20 + 40 + 20
        BidInput("cheap", "Cheap Care", D(100), {"Q": 5, "S": 0}),  # 40 + 40 + 0
    ]
    lot = evaluate_lot(bids, questions, weights)
    assert lot.result("dear").total == lot.result("cheap").total == D(80)
    assert lot.most_advantageous == "cheap"


def test_bids_level_after_every_tie_break_share_first_place_and_a_person_decides():
    same = {"Q1": 4, "Q2": 4, "SV1": 3}
    bids = [
        BidInput("A", "Acme Care", D(900_000), same),
        BidInput("B", "Brook Homecare", D(900_000), same),
        BidInput("C", "Carers Together", D(950_000), same),
    ]
    lot = _lot(bids)
    assert [item.rank for item in lot.results] == [1, 1, 3]
    assert lot.tie and lot.tied_ranks == (1,)
    assert lot.leaders == ("A", "B")
    assert lot.most_advantageous is None


def test_no_bid_left_in_the_competition():
    bids = [BidInput("C", "Cheap Co", D(500_000), {"Q1": 0, "Q2": 5, "SV1": 4})]
    lot = _lot(bids)
    assert lot.most_advantageous is None and not lot.tie and lot.lowest_price is None


def test_a_score_of_6_on_a_0_to_5_scale_is_refused():
    bids = [BidInput("A", "Acme Care", D(800_000), {"Q1": 4, "Q2": 6, "SV1": 2})]
    with pytest.raises(EvaluationInputError, match=r"Bid 'A' \(Acme Care\) scores 6 on question 'Q2', .* 0 to 5"):
        _lot(bids)


def test_a_missing_score_means_the_evaluation_is_not_finished():
    bids = [BidInput("A", "Acme Care", D(800_000), {"Q1": 4, "SV1": 2})]
    with pytest.raises(
        EvaluationInputError, match=r"Bid 'A' \(Acme Care\) has no score for question 'Q2'.*not finished"
    ):
        _lot(bids)


def test_every_problem_is_reported_at_once():
    bids = [
        BidInput("A", "Acme Care", D(0), {"Q1": 4, "Q2": 3, "SV1": 5, "Q9": 1}),
        BidInput("A", "Acme Care", D(800_000), {"Q1": 4, "Q2": 3, "SV1": 2}),
    ]
    with pytest.raises(EvaluationInputError) as error:
        _lot(bids, weights=Weights(D(40), D(45), D(10)), price_formula="cheapest_wins")
    assert error.value.problems == [
        "The weights add up to 95; they must add up to 100",
        "There is no price formula 'cheapest_wins'; use one of lowest_over_bid, relative_to_lowest, "
        "linear_lowest_to_highest",
        "Bid 'A' (Acme Care): the price must be above 0, not 0",
        "Bid 'A' (Acme Care) scores 5 on question 'SV1', which is scored from 0 to 4",
        "Bid 'A' (Acme Care) has a score for question 'Q9', which is not in this lot",
        "Bid 'A' (Acme Care) is listed twice",
    ]


def test_question_weights_must_add_up_within_their_section():
    questions = [RECRUIT, Question("Q2", "quality", D(30), 5), LOCAL]
    with pytest.raises(
        EvaluationInputError, match="The quality question weights add up to 90; they must add up to 100"
    ):
        _lot(questions=questions)


def test_a_weighted_section_needs_questions():
    with pytest.raises(
        EvaluationInputError, match="gives social value 10% of the marks but has no social value questions"
    ):
        _lot(questions=[RECRUIT, HANDOVER])


def test_weights_in_plain_english():
    assert weights_problem(D(40), D(50), D(10)) is None
    assert weights_problem(D(40), D(45), D(10)) == "The weights add up to 95; they must add up to 100"
    assert weights_problem(D(120), D(-30), D(10)) == (
        "The price weight must be between 0 and 100, not 120; The quality weight must be between 0 and 100, not -30"
    )
    assert weights_problem(D("60.0"), D("30.5"), D("9.5")) is None
    assert question_weights_problem([D(60), D(30)]) == "The question weights add up to 90; they must add up to 100"
    assert question_weights_problem([D(60), D(40), D(0)]) is None  # a pass or fail question carries no marks


def test_price_formulas():
    assert set(PRICE_FORMULAS) >= {"lowest_over_bid", "relative_to_lowest", "linear_lowest_to_highest"}
    # The example in the tender guidance: 8,000 / 10,000 x 70 = 56.
    assert price_scores({"a": D(8000), "b": D(10000)}, maximum=D(70)) == {"a": D(70), "b": D(56)}
    prices = {"a": D(100), "b": D(150), "c": D(200), "d": D(300)}
    relative = price_scores(prices, maximum=D(40), formula="relative_to_lowest")
    assert relative == {"a": D(40), "b": D(20), "c": D(0), "d": D(0)}  # double the lowest or more scores 0
    linear = price_scores(prices, maximum=D(40), formula="linear_lowest_to_highest")
    assert linear == {"a": D(40), "b": D(30), "c": D(20), "d": D(0)}
    level = price_scores({"a": D(100), "b": D(100)}, maximum=D(40), formula="linear_lowest_to_highest")
    assert level == {"a": D(40), "b": D(40)}


def test_price_scores_refuse_what_cannot_be_scored():
    with pytest.raises(ValueError, match="no price formula 'average'"):
        price_scores({"a": D(100)}, maximum=D(40), formula="average")
    with pytest.raises(ValueError, match="The price of bid 'b' must be above 0, not -5"):
        price_scores({"a": D(100), "b": D(-5)}, maximum=D(40))
    with pytest.raises(ValueError, match="exact number"):
        price_scores({"a": 100.0}, maximum=D(40))  # type: ignore[dict-item]


def test_a_third_is_kept_exact_and_rounded_only_for_display():
    bids = [
        BidInput("A", "Acme Care", D(100), {"Q": 5}),
        BidInput("B", "Brook Homecare", D(300), {"Q": 5}),
    ]
    lot = evaluate_lot(bids, [Question("Q", "quality", D(100), 5)], Weights(D(10), D(90), D(0)))
    b = lot.result("B")
    assert b.price_score == D("3." + "3" * 79)  # 10 x 100/300, to 80 digits rather than Python's usual 28
    marks = b.rounded()
    assert (marks.price, marks.quality, marks.total) == (D("3.33"), D("90.00"), D("93.33"))


def test_abnormally_low_against_the_mean_of_the_other_bids():
    # 70 against the others' mean of 100 is 30% below; 100 against (70 + 100) / 2 is not below.
    assert abnormally_low({"a": D(70), "b": D(100), "c": D(100)}) == {"a": D(30)}
    assert abnormally_low({"a": D("80.01"), "b": D(100)}) == {}  # 19.99% below
    assert abnormally_low({"a": D(80), "b": D(100)}) == {"a": D(20)}
    assert abnormally_low({"a": D(10)}) == {}  # nothing to compare with
    assert abnormally_low({"a": D(70), "b": D(100)}, percent_below=D(35)) == {}


def test_assessment_summary_for_a_losing_bidder():
    lines = assessment_summary(_lot(), "A")
    assert [line.key for line in lines] == ["price", "Q1", "Q2", "SV1", "total"]
    price, recruit, _handover, local, total = lines
    assert (price.marks, price.winner_marks, price.available) == (D(40), D(32), D(40))
    assert (recruit.score, recruit.winner_score, recruit.scale_max) == (4, 5, 5)
    assert (recruit.marks, recruit.winner_marks, recruit.available) == (D(24), D(30), D(30))
    assert recruit.label == "How will you recruit and keep care workers?"
    assert (local.score, local.winner_score, local.available) == (2, 4, D(10))
    assert (total.marks, total.winner_marks, total.available) == (D(81), D(92), D(100))


def test_assessment_summary_for_a_bid_that_failed_a_threshold():
    lines = {line.key: line for line in assessment_summary(_lot(), "C")}
    assert lines["Q1"].below_minimum and lines["Q1"].minimum == 2
    assert lines["price"].marks is None and lines["total"].marks is None
    assert lines["total"].winner_marks == D(92)


def test_assessment_summary_when_first_place_is_tied_names_no_winner():
    same = {"Q1": 4, "Q2": 4, "SV1": 3}
    lot = _lot([BidInput("A", "Acme", D(900), same), BidInput("B", "Brook", D(900), same)])
    assert all(line.winner_marks is None for line in assessment_summary(lot, "A"))
    with pytest.raises(KeyError):
        assessment_summary(lot, "Z")
