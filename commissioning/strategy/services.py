"""Every write of plans: validated, atomic and audited, shared by the pages, the API and the CLI."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Model
from django.utils import timezone

from commissioning.accounts.models import User
from commissioning.accounts.ownership import owned_create
from commissioning.analytics.optimiser import ProblemError, optimise, problem_from_json
from commissioning.core.services import audited_delete, audited_save, model_update, record_publish
from commissioning.cycles.models import CommissioningCycle
from commissioning.cycles.selectors import team_cycle_list
from commissioning.cycles.services import evidence_record_fields
from commissioning.strategy.choices import StrategyStatus
from commissioning.strategy.models import OptimiserRun, Priority, PriorityEvidence, Risk, StrategyVersion, Target
from commissioning.strategy.permissions import can_change_risks


def optimiser_solve(inputs: Any) -> dict[str, Any]:
    """The optimiser's result for `inputs` (the documented JSON), or a ValidationError on `inputs`
    listing every problem in them, each naming its field. Saves nothing (the command line's
    `commissioning optimise FILE` uses it on its own)."""
    try:
        problem = problem_from_json(inputs)
    except ProblemError as error:
        raise ValidationError({"inputs": error.problems}) from error
    return optimise(problem).as_json()


@transaction.atomic
def optimiser_run_create(
    *, by: User, title: str, inputs: Any, cycle: CommissioningCycle | None = None, is_demo: bool = False
) -> OptimiserRun:
    """Run the optimiser on `inputs` and keep the run, with its result, for `by`'s organisation."""
    if cycle is not None and not team_cycle_list(by).filter(pk=cycle.pk).exists():
        raise ValidationError({"cycle": "Choose one of your organisation's cycles"})
    result = optimiser_solve(inputs)
    return owned_create(
        OptimiserRun,
        by=by,
        title=title,
        cycle=cycle,
        inputs=inputs,
        result=result,
        feasible=result["feasible"],
        is_demo=is_demo,
    )


@transaction.atomic
def risk_create(*, by: User, cycle: CommissioningCycle, **fields: Any) -> Risk:
    """Add a risk to a cycle's register (the cycle must be the person's team's)."""
    if not can_change_risks(by, cycle):
        raise ValidationError({"cycle": "Choose one of your team's cycles"})
    _check_owner(cycle, fields.get("mitigation_owner"))
    return owned_create(Risk, by=by, cycle=cycle, **fields)


def risk_update(*, risk: Risk, by: User, **fields: Any) -> Risk:
    """Change a risk: its scores, mitigation, review date or status (history keeps each change)."""
    fields.pop("cycle", None)  # a risk stays in its cycle's register
    _check_owner(risk.cycle, fields.get("mitigation_owner"))
    return model_update(instance=risk, fields=fields, by=by)[0]


def _check_owner(cycle: CommissioningCycle, person: User | None, field: str = "mitigation_owner") -> None:
    """Whoever mitigates a risk, or owns a target, works for the cycle's lead or a partner organisation."""
    if person is None:
        return
    team = {cycle.lead_organisation_id, *cycle.partner_organisations.values_list("pk", flat=True)}
    if person.organisation_id not in team or not person.is_active:
        raise ValidationError({field: "Choose someone who works for the cycle's lead or partner organisations"})


# --- The strategy: versions, priorities, targets and evidence ---------------------------------------


def _check_team(by: User, cycle: CommissioningCycle) -> None:
    if not can_change_risks(by, cycle):
        raise ValidationError({"cycle": "Choose one of your team's cycles"})


def _check_draft(version: StrategyVersion) -> None:
    """Only a draft changes: an approved strategy stands as approved, and a new draft is made instead."""
    if not version.is_editable:
        raise ValidationError(
            f"Version {version.number} is {version.get_status_display().lower()}, so it cannot be changed: "
            "make a new draft from it instead"
        )


