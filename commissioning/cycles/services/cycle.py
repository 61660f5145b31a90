"""Every write to a commissioning cycle and its working (activities, evidence, effort, findings):
pages, API, command line and tasks all come here."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from commissioning.accounts.models import Organisation, User
from commissioning.core.models import Area
from commissioning.core.services import audited_delete, audited_save, model_update
from commissioning.core.tasks import send_email
from commissioning.cycles.checklist import CHECKLIST
from commissioning.cycles.choices import (
    ELEMENT_ORDER,
    FINISHED_STATUSES,
    ActivityStatus,
    CycleStatus,
    Element,
    FindingStatus,
    Level,
)
from commissioning.cycles.evidence import evidence_type_of
from commissioning.cycles.models import (
    Activity,
    CommissioningCycle,
    EffortEntry,
    EvidenceLink,
    Finding,
)
from commissioning.cycles.permissions import RUN_ROLES, WORK_ROLES, can_work_on_activity

CYCLE_FIELDS = (
    "title",
    "client_group",
    "period_start",
    "period_end",
    "lead_commissioner",
    "summary",
    "is_published",
    "public_summary",
    "areas",
    "partner_organisations",
)


ACTIVITY_FIELDS = ("title", "description", "owner", "due_date", "status", "notes")


def default_due_date(*, period_start: datetime.date, period_end: datetime.date, element: str) -> datetime.date:
    """Spread the four elements evenly over the period: each is due at the end of its quarter."""
    quarter = ELEMENT_ORDER.index(Element(element)) + 1
    span = (period_end - period_start).days
    return period_start + datetime.timedelta(days=span * quarter // 4)


# Who may hold each part: owners and effort are for those who do the work, the lead for those
# who run cycles. A person must also work for the lead or a partner organisation.
PERSON_ROLES = {"owner": WORK_ROLES, "person": WORK_ROLES, "lead_commissioner": RUN_ROLES}


def _check_people(cycle: CommissioningCycle, **people: User | None) -> None:
    organisations = cycle.organisation_ids()
    errors = {
        name: "Choose someone who works on this cycle: a commissioner, contracts officer or administrator"
        if name != "lead_commissioner"
        else "Choose a commissioner or administrator who works on this cycle"
        for name, person in people.items()
        if person is not None
        and (
            person.organisation_id not in organisations or person.role not in PERSON_ROLES[name] or not person.is_active
        )
    }
    if errors:
        raise ValidationError(errors)


def _check_areas_and_partners(lead: Organisation, areas: Iterable[Area], partners: Iterable[Organisation]) -> None:
    errors: dict[str, str] = {}
    areas = list(areas)
    if not areas:
        errors["areas"] = "Choose at least one area the cycle covers"
    elif any(not area.is_upper_tier for area in areas):
        errors["areas"] = "Choose councils with adult social care duties (counties, unitaries and boroughs)"
    partners = list(partners)
    if any(partner.pk == lead.pk for partner in partners):
        errors["partner_organisations"] = "The lead organisation cannot also be a partner"
    elif any(not partner.commissions for partner in partners):
        errors["partner_organisations"] = "Partners must be councils or NHS integrated care boards"
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def cycle_create(
    *,
    by: User,
    title: str,
    client_group: str,
    areas: Iterable[Area],
    period_start: datetime.date,
    period_end: datetime.date,
    lead_organisation: Organisation | None = None,
    lead_commissioner: User | None = None,
    partner_organisations: Iterable[Organisation] = (),
    summary: str = "",
    is_published: bool = False,
    public_summary: str = "",
    is_demo: bool = False,
    seed_checklist: bool = True,
) -> CommissioningCycle:
    """Start a cycle, seeded with the IPC checklist for both the outer and inner cycles."""
    lead_organisation = lead_organisation or by.organisation
    areas, partner_organisations = list(areas), list(partner_organisations)
    if lead_organisation is None or not lead_organisation.commissions:
        raise ValidationError({"lead_organisation": "A council or NHS integrated care board must lead the cycle"})
    _check_areas_and_partners(lead_organisation, areas, partner_organisations)
    cycle = CommissioningCycle(
        title=title,
        client_group=client_group,
        period_start=period_start,
        period_end=period_end,
        lead_organisation=lead_organisation,
        lead_commissioner=lead_commissioner or by,
        summary=summary,
        is_published=is_published,
        public_summary=public_summary,
        created_by=by,
        is_demo=is_demo,
    )
    audited_save(instance=cycle, by=by)
    cycle._history_user = by
    cycle.areas.set(areas)
    cycle.partner_organisations.set(partner_organisations)
    _check_people(cycle, lead_commissioner=cycle.lead_commissioner)
    if seed_checklist:
        _seed_checklist(cycle, by=by)
    return cycle


def _seed_checklist(cycle: CommissioningCycle, *, by: User) -> list[Activity]:
    activities = []
    for position, item in enumerate(CHECKLIST):
        activity = Activity(
            cycle=cycle,
            level=item.level,
            element=item.element,
            checklist_key=item.key,
            title=item.title,
            description=item.guidance,
            due_date=default_due_date(
                period_start=cycle.period_start, period_end=cycle.period_end, element=item.element
            ),
            position=position,
        )
        activities.append(audited_save(instance=activity, by=by))
    return activities


@transaction.atomic
def cycle_update(*, cycle: CommissioningCycle, by: User, **fields: Any) -> CommissioningCycle:
    """Change a cycle's details. Areas and partners are checked as on creation."""
    fields = {key: value for key, value in fields.items() if key in CYCLE_FIELDS}
    _check_areas_and_partners(
        cycle.lead_organisation,
        fields.get("areas", cycle.areas.all()),
        fields.get("partner_organisations", cycle.partner_organisations.all()),
    )
    cycle, _ = model_update(instance=cycle, fields=fields, by=by)
    _check_people(cycle, lead_commissioner=cycle.lead_commissioner)
    return cycle


