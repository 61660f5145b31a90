"""What the law allows when a contract changes: the grounds a variation or price review may rest on
under the regime the contract was let under, the limits some grounds set, and whether a contract
change notice (UK10) is needed first. Plain functions over plain values; the services apply them.

Sources (checked when this was written; see ../shared/domain/procurement-facts.md):
- Procurement Act 2023 s.74 and Schedule 8. Sch 8 paras 1 (provided for in the contract), 2
  (urgency and protection of life), 4 (unforeseeable circumstances, at most +50% of the estimated
  value) and 5 (materialisation of a known risk, at most +50%) were read in the statute or GOV.UK's
  known-risk paper; para 9 (transfer on corporate restructuring) is from the facts file. The
  additional goods, services or works ground exists, but its paragraph number and conditions were
  not read [U], so no limit is enforced for it. Light-touch and (non-convertible) below-threshold
  contracts "may be freely modified" (GOV.UK contract modifications guidance). A contract change
  notice is needed before modifying unless the change is at most 10% of the value (services) or of
  the maximum term, and never for light-touch contracts (s.75, s.75(6)(b)).
- Public Contracts Regulations 2015 reg 72: the six grounds as the Civil Service procurement
  pathway lists them, with the 50% caps on additional services and unforeseeable circumstances.
  The de minimis ground's 10% (services) comes from secondary sources only [V2], and its other
  condition (staying below the threshold) is not checked here. Whether reg 72 binds contracts for
  social and other specific services (the PCR's light-touch regime) was not verified [U]: the
  ground is asked of every PCR contract.
- NHS Provider Selection Regime reg 13 (modifications): its grounds were not read [U], so a PSR
  contract's change names reg 13 and gives its reason in words; no limit is enforced.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from commissioning.procurement.choices import Regime

FIFTY = Decimal(50)
TEN = Decimal(10)


@dataclass(frozen=True)
class ChangeGround:
    """A legal ground a change may rest on. `cap_percent` limits this change's increase in value
    against the contract's original value; `cumulative_cap_percent` limits all changes on the
    ground together; `term_cap_percent` limits the change of term against the maximum term."""

    key: str
    regime: str
    title: str
    cite: str
    cap_percent: Decimal | None = None
    cumulative_cap_percent: Decimal | None = None
    term_cap_percent: Decimal | None = None

    @property
    def label(self) -> str:
        return f"{self.title} ({self.cite})"


GROUNDS: tuple[ChangeGround, ...] = (
    ChangeGround("pa23_contract_terms", Regime.PA23, "Provided for in the contract", "Schedule 8 paragraph 1"),
    ChangeGround("pa23_urgency", Regime.PA23, "Urgency and the protection of life", "Schedule 8 paragraph 2"),
    ChangeGround(
        "pa23_unforeseeable", Regime.PA23, "Unforeseeable circumstances", "Schedule 8 paragraph 4", cap_percent=FIFTY
    ),
    ChangeGround(
        "pa23_known_risk", Regime.PA23, "Materialisation of a known risk", "Schedule 8 paragraph 5", cap_percent=FIFTY
    ),
    ChangeGround("pa23_additional", Regime.PA23, "Additional goods, services or works", "Schedule 8"),
    ChangeGround("pa23_restructuring", Regime.PA23, "Transfer on corporate restructuring", "Schedule 8 paragraph 9"),
    ChangeGround("pa23_other", Regime.PA23, "Another Schedule 8 ground (name it in the reason)", "Schedule 8"),
    ChangeGround(
        "pa23_not_substantial", Regime.PA23, "Not a substantial modification", "section 74", term_cap_percent=TEN
    ),
    ChangeGround(
        "pa23_below_threshold", Regime.PA23, "Below-threshold modification", "section 74", cumulative_cap_percent=TEN
    ),
    ChangeGround("pcr_review_clause", Regime.PCR2015, "Clear, precise and unequivocal review clause", "regulation 72"),
    ChangeGround(
        "pcr_additional",
        Regime.PCR2015,
        "Additional services that a change of supplier could not give",
        "regulation 72",
        cap_percent=FIFTY,
    ),
    ChangeGround("pcr_unforeseen", Regime.PCR2015, "Unforeseeable circumstances", "regulation 72", cap_percent=FIFTY),
    ChangeGround("pcr_new_contractor", Regime.PCR2015, "A new contractor replaces the original one", "regulation 72"),
    ChangeGround("pcr_not_substantial", Regime.PCR2015, "Not substantial, whatever its value", "regulation 72"),
    ChangeGround(
        "pcr_de_minimis", Regime.PCR2015, "Below the de minimis limits", "regulation 72", cumulative_cap_percent=TEN
    ),
    ChangeGround("psr_reg13", Regime.PSR, "A modification the regime permits", "PSR regulation 13"),
)
GROUND_CHOICES = [(ground.key, ground.label) for ground in GROUNDS]
_BY_KEY = {ground.key: ground for ground in GROUNDS}


def ground(key: str) -> ChangeGround | None:
    return _BY_KEY.get(key)


def freely_modified(*, regime: str, light_touch: bool) -> bool:
    """Light-touch contracts under the 2023 Act, and below-threshold contracts, change without a
    ground. Only the Act's freedom is verified, so a PCR 2015 contract always names its ground."""
    return regime == Regime.BELOW_THRESHOLD or (regime == Regime.PA23 and light_touch)


