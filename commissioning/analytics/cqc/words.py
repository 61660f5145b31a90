"""CQC's words, mapped to the plain values this service stores.

market.choices gives these values their labels (as Django choices) and core.choices names the
service types and client groups; the reader needs only the strings, so they live here.
"""

from __future__ import annotations


class Rating:
    """CQC's four-point rating scale, best first."""

    OUTSTANDING = "outstanding"
    GOOD = "good"
    REQUIRES_IMPROVEMENT = "requires_improvement"
    INADEQUATE = "inadequate"


class Ownership:
    PRIVATE = "private"
    VOLUNTARY = "voluntary"
    LOCAL_AUTHORITY = "local_authority"
    NHS = "nhs"
    INDIVIDUAL = "individual"
    UNKNOWN = "unknown"


class Registration:
    REGISTERED = "registered"
    DEREGISTERED = "deregistered"
    NOT_REGISTERED = "not_registered"


class Layout:
    """The CQC file layouts the reader knows."""

    DIRECTORY = "directory"
    HSCA = "hsca"
    API = "api"
    EXTRACT = "extract"


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

# CQC service type names (directory, API "name" and "description", HSCA one-hot headers) mapped
# to our service types. Types outside adult social care (GP, dental, hospital...) are kept but
# not mapped.
CQC_SERVICE_TYPES: dict[str, str] = {
    "residential homes": "residential",
    "care home service without nursing": "residential",
    "nursing homes": "nursing",
    "care home service with nursing": "nursing",
    "homecare agencies": "homecare",
    "domiciliary care service": "homecare",
    "supported living": "supported_living",
    "supported living service": "supported_living",
    "extra care housing": "extra_care",
    "extra care housing services": "extra_care",
    "shared lives": "supported_living",
}

# CQC service user bands mapped to the client groups cycles are run for.
CQC_USER_BANDS: dict[str, str] = {
    "older people": "older_people",
    "dementia": "older_people",
    "learning disabilities or autistic spectrum disorder": "learning_disability",
    "learning disabilities": "learning_disability",
    "mental health": "mental_health",
    "physical disability": "physical_disability",
    "sensory impairment": "sensory_impairment",
    "substance misuse problems": "substance_misuse",
    "younger adults": "all_adults",
    "whole population": "all_adults",
}

# Specialisms a commissioner searches for; stored as codes alongside the client groups.
CQC_SPECIALISMS: dict[str, str] = {
    "dementia": "dementia",
    "caring for people whose rights are restricted under the mental health act": "mental_health_act",
    "eating disorders": "eating_disorders",
    "caring for adults over 65 yrs": "over_65",
    "caring for adults under 65 yrs": "under_65",
}
