"""Tender evaluation for one lot: price, quality and social value scores, quality thresholds, abnormally
low prices, the ranking and the most advantageous tender, and what each bidder's assessment summary
shows (Procurement Act 2023 s.19 and s.50(3)).

The method, as a commissioner reads it:
- A question's marks are its score ÷ the top of its scale x its weight (percent of its section) x
  the section's weight. A section's marks are the sum over its questions.
- A bid that scores below a question's minimum fails that threshold and leaves the competition. It
  is not ranked, and price is scored only across the bids that remain, so an excluded bid never sets
  the lowest price.
- Abnormally low prices are flagged among the bids that remain, for the bidder to explain; a flag
  never removes a bid.
- The bids that remain are ranked on their total: a higher quality score (the quality section alone)
  breaks a tie, then a lower price. Bids still level share a rank and `tie` is set, so that a person
  decides.

Arithmetic is exact: every score is worked as a fraction, so ranks and ties never depend on
rounding (two totals that both show as 72.35 can still rank apart; the rank follows the method).
Results are Decimals to 80 significant digits (exact whenever the division ends, as it does for most
weights and prices); `BidResult.rounded()` gives two places, for display only.
Framework-free: the caller loads the bids and moderated scores and saves the result.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction
from typing import Any, TypeVar

K = TypeVar("K", bound=Hashable)

QUALITY, SOCIAL_VALUE, PRICE, TOTAL = "quality", "social_value", "price", "total"
SECTIONS = (QUALITY, SOCIAL_VALUE)
SECTION_NAMES = {PRICE: "price", QUALITY: "quality", SOCIAL_VALUE: "social value"}
HUNDRED = Decimal(100)
PENNY = Decimal("0.01")
# Significant digits kept when an exact fraction becomes a Decimal (Python's default is 28).
PRECISION = 80
# An error keeps every problem found; its message names the first few.
SHOWN_PROBLEMS = 10

PRICE_FORMULAS: dict[str, str] = {
    "lowest_over_bid": (
        "Lowest price ÷ this bid's price x the maximum price score. The lowest bid gets the full "
        "score; a bid twice the lowest gets half of it."
    ),
    "relative_to_lowest": (
        "The maximum price score less 1% of it for every 1% this bid is above the lowest price: "
        "maximum x (1 - (this bid - lowest) ÷ lowest), and never below 0. The lowest bid gets the full "
        "score; a bid twice the lowest or more gets 0."
    ),
    "linear_lowest_to_highest": (
        "The lowest bid gets the maximum price score and the highest bid gets 0, with the bids between "
        "scored on a straight line: maximum x (highest - this bid) ÷ (highest - lowest). If every bid "
        "has the same price, each gets the maximum."
    ),
}
DEFAULT_PRICE_FORMULA = "lowest_over_bid"


class EvaluationInputError(ValueError):
    """The lot cannot be evaluated yet: every problem found, each naming the bid or question."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        more = len(problems) - SHOWN_PROBLEMS
        super().__init__("; ".join(problems[:SHOWN_PROBLEMS]) + (f"; and {more:,} more" if more > 0 else ""))


# ----------------------------------------------------------------------------------------------
# Inputs


@dataclass(frozen=True)
class Question:
    key: Hashable
    section: str  # "quality" or "social_value"
    weight: Decimal  # percent of its section; a section's question weights add up to 100
    scale_max: int  # the top of the scoring scale, usually 4 or 5 (the scale starts at 0)
    minimum: int | None = None  # a score below this fails the bid (the threshold); None: no threshold
    text: str = ""


@dataclass(frozen=True)
class BidInput:
    key: Hashable
    bidder: str
    price: Decimal  # whole-life price, ex VAT
    scores: Mapping[Any, int]  # moderated score by question key


@dataclass(frozen=True)
class Weights:
    """Percent of the total marks for each part; they add up to 100."""

    price: Decimal
    quality: Decimal
    social_value: Decimal


# ----------------------------------------------------------------------------------------------
# Results