def cycle_close(*, cycle: CommissioningCycle, by: User) -> CommissioningCycle:
    cycle, _ = model_update(instance=cycle, fields={"status": CycleStatus.CLOSED}, by=by)
    return cycle


@transaction.atomic
def cycle_start_next(
    *,
    previous: CommissioningCycle,
    by: User,
    title: str,
    period_start: datetime.date,
    period_end: datetime.date,
) -> CommissioningCycle:
    """Start the next cycle for the same client group and areas, and close this one.

    Unfinished activities are carried forward (onto the matching checklist activity, or as a
    copy of an activity the team added); open findings move to the new cycle's review.
    """
    if CommissioningCycle.objects.filter(previous_cycle=previous).exists():
        raise ValidationError("This cycle already has a next cycle")
    if period_start < previous.period_start:
        raise ValidationError({"period_start": "The next cycle cannot start before this one did"})
    cycle = cycle_create(
        by=by,
        title=title,
        client_group=previous.client_group,
        areas=previous.areas.all(),
        period_start=period_start,
        period_end=period_end,
        lead_organisation=previous.lead_organisation,
        lead_commissioner=previous.lead_commissioner,
        partner_organisations=previous.partner_organisations.all(),
        summary=previous.summary,
        is_demo=previous.is_demo,
    )
    model_update(instance=cycle, fields={"previous_cycle": previous}, by=by)
    seeded = {(activity.level, activity.checklist_key): activity for activity in cycle.activities.all()}
    next_position = len(seeded)
    for old in previous.activities.exclude(status__in=FINISHED_STATUSES).order_by("position", "pk"):
        target = seeded.get((old.level, old.checklist_key)) if old.checklist_key else None
        carried_note = f"Carried forward from {previous.title}." + (f"\n\n{old.notes}" if old.notes else "")
        if target is None:
            next_position += 1
            target = Activity(
                cycle=cycle,
                level=old.level,
                element=old.element,
                title=old.title,
                description=old.description,
                due_date=default_due_date(period_start=period_start, period_end=period_end, element=old.element),
                position=next_position,
            )
        target.owner = old.owner if old.owner and old.owner.is_active else None
        target.status = (
            ActivityStatus.IN_PROGRESS if old.status == ActivityStatus.IN_PROGRESS else ActivityStatus.NOT_STARTED
        )
        target.notes = carried_note
        target.carried_from = old
        audited_save(instance=target, by=by)
        for link in old.evidence.all():
            # A copy, with the record and its figures as they were attached.
            link.pk, link.activity, link._state.adding = None, target, True
            audited_save(instance=link, by=by)
        model_update(instance=old, fields={"status": ActivityStatus.CARRIED_FORWARD}, by=by)
    for finding in previous.findings.filter(status=FindingStatus.OPEN):
        model_update(instance=finding, fields={"cycle": cycle}, by=by)
    if previous.is_active:
        cycle_close(cycle=previous, by=by)
    return cycle


