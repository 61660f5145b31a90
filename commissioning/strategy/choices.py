from django.db import models


class RiskKind(models.TextChoices):
    CHANGE = "change", "Risk of the change"
    STATUS_QUO = "status_quo", "Risk of carrying on as now"


class RiskStatus(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class RiskRating(models.TextChoices):
    """Likelihood x impact on the five-point scales, in four bands."""

    LOW = "low", "Low"  # 1 to 4
    MEDIUM = "medium", "Medium"  # 5 to 9
    HIGH = "high", "High"  # 10 to 16
    VERY_HIGH = "very_high", "Very high"  # 20 and 25


def risk_rating(score: int) -> RiskRating:
    if score >= 20:
        return RiskRating.VERY_HIGH
    if score >= 10:
        return RiskRating.HIGH
    if score >= 5:
        return RiskRating.MEDIUM
    return RiskRating.LOW


class StrategyStatus(models.TextChoices):
    """Where a version of a cycle's strategy has got to. Only a draft can be changed."""

    DRAFT = "draft", "Draft"
    CONSULTATION = "consultation", "Out to consultation"
    APPROVED = "approved", "Approved"
    SUPERSEDED = "superseded", "Superseded"


class DecisionMaker(models.TextChoices):
    """Who took the democratic decision to approve a strategy."""

    CABINET = "cabinet", "Cabinet"
    EXECUTIVE_MEMBER = "executive_member", "Executive member (an individual decision)"
    JOINT_COMMITTEE = "joint_committee", "Joint committee with the integrated care board"
    HEALTH_AND_WELLBEING_BOARD = "health_and_wellbeing_board", "Health and wellbeing board"
    FULL_COUNCIL = "full_council", "Full council"


class ProcurementRoute(models.TextChoices):
    """How a planned purchase will be made (the Procurement Act 2023's routes, and the alternatives)."""

    OPEN_TENDER = "open_tender", "Open tender"
    FRAMEWORK = "framework", "Call-off from a framework"
    DYNAMIC_MARKET = "dynamic_market", "Dynamic market"
    DIRECT_AWARD = "direct_award", "Direct award"
    GRANT = "grant", "Grant"
    IN_HOUSE = "in_house", "In-house provision"


class VatRate(models.IntegerChoices):
    """Most social care is exempt from VAT; some support services are standard-rated."""

    EXEMPT = 0, "Exempt or zero-rated (0%)"
    STANDARD = 20, "Standard rate (20%)"


class TransitionStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    UNDER_WAY = "under_way", "Under way"
    DONE = "done", "Done"
