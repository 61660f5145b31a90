from django.db import models

from commissioning.core.choices import ClientGroup, ServiceType


class Rating(models.TextChoices):
    """CQC's four-point rating scale, best first."""

    OUTSTANDING = "outstanding", "Outstanding"
    GOOD = "good", "Good"
    REQUIRES_IMPROVEMENT = "requires_improvement", "Requires improvement"
    INADEQUATE = "inadequate", "Inadequate"


# Higher is better; used to tell a fall from a rise.
RATING_SCORE = {Rating.OUTSTANDING: 4, Rating.GOOD: 3, Rating.REQUIRES_IMPROVEMENT: 2, Rating.INADEQUATE: 1}

# The words CQC publishes, in every file layout we read, mapped to the scale. "Not rated" and
# "Insufficient evidence to rate" mean no rating (None); any other word is an error.
RATING_WORDS: dict[str, str | None] = {
    "outstanding": Rating.OUTSTANDING,
    "good": Rating.GOOD,
    "requires improvement": Rating.REQUIRES_IMPROVEMENT,
    "inadequate": Rating.INADEQUATE,
    "not rated": None,
    "insufficient evidence to rate": None,
    "": None,
}

KEY_QUESTIONS = ("safe", "effective", "caring", "responsive", "well_led")


class OwnershipType(models.TextChoices):
    PRIVATE = "private", "Independent (private)"
    VOLUNTARY = "voluntary", "Voluntary or charitable"
    LOCAL_AUTHORITY = "local_authority", "Local authority"
    NHS = "nhs", "NHS"
    INDIVIDUAL = "individual", "Individual"
    UNKNOWN = "unknown", "Not known"


class RegistrationStatus(models.TextChoices):
    REGISTERED = "registered", "Registered"
    DEREGISTERED = "deregistered", "Deregistered"
    NOT_REGISTERED = "not_registered", "Not CQC-registered"


class EventKind(models.TextChoices):
    """Changes a re-import found, for commissioners to notice."""

    NEW_LOCATION = "new_location", "New location"
    DEREGISTERED = "deregistered", "Deregistered"
    RATING_FELL = "rating_fell", "Rating fell"
    RATING_ROSE = "rating_rose", "Rating rose"
    FIRST_RATING = "first_rating", "First rating"
    BEDS_CHANGED = "beds_changed", "Beds changed"
    PROVIDER_CHANGED = "provider_changed", "Provider changed"
    DETAILS_CHANGED = "details_changed", "Details changed"


class ImportFormat(models.TextChoices):
    DIRECTORY = "directory", "CQC care directory (CSV)"
    HSCA = "hsca", "CQC HSCA active locations (CSV)"
    API = "api", "CQC API location records (JSON)"
    EXTRACT = "extract", "Local extract of the care directory (CSV)"


class ReturnSource(models.TextChoices):
    PROVIDER = "provider", "Entered by the provider"
    IMPORT = "import", "Imported"


class ConcernKind(models.TextChoices):
    SAFEGUARDING = "safeguarding", "Safeguarding"
    FINANCIAL = "financial", "Financial warning sign"
    QUALITY = "quality", "Quality"
    WORKFORCE = "workforce", "Workforce"
    OTHER = "other", "Other"


class Severity(models.TextChoices):
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"


class RiskLevel(models.TextChoices):
    """Red, amber, green: the usual scale for provider risk in council markets."""

    RED = "red", "Red"
    AMBER = "amber", "Amber"
    GREEN = "green", "Green"


class ContactKind(models.TextChoices):
    MEETING = "meeting", "Meeting"
    VISIT = "visit", "Visit"
    CALL = "call", "Telephone or video call"
    EMAIL = "email", "Email or letter"
    ISSUE = "issue", "Issue raised"


class Intention(models.TextChoices):
    """What the council wants to buy more or less of."""

    MORE = "more", "Buy more"
    SAME = "same", "Keep about the same"
    LESS = "less", "Buy less"


# CQC service type names (directory, API "name" and "description", HSCA one-hot headers) mapped
# to ours. Types outside adult social care (GP, dental, hospital...) are kept but not mapped.
CQC_SERVICE_TYPES: dict[str, str] = {
    "residential homes": ServiceType.RESIDENTIAL,
    "care home service without nursing": ServiceType.RESIDENTIAL,
    "nursing homes": ServiceType.NURSING,
    "care home service with nursing": ServiceType.NURSING,
    "homecare agencies": ServiceType.HOMECARE,
    "domiciliary care service": ServiceType.HOMECARE,
    "supported living": ServiceType.SUPPORTED_LIVING,
    "supported living service": ServiceType.SUPPORTED_LIVING,
    "extra care housing": ServiceType.EXTRA_CARE,
    "extra care housing services": ServiceType.EXTRA_CARE,
    "shared lives": ServiceType.SUPPORTED_LIVING,
}

# Service types a location register is filtered by (what the market offers).
MARKET_SERVICE_TYPES = (
    ServiceType.RESIDENTIAL,
    ServiceType.NURSING,
    ServiceType.HOMECARE,
    ServiceType.SUPPORTED_LIVING,
    ServiceType.EXTRA_CARE,
    ServiceType.DAY_SERVICES,
    ServiceType.CARERS_SUPPORT,
    ServiceType.SHORT_BREAKS,
)

# CQC service user bands mapped to the client groups cycles are run for.
CQC_USER_BANDS: dict[str, str] = {
    "older people": ClientGroup.OLDER_PEOPLE,
    "dementia": ClientGroup.OLDER_PEOPLE,
    "learning disabilities or autistic spectrum disorder": ClientGroup.LEARNING_DISABILITY,
    "learning disabilities": ClientGroup.LEARNING_DISABILITY,
    "mental health": ClientGroup.MENTAL_HEALTH,
    "physical disability": ClientGroup.PHYSICAL_DISABILITY,
    "sensory impairment": ClientGroup.SENSORY_IMPAIRMENT,
    "substance misuse problems": ClientGroup.SUBSTANCE_MISUSE,
    "younger adults": ClientGroup.ALL_ADULTS,
    "whole population": ClientGroup.ALL_ADULTS,
}

# Specialisms a commissioner searches for; stored as codes alongside the client groups.
CQC_SPECIALISMS: dict[str, str] = {
    "dementia": "dementia",
    "caring for people whose rights are restricted under the mental health act": "mental_health_act",
    "eating disorders": "eating_disorders",
    "caring for adults over 65 yrs": "over_65",
    "caring for adults under 65 yrs": "under_65",
}
