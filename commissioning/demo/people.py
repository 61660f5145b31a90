"""The demo's organisations and the people who sign in (every one invented)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from commissioning.accounts.choices import OrganisationKind, Role
from commissioning.accounts.models import Organisation, User
from commissioning.accounts.services import organisation_create, user_create
from commissioning.core.models import Area

DATA = Path(__file__).resolve().parent / "data"
CQC_FILE = DATA / "trafford_care_homes_cqc_2026-02-25.csv"
TRAFFORD = "E08000009"


DEMO_PASSWORD = "demo-commissioning"  # noqa: S105 (printed for the demo; demo accounts only)


@dataclass(frozen=True)
class DemoPerson:
    email: str
    full_name: str
    role: Role
    organisation: str
    job_title: str


COUNCIL = "Trafford Council"


ICB = "NHS Greater Manchester Integrated Care Board"


CARERS_GROUP = "Trafford Carers Network (demo)"


PROVIDER_A = "Methodist Homes"


PROVIDER_B = "Making Space"


# The demo market's invented homecare agency (see market.py) and two more invented agencies: the
# homecare tender's bidders. Invented bids, prices and scores are never put in a real provider's name.
PROVIDER_C = "Partington Homecare (demo)"
PROVIDER_D = "Sale Moor Homecare (demo)"
PROVIDER_E = "Flixton Home Support (demo)"


PEOPLE = (
    DemoPerson(
        "priya.shah@trafford.example",
        "Priya Shah",
        Role.COMMISSIONER,
        COUNCIL,
        "Commissioning manager, adult social care",
    ),
    DemoPerson(
        "tom.walsh@trafford.example", "Tom Walsh", Role.CONTRACTS_OFFICER, COUNCIL, "Contracts and procurement officer"
    ),
    DemoPerson(
        "grace.okafor@trafford.example",
        "Grace Okafor",
        Role.SOCIAL_WORKER,
        COUNCIL,
        "Senior social worker, older people's team",
    ),
    DemoPerson(
        "alex.reed@trafford.example",
        "Councillor Alex Reed",
        Role.COUNCILLOR,
        COUNCIL,
        "Chair, adult social care scrutiny committee",
    ),
    DemoPerson("sam.patel@trafford.example", "Sam Patel", Role.ADMINISTRATOR, COUNCIL, "Systems administrator"),
    DemoPerson(
        "helen.moore@gmicb.example",
        "Helen Moore",
        Role.COMMISSIONER,
        ICB,
        "Joint commissioning lead, Trafford locality",
    ),
    DemoPerson("joanne.price@mha.example", "Joanne Price", Role.PROVIDER_USER, PROVIDER_A, "Registered manager"),
    DemoPerson("kwame.mensah@makingspace.example", "Kwame Mensah", Role.PROVIDER_USER, PROVIDER_B, "Service manager"),
    DemoPerson(
        "dawn.fletcher@partingtonhomecare.example",
        "Dawn Fletcher",
        Role.PROVIDER_USER,
        PROVIDER_C,
        "Registered manager",
    ),
    DemoPerson("ravi.kumar@salemoorhomecare.example", "Ravi Kumar", Role.PROVIDER_USER, PROVIDER_D, "Director"),
    DemoPerson("amy.hughes@flixtonsupport.example", "Amy Hughes", Role.PROVIDER_USER, PROVIDER_E, "Bid manager"),
    DemoPerson(
        "maureen.ellis@carers.example",
        "Maureen Ellis",
        Role.PERSON,
        CARERS_GROUP,
        "Carer and member of the carers' forum",
    ),
)


def load_organisations(log: list[str]) -> dict[str, Organisation]:
    trafford = Area.objects.get(code=TRAFFORD)
    wanted = [
        dict(name=COUNCIL, kind=OrganisationKind.COUNCIL, area=trafford, website="https://www.trafford.gov.uk"),
        dict(name=ICB, kind=OrganisationKind.NHS_ICB, ods_code="QOP", website="https://gmintegratedcare.org.uk"),
        dict(name=CARERS_GROUP, kind=OrganisationKind.VCS, area=trafford, is_demo=True),
        dict(name=PROVIDER_C, kind=OrganisationKind.PROVIDER, area=trafford, is_demo=True),
        dict(name=PROVIDER_D, kind=OrganisationKind.PROVIDER, area=trafford, is_demo=True),
        dict(name=PROVIDER_E, kind=OrganisationKind.PROVIDER, area=trafford, is_demo=True),
    ]
    with CQC_FILE.open(encoding="utf-8") as handle:
        providers = sorted({row["provider"].strip() for row in csv.DictReader(handle)})
    # Registered individuals are people, not organisations: leave them out of the demo.
    for name in providers:
        if name == COUNCIL or name.split(" ")[0] in {"Mr", "Mrs", "Ms", "Miss", "Dr"}:
            continue
        wanted.append(dict(name=name, kind=OrganisationKind.PROVIDER))
    existing = {organisation.name: organisation for organisation in Organisation.objects.all()}
    created = 0
    for fields in wanted:
        if fields["name"] not in existing:
            # The council's administrators look after the providers and groups in its market.
            managed_by = (
                existing.get(COUNCIL) if fields["kind"] in (OrganisationKind.PROVIDER, OrganisationKind.VCS) else None
            )
            existing[fields["name"]] = organisation_create(by=None, managed_by=managed_by, **fields)
            created += 1
    log.append(f"Organisations: {created} created ({len(wanted) - created} already there)")
    return existing


def load_people(organisations: dict[str, Organisation], log: list[str]) -> dict[str, User]:
    people: dict[str, User] = {}
    created = 0
    for person in PEOPLE:
        user = User.objects.filter(email=person.email).first()
        if user is None:
            user = user_create(
                by=None,
                email=person.email,
                full_name=person.full_name,
                role=person.role,
                organisation=organisations[person.organisation],
                job_title=person.job_title,
                password=DEMO_PASSWORD,
                is_demo=True,
                managed_by=None if organisations[person.organisation].commissions else organisations[COUNCIL],
            )
            created += 1
        people[person.email.split(".")[0]] = user
    admin = people["sam"]
    if not admin.is_superuser:
        admin.is_staff = admin.is_superuser = True
        admin.save(update_fields=["is_staff", "is_superuser"])
    log.append(f"People: {created} created ({len(PEOPLE) - created} already there)")
    return people
