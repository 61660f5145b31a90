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
