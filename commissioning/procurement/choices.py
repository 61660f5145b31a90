from __future__ import annotations

from django.db import models


class Regime(models.TextChoices):
    """The law a procurement runs under. Councils will run more than one for years: frameworks
    set up under the 2015 Regulations go on being called off after the 2023 Act came in."""

    PA23 = "pa23", "Procurement Act 2023"
    PCR2015 = "pcr2015", "Public Contracts Regulations 2015"
    PSR = "psr", "NHS Provider Selection Regime"
    BELOW_THRESHOLD = "below_threshold", "Below threshold"


class Procedure(models.TextChoices):
    """How the supplier is chosen (the Procurement Act 2023's procedures, and how councils buy care)."""

    OPEN = "open", "Open procedure"
    COMPETITIVE_FLEXIBLE = "competitive_flexible", "Competitive flexible procedure"
    DIRECT_AWARD = "direct_award", "Direct award"
    USER_CHOICE = "user_choice", "Direct award for an individual's choice of provider"
    FRAMEWORK = "framework", "Framework"
    OPEN_FRAMEWORK = "open_framework", "Open framework"
    FRAMEWORK_CALL_OFF = "framework_call_off", "Call-off from a framework"
    DYNAMIC_MARKET = "dynamic_market", "Dynamic market"
    DYNAMIC_MARKET_COMPETITION = "dynamic_market_competition", "Competition among a dynamic market's members"

    @classmethod
    def competitive(cls) -> tuple[str, ...]:
        """Procedures in which bids compete: sealed, opened, evaluated."""
        return (
            cls.OPEN,
            cls.COMPETITIVE_FLEXIBLE,
            cls.FRAMEWORK,
            cls.OPEN_FRAMEWORK,
            cls.FRAMEWORK_CALL_OFF,
            cls.DYNAMIC_MARKET_COMPETITION,
        )

    @classmethod
    def under_agreement(cls) -> tuple[str, ...]:
        """Procedures open only to the suppliers on a framework or members of a dynamic market."""
        return (cls.FRAMEWORK_CALL_OFF, cls.DYNAMIC_MARKET_COMPETITION)

    @classmethod
    def direct(cls) -> tuple[str, ...]:
        return (cls.DIRECT_AWARD, cls.USER_CHOICE)

    @classmethod
    def agreements(cls) -> tuple[str, ...]:
        """Procedures that set up an agreement others call off."""
        return (cls.FRAMEWORK, cls.OPEN_FRAMEWORK, cls.DYNAMIC_MARKET)


class ProcurementStatus(models.TextChoices):
    """Where a procurement has got to. `open` means taking bids until the deadline; what happens
    after the deadline is a step somebody takes (opening, evaluation, award)."""

    PLANNING = "planning", "Planning"
    OPEN = "open", "Taking bids"
    OPENED = "opened", "Bids opened"
    EVALUATED = "evaluated", "Evaluated"
    STANDSTILL = "standstill", "Award in standstill"
    AWARDED = "awarded", "Awarded"
    TERMINATED = "terminated", "Terminated without award"
    # A dynamic market is not bid for: suppliers apply to join it, from its intention notice on.
    ESTABLISHED = "established", "Dynamic market in operation"
    CEASED = "ceased", "Dynamic market ended"


class PriceFormula(models.TextChoices):
    LOWEST_OVER_BID = "lowest_over_bid", "Lowest price divided by the bid's price, times the maximum"
    RELATIVE_TO_LOWEST = "relative_to_lowest", "Maximum less the percentage the bid is above the lowest"
    LINEAR = "linear_lowest_to_highest", "Lowest price scores the maximum, highest scores nothing, in a line between"


class ScoringScale(models.IntegerChoices):
    ZERO_TO_FOUR = 4, "0 to 4"
    ZERO_TO_FIVE = 5, "0 to 5"


class QuestionSection(models.TextChoices):
    QUALITY = "quality", "Quality"
    SOCIAL_VALUE = "social_value", "Social value"


class PanelRole(models.TextChoices):
    ASSESSOR = "assessor", "Assessor"
    MODERATOR = "moderator", "Moderator"


class InvolvementRole(models.TextChoices):
    """Why a person is asked to declare their interests in a procurement."""

    LEAD = "lead", "Leads the procurement"
    ASSESSOR = "assessor", "Assessor"
    MODERATOR = "moderator", "Moderator"
    OPENING_OFFICER = "opening_officer", "Opening officer"
    ADVISER = "adviser", "Adviser or decision maker"


class BidStatus(models.TextChoices):
    SUBMITTED = "submitted", "Submitted"
    REPLACED = "replaced", "Replaced by a later bid"
    WITHDRAWN = "withdrawn", "Withdrawn"
    OPENED = "opened", "Opened"


class AwardStatus(models.TextChoices):
    STANDSTILL = "standstill", "In standstill"
    READY = "ready", "Ready to sign"
    SIGNED = "signed", "Contract signed"


class ExplanationDecision(models.TextChoices):
    """What the buyer decided about an abnormally low price, once the bidder explained it."""

    ACCEPTED = "accepted", "Explanation accepted"
    REJECTED = "rejected", "Explanation not accepted: the bid is set aside"


class NoticeKind(models.TextChoices):
    """The Procurement Act 2023's notices this service publishes (the central digital platform's
    UK numbering)."""

    UK1 = "UK1", "Pipeline notice"
    UK2 = "UK2", "Preliminary market engagement notice"
    UK3 = "UK3", "Planned procurement notice"
    UK4 = "UK4", "Tender notice"
    UK5 = "UK5", "Transparency notice"
    UK6 = "UK6", "Contract award notice"
    UK7 = "UK7", "Contract details notice"
    UK12 = "UK12", "Procurement termination notice"
    UK13 = "UK13", "Dynamic market notice: intention to set up"
    UK14 = "UK14", "Dynamic market notice: set up"
    UK15 = "UK15", "Dynamic market notice: changed"
    UK16 = "UK16", "Dynamic market notice: ended"

    @classmethod
    def optional(cls) -> tuple[str, ...]:
        """Notices a council may choose to publish (the rest follow from what it does)."""
        return (cls.UK1, cls.UK2, cls.UK3)


class MembershipStatus(models.TextChoices):
    """A supplier's place in a dynamic market. Membership is not a contract: it lets the supplier
    take part in the market's competitions."""

    APPLIED = "applied", "Applied, awaiting a decision"
    ADMITTED = "admitted", "Member"
    REFUSED = "refused", "Not admitted"
    REMOVED = "removed", "Removed"

    @classmethod
    def live(cls) -> tuple[str, ...]:
        return (cls.APPLIED, cls.ADMITTED)


class StageKind(models.TextChoices):
    """The steps of a competitive flexible procedure before the final, sealed tender."""

    PARTICIPATION = "participation", "Conditions of participation: suppliers ask to take part"
    SHORTLISTING = "shortlisting", "Shortlisting on initial tenders or proposals"
    NEGOTIATION = "negotiation", "Negotiation or dialogue"