@dataclass(frozen=True)
class CriterionScore:
    """One bid on one criterion: price, or one question."""

    key: Hashable  # "price", or the question's key
    section: str  # "price", "quality" or "social_value"
    label: str  # "Price", or the question's text (its key when it has none)
    score: int | None  # the moderated score on the question's scale; None for price
    scale_max: int | None  # None for price
    marks: Decimal | None  # what it adds to the total; None for the price of a bid out of the competition
    available: Decimal  # the most marks it can add
    minimum: int | None
    below_minimum: bool


@dataclass(frozen=True)
class Marks:
    """A bid's marks to two places, for display (ranks are decided on the exact figures)."""

    price: Decimal | None
    quality: Decimal
    social_value: Decimal
    total: Decimal | None


@dataclass(frozen=True)
class BidResult:
    key: Hashable
    bidder: str
    price: Decimal
    # None for a bid out of the competition: price is scored only among the bids that remain.
    price_score: Decimal | None
    quality_score: Decimal
    social_value_score: Decimal
    total: Decimal | None
    failed_thresholds: tuple[Hashable, ...]  # question keys scored below their minimum
    compliant: bool  # passed every threshold, so it stays in the competition
    abnormally_low: Decimal | None  # percent below the mean price of the other bids, when flagged
    rank: int | None  # 1 is best; None for a bid out of the competition
    breakdown: tuple[CriterionScore, ...]  # price, then each question in the order given

    def rounded(self) -> Marks:
        """The marks to two places (half up), for display only."""
        return Marks(
            None if self.price_score is None else _two(self.price_score),
            _two(self.quality_score),
            _two(self.social_value_score),
            None if self.total is None else _two(self.total),
        )


@dataclass(frozen=True)
class LotEvaluation:
    results: tuple[BidResult, ...]  # ranked bids best first, then bids out of the competition as given
    questions: tuple[Question, ...]
    weights: Weights
    price_formula: str
    price_formula_text: str
    abnormally_low_percent: Decimal
    lowest_price: Decimal | None  # among the bids in the competition
    leaders: tuple[Hashable, ...]  # the bids ranked 1 (more than one only when tied)
    # Bids ranked 1 are level even after the tie-breaks: a person must decide.
    tie: bool
    tied_ranks: tuple[int, ...]  # every rank shared by more than one bid

    @property
    def most_advantageous(self) -> Hashable | None:
        """The bid ranked 1, or None when no bid remains in the competition or the first place is tied."""
        return self.leaders[0] if len(self.leaders) == 1 else None

    def result(self, key: Hashable) -> BidResult:
        """The result for one bid (KeyError if it is not in this lot)."""
        for item in self.results:
            if item.key == key:
                return item
        raise KeyError(key)


@dataclass(frozen=True)
class SummaryLine:
    """One line of a bidder's assessment summary: its score against the most advantageous tender's.
    The caller joins the evaluators' reasons on `key` (moderation records)."""

    key: Hashable  # "price", a question key, or "total"
    section: str  # "price", "quality", "social_value" or "total"
    label: str
    available: Decimal  # the most marks on offer
    score: int | None  # on the question's scale; None for price and total
    scale_max: int | None
    marks: Decimal | None
    minimum: int | None
    below_minimum: bool
    winner_score: int | None  # None when there is no single most advantageous tender
    winner_marks: Decimal | None


# ----------------------------------------------------------------------------------------------
# Weights


def weights_problem(price: Decimal, quality: Decimal, social_value: Decimal) -> str | None:
    """What is wrong with the tender's weights, in plain English, or None if nothing is."""
    problems = []
    for name, value in (("price", price), ("quality", quality), ("social value", social_value)):
        problem = _number_problem(f"The {name} weight", value)
        if problem is None and not 0 <= value <= HUNDRED:
            problem = f"The {name} weight must be between 0 and 100, not {_plain(value)}"
        if problem:
            problems.append(problem)
    if problems:
        return "; ".join(problems)
    total = price + quality + social_value
    if total != HUNDRED:
        return f"The weights add up to {_plain(total)}; they must add up to 100"
    return None


