"""The demo market: Trafford's real care homes from the CQC directory extract, plus a few
invented providers (named "(demo)") that carry the beds, ratings, capacity returns, concerns and
plans the real extract lacks. Invented operational figures are never attached to real homes."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal
from typing import Any

from django.db import transaction

from commissioning.accounts.models import Organisation, User
from commissioning.core.choices import ClientGroup
from commissioning.core.models import Area
from commissioning.cycles.models import CommissioningCycle
from commissioning.market import services
from commissioning.market.choices import ConcernKind, ContactKind, Severity
from commissioning.market.models import (
    Location,
    Provider,
)
from commissioning.market.statement import statement_figures

DEMO_ID = 999990000  # CQC-shaped ids far above any CQC has issued, for the invented locations


def _record(number: int, provider: int, name: str, provider_name: str, **fields: Any) -> dict[str, Any]:
    record = {
        "locationId": f"1-{DEMO_ID + number}",
        "providerId": f"1-{DEMO_ID + 100 + provider}",
        "providerName": provider_name,
        "name": name,
        "registrationStatus": "Registered",
        "registrationDate": "2012-04-01",
        "localAuthority": "Trafford",
        "careHome": "Y",
        "gacServiceTypes": [{"name": "Nursing homes", "description": "Care home service with nursing"}],
        "specialisms": [{"name": "Dementia"}, {"name": "Caring for adults over 65 yrs"}],
    }
    record.update(fields)
    return record


def _rated(overall: str, date: str, safe: str | None = None, well_led: str | None = None) -> dict[str, Any]:
    questions = [
        {"name": "Safe", "rating": safe or overall},
        {"name": "Effective", "rating": overall},
        {"name": "Caring", "rating": "Good"},
        {"name": "Responsive", "rating": overall},
        {"name": "Well-led", "rating": well_led or overall},
    ]
    return {"overall": {"rating": overall, "reportDate": date, "keyQuestionRatings": questions}, "reportDate": date}


def demo_records(*, latest: bool) -> list[dict[str, Any]]:
    """The invented locations as CQC API records: an earlier edition, and the latest one in
    which one home's rating fell and another's rose (so the import records both)."""
    lodge = _rated("Inadequate", "2026-09-14", safe="Inadequate") if latest else _rated("Good", "2023-05-10")
    residential = [{"name": "Residential homes", "description": "Care home service without nursing"}]
    return [
        _record(
            1, 1, "Brookvale Lodge (demo)", "Brookvale Care Group (demo)",
            numberOfBeds=60, postalCode="M33 4ZZ", postalAddressLine1="1 Example Lane", postalAddressTownCity="Sale",
            onspdLatitude=53.4246, onspdLongitude=-2.3216, currentRatings=lodge,
            historicRatings=[{"reportDate": "2023-05-10", "overall": {"rating": "Good"}}] if latest else [],
        ),
        _record(
            2, 1, "Brookvale Manor (demo)", "Brookvale Care Group (demo)",
            numberOfBeds=48, postalCode="WA15 7ZZ", postalAddressLine1="2 Example Road",
            postalAddressTownCity="Timperley", onspdLatitude=53.3905, onspdLongitude=-2.3128,
            currentRatings=_rated("Requires improvement", "2025-11-03"),
        ),
        _record(
            3, 2, "Sale Moor House (demo)", "Sale Moor Homes Ltd (demo)",
            numberOfBeds=40, postalCode="M33 2ZZ", postalAddressLine1="3 Example Street", postalAddressTownCity="Sale",
            onspdLatitude=53.4283, onspdLongitude=-2.3032, gacServiceTypes=residential,
            currentRatings=_rated("Good", "2025-02-20"),
        ),
        _record(
            4, 3, "Altrincham Court (demo)", "Altrincham Residential Care (demo)",
            numberOfBeds=32, postalCode="WA14 9ZZ", postalAddressLine1="4 Example Avenue",
            postalAddressTownCity="Altrincham", onspdLatitude=53.3885, onspdLongitude=-2.3524,
            gacServiceTypes=residential,
            currentRatings=_rated("Good", "2026-08-01") if latest else _rated("Requires improvement", "2024-06-12"),
        ),
        _record(
            6, 5, "Davyhulme Grange (demo)", "Davyhulme Care Homes (demo)",
            numberOfBeds=36, postalCode="M41 8ZZ", postalAddressLine1="6 Example Close",
            postalAddressTownCity="Davyhulme", onspdLatitude=53.4563, onspdLongitude=-2.3664,
            gacServiceTypes=residential, currentRatings=_rated("Good", "2025-09-18"),
        ),
        _record(
            7, 6, "Flixton Hall (demo)", "Flixton Care Ltd (demo)",
            numberOfBeds=52, postalCode="M41 6ZZ", postalAddressLine1="7 Example Drive",
            postalAddressTownCity="Flixton", onspdLatitude=53.4432, onspdLongitude=-2.3905,
            currentRatings=_rated("Good", "2024-12-05"),
        ),
        _record(
            5, 4, "Partington Homecare (demo)", "Partington Homecare (demo)",
            careHome="N", postalCode="M31 4ZZ", postalAddressLine1="5 Example Parade",
            postalAddressTownCity="Partington", onspdLatitude=53.4196, onspdLongitude=-2.4260,
            gacServiceTypes=[{"name": "Homecare agencies", "description": "Domiciliary care service"}],
            currentRatings=_rated("Outstanding", "2024-10-30"),
        ),
    ]  # fmt: skip


def _returns(today: datetime.date, by: User | None) -> None:
    # name: (capacity, occupied, vacant but not accepting admissions); the rest accept admissions
    figures = {
        "Brookvale Lodge (demo)": (60, 52, 8),
        "Brookvale Manor (demo)": (48, 43, 0),
        "Sale Moor House (demo)": (40, 26, 2),
        "Altrincham Court (demo)": (32, 30, 0),
    }
    for name, (capacity, occupied, reserved) in figures.items():
        location = Location.objects.get(name=name)
        for weeks_ago in (2, 1, 0):
            # A little fuller in earlier weeks.
            filled = min(occupied + weeks_ago, capacity - reserved)
            values = {
                "beds_capacity": capacity,
                "beds_occupied": filled,
                "beds_vacant_accepting": capacity - reserved - filled,
                "beds_vacant_reserved": reserved,
                "care_staff": 38,
            }
            services.capacity_return_save(
                location=location, return_date=today - datetime.timedelta(weeks=weeks_ago), values=values, by=by
            )
    agency = Location.objects.get(name="Partington Homecare (demo)")
    services.capacity_return_save(
        location=agency,
        return_date=today,
        values={"homecare_people": 84, "homecare_hours": 1260, "homecare_care_workers": 46, "care_staff": 46},
        by=by,
    )


@transaction.atomic
def load_market(people: dict[str, User], organisations: dict[str, Organisation], extract: Any, log: list[str]) -> None:
    priya, tom = people["priya"], people["tom"]
    council = priya.organisation
    run = services.cqc_import(name=extract.name, content=extract.read_bytes(), by=None)
    log.append(f"CQC directory extract: {run.created} new, {run.unchanged} unchanged locations")
    # Each real provider's organisation (created from the same file) acts for it.
    linked = 0
    for provider in Provider.objects.filter(organisation__isnull=True):
        organisation = organisations.get(provider.name)
        if organisation is not None:
            services.link_provider_organisation(provider=provider, organisation=organisation, by=None)
            linked += 1
    if Location.objects.filter(is_demo=True).exists():
        log.append(f"Market demo records: already there ({linked} providers linked)")
        return
    for latest in (False, True):
        services.cqc_import(
            name="cqc-api-locations-demo.json",
            content=json.dumps(demo_records(latest=latest)).encode(),
            by=None,
            is_demo=True,
        )
    Location.objects.filter(cqc_location_id__startswith="1-99999").update(is_demo=True)
    Provider.objects.filter(cqc_provider_id__startswith="1-99999").update(is_demo=True)
    brookvale = Provider.objects.get(name="Brookvale Care Group (demo)")
    services.provider_update(provider=brookvale, fields={"group_name": "Brookvale Care Group (demo)"}, by=priya)
    services.funding_share_set(provider=brookvale, organisation=council, share=Decimal(82), by=priya)
    services.funding_share_set(
        provider=Provider.objects.get(name="Sale Moor Homes Ltd (demo)"),
        organisation=council,
        share=Decimal(55),
        by=priya,
    )
    today = datetime.date.today()
    _returns(today, None)
    lodge = Location.objects.get(name="Brookvale Lodge (demo)")
    services.concern_create(
        by=priya,
        provider=brookvale,
        location=lodge,
        kind=ConcernKind.SAFEGUARDING,
        severity=Severity.HIGH,
        raised_on=today - datetime.timedelta(days=20),
        is_demo=True,
        summary="Section 42 enquiry into medicines errors (demo)",
        details="Three medicines errors in a month; enquiry led by the safeguarding team.",
    )
    services.concern_create(
        by=priya,
        provider=brookvale,
        kind=ConcernKind.FINANCIAL,
        severity=Severity.MEDIUM,
        raised_on=today - datetime.timedelta(days=45),
        is_demo=True,
        summary="Late payment of staff reported by the union (demo)",
    )
    services.contingency_plan_create(
        by=priya,
        provider=brookvale,
        people_affected=71,
        summary="If Brookvale cannot continue, the council and the ICB run a joint response: daily calls, a "
        "named social worker for each resident, and moves only when a safe place is found.",
        moves="Nursing residents first to homes with nursing vacancies in Sale and Timperley; residents with "
        "dementia to homes with that specialism; no one moved out of the borough without their family's agreement.",
        absorbing_capacity="Vacancies in the latest returns (see the vacancies page); a block of 6 step-down "
        "beds with the ICB for short stays.",
        contacts="Head of commissioning (lead); ICB continuing healthcare lead; CQC inspector for the area; "
        "safeguarding team manager.",
        reviewed_on=today - datetime.timedelta(days=30),
        review_due=today + datetime.timedelta(days=150),
    )
    for days, kind, subject, notes, actions in (
        (60, ContactKind.MEETING, "Quarterly contract meeting (demo)", "Staffing on the nursing floor is stretched.",
         "Provider to share its recruitment plan."),
        (25, ContactKind.VISIT, "Quality visit after the inspection (demo)",
         "Medicines storage improved; records still late.",
         "Council to revisit in four weeks; provider to send an action plan to CQC and the council."),
        (5, ContactKind.CALL, "Call about the safeguarding enquiry (demo)", "Manager confirmed interim cover.",
         ""),
    ):  # fmt: skip
        services.relationship_entry_create(
            by=priya,
            provider=brookvale,
            kind=kind,
            occurred_on=today - datetime.timedelta(days=days),
            subject=subject,
            notes=notes,
            actions_agreed=actions,
            action_owner="Priya Shah" if actions else "",
            action_due=today + datetime.timedelta(days=28) if actions else None,
            is_demo=True,
        )
    mha = Provider.objects.filter(name="Methodist Homes").first()
    if mha is not None:
        services.relationship_entry_create(
            by=tom,
            provider=mha,
            kind=ContactKind.EMAIL,
            occurred_on=today - datetime.timedelta(days=12),
            is_demo=True,
            subject="Asked for weekly vacancy returns through the service (demo)",
            actions_agreed="Registered manager to enter returns each Monday.",
            action_owner="Joanne Price",
        )
    attendees = Provider.objects.filter(
        name__in=["Methodist Homes", "Making Space", "Brookvale Care Group (demo)", "Sale Moor Homes Ltd (demo)"]
    )
    services.forum_create(
        by=priya, attendees=attendees,
        title="Care home providers' forum, autumn (demo)", held_on=today - datetime.timedelta(days=40), is_demo=True,
        other_attendees="NHS Greater Manchester ICB\nTrafford Carers Network",
        notes="Discussed the fee uplift consultation, winter discharge plans and the new capacity returns.",
    )  # fmt: skip
    area = Area.objects.get(code="E08000009")
    older = CommissioningCycle.objects.filter(
        title__startswith="Older people's care", lead_organisation=council
    ).first()
    statement = services.statement_create(
        by=priya,
        area=area,
        client_group=ClientGroup.OLDER_PEOPLE,
        cycle=older,
        is_demo=True,
        title="Care and support for older people in Trafford (demo)",
        first_year=today.year,
        last_year=today.year + 5,
        introduction="This statement tells providers what we expect older people in Trafford to need over the "
        "next five years, what the market offers now, and what we intend to buy.",
        gaps="Nursing care for people with dementia; homecare in Partington and the west of the borough; "
        "short stays after hospital.",
        buy_more="Nursing beds for people with dementia; reablement at home; homecare on rural rounds.",
        buy_less="Residential placements for people who could live at home with support.",
        fees="Fees for next year will follow the cost of care exercise, published with every assumption.",
    )
    services.statement_publish(statement=statement, figures=statement_figures(statement), by=priya)
    log.append("Market demo records: 7 invented locations, returns, concerns, a plan, contacts, a forum, a statement")
