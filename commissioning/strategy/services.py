"""Every write of plans: validated, atomic and audited, shared by the pages, the API and the CLI."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Model
from django.utils import timezone

from commissioning.accounts.models import User
from commissioning.accounts.ownership import owned_create
from commissioning.analytics.gap import GapInputError
from commissioning.analytics.optimiser import ProblemError, optimise, problem_from_json
from commissioning.core.models import Area
from commissioning.core.services import audited_delete, audited_save, model_update, record_publish
from commissioning.cycles.models import CommissioningCycle
from commissioning.cycles.selectors import team_cycle_list
from commissioning.cycles.services import evidence_record_fields
from commissioning.market.selectors import provider_list
from commissioning.needs.published import forecast_measure_get, forecast_measure_list
from commissioning.strategy.choices import StrategyStatus
from commissioning.strategy.gap import GAP_SERVICE_KEYS, DemandChoice, build_gap_analysis
from commissioning.strategy.models import (
    Decommissioning,
    GapAnalysis,
    OptimiserRun,
    PersonTransition,
    PlannedProcurement,
    Priority,
    PriorityEvidence,
    ProviderTransition,
    PurchasingPlan,
    Risk,
    ServiceDesign,
    StrategyVersion,
    Target,
)
from commissioning.strategy.permissions import can_change_risks, can_decide_strategy, can_make_plans


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
    return owned_create(
        StrategyVersion, by=by, organisation=cycle.lead_organisation, cycle=cycle, number=1, title=title,
        vision=vision, is_demo=is_demo,
    )  # fmt: skip


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
    owner = getattr(record, "organisation_id", None)
    shareable = owner in (None, priority.version.organisation_id) or bool(getattr(record, "is_published", False))
    item = PriorityEvidence(priority=priority, added_by=by, figures_on=today, shareable=shareable, **fields)
    return audited_save(instance=item, by=by)


def priority_evidence_remove(*, evidence: PriorityEvidence, by: User) -> None:
    _check_draft(evidence.priority.version)
    audited_delete(instance=evidence, by=by)


def version_consult(*, version: StrategyVersion, by: User, closes_on: datetime.date) -> StrategyVersion:
    """Send a draft out to consultation until `closes_on`; it stays as it is while out."""
    _check_draft(version)
    if closes_on < timezone.localdate():
        raise ValidationError({"closes_on": "The consultation cannot close in the past"})
    _check_ready(version)
    fields = {"status": StrategyStatus.CONSULTATION, "consultation_closes_on": closes_on}
    return model_update(instance=version, fields=fields, by=by)[0]


def version_reopen(*, version: StrategyVersion, by: User) -> StrategyVersion:
    """Bring a version back from consultation as a draft, to change it in the light of what was heard."""
    if version.status != StrategyStatus.CONSULTATION:
        raise ValidationError("Only a version out to consultation can be brought back as a draft")
    return model_update(instance=version, fields={"status": StrategyStatus.DRAFT}, by=by)[0]


def _check_decides(by: User, version: StrategyVersion) -> None:
    """The council that leads the cycle records its decisions and publishes its strategy."""
    if not can_decide_strategy(by, version):
        raise ValidationError("Only the lead organisation's commissioners record the decision and publish")


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
    is superseded, and each record behind a priority keeps its figures as they stand on the day the
    decision is recorded (a decision recorded later than it was taken is dated as recorded)."""
    if version.status not in (StrategyStatus.DRAFT, StrategyStatus.CONSULTATION):
        raise ValidationError(f"Version {version.number} is already {version.get_status_display().lower()}")
    _check_decides(by, version)
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
            model_update(instance=evidence, fields={"snapshot": live, "figures_on": timezone.localdate()}, by=by)
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
        organisation=version.organisation,  # the strategy stays the lead council's, whoever drafts it
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
            try:
                _check_owner(version.cycle, values["owner"], field="owner")
            except ValidationError:
                values["owner"] = None  # left the team since: the draft asks for a new owner
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
                    shareable=evidence.shareable,
                    added_by=evidence.added_by,
                ),
                by=by,
            )
    return draft


