"""Which procurement law applies, and which threshold, as dated tables.

Pure Python (stdlib only) so the rules can be tested and reused without Django.

Sources, all read in the text of the legislation (legislation.gov.uk, read through the
``legalize-dev/legalize-uk`` mirror of it; versions pinned below):

* Procurement Act 2023 ("PA23"), c. 54, point-in-time text of 12 March 2024:
  s.3 (a public contract has an estimated value "not less than" the threshold), s.9 (light
  touch contracts), s.44(3), s.50(6)(b), s.51(3), s.53(6)(b), Part 6 (s.84-88) and Schedule 5.
* Schedule 1 thresholds as substituted by SI 2025/163 reg 3(2) (in force 23 Feb 2025) and by
  SI 2025/1200 reg 2(3) (in force 1 Jan 2026; reg 3 keeps the old figures for procurements
  commenced before then).
* Commencement on 24 Feb 2025 and the PCR 2015 savings: SI 2024/716 regs 2(2) and 5.
* Procurement Regulations 2024 (SI 2024/692) reg 42 and Schedule 1 Table 1 (light touch
  services, as made 22 May 2024; SI 2025/163 amends PR24 but not that table), reg 43 (the Act
  does not apply to regulated health procurement).
* Health Care Services (Provider Selection Regime) Regulations 2023 (SI 2023/1348), in force
  1 January 2024.

Scope: England, and contracting authorities that are sub-central government authorities
(councils). Welsh-devolved contracts have their own threshold column and are not modelled.
Thresholds are compared with the estimated value *including VAT*.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum
from pathlib import Path

__all__ = [
    "DIRECT_AWARD_GROUNDS",
    "PA23_COMMENCEMENT",
    "PSR_COMMENCEMENT",
    "THRESHOLDS",
    "THRESHOLDS_2026",
    "DirectAwardGround",
    "LightTouchService",
    "Regime",
    "RegimeDecision",
    "Threshold",
    "cpv_problem",
    "direct_award_ground",
    "light_touch_code",
    "regime_for",
    "threshold_on",
]

LEGISLATION = "https://www.legislation.gov.uk"

#: Day the Procurement Act 2023 regime began (SI 2024/716 reg 2(2), as amended).
PA23_COMMENCEMENT = date(2025, 2, 24)
#: Day the threshold amounts in SI 2025/1200 apply from (procurements commenced on or after it).
THRESHOLDS_2026 = date(2026, 1, 1)
#: Day the NHS Provider Selection Regime came into force (SI 2023/1348 reg 1(1)).
PSR_COMMENCEMENT = date(2024, 1, 1)


class Regime(StrEnum):
    """The legal regime a procurement runs under; stored on contracts for years to come."""

    PA23 = "pa23"
    PCR2015 = "pcr2015"
    PSR = "psr"
    BELOW_THRESHOLD = "below_threshold"

    @property
    def label(self) -> str:
        """Plain-English name for screens and reports."""
        return _REGIME_LABELS[self]


_REGIME_LABELS = {
    Regime.PA23: "Procurement Act 2023",
    Regime.PCR2015: "Public Contracts Regulations 2015",
    Regime.PSR: "NHS Provider Selection Regime",
    # Part 6 (s.84-88) is what the Act adds below threshold: no suitability pre-qualification
    # (s.85), regard to SMEs (s.86), notices for notifiable contracts (s.87), 30-day payment (s.88).
    Regime.BELOW_THRESHOLD: "Below threshold (Procurement Act 2023, Part 6 below-threshold rules)",
}


# --------------------------------------------------------------------------------------
# Thresholds
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Threshold:
    """One threshold amount (incl. VAT), valid for procurements commenced in a date range.

    Dated rows, not one number, because the figure that applies is fixed by the date the
    procurement commenced (SI 2025/1200 reg 3), so two procurements running side by side can
    have different thresholds.
    """

    kind: str
    amount_gross: Decimal
    from_date: date
    to_date: date | None
    source: str

    @property
    def label(self) -> str:
        """Plain-English name of the threshold, e.g. "light-touch threshold"."""
        return THRESHOLD_LABELS[self.kind]

    def covers(self, commenced_on: date) -> bool:
        """True if a procurement commenced on this day uses this row."""
        return self.from_date <= commenced_on and (self.to_date is None or commenced_on <= self.to_date)

    @property
    def period(self) -> str:
        """Plain-English period, e.g. "for procurements started from 1 January 2026"."""
        if self.to_date is None:
            return f"for procurements started from {_day(self.from_date)}"
        return f"for procurements started from {_day(self.from_date)} to {_day(self.to_date)}"


THRESHOLD_LABELS = {
    "light_touch": "light-touch threshold",
    "goods_services_sub_central": "goods and services threshold for sub-central authorities",
    "goods_services_central": "goods and services threshold for central government",
    "works": "works threshold",
    "below_threshold_notice_sub_central": "below-threshold notice level for sub-central authorities",
    "below_threshold_notice_central": "below-threshold notice level for central government",
}

_SCH1 = f"{LEGISLATION}/ukpga/2023/54/schedule/1"
_SI_2025_163 = f"{LEGISLATION}/uksi/2025/163/regulation/3"
_SI_2025_1200 = f"{LEGISLATION}/uksi/2025/1200/regulation/2"
_S87 = f"{LEGISLATION}/ukpga/2023/54/section/87"
_END_2025 = date(2025, 12, 31)


def _pair(kind: str, row: int, before: str, after: str) -> tuple[Threshold, Threshold]:
    return (
        Threshold(
            kind,
            Decimal(before),
            PA23_COMMENCEMENT,
            _END_2025,
            f"PA23 Sch 1 row {row}, as substituted by SI 2025/163 reg 3(2) ({_SCH1}; {_SI_2025_163})",
        ),
        Threshold(
            kind,
            Decimal(after),
            THRESHOLDS_2026,
            None,
            f"PA23 Sch 1 row {row}, as substituted by SI 2025/1200 reg 2(3) ({_SCH1}; {_SI_2025_1200})",
        ),
    )


#: Every threshold row, England "any other contract" column; amounts include VAT.
THRESHOLDS: tuple[Threshold, ...] = (
    *_pair("light_touch", 8, "663540", "663540"),
    *_pair("goods_services_sub_central", 12, "214904", "207720"),
    *_pair("goods_services_central", 11, "139688", "135018"),
    *_pair("works", 10, "5372609", "5193000"),
    Threshold(
        "below_threshold_notice_sub_central",
        Decimal("30000"),
        PA23_COMMENCEMENT,
        None,
        f"PA23 s.87(4)(b): a notifiable below-threshold contract is one of £30,000 or more ({_S87})",
    ),
    Threshold(
        "below_threshold_notice_central",
        Decimal("12000"),
        PA23_COMMENCEMENT,
        None,
        f"PA23 s.87(4)(a): a notifiable below-threshold contract is one of £12,000 or more ({_S87})",
    ),
)


def threshold_on(kind: str, commenced_on: date) -> Threshold:
    """The threshold of this kind for a procurement commenced on ``commenced_on``.

    "Commenced" means the tender notice, transparency notice or below-threshold tender notice
    was published, tenders were invited, or a supplier was first contacted (SI 2025/1200 reg 3(2)).
    Raises ValueError for an unknown kind and LookupError before 24 February 2025, when the
    Act's thresholds did not apply.
    """
    if kind not in THRESHOLD_LABELS:
        raise ValueError(f"Unknown threshold kind {kind!r}; use one of: {', '.join(THRESHOLD_LABELS)}.")
    for row in THRESHOLDS:
        if row.kind == kind and row.covers(commenced_on):
            return row
    raise LookupError(
        f"No Procurement Act 2023 threshold for a procurement started on {_day(commenced_on)}: "
        f"the Act applies to procurements started from {_day(PA23_COMMENCEMENT)}."
    )


# --------------------------------------------------------------------------------------
# Light-touch services (PR24 reg 42 and Schedule 1 Table 1)
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LightTouchService:
    """One row of PR24 Schedule 1 Table 1: a light-touch service, and whether it is reservable.

    ``reservable`` (column 3 "R") means the contract may be reserved to a public service mutual
    under PA23 s.33 (reg 42(2)). ``heading`` is the table's group heading; some headings limit
    the entry (legal services only so far as not exempt under Sch 2 para 14, for example).
    """

    code: str
    description: str
    reservable: bool
    heading: str
    verified_source: str


_DATA = Path(__file__).resolve().parent / "data" / "light_touch_cpv.csv"


def _load_light_touch() -> dict[str, LightTouchService]:
    with _DATA.open(encoding="utf-8", newline="") as f:
        return {
            row["code"]: LightTouchService(
                code=row["code"],
                description=row["description"],
                reservable=row["reservable"] == "R",
                heading=row["heading"],
                verified_source=row["verified_source"],
            )
            for row in csv.DictReader(f)
        }


#: Loaded once at import: the table is law, it changes only by statutory instrument.
LIGHT_TOUCH_SERVICES: dict[str, LightTouchService] = _load_light_touch()

_CPV = re.compile(r"(\d{8})(?:-(\d))?")


def cpv_problem(cpv: str) -> str | None:
    """What is wrong with a CPV code, in plain English, or None if it is in the right form.

    Only the form is checked (8 digits, optionally "-" and one check digit). The check digit
    itself is not recomputed: its algorithm was not verified, and a wrong check digit does not
    change which service the first 8 digits name.
    """
    text = (cpv or "").strip()
    if not text:
        return "Enter a CPV code, for example 85311100-3."
    if _CPV.fullmatch(text):
        return None
    digits = text.split("-", 1)[0]
    if digits.isdigit() and len(digits) != 8:
        return f"A CPV code has 8 digits before the hyphen; “{text}” has {len(digits)}."
    return (
        f"“{text}” is not a CPV code. A CPV code is 8 digits, optionally followed by a hyphen "
        "and one check digit, for example 85311100-3."
    )


def _cpv_digits(cpv: str) -> str:
    problem = cpv_problem(cpv)
    if problem:
        raise ValueError(problem)
    return cpv.strip()[:8]


def light_touch_code(cpv: str) -> LightTouchService | None:
    """The light-touch entry for a CPV code ("85311100-3" or "85311100"), or None.

    Exact match on the 8 digits only. A code that is not itself in the table is not light
    touch, even if a "parent" code sharing its leading digits is. Why: reg 42(1) specifies "the
    services which are covered by the CPV codes set out in column (1)", and Table 1 lists child
    codes one by one (85311000, then 85311100, 85311200 ...). It also lists broad parents whose
    children are plainly not meant: 64000000 "Postal and telecommunications services" is listed
    but only postal children follow (no telecoms), and 98000000 is listed while 98341000
    (accommodation services) and 98510000 appear only in Table 2, which is limited to defence and
    security contracts. A prefix rule would wrongly sweep those in. Table 2 is not loaded.
    Raises ValueError if the code is not in CPV form (see cpv_problem).
    """
    return LIGHT_TOUCH_SERVICES.get(_cpv_digits(cpv))


# --------------------------------------------------------------------------------------
# Which regime applies
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RegimeDecision:
    """The regime for a procurement and why, worded for a commissioner to read and check.

    ``above_threshold`` and ``threshold`` are None where the Procurement Act thresholds do not
    decide anything: under the PSR (no value threshold) and under the PCR 2015 (not modelled).
    """

    regime: Regime
    light_touch: bool
    above_threshold: bool | None
    threshold: Threshold | None
    reason: str


def regime_for(
    *,
    commenced_on: date,
    value_gross: Decimal,
    cpv: str,
    health_led: bool = False,
    under_agreement_before_pa23: bool = False,
    earlier_notice_before_pa23: bool = False,
) -> RegimeDecision:
    """Decide which law governs a procurement by a council, and whether it is above threshold.

    Order of the tests:

    1. ``health_led`` (a relevant health care service procured by a relevant authority under the
       PSR) gives PSR from 1 January 2024: PR24 reg 43 disapplies the Act, and before the Act the
       PSR already took these out of the PCR 2015. Earlier than that it was PCR 2015.
    2. PCR 2015 continues (SI 2024/716 reg 5) if the procurement started before 24 February 2025,
       is a call-off under a framework or dynamic purchasing system set up under it before then
       (``under_agreement_before_pa23``), or a notice for it was published under it before then
       (``earlier_notice_before_pa23``).
    3. Otherwise the Act: a public contract if the value incl. VAT is "not less than" the
       threshold (s.3), so equal counts as above. Light-touch threshold if the CPV is light touch,
       the works threshold for CPV division 45 (PR24 Sch 3 lists division 45 codes as works), else
       the sub-central goods and services threshold.
    """
    if isinstance(value_gross, float):
        raise TypeError("Give the estimated value as a Decimal, not a float, so pence are exact.")
    value = Decimal(value_gross)
    if value < 0:
        raise ValueError("The estimated value cannot be negative.")
    code = _cpv_digits(cpv)
    shown_cpv = cpv.strip()
    service = LIGHT_TOUCH_SERVICES.get(code)
    light_touch = service is not None
    started = f"Started on {_day(commenced_on)}"

    if health_led:
        if commenced_on >= PSR_COMMENCEMENT:
            act = (
                " The Procurement Act 2023 does not apply to it (Procurement Regulations 2024, regulation 43)."
                if commenced_on >= PA23_COMMENCEMENT
                else ""
            )
            return RegimeDecision(
                Regime.PSR,
                light_touch,
                None,
                None,
                f"{started}. Health-led: a relevant health care service procured under the NHS Provider "
                f"Selection Regime, in force from {_day(PSR_COMMENCEMENT)}.{act} The PSR has no value threshold.",
            )
        return _pcr(
            light_touch,
            f"{started}, before the NHS Provider Selection Regime began on {_day(PSR_COMMENCEMENT)}, "
            "so the Public Contracts Regulations 2015 apply to it.",
        )

    if commenced_on < PA23_COMMENCEMENT:
        return _pcr(
            light_touch,
            f"{started}, before the Procurement Act 2023 came into force on {_day(PA23_COMMENCEMENT)}, "
            "so the Public Contracts Regulations 2015 still apply to it.",
        )
    if under_agreement_before_pa23:
        return _pcr(
            light_touch,
            f"{started}, but it is a call-off under a framework or dynamic purchasing system set up under "
            f"the Public Contracts Regulations 2015 before {_day(PA23_COMMENCEMENT)}, so those Regulations "
            "still apply to it.",
        )
    if earlier_notice_before_pa23:
        return _pcr(
            light_touch,
            f"{started}, but a notice for it was published under the earlier rules before "
            f"{_day(PA23_COMMENCEMENT)}, so the Public Contracts Regulations 2015 still apply to it.",
        )

    if service is not None:
        kind = "light_touch"
        what = f"Light-touch services (CPV {shown_cpv} {service.description})"
    elif code.startswith("45"):
        kind = "works"
        what = f"Works (CPV {shown_cpv}, construction division 45)"
    else:
        kind = "goods_services_sub_central"
        what = f"Not a light-touch service (CPV {shown_cpv}), so the goods and services threshold applies"
    threshold = threshold_on(kind, commenced_on)
    above = value >= threshold.amount_gross
    compare = "is above" if value > threshold.amount_gross else "is equal to" if above else "is below"
    reason = (
        f"{started}, after the Procurement Act 2023 came into force on {_day(PA23_COMMENCEMENT)}. "
        f"{what}; estimated value {_money(value)} including VAT {compare} the {threshold.label} of "
        f"{_money(threshold.amount_gross)} {threshold.period}."
    )
    if value == threshold.amount_gross:
        reason += " The Act applies from the threshold amount upwards (section 3), so this counts as above threshold."
    if above:
        return RegimeDecision(Regime.PA23, light_touch, True, threshold, reason)
    notice = threshold_on("below_threshold_notice_sub_central", commenced_on)
    if value >= notice.amount_gross:
        reason += (
            f" At {_money(notice.amount_gross)} or more it is a notifiable below-threshold contract: publish a "
            "below-threshold tender notice before any open advert, and a contract details notice after award "
            "(section 87)."
        )
    else:
        reason += f" Under {_money(notice.amount_gross)}, so no below-threshold notices are required."
    return RegimeDecision(Regime.BELOW_THRESHOLD, light_touch, False, threshold, reason)


def _pcr(light_touch: bool, reason: str) -> RegimeDecision:
    return RegimeDecision(Regime.PCR2015, light_touch, None, None, reason)


# --------------------------------------------------------------------------------------
# Direct award justifications (PA23 Schedule 5)
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DirectAwardGround:
    """A direct award justification in PA23 Schedule 5 and the notices it needs.

    Kept as data because the notice duties differ by ground: a user-choice award needs no
    transparency notice (s.44(3)), no contract award notice (s.50(6)(b)) and no contract details
    notice (s.53(6)(b)); an urgency award is exempt from the mandatory standstill (s.51(3)(a)).
    Light-touch contracts are exempt from mandatory standstill whatever the ground (s.51(3)(f)).
    Direct award under regulations to protect life etc. is s.42, not a Schedule 5 ground.
    """

    key: str
    paragraph: int
    title: str
    user_choice: bool
    light_touch_only: bool
    needs_transparency_notice: bool
    needs_contract_award_notice: bool = True
    needs_contract_details_notice: bool = True
    standstill_exempt: bool = False

    @property
    def source(self) -> str:
        """Link to the paragraph on legislation.gov.uk."""
        return f"{LEGISLATION}/ukpga/2023/54/schedule/5/paragraph/{self.paragraph}"


def _ground(key: str, paragraph: int, title: str, **flags: bool) -> DirectAwardGround:
    return DirectAwardGround(
        key=key,
        paragraph=paragraph,
        title=title,
        user_choice=flags.pop("user_choice", False),
        light_touch_only=flags.pop("light_touch_only", False),
        needs_transparency_notice=flags.pop("needs_transparency_notice", True),
        **flags,
    )


#: Schedule 5 paragraphs that are justifications (paras 1, 3, 9, 12, 14, 16 and 17 define terms).
DIRECT_AWARD_GROUNDS: tuple[DirectAwardGround, ...] = (
    _ground("prototypes", 2, "Prototypes and development: a prototype or other novel goods or services"),
    _ground("unique_art", 4, "Single suppliers: a unique work of art or artistic performance"),
    _ground("exclusive_rights", 5, "Single suppliers: intellectual property or other exclusive rights"),
    _ground("technical_reasons", 6, "Single suppliers: no competition for technical reasons"),
    _ground(
        "additional_incompatible",
        7,
        "Additional or repeat goods, services or works: extension or partial replacement where a new "
        "supplier would be incompatible",
    ),
    _ground(
        "repeat_similar",
        8,
        "Additional or repeat goods, services or works: similar to a contract competed in the last five "
        "years whose tender notice said so",
    ),
    _ground("commodities", 10, "Commodities: goods bought on a commodity market"),
    _ground("insolvency", 11, "Advantageous terms on insolvency"),
    _ground("urgency", 13, "Urgency: extreme and unavoidable urgency", standstill_exempt=True),
    _ground(
        "user_choice",
        15,
        "User choice contracts: light-touch services for a person whose (or whose carer's) preference, "
        "or the nature of the service, points to one supplier",
        user_choice=True,
        light_touch_only=True,
        needs_transparency_notice=False,
        needs_contract_award_notice=False,
        needs_contract_details_notice=False,
    ),
    _ground("defence_transport", 18, "Defence and security: air or maritime transport for deployed forces"),
    _ground("defence_existing_contract", 19, "Defence and security: new contract linked to an existing one"),
    _ground("defence_capability", 20, "Defence and security: operational capability of the armed forces"),
)


def direct_award_ground(key: str) -> DirectAwardGround:
    """The Schedule 5 ground with this key; ValueError if there is none."""
    for ground in DIRECT_AWARD_GROUNDS:
        if ground.key == key:
            return ground
    raise ValueError(f"No direct award justification called {key!r}.")


# --------------------------------------------------------------------------------------
# Open frameworks (s.49)
# --------------------------------------------------------------------------------------

ONE_DAY = timedelta(days=1)
OPEN_FRAMEWORK_FIRST_REOPENING_YEARS = 3
OPEN_FRAMEWORK_LATER_REOPENING_YEARS = 5
OPEN_FRAMEWORK_LONGEST_YEARS = 8


@dataclass(frozen=True)
class OpenFrameworkSchedule:
    ends_by: date  # the last framework in the scheme ends by this day
    next_award_due_by: date | None  # None when the scheme ends before another award is due
    rule: str


def _years_on(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February, in a year without one
        return day.replace(year=day.year + years, day=28)


def open_framework_schedule(first_awarded_on: date, later_awards: list[date]) -> OpenFrameworkSchedule:
    """When an open framework must next be awarded again, and when the scheme ends (Procurement
    Act 2023 s.49): a new framework at least once in the 3 years from the first award and in each
    5-year period after the second; the last ends 8 years from the first award. The periods run
    from the day of an award, so the last day of each is the day before its anniversary."""
    ends_by = _years_on(first_awarded_on, OPEN_FRAMEWORK_LONGEST_YEARS) - ONE_DAY
    if later_awards:
        # Counted from the latest award rather than in fixed periods from the second: never later
        # than the law allows, and simple to plan by.
        due = _years_on(max(later_awards), OPEN_FRAMEWORK_LATER_REOPENING_YEARS) - ONE_DAY
    else:
        due = _years_on(first_awarded_on, OPEN_FRAMEWORK_FIRST_REOPENING_YEARS) - ONE_DAY
    rule = (
        "An open framework is awarded again at least once in the 3 years from its first award and in each "
        "5-year period after the second, and the scheme ends 8 years from the first award (Procurement Act 2023 s.49)"
    )
    return OpenFrameworkSchedule(ends_by=ends_by, next_award_due_by=due if due < ends_by else None, rule=rule)


# --------------------------------------------------------------------------------------
# Formatting
# --------------------------------------------------------------------------------------


def _day(d: date) -> str:
    return f"{d.day} {d:%B %Y}"


def _money(amount: Decimal) -> str:
    if amount == amount.to_integral_value():
        return f"£{amount:,.0f}"
    return f"£{amount:,.2f}"
