from django.db import models


class VintageKind(models.TextChoices):
    PROJECTION = "projection", "Population projection"
    ESTIMATE = "estimate", "Mid-year population estimate"


class Sex(models.TextChoices):
    MALE = "male", "Male"
    FEMALE = "female", "Female"
    PERSONS = "persons", "Persons"


class RateKind(models.TextChoices):
    NEED = "need", "Need (prevalence)"
    SERVICE_USE = "service_use", "Service use"


class RatePeriod(models.TextChoices):
    """What a rate counts: people at a point in time, events in a year, or hours in a week."""

    POINT = "point", "People at a point in time"
    YEAR = "year", "Each year"
    WEEK = "week", "Each week"


class RateUnit(models.IntegerChoices):
    """How a rate is shown: stored per person, displayed per 100, 1,000 or 100,000."""

    PER_PERSON = 1, "per person"
    PERCENT = 100, "per 100 people (%)"
    PER_THOUSAND = 1000, "per 1,000 people"
    PER_100_THOUSAND = 100000, "per 100,000 people"


class AdjustmentKind(models.TextChoices):
    TREND = "trend", "Trend: the rate changes by this percentage each year"
    EFFECT = "effect", "Effect: the rate is this percentage lower from the year given"
