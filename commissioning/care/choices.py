from django.db import models


class AgeBand(models.TextChoices):
    """Age in the bands commissioning reports use: enough to plan with, too coarse to identify."""

    AGE_18_64 = "18-64", "18 to 64"
    AGE_65_74 = "65-74", "65 to 74"
    AGE_75_84 = "75-84", "75 to 84"
    AGE_85_PLUS = "85+", "85 and over"


class SupportReason(models.TextChoices):
    """The primary support reason, as councils report it to NHS England in the short and long
    term support (SALT) return."""

    PHYSICAL_ACCESS = "physical_access", "Physical support: access and mobility only"
    PHYSICAL_PERSONAL = "physical_personal", "Physical support: personal care"
    SENSORY = "sensory", "Sensory support"
    MEMORY = "memory", "Support with memory and cognition"
    LEARNING_DISABILITY = "learning_disability", "Learning disability support"
    MENTAL_HEALTH = "mental_health", "Mental health support"
    SOCIAL = "social", "Social support"


class Arrangement(models.TextChoices):
    """How a package was arranged."""

    CALL_OFF = "call_off", "Call-off from a block contract"
    SPOT_FRAMEWORK = "spot_framework", "Spot purchase under a framework"
    SPOT = "spot", "Spot purchase on its own"
    DIRECT_PAYMENT = "direct_payment", "Direct payment"
    ISF = "isf", "Individual service fund"

    @classmethod
    def with_provider(cls) -> tuple[str, ...]:
        """Arranged with a provider the council pays (a direct payment's buys are the person's own)."""
        return (cls.CALL_OFF, cls.SPOT_FRAMEWORK, cls.SPOT, cls.ISF)


class PackageStatus(models.TextChoices):
    PLANNED = "planned", "Starts later"
    LIVE = "live", "In place"
    ENDED = "ended", "Ended"


class ChangeKind(models.TextChoices):
    """A dated change to a package."""

    HOURS = "hours", "Hours or nights changed"
    COST = "cost", "Weekly cost changed"
    MOVED = "moved", "Moved to another provider or arrangement"
    ENDED = "ended", "Ended"


class DirectPaymentUse(models.TextChoices):
    """What a direct payment buys."""

    PERSONAL_ASSISTANT = "personal_assistant", "Personal assistants employed by the person"
    AGENCY = "agency", "Care from an agency"
    DAY_ACTIVITIES = "day_activities", "Day activities"
    SHORT_BREAKS = "short_breaks", "Short breaks"
    EQUIPMENT = "equipment", "Equipment and adaptations"
    OTHER = "other", "Something else agreed in the support plan"