def version_publish(*, version: StrategyVersion, by: User, public_summary: str | None = None) -> StrategyVersion:
    """Publish an approved version on the public site, with its summary for the public."""
    _check_decides(by, version)
    if public_summary is not None:
        version.public_summary = public_summary
    return record_publish(record=version, by=by)


# --- Gap analyses ------------------------------------------------------------------------------------


@transaction.atomic
def gap_analysis_create(
    *, by: User, cycle: CommissioningCycle, title: str, demand: list[dict[str, Any]], is_demo: bool = False
) -> GapAnalysis:
    """Work out and keep a cycle's gap analysis. `demand` gives, for each service, the saved forecast
    measure that counts its people ({"service", "forecast", "rate_set", "units_per_person"}); every
    measure must be of one area, one of the cycle's."""
    _check_team(by, cycle)
    choices, problems, areas = [], {}, set()
    for row in demand:
        service = row.get("service")
        if service not in GAP_SERVICE_KEYS:
            problems[f"{service}"] = f"{service!r} is not a service a gap analysis covers"
            continue
        forecast, rate_set = row.get("forecast"), row.get("rate_set")
        measure = None
        if str(forecast).isdigit() and str(rate_set).isdigit() and len(str(forecast)) < 10:
            measure = forecast_measure_get(forecast_id=int(forecast), rate_set_id=int(rate_set))
        if measure is None or measure.key not in {m.key for m in _measures_for(by)}:
            problems[service] = "Choose a measure of a saved forecast you may open"
            continue
        try:
            units = Decimal(str(row.get("units_per_person")))
        except (ArithmeticError, ValueError):
            units = Decimal(0)
        if not units.is_finite() or units <= 0 or units > 100_000:
            problems[service] = "Give the units each person needs, more than 0"
            continue
        areas.add(measure.area_code)
        choices.append(DemandChoice(service, measure, units))
    if problems:
        raise ValidationError(problems)
    if not choices:
        raise ValidationError("Choose a forecast measure for at least one service")
    cycle_areas = dict(cycle.areas.values_list("code", "name"))
    if len(areas) != 1 or not areas <= set(cycle_areas):
        raise ValidationError(
            "Choose measures of forecasts for one of the cycle's areas, the same one for every service"
        )
    (code,) = areas
    try:
        analysis = build_gap_analysis(cycle, by.organisation_id, code, cycle_areas[code], choices)
    except GapInputError as error:
        raise ValidationError(error.problems) from error
    stated = [
        {"service": c.service, "forecast": c.measure.forecast_id, "rate_set": c.measure.rate_set_id,
         "measure": c.measure.label, "units_per_person": str(c.units_per_person)}
        for c in choices
    ]  # fmt: skip
    return owned_create(
        GapAnalysis,
        by=by,
        cycle=cycle,
        title=title,
        area=Area.objects.get(code=code),
        demand_choices=stated,
        result=analysis.as_json(),
        shortfalls=len(analysis.shortfalls()),
        data_gaps=len(analysis.data_gaps),
        is_demo=is_demo,
    )


def _measures_for(user: User) -> list[Any]:
    return forecast_measure_list(user=user)


# --- Service designs ---------------------------------------------------------------------------------

DESIGN_FIELDS = ("title", "service_type", "client_group", "specification", "outcomes", "needs_met")


def service_design_create(*, by: User, is_demo: bool = False, **fields: Any) -> ServiceDesign:
    """Add a service design to the organisation's library."""
    if not can_make_plans(by):
        raise ValidationError("Only those who do the commissioning work write service designs")
    return owned_create(ServiceDesign, by=by, is_demo=is_demo, **{k: fields[k] for k in DESIGN_FIELDS if k in fields})


def service_design_update(*, design: ServiceDesign, by: User, **fields: Any) -> ServiceDesign:
    return model_update(instance=design, fields={k: fields[k] for k in DESIGN_FIELDS if k in fields}, by=by)[0]


# --- Purchasing plans --------------------------------------------------------------------------------