@transaction.atomic
def strategy_start(
    *, by: User, cycle: CommissioningCycle, title: str, vision: str, is_demo: bool = False
) -> StrategyVersion:
    """Begin a cycle's strategy: its first version, a draft."""
    _check_team(by, cycle)
    if StrategyVersion.objects.filter(cycle=cycle).exists():
        raise ValidationError({"cycle": "This cycle's strategy is already started: work on its latest version"})
    return owned_create(StrategyVersion, by=by, cycle=cycle, number=1, title=title, vision=vision, is_demo=is_demo)


def version_update(*, version: StrategyVersion, by: User, **fields: Any) -> StrategyVersion:
    """Change a draft's title, vision or public summary."""
    _check_draft(version)
    allowed = {name: fields[name] for name in ("title", "vision", "public_summary") if name in fields}
    return model_update(instance=version, fields=allowed, by=by)[0]


@transaction.atomic
def priority_add(*, version: StrategyVersion, by: User, title: str, description: str = "") -> Priority:
    _check_draft(version)
    last = version.priorities.aggregate(last=Max("position"))["last"] or 0
    return audited_save(
        instance=Priority(version=version, position=last + 1, title=title, description=description), by=by
    )


def priority_update(*, priority: Priority, by: User, **fields: Any) -> Priority:
    _check_draft(priority.version)
    allowed = {name: fields[name] for name in ("title", "description", "position") if name in fields}
    return model_update(instance=priority, fields=allowed, by=by)[0]


def priority_remove(*, priority: Priority, by: User) -> None:
    _check_draft(priority.version)
    audited_delete(instance=priority, by=by)


TARGET_FIELDS = (
    "measure", "unit", "baseline", "baseline_on", "baseline_source", "target_figure", "target_year", "trajectory",
    "owner", "monitoring",
)  # fmt: skip


def target_add(*, priority: Priority, by: User, **fields: Any) -> Target:
    _check_draft(priority.version)
    _check_owner(priority.version.cycle, fields.get("owner"), field="owner")
    values = {name: fields[name] for name in TARGET_FIELDS if name in fields}
    return audited_save(instance=Target(priority=priority, **values), by=by)


def target_update(*, target: Target, by: User, **fields: Any) -> Target:
    _check_draft(target.priority.version)
    _check_owner(target.priority.version.cycle, fields.get("owner"), field="owner")
    return model_update(instance=target, fields={k: fields[k] for k in TARGET_FIELDS if k in fields}, by=by)[0]


def target_remove(*, target: Target, by: User) -> None:
    _check_draft(target.priority.version)
    audited_delete(instance=target, by=by)


def priority_evidence_add(
    *, priority: Priority, by: User, title: str = "", url: str = "", record: Model | None = None
) -> PriorityEvidence:
    """Attach evidence to a draft's priority: a link, or a record with its figures as they stand
    today. Attaching the same record again changes nothing."""
    _check_draft(priority.version)
    today = timezone.localdate()
    if record is None:
        link = PriorityEvidence(priority=priority, title=title, url=url.strip(), added_by=by)
        return audited_save(instance=link, by=by)
    fields = evidence_record_fields(by=by, record=record, title=title)
    existing = priority.evidence.filter(record_type=fields["record_type"], record_id=record.pk).first()
    if existing is not None:
        return existing
    return audited_save(instance=PriorityEvidence(priority=priority, added_by=by, figures_on=today, **fields), by=by)


def priority_evidence_remove(*, evidence: PriorityEvidence, by: User) -> None:
    _check_draft(evidence.priority.version)
    audited_delete(instance=evidence, by=by)


def version_consult(*, version: StrategyVersion, by: User, closes_on: datetime.date) -> StrategyVersion:
    """Send a draft out to consultation until `closes_on`; it stays as it is while out."""
    _check_draft(version)
    if closes_on < timezone.localdate():
        raise ValidationError({"consultation_closes_on": "The consultation cannot close in the past"})
    _check_ready(version)
    fields = {"status": StrategyStatus.CONSULTATION, "consultation_closes_on": closes_on}
    return model_update(instance=version, fields=fields, by=by)[0]


def version_reopen(*, version: StrategyVersion, by: User) -> StrategyVersion:
    """Bring a version back from consultation as a draft, to change it in the light of what was heard."""
    if version.status != StrategyStatus.CONSULTATION:
        raise ValidationError("Only a version out to consultation can be brought back as a draft")
    return model_update(instance=version, fields={"status": StrategyStatus.DRAFT}, by=by)[0]


