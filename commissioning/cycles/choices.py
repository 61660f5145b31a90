from django.db import models


class Level(models.TextChoices):
    """The two concentric cycles of the IPC model."""

    STRATEGIC = "strategic", "Commissioning cycle"
    PURCHASING = "purchasing", "Purchasing and contracting cycle"


class Element(models.TextChoices):
    ANALYSE = "analyse", "Analyse"
    PLAN = "plan", "Plan"
    DO = "do", "Do"
    REVIEW = "review", "Review"


ELEMENT_ORDER = [Element.ANALYSE, Element.PLAN, Element.DO, Element.REVIEW]


class CycleStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    CLOSED = "closed", "Closed"


class ActivityStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    NOT_NEEDED = "not_needed", "Not needed"
    CARRIED_FORWARD = "carried_forward", "Carried forward"


# Activities that need no more work in this cycle.
FINISHED_STATUSES = (ActivityStatus.DONE, ActivityStatus.NOT_NEEDED, ActivityStatus.CARRIED_FORWARD)


class FindingStatus(models.TextChoices):
    OPEN = "open", "Open"
    ACTED_ON = "acted_on", "Acted on"
    CLOSED = "closed", "Closed without change"


class PolicyKind(models.TextChoices):
    """What sort of item in the policy territory: the order is the order the territory is shown in."""

    LEGISLATION = "legislation", "Legislation"
    STATUTORY_GUIDANCE = "statutory_guidance", "Statutory guidance"
    NATIONAL_FRAMEWORK = "national_framework", "National framework or policy"
    LOCAL_STRATEGY = "local_strategy", "Local strategy"