def question_weights_problem(weights: Sequence[Decimal], *, section: str | None = None) -> str | None:
    """What is wrong with one section's question weights (percent of the section), or None. A weight
    of 0 is allowed, for a question that is only a pass or fail threshold."""
    what = f"{SECTION_NAMES.get(section, section)} question weights" if section else "question weights"
    if not weights:
        return f"There are no {what}"
    for position, value in enumerate(weights, start=1):
        problem = _number_problem(f"Question weight {position}", value)
        if problem:
            return problem
        if value < 0:
            return f"Question weight {position} cannot be negative ({_plain(value)})"
    total = sum(weights, Decimal(0))
    if total != HUNDRED:
        return f"The {what} add up to {_plain(total)}; they must add up to 100"
    return None


# ----------------------------------------------------------------------------------------------
# Price


def price_scores(
    prices: Mapping[K, Decimal], *, maximum: Decimal, formula: str = DEFAULT_PRICE_FORMULA
) -> dict[K, Decimal]:
    """Each bid's price score out of `maximum`, by one of PRICE_FORMULAS. ValueError for an unknown
    formula or a price that is not above 0."""
    exact = _exact_prices(prices)
    if formula not in PRICE_FORMULAS:
        raise ValueError(f"There is no price formula {formula!r}; use one of {', '.join(PRICE_FORMULAS)}")
    problem = _number_problem("The maximum price score", maximum)
    if problem is None and maximum < 0:
        problem = f"The maximum price score cannot be negative ({_plain(maximum)})"
    if problem:
        raise ValueError(problem)
    return {key: _decimal(score) for key, score in _price_fractions(exact, Fraction(maximum), formula).items()}


def abnormally_low(prices: Mapping[K, Decimal], *, percent_below: Decimal = Decimal(20)) -> dict[K, Decimal]:
    """The bids priced at least `percent_below` percent below the mean of the other bids, with how far
    below (percent). Needs two bids or more. A flagged bid is for the bidder to explain (can it do
    the work for the price?); it is never rejected automatically."""
    exact = _exact_prices(prices)
    problem = _number_problem("The abnormally low percentage", percent_below)
    if problem is None and not 0 < percent_below < HUNDRED:
        problem = f"The abnormally low percentage must be above 0 and below 100, not {_plain(percent_below)}"
    if problem:
        raise ValueError(problem)
    return {key: _decimal(below) for key, below in _abnormally_low(exact, Fraction(percent_below)).items()}


def _exact_prices(prices: Mapping[K, Decimal]) -> dict[K, Fraction]:
    exact = {}
    for key, price in prices.items():
        problem = _number_problem(f"The price of bid {key!r}", price)
        if problem is None and price <= 0:
            problem = f"The price of bid {key!r} must be above 0, not {_plain(price)}"
        if problem:
            raise ValueError(problem)
        exact[key] = Fraction(price)
    return exact


def _price_fractions(prices: Mapping[K, Fraction], maximum: Fraction, formula: str) -> dict[K, Fraction]:
    if not prices:
        return {}
    lowest, highest = min(prices.values()), max(prices.values())
    if formula == "lowest_over_bid":
        return {key: maximum * lowest / price for key, price in prices.items()}
    if formula == "relative_to_lowest":
        return {key: max(Fraction(0), maximum * (1 - (price - lowest) / lowest)) for key, price in prices.items()}
    if highest == lowest:
        return dict.fromkeys(prices, maximum)
    return {key: maximum * (highest - price) / (highest - lowest) for key, price in prices.items()}


def _abnormally_low(prices: Mapping[K, Fraction], percent_below: Fraction) -> dict[K, Fraction]:
    if len(prices) < 2:
        return {}
    total, others = sum(prices.values(), Fraction(0)), len(prices) - 1
    flagged = {}
    for key, price in prices.items():
        # Against the others only: a bid in its own mean would hide how far below the field it is.
        mean = (total - price) / others
        below = (mean - price) / mean * 100
        if below >= percent_below:
            flagged[key] = below
    return flagged