def _check_ready(version: StrategyVersion) -> None:
    """A strategy put to people has priorities, and each priority a target."""
    priorities = list(version.priorities.all())
    if not priorities:
        raise ValidationError("Add at least one priority first")
    without = [priority.title for priority in priorities if not priority.targets.exists()]
    if without:
        raise ValidationError(f"Give every priority a target first: {', '.join(without)} has none")


@transaction.atomic
def version_approve(
    *,
    version: StrategyVersion,
    by: User,
    decision_maker: str,
    decided_on: datetime.date,
    minute_reference: str = "",
    decision_url: str = "",
) -> StrategyVersion:
    """Record the democratic decision approving a version. The version before it that was approved
    is superseded, and each record behind a priority keeps its figures as they stand on the day."""
    if version.status not in (StrategyStatus.DRAFT, StrategyStatus.CONSULTATION):
        raise ValidationError(f"Version {version.number} is already {version.get_status_display().lower()}")
    if not decision_maker:
        raise ValidationError({"decision_maker": "Say who made the decision"})
    if decided_on > timezone.localdate():
        raise ValidationError({"decided_on": "The decision cannot be in the future"})
    _check_ready(version)
    for earlier in StrategyVersion.objects.filter(cycle=version.cycle, status=StrategyStatus.APPROVED):
        model_update(instance=earlier, fields={"status": StrategyStatus.SUPERSEDED}, by=by)
    for evidence in PriorityEvidence.objects.filter(priority__version=version, record_id__isnull=False):
        live = evidence.live_snapshot()
        if live is not None:
            model_update(instance=evidence, fields={"snapshot": live, "figures_on": decided_on}, by=by)
    fields = {
        "status": StrategyStatus.APPROVED,
        "decision_maker": decision_maker,
        "decided_on": decided_on,
        "minute_reference": minute_reference,
        "decision_url": decision_url,
    }
    return model_update(instance=version, fields=fields, by=by)[0]


@transaction.atomic
def version_new_draft(*, version: StrategyVersion, by: User) -> StrategyVersion:
    """A new draft carrying `version`'s vision, priorities, targets and evidence, to change."""
    _check_team(by, version.cycle)
    versions = StrategyVersion.objects.select_for_update().filter(cycle=version.cycle)
    if versions.filter(status__in=[StrategyStatus.DRAFT, StrategyStatus.CONSULTATION]).exists():
        raise ValidationError("This strategy already has a version being worked on: change that one")
    number = (versions.aggregate(last=Max("number"))["last"] or 0) + 1
    draft = owned_create(
        StrategyVersion,
        by=by,
        cycle=version.cycle,
        number=number,
        title=version.title,
        vision=version.vision,
        public_summary=version.public_summary,
        based_on=version,
        is_demo=version.is_demo,
    )
    for priority in version.priorities.prefetch_related("targets", "evidence"):
        copy = audited_save(
            instance=Priority(
                version=draft,
                position=priority.position,
                title=priority.title,
                description=priority.description,
                lineage=priority.lineage,
            ),
            by=by,
        )
        for target in priority.targets.all():
            values = {name: getattr(target, name) for name in TARGET_FIELDS}
            audited_save(instance=Target(priority=copy, lineage=target.lineage, **values), by=by)
        for evidence in priority.evidence.all():
            audited_save(
                instance=PriorityEvidence(
                    priority=copy,
                    title=evidence.title,
                    url=evidence.url,
                    record_type_id=evidence.record_type_id,
                    record_id=evidence.record_id,
                    snapshot=evidence.snapshot,
                    figures_on=evidence.figures_on,
                    added_by=evidence.added_by,
                ),
                by=by,
            )
    return draft


def version_publish(*, version: StrategyVersion, by: User, public_summary: str | None = None) -> StrategyVersion:
    """Publish an approved version on the public site, with its summary for the public."""
    if public_summary is not None:
        version.public_summary = public_summary
    return record_publish(record=version, by=by)
