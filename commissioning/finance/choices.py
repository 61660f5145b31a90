from django.db import models


class FundingSource(models.TextChoices):
    COUNCIL = "council", "Council"
    ICB = "icb", "NHS integrated care board"
    POOLED = "pooled", "Pooled fund (for example the Better Care Fund)"
    GRANT = "grant", "Grant"


class SpendStatus(models.TextChoices):
    ACTUAL = "actual", "Actual"
    COMMITTED = "committed", "Committed"


class CostUnit(models.TextChoices):
    HOUR = "hour", "per hour"
    WEEK = "week", "per week"
    DAY = "day", "per day"
    DIRECT_PAYMENT_HOUR = "dp_hour", "per direct payment hour"
    YEAR = "year", "per year"


class CostSource(models.TextChoices):
    LOCAL_CONTRACT = "local_contract", "Local contract price"
    BENCHMARK = "benchmark", "Published benchmark"
    COST_OF_CARE = "cost_of_care", "Cost of care model"


class ModelKind(models.TextChoices):
    HOMECARE = "homecare", "Homecare hourly rate"
    CARE_HOME = "care_home", "Care home weekly fee"


class ExerciseStatus(models.TextChoices):
    OPEN = "open", "Open for provider returns"
    CLOSED = "closed", "Closed"