# ----------------------------------------------------------------------------------------------
# The lot


def evaluate_lot(
    bids: Sequence[BidInput],
    questions: Sequence[Question],
    weights: Weights,
    *,
    price_formula: str = DEFAULT_PRICE_FORMULA,
    abnormally_low_percent: Decimal = Decimal(20),
) -> LotEvaluation:
    """Scores, thresholds, abnormally low flags and ranks for every bid in a lot. Every problem with the
    inputs (a missing or impossible score, weights that do not add up) is reported at once, as
    EvaluationInputError (a ValueError): an evaluation with a score missing is not finished."""
    _check(bids, questions, weights, price_formula, abnormally_low_percent)
    section_weight = {QUALITY: Fraction(weights.quality), SOCIAL_VALUE: Fraction(weights.social_value)}

    # Question marks, and who fails a threshold, before price: a failed bid is out of the competition.
    question_marks: dict[Hashable, dict[Hashable, Fraction]] = {}
    failed: dict[Hashable, tuple[Hashable, ...]] = {}
    for bid in bids:
        question_marks[bid.key] = {
            q.key: Fraction(bid.scores[q.key], q.scale_max) * Fraction(q.weight) / 100 * section_weight[q.section]
            for q in questions
        }
        failed[bid.key] = tuple(q.key for q in questions if q.minimum is not None and bid.scores[q.key] < q.minimum)
    remaining = {bid.key: Fraction(bid.price) for bid in bids if not failed[bid.key]}
    price_marks = _price_fractions(remaining, Fraction(weights.price), price_formula)
    low = _abnormally_low(remaining, Fraction(abnormally_low_percent))

    totals: dict[Hashable, tuple[Fraction, Fraction, Fraction]] = {}  # total, quality, social value
    for bid in bids:
        marks = question_marks[bid.key]
        quality = sum((marks[q.key] for q in questions if q.section == QUALITY), Fraction(0))
        social = sum((marks[q.key] for q in questions if q.section == SOCIAL_VALUE), Fraction(0))
        if bid.key in remaining:
            totals[bid.key] = (price_marks[bid.key] + quality + social, quality, social)
        else:
            totals[bid.key] = (Fraction(0), quality, social)

    ranks, tied_ranks = _ranks([bid for bid in bids if bid.key in remaining], totals)
    results = []
    for bid in bids:
        total, quality, social = totals[bid.key]
        in_competition = bid.key in remaining
        price_mark = price_marks.get(bid.key)
        results.append(
            BidResult(
                key=bid.key,
                bidder=bid.bidder,
                price=bid.price,
                price_score=None if price_mark is None else _decimal(price_mark),
                quality_score=_decimal(quality),
                social_value_score=_decimal(social),
                total=_decimal(total) if in_competition else None,
                failed_thresholds=failed[bid.key],
                compliant=in_competition,
                abnormally_low=_decimal(low[bid.key]) if bid.key in low else None,
                rank=ranks.get(bid.key),
                breakdown=_breakdown(bid, questions, weights, price_mark, question_marks[bid.key], failed[bid.key]),
            )
        )
    order = {key: position for position, key in enumerate(ranks)}  # ranks are kept best first
    results.sort(key=lambda item: (item.rank is None, order.get(item.key, 0)))
    leaders = tuple(item.key for item in results if item.rank == 1)
    return LotEvaluation(
        results=tuple(results),
        questions=tuple(questions),
        weights=weights,
        price_formula=price_formula,
        price_formula_text=PRICE_FORMULAS[price_formula],
        abnormally_low_percent=abnormally_low_percent,
        lowest_price=min((bid.price for bid in bids if bid.key in remaining), default=None),
        leaders=leaders,
        tie=len(leaders) > 1,
        tied_ranks=tied_ranks,
    )


