"""Writes to a contract's service levels: KPIs (typed in, or copied from the tender it came from)
and its quality criteria and outcomes. Validated, atomic and audited."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max

from commissioning.accounts.models import User
from commissioning.contracts.models import Contract, Kpi, ServiceStandard
from commissioning.contracts.permissions import can_change_contract
from commissioning.core.services import audited_delete, audited_save, model_update
from commissioning.procurement.choices import QuestionSection
from commissioning.procurement.models import QualityQuestion

__all__ = ["kpi_add", "kpi_delete", "kpi_update", "kpis_from_tender", "standard_add", "tender_questions"]


def _check(by: User, contract: Contract) -> None:
    if not can_change_contract(by, contract):
        raise PermissionDenied("Only the buyer's commissioning workers change a contract's service levels")
    if contract.is_terminated:
        raise ValidationError("This contract was terminated: its service levels no longer change")


def _next_position(contract: Contract) -> int:
    return (contract.kpis.aggregate(n=Max("position"))["n"] or 0) + 1


@transaction.atomic
def kpi_add(*, by: User, contract: Contract, **fields: Any) -> Kpi:
    _check(by, contract)
    return audited_save(instance=Kpi(contract=contract, position=_next_position(contract), **fields), by=by)


@transaction.atomic
def kpi_update(*, by: User, kpi: Kpi, **fields: Any) -> Kpi:
    _check(by, kpi.contract)
    return model_update(instance=kpi, fields=fields, by=by)[0]


@transaction.atomic
def kpi_delete(*, by: User, kpi: Kpi) -> None:
    _check(by, kpi.contract)
    audited_delete(instance=kpi, by=by)


def tender_questions(contract: Contract) -> list[QualityQuestion]:
    """The quality questions of the tender the contract came from (its lot's and every lot's)."""
    if contract.procurement_id is None:
        return []
    questions = QualityQuestion.objects.filter(procurement_id=contract.procurement_id, section=QuestionSection.QUALITY)
    if contract.lot_id is not None:
        questions = questions.filter(lot__isnull=True) | questions.filter(lot_id=contract.lot_id)
    return list(questions.order_by("number"))


@transaction.atomic
def kpis_from_tender(*, by: User, contract: Contract, questions: Iterable[QualityQuestion] | None = None) -> list[Kpi]:
    """Start a KPI from each of the tender's quality questions (or those given) not yet copied:
    what the provider promised becomes what it reports on. Targets are then agreed, KPI by KPI."""
    _check(by, contract)
    available = {question.pk: question for question in tender_questions(contract)}
    if not available:
        raise ValidationError("This contract did not come from a tender with quality questions")
    chosen = list(available.values()) if questions is None else [q for q in questions if q.pk in available]
    if not chosen:
        raise ValidationError({"questions": "Choose questions of the tender this contract came from"})
    copied = set(contract.kpis.filter(source_question__isnull=False).values_list("source_question_id", flat=True))
    made = []
    for question in chosen:
        if question.pk in copied:
            continue
        kpi = Kpi(
            contract=contract,
            position=_next_position(contract),
            name=question.question[:200],
            definition=question.guidance or question.question,
            unit="to agree",
            measured_how=f"As promised in the winning answer to tender question {question.number}",
            source_question=question,
        )
        made.append(audited_save(instance=kpi, by=by))
    return made


@transaction.atomic
def standard_add(*, by: User, contract: Contract, **fields: Any) -> ServiceStandard:
    """Add a quality criterion or an outcome to the contract's service levels."""
    _check(by, contract)
    return audited_save(instance=ServiceStandard(contract=contract, **fields), by=by)