def grounds_for(regime: str) -> tuple[ChangeGround, ...]:
    return tuple(g for g in GROUNDS if g.regime == regime)


@dataclass(frozen=True)
class ChangeFacts:
    """A proposed change and the contract it changes, in plain values (pounds and months)."""

    regime: str
    light_touch: bool
    original_value: Decimal
    earlier_changes_on_ground: Decimal  # value changes already made on the same ground
    earlier_changes: Decimal  # value changes already made on any ground
    value_change: Decimal
    maximum_term_months: int  # the term on award, with every extension option
    term_change_months: int


def change_problems(facts: ChangeFacts, ground_key: str) -> dict[str, str]:
    """What stops the change resting on `ground_key` (field to message); empty when it may."""
    if freely_modified(regime=facts.regime, light_touch=facts.light_touch):
        return {}
    if not ground_key:
        return {"ground": "Choose the legal ground for this change: the contract cannot be freely modified"}
    chosen = ground(ground_key)
    if chosen is None or chosen.regime != facts.regime:
        return {"ground": "Choose a ground of the law this contract was let under"}
    original = facts.original_value
    if chosen.cap_percent is not None and original > 0 and facts.value_change > original * chosen.cap_percent / 100:
        return {"value_change": f"{chosen.title} allows at most {chosen.cap_percent}% of the original value"}
    if chosen.cumulative_cap_percent is not None and original > 0:
        total = abs(facts.earlier_changes_on_ground + facts.value_change)
        if total > original * chosen.cumulative_cap_percent / 100:
            return {
                "value_change": f"{chosen.title}: all changes on this ground together must stay within "
                f"{chosen.cumulative_cap_percent}% of the original value"
            }
    cap, term = chosen.term_cap_percent, facts.maximum_term_months
    if cap is not None and term and abs(facts.term_change_months) * 100 > term * cap:
        return {"new_ends_on": f"{chosen.title}: the term may change by at most {cap}% of the maximum term on award"}
    return {}


def change_notice(facts: ChangeFacts) -> str:
    """Whether a contract change notice (UK10) must be published before the change, in words."""
    if facts.regime != Regime.PA23:
        return "No contract change notice: the contract was not let under the Procurement Act 2023"
    if facts.light_touch:
        return "No contract change notice: never needed for light-touch contracts (s.75(6)(b))"
    # s.75(4)-(5) aggregate changes that should have been made together; all changes so far are
    # counted here, which can only ask for a notice more often than the law does.
    changed = abs(facts.earlier_changes + facts.value_change)
    value_share = changed * 100 / facts.original_value if facts.original_value else Decimal(0)
    term = facts.maximum_term_months
    term_share = Decimal(abs(facts.term_change_months) * 100) / term if term else Decimal(0)
    if value_share <= TEN and term_share <= TEN:
        return "No contract change notice: the changes are within 10% of the value and of the term (s.75)"
    return "Publish a contract change notice (UK10) before the change takes effect (s.75)"