def _ranks(
    bids: Sequence[BidInput], totals: Mapping[Hashable, tuple[Fraction, Fraction, Fraction]]
) -> tuple[dict[Hashable, int], tuple[int, ...]]:
    """Competition ranks (1, 1, 3): higher total, then higher quality, then lower price. Bids level on
    all three share a rank. Stable, so bids sharing a rank keep the order given."""

    def order(bid: BidInput) -> tuple[Fraction, Fraction, Fraction]:
        total, quality, _social = totals[bid.key]
        return (-total, -quality, Fraction(bid.price))

    ranked = sorted(bids, key=order)
    ranks: dict[Hashable, int] = {}
    shared: list[int] = []
    for position, bid in enumerate(ranked):
        if position and order(bid) == order(ranked[position - 1]):
            ranks[bid.key] = ranks[ranked[position - 1].key]
            if not shared or shared[-1] != ranks[bid.key]:
                shared.append(ranks[bid.key])
        else:
            ranks[bid.key] = position + 1
    return ranks, tuple(shared)


def _breakdown(
    bid: BidInput,
    questions: Sequence[Question],
    weights: Weights,
    price_mark: Fraction | None,
    marks: Mapping[Hashable, Fraction],
    failed: tuple[Hashable, ...],
) -> tuple[CriterionScore, ...]:
    section_weight = {QUALITY: weights.quality, SOCIAL_VALUE: weights.social_value}
    lines = [
        CriterionScore(
            key=PRICE,
            section=PRICE,
            label="Price",
            score=None,
            scale_max=None,
            marks=None if price_mark is None else _decimal(price_mark),
            available=weights.price,
            minimum=None,
            below_minimum=False,
        )
    ]
    for q in questions:
        lines.append(
            CriterionScore(
                key=q.key,
                section=q.section,
                label=q.text or str(q.key),
                score=bid.scores[q.key],
                scale_max=q.scale_max,
                marks=_decimal(marks[q.key]),
                available=_decimal(Fraction(q.weight) / 100 * Fraction(section_weight[q.section])),
                minimum=q.minimum,
                below_minimum=q.key in failed,
            )
        )
    return tuple(lines)


def _check(
    bids: Sequence[BidInput],
    questions: Sequence[Question],
    weights: Weights,
    price_formula: str,
    abnormally_low_percent: Decimal,
) -> None:
    problems: list[str] = []
    weight_problem = weights_problem(weights.price, weights.quality, weights.social_value)
    if weight_problem:
        problems.append(weight_problem)
    if price_formula not in PRICE_FORMULAS:
        problems.append(f"There is no price formula {price_formula!r}; use one of {', '.join(PRICE_FORMULAS)}")
    low_problem = _number_problem("The abnormally low percentage", abnormally_low_percent)
    if low_problem is None and not 0 < abnormally_low_percent < HUNDRED:
        low_problem = (
            f"The abnormally low percentage must be above 0 and below 100, not {_plain(abnormally_low_percent)}"
        )
    if low_problem:
        problems.append(low_problem)

    seen: set[Hashable] = set()
    for q in questions:
        name = f"Question {q.key!r}"
        if q.key in seen:
            problems.append(f"{name} is listed twice")
        seen.add(q.key)
        if q.key in (PRICE, TOTAL):
            problems.append(f"{name}: {q.key!r} is kept for the {q.key} line; give the question another key")
        if q.section not in SECTIONS:
            problems.append(f"{name} must be in the quality or the social value section, not {q.section!r}")
        if not _whole(q.scale_max) or q.scale_max < 1:
            problems.append(f"{name} must be scored on a scale from 0 to a whole number, not {q.scale_max!r}")
        elif q.minimum is not None and (not _whole(q.minimum) or not 0 <= q.minimum <= q.scale_max):
            problems.append(
                f"{name}: the minimum score must be a whole number from 0 to {q.scale_max}, not {q.minimum!r}"
            )
        weight_problem = _number_problem(f"{name}'s weight", q.weight)
        if weight_problem:
            problems.append(weight_problem)
    for section, weight in ((QUALITY, weights.quality), (SOCIAL_VALUE, weights.social_value)):
        section_questions = [q for q in questions if q.section == section]
        if not section_questions:
            if isinstance(weight, Decimal | int) and weight:
                problems.append(
                    f"The tender gives {SECTION_NAMES[section]} {_plain(Decimal(weight))}% of the marks "
                    f"but has no {SECTION_NAMES[section]} questions"
                )
            continue
        if all(_number_problem("", q.weight) is None for q in section_questions):
            problem = question_weights_problem([q.weight for q in section_questions], section=section)
            if problem:
                problems.append(problem)

    question_keys = {q.key for q in questions}
    bid_keys: set[Hashable] = set()
    for bid in bids:
        name = f"Bid {bid.key!r} ({bid.bidder})"
        if bid.key in bid_keys:
            problems.append(f"{name} is listed twice")
        bid_keys.add(bid.key)
        price_problem = _number_problem(f"{name}: the price", bid.price)
        if price_problem is None and bid.price <= 0:
            price_problem = f"{name}: the price must be above 0, not {_plain(bid.price)}"
        if price_problem:
            problems.append(price_problem)
        for q in questions:
            if q.key not in bid.scores:
                problems.append(f"{name} has no score for question {q.key!r}: the evaluation is not finished")
                continue
            score = bid.scores[q.key]
            if not _whole(score):
                problems.append(f"{name}: the score for question {q.key!r} must be a whole number, not {score!r}")
            elif _whole(q.scale_max) and not 0 <= score <= q.scale_max:
                problems.append(f"{name} scores {score} on question {q.key!r}, which is scored from 0 to {q.scale_max}")
        for key in bid.scores:
            if key not in question_keys:
                problems.append(f"{name} has a score for question {key!r}, which is not in this lot")
    if problems:
        raise EvaluationInputError(problems)