PLAN_FIELDS = (
    "title", "first_year", "last_year", "market_development", "direct_payments_percent", "direct_payments_effect",
)  # fmt: skip
PROCUREMENT_FIELDS = (
    "title", "service_type", "design", "priority", "value", "vat_rate", "route", "tender_starts", "contract_starts",
    "contract_months", "best_placed", "reasoning",
)  # fmt: skip
DECOMMISSIONING_FIELDS = ("service", "service_type", "reason", "ends_on")


def purchasing_plan_create(
    *, by: User, cycle: CommissioningCycle, is_demo: bool = False, **fields: Any
) -> PurchasingPlan:
    _check_team(by, cycle)
    values = {k: fields[k] for k in PLAN_FIELDS if k in fields}
    return owned_create(PurchasingPlan, by=by, cycle=cycle, is_demo=is_demo, **values)


def purchasing_plan_update(*, plan: PurchasingPlan, by: User, **fields: Any) -> PurchasingPlan:
    return model_update(instance=plan, fields={k: fields[k] for k in PLAN_FIELDS if k in fields}, by=by)[0]


def _check_procurement(
    plan: PurchasingPlan, by: User, fields: dict[str, Any], current: PlannedProcurement | None = None
) -> dict[str, Any]:
    """A design is one of the saver's organisation's (or the one already chosen); a priority is one of
    the cycle's strategy's."""
    values = {k: fields[k] for k in PROCUREMENT_FIELDS if k in fields}
    design = values.get("design")
    unchanged = current is not None and design is not None and design.pk == current.design_id
    if design is not None and not unchanged and design.organisation_id != by.organisation_id:
        raise ValidationError({"design": "Choose one of your organisation's service designs"})
    priority = values.get("priority")
    if priority is not None and priority.version.cycle_id != plan.cycle_id:
        raise ValidationError({"priority": "Choose a priority of this cycle's strategy"})
    return values


def procurement_add(*, plan: PurchasingPlan, by: User, **fields: Any) -> PlannedProcurement:
    _check_team(by, plan.cycle)
    values = _check_procurement(plan, by, fields)
    return audited_save(instance=PlannedProcurement(plan=plan, **values), by=by)


def procurement_update(*, procurement: PlannedProcurement, by: User, **fields: Any) -> PlannedProcurement:
    values = _check_procurement(procurement.plan, by, fields, procurement)
    return model_update(instance=procurement, fields=values, by=by)[0]


def procurement_remove(*, procurement: PlannedProcurement, by: User) -> None:
    audited_delete(instance=procurement, by=by)


def decommissioning_add(*, plan: PurchasingPlan, by: User, **fields: Any) -> Decommissioning:
    _check_team(by, plan.cycle)
    values = {k: fields[k] for k in DECOMMISSIONING_FIELDS if k in fields}
    return audited_save(instance=Decommissioning(plan=plan, **values), by=by)


def person_transition_add(*, decommissioning: Decommissioning, by: User, **fields: Any) -> PersonTransition:
    """Plan one person's move: by pseudonymous reference only, never a name or NHS number."""
    _check_team(by, decommissioning.plan.cycle)
    reference = (fields.get("reference") or "").strip().upper()
    if decommissioning.people.filter(reference=reference).exists():
        raise ValidationError({"reference": "This person already has a transition plan here"})
    values = {k: fields[k] for k in ("plan", "move_by", "status") if k in fields}
    transition = PersonTransition(decommissioning=decommissioning, reference=reference, **values)
    return audited_save(instance=transition, by=by)


def provider_transition_add(*, decommissioning: Decommissioning, by: User, **fields: Any) -> ProviderTransition:
    _check_team(by, decommissioning.plan.cycle)
    values = {k: fields[k] for k in ("provider", "plan", "status") if k in fields}
    provider = values.get("provider")
    if provider is not None and not provider_list(user=by).filter(pk=provider.pk).exists():
        raise ValidationError({"provider": "Choose a provider in the market register"})
    return audited_save(instance=ProviderTransition(decommissioning=decommissioning, **values), by=by)


def transition_update(*, transition: PersonTransition | ProviderTransition, by: User, status: str) -> Any:
    """Move a transition on: planned, under way, done."""
    return model_update(instance=transition, fields={"status": status}, by=by)[0]
