from django.db import models

from commissioning.analytics.cqc import words
from commissioning.core.choices import ServiceType


class Rating(models.TextChoices):
    """CQC's four-point rating scale, best first."""

    OUTSTANDING = words.Rating.OUTSTANDING, "Outstanding"
    GOOD = words.Rating.GOOD, "Good"
    REQUIRES_IMPROVEMENT = words.Rating.REQUIRES_IMPROVEMENT, "Requires improvement"
    INADEQUATE = words.Rating.INADEQUATE, "Inadequate"


# Higher is better; used to tell a fall from a rise.
RATING_SCORE = {Rating.OUTSTANDING: 4, Rating.GOOD: 3, Rating.REQUIRES_IMPROVEMENT: 2, Rating.INADEQUATE: 1}

KEY_QUESTIONS = ("safe", "effective", "caring", "responsive", "well_led")


class OwnershipType(models.TextChoices):
    PRIVATE = words.Ownership.PRIVATE, "Independent (private)"
    VOLUNTARY = words.Ownership.VOLUNTARY, "Voluntary or charitable"
    LOCAL_AUTHORITY = words.Ownership.LOCAL_AUTHORITY, "Local authority"
    NHS = words.Ownership.NHS, "NHS"
    INDIVIDUAL = words.Ownership.INDIVIDUAL, "Individual"
    UNKNOWN = words.Ownership.UNKNOWN, "Not known"


class RegistrationStatus(models.TextChoices):
    REGISTERED = words.Registration.REGISTERED, "Registered"
    DEREGISTERED = words.Registration.DEREGISTERED, "Deregistered"
    NOT_REGISTERED = words.Registration.NOT_REGISTERED, "Not CQC-registered"


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
    NOT_IN_ACTIVE_LIST = "not_in_active_list", "No longer in CQC's active list"


class EventOutcome(models.TextChoices):
    """What the team decided about a location missing from a file that covers its area."""

    PENDING = "", "To confirm"
    CLOSED = "closed", "Confirmed closed"
    STILL_OPEN = "still_open", "Still open"


class ImportCoverage(models.TextChoices):
    """What a CQC file covers, to tell a location that closed from one the file never listed."""

    AUTO = "auto", "Work it out from the file"
    ENGLAND = "england", "The whole of England"
    LISTED = "listed", "Only the locations it lists"


class BedsSource(models.TextChoices):
    """Where a location's bed count comes from (see LocationQuerySet.with_beds)."""

    REGISTER = "register", "CQC register"
    CAPACITY_RETURN = "capacity_return", "capacity return"


class ImportFormat(models.TextChoices):
    DIRECTORY = words.Layout.DIRECTORY, "CQC care directory (CSV)"
    HSCA = words.Layout.HSCA, "CQC HSCA active locations (CSV)"
    API = words.Layout.API, "CQC API location records (JSON)"
    EXTRACT = words.Layout.EXTRACT, "Local extract of the care directory (CSV)"


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
    UNKNOWN = "unknown", "Not known"


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