# ----------------------------------------------------------------------------------------------
# Assessment summaries


def assessment_summary(evaluation: LotEvaluation, bid_key: Hashable) -> list[SummaryLine]:
    """The lines of one bidder's assessment summary: for price, each question and the total, its score
    and the most advantageous tender's (s.50(3): its own assessment and, if different, the winner's).
    The winner's figures are None when there is no single most advantageous tender. The evaluators'
    reasons are added by the caller from the moderation records, joined on `key`."""
    bid = evaluation.result(bid_key)
    leader = evaluation.most_advantageous
    winner = evaluation.result(leader) if leader is not None else None
    winner_lines = {line.key: line for line in winner.breakdown} if winner else {}
    lines = [
        SummaryLine(
            key=line.key,
            section=line.section,
            label=line.label,
            available=line.available,
            score=line.score,
            scale_max=line.scale_max,
            marks=line.marks,
            minimum=line.minimum,
            below_minimum=line.below_minimum,
            winner_score=winner_lines[line.key].score if winner else None,
            winner_marks=winner_lines[line.key].marks if winner else None,
        )
        for line in bid.breakdown
    ]
    lines.append(
        SummaryLine(
            key=TOTAL,
            section=TOTAL,
            label="Total",
            available=HUNDRED,
            score=None,
            scale_max=None,
            marks=bid.total,
            minimum=None,
            below_minimum=bool(bid.failed_thresholds),
            winner_score=None,
            winner_marks=winner.total if winner else None,
        )
    )
    return lines


# ----------------------------------------------------------------------------------------------
# Figures


def _decimal(value: Fraction) -> Decimal:
    with localcontext() as context:
        context.prec = PRECISION
        return Decimal(value.numerator) / Decimal(value.denominator)


def _two(value: Decimal) -> Decimal:
    return value.quantize(PENNY, ROUND_HALF_UP)


def _whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _number_problem(label: str, value: Any) -> str | None:
    """Why `value` is not an exact, finite number, or None if it is one."""
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        return f"{label} must be an exact number (a Decimal), not {value!r}"
    if isinstance(value, Decimal) and not value.is_finite():
        return f"{label} must be a number, not {value}"
    return None


def _plain(value: Decimal | int) -> str:
    """A figure as people write it: 95.0 reads 95, 12.50 reads 12.5."""
    return format(Decimal(value).normalize(), "f")
