from django.db import models


class AreaLevel(models.TextChoices):
    """Tiers of English administrative geography, keyed by the GSS code's entity prefix."""

    COUNTRY = "country", "Country"
    REGION = "region", "Region"
    COUNTY = "county", "County council"
    UNITARY = "unitary", "Unitary authority"
    METROPOLITAN = "metropolitan", "Metropolitan borough"
    LONDON_BOROUGH = "london_borough", "London borough"
    DISTRICT = "district", "District council"


ENGLAND = "E92000001"  # England's GSS code

# GSS entity code (first three characters) -> level.
GSS_PREFIX_LEVEL = {
    "E92": AreaLevel.COUNTRY,
    "E12": AreaLevel.REGION,
    "E10": AreaLevel.COUNTY,
    "E06": AreaLevel.UNITARY,
    "E08": AreaLevel.METROPOLITAN,
    "E09": AreaLevel.LONDON_BOROUGH,
    "E07": AreaLevel.DISTRICT,
}

# Councils with adult social care duties (the upper tier).
UPPER_TIER_LEVELS = (
    AreaLevel.COUNTY,
    AreaLevel.UNITARY,
    AreaLevel.METROPOLITAN,
    AreaLevel.LONDON_BOROUGH,
)


class ClientGroup(models.TextChoices):
    """Who a cycle, budget, statement or service is for: shared by every app."""

    OLDER_PEOPLE = "older_people", "Older people"
    LEARNING_DISABILITY = "learning_disability", "Learning disability"
    AUTISM = "autism", "Autistic people"
    MENTAL_HEALTH = "mental_health", "Mental health"
    PHYSICAL_DISABILITY = "physical_disability", "Physical disability"
    SENSORY_IMPAIRMENT = "sensory_impairment", "Sensory impairment"
    CARERS = "carers", "Carers"
    SUBSTANCE_MISUSE = "substance_misuse", "Drug and alcohol use"
    ALL_ADULTS = "all_adults", "All adults"


class ServiceType(models.TextChoices):
    """Kinds of adult social care service, shared by needs, market, finance and contracts."""

    CARE_HOME = "care_home", "Care home (residential or nursing)"
    RESIDENTIAL = "residential", "Residential care home"
    NURSING = "nursing", "Nursing home"
    HOMECARE = "homecare", "Homecare"
    REABLEMENT = "reablement", "Reablement"
    SUPPORTED_LIVING = "supported_living", "Supported living"
    EXTRA_CARE = "extra_care", "Extra care housing"
    DAY_SERVICES = "day_services", "Day services"
    DIRECT_PAYMENTS = "direct_payments", "Direct payments"
    CARERS_SUPPORT = "carers_support", "Support for carers"
    SHORT_BREAKS = "short_breaks", "Short breaks and respite"


class JobStatus(models.TextChoices):
    """Where a background job (an import or a document build) has got to."""

    QUEUED = "queued", "Waiting to start"
    RUNNING = "running", "Running"
    SUCCEEDED = "succeeded", "Finished"
    FAILED = "failed", "Failed"


FINISHED_JOB_STATUSES = (JobStatus.SUCCEEDED, JobStatus.FAILED)
