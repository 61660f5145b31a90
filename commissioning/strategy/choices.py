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
