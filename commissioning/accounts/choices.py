from django.db import models


class OrganisationKind(models.TextChoices):
    COUNCIL = "council", "Council"
    NHS_ICB = "nhs_icb", "NHS integrated care board"
    PROVIDER = "provider", "Care provider"
    VCS = "vcs", "Voluntary or community group"


class Role(models.TextChoices):
    COMMISSIONER = "commissioner", "Commissioner"
    CONTRACTS_OFFICER = "contracts_officer", "Contracts officer"
    SOCIAL_WORKER = "social_worker", "Social worker"
    PROVIDER_USER = "provider_user", "Provider user"
    PERSON = "person", "Person who draws on care or carer"
    COUNCILLOR = "councillor", "Councillor (scrutiny)"
    ADMINISTRATOR = "administrator", "Administrator"


COMMISSIONING_KINDS = (OrganisationKind.COUNCIL, OrganisationKind.NHS_ICB)

# Which kinds of organisation each role can belong to. A person who draws on care may belong
# to no organisation at all.
ROLE_ORGANISATION_KINDS: dict[str, tuple[str, ...]] = {
    Role.COMMISSIONER: COMMISSIONING_KINDS,
    Role.CONTRACTS_OFFICER: COMMISSIONING_KINDS,
    Role.SOCIAL_WORKER: COMMISSIONING_KINDS,
    Role.ADMINISTRATOR: COMMISSIONING_KINDS,
    Role.COUNCILLOR: (OrganisationKind.COUNCIL,),
    Role.PROVIDER_USER: (OrganisationKind.PROVIDER, OrganisationKind.VCS),
    Role.PERSON: tuple(OrganisationKind.values),
}

# Staff of a council or ICB: they see their organisation's commissioning work.
STAFF_ROLES = (
    Role.COMMISSIONER,
    Role.CONTRACTS_OFFICER,
    Role.SOCIAL_WORKER,
    Role.COUNCILLOR,
    Role.ADMINISTRATOR,
)