@transaction.atomic
def activity_create(
    *,
    cycle: CommissioningCycle,
    by: User,
    level: str,
    element: str,
    title: str,
    description: str = "",
    owner: User | None = None,
    due_date: datetime.date | None = None,
    base_url: str | None = None,
    notify: bool = True,
) -> Activity:
    """Add an activity of the team's own to an element of the cycle."""
    _check_people(cycle, owner=owner)
    last = cycle.activities.filter(level=level).order_by("-position").first()
    activity = Activity(
        cycle=cycle,
        level=level,
        element=element,
        title=title,
        description=description,
        owner=owner,
        due_date=due_date,
        position=(last.position + 1) if last else 0,
    )
    audited_save(instance=activity, by=by)
    if notify and owner is not None and owner != by:
        _notify_owner(activity, by=by, base_url=base_url)
    return activity


@transaction.atomic
def activity_update(
    *, activity: Activity, by: User, base_url: str | None = None, notify: bool = True, **fields: Any
) -> Activity:
    """Change an activity. Marking it done records the day; reopening it clears that.

    A new owner is emailed (unless `notify` is off, as when loading data).
    """
    fields = {key: value for key, value in fields.items() if key in ACTIVITY_FIELDS}
    if fields.get("status") == ActivityStatus.CARRIED_FORWARD and activity.status != ActivityStatus.CARRIED_FORWARD:
        raise ValidationError({"status": "Activities are carried forward by starting the next cycle"})
    previous_owner_id = activity.owner_id
    _check_people(activity.cycle, owner=fields.get("owner"))
    status = fields.get("status", activity.status)
    if status == ActivityStatus.DONE and activity.status != ActivityStatus.DONE:
        fields["completed_on"] = timezone.localdate()
    elif status != ActivityStatus.DONE:
        fields["completed_on"] = None
    activity, _ = model_update(instance=activity, fields=fields, by=by)
    if notify and activity.owner_id and activity.owner_id != previous_owner_id and activity.owner != by:
        _notify_owner(activity, by=by, base_url=base_url)
    return activity


def activity_complete(*, activity: Activity, by: User) -> Activity:
    return activity_update(activity=activity, by=by, status=ActivityStatus.DONE)


@transaction.atomic
def activity_delete(*, activity: Activity, by: User) -> None:
    if activity.checklist_key:
        raise ValidationError("Checklist activities cannot be deleted: mark them as not needed instead")
    # Detach what points at it through services, so the change shows in those records' history
    # (the database's SET NULL would not be audited).
    for finding in activity.findings.all():
        model_update(instance=finding, fields={"activity": None}, by=by)
    carried_to = Activity.objects.filter(carried_from=activity).first()
    if carried_to is not None:
        model_update(instance=carried_to, fields={"carried_from": None}, by=by)
    audited_delete(instance=activity, by=by)


def _notify_owner(activity: Activity, *, by: User, base_url: str | None) -> None:
    owner = activity.owner
    if owner is None or not owner.email:
        return
    link = f"{base_url.rstrip('/')}{activity.get_absolute_url()}" if base_url else activity.get_absolute_url()
    due = f" It is due on {activity.due_date:%d %B %Y}." if activity.due_date else ""
    body = (
        f"Hello {owner.full_name},\n\n{by.full_name} has asked you to lead this activity in "
        f"{activity.cycle.title}:\n\n  {activity.title}\n\n{due.strip()}\n\n{link}\n"
    )
    subject = f"{settings.SERVICE_NAME}: {activity.title}"
    transaction.on_commit(lambda: send_email.enqueue(to=[owner.email], subject=subject, body=body))


@transaction.atomic
def evidence_add(
    *, activity: Activity, by: User, title: str = "", url: str = "", record: Model | None = None
) -> EvidenceLink:
    """Attach evidence to an activity: a link (a document, dataset, or a page in this service),
    or a record of any registered evidence type, kept with its figures as they stand now.

    Attaching the same record to the same activity again changes nothing.
    """
    if not can_work_on_activity(by, activity):
        raise ValidationError({"activity": "Choose an activity in a cycle you work on"})
    if record is None:
        return audited_save(instance=EvidenceLink(activity=activity, title=title, url=url.strip(), added_by=by), by=by)
    fields = evidence_record_fields(by=by, record=record, title=title)
    existing = EvidenceLink.objects.filter(
        activity=activity, record_type=fields["record_type"], record_id=record.pk
    ).first()
    if existing is not None:
        return existing
    return audited_save(instance=EvidenceLink(activity=activity, added_by=by, **fields), by=by)


def evidence_record_fields(*, by: User, record: Model, title: str = "") -> dict[str, Any]:
    """What an evidence record (cycles.EvidenceRecord) keeps of `record`: its title, where it
    opens, the typed link and its figures as they stand now. Refuses a record of no registered
    evidence type, or one `by` may not attach."""
    kind = evidence_type_of(type(record))
    if kind is None or not kind.choices(by).filter(pk=record.pk).exists():
        raise ValidationError({"record": "Choose a record you may attach as evidence"})
    return {
        "title": (title or kind.title(record))[:200],
        "url": kind.url(record),
        "record_type": ContentType.objects.get_for_model(record),
        "record_id": record.pk,
        "snapshot": kind.snapshot(record),
    }


def evidence_remove(*, link: EvidenceLink, by: User) -> None:
    audited_delete(instance=link, by=by)


def effort_log(
    *,
    cycle: CommissioningCycle,
    by: User,
    person: User | None = None,
    level: str = Level.STRATEGIC,
    element: str,
    worked_on: datetime.date,
    hours: Decimal,
    note: str = "",
) -> EffortEntry:
    """Record time spent on an element (by the user, or for a colleague)."""
    person = person or by
    _check_people(cycle, person=person)
    if worked_on > timezone.localdate():
        raise ValidationError({"worked_on": "The date cannot be in the future"})
    entry = EffortEntry(
        cycle=cycle, level=level, element=element, person=person, worked_on=worked_on, hours=hours, note=note
    )
    return audited_save(instance=entry, by=by)


def effort_delete(*, entry: EffortEntry, by: User) -> None:
    audited_delete(instance=entry, by=by)


def finding_raise(
    *,
    cycle: CommissioningCycle,
    by: User,
    level: str,
    element: str,
    title: str,
    detail: str,
    activity: Activity | None = None,
) -> Finding:
    """Record a lesson; it waits in the commissioning cycle's next review."""
    if activity is not None and activity.cycle_id != cycle.pk:
        raise ValidationError({"activity": "Choose an activity in this cycle"})
    finding = Finding(
        cycle=cycle,
        raised_in_cycle=cycle,
        level=level,
        element=element,
        activity=activity,
        title=title,
        detail=detail,
        raised_by=by,
    )
    return audited_save(instance=finding, by=by)


def finding_update(*, finding: Finding, by: User, **fields: Any) -> Finding:
    """Respond to a finding: say what was done, or close it without change (with reasons)."""
    fields = {key: value for key, value in fields.items() if key in ("title", "detail", "status", "response")}
    status = fields.get("status", finding.status)
    response = fields.get("response", finding.response)
    if status != FindingStatus.OPEN and not (response or "").strip():
        raise ValidationError({"response": "Say what was done, or why no change is needed"})
    finding, _ = model_update(instance=finding, fields=fields, by=by)
    return finding
