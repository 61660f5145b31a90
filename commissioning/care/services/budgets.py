"""Personal budgets: what the council has agreed a person's eligible needs cost a week, and their
reviews (each a dated record with the amount before and after)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from commissioning.accounts.models import User
from commissioning.accounts.ownership import owned_save
from commissioning.care.models import BudgetReview, Person, PersonalBudget
from commissioning.care.permissions import can_arrange_care
from commissioning.care.services.packages import weekly_cost_problem
from commissioning.core.jinja2 import format_date
from commissioning.core.services import audited_save

__all__ = ["budget_review", "budget_set"]


def _check(by: User, organisation_id: int) -> None:
    if not can_arrange_care(by) or organisation_id != by.organisation_id:
        raise PermissionDenied("Only the council's social workers and commissioning workers set personal budgets")


@transaction.atomic
def budget_set(
    *, by: User, person: Person, weekly_amount: Decimal, starts_on: datetime.date, review_due: datetime.date
) -> PersonalBudget:
    """A new personal budget from `starts_on`; the one before it, if any, ends the day before."""
    _check(by, person.organisation_id)
    if problem := weekly_cost_problem(weekly_amount):
        raise ValidationError({"weekly_amount": problem.replace("weekly cost", "weekly amount")})
    if review_due <= starts_on:
        raise ValidationError({"review_due": "The review is due after the budget starts"})
    current = person.budgets.select_for_update().filter(ends_on__isnull=True).first()
    if current is not None:
        if starts_on <= current.starts_on:
            raise ValidationError(
                {"starts_on": f"Start after the current budget did, {format_date(current.starts_on)}, or review it"}
            )
        current.ends_on = starts_on - datetime.timedelta(days=1)
        owned_save(record=current, by=by)
    budget = PersonalBudget(
        organisation_id=person.organisation_id, person=person, weekly_amount=weekly_amount, starts_on=starts_on,
        review_due=review_due, is_demo=person.is_demo,
    )  # fmt: skip
    budget.full_clean()
    return owned_save(record=budget, by=by)


@transaction.atomic
def budget_review(
    *,
    by: User,
    budget: PersonalBudget,
    reviewed_on: datetime.date,
    outcome: str,
    amount_after: Decimal,
    next_review_due: datetime.date,
) -> BudgetReview:
    """Record a review; the budget's amount becomes what the review agreed."""
    budget = PersonalBudget.objects.select_for_update().get(pk=budget.pk)
    _check(by, budget.organisation_id)
    if reviewed_on < budget.starts_on:
        raise ValidationError(
            {"reviewed_on": f"Review on or after the budget started, {format_date(budget.starts_on)}"}
        )
    if not outcome.strip():
        raise ValidationError({"outcome": "Say what the review found and agreed"})
    if problem := weekly_cost_problem(amount_after):
        raise ValidationError({"amount_after": problem.replace("weekly cost", "weekly amount")})
    if next_review_due <= reviewed_on:
        raise ValidationError({"next_review_due": "The next review is due after this one"})
    review = BudgetReview(
        budget=budget, reviewed_on=reviewed_on, outcome=outcome, amount_before=budget.weekly_amount,
        amount_after=amount_after, next_review_due=next_review_due, reviewed_by=by,
    )  # fmt: skip
    audited_save(instance=review, by=by)
    budget.weekly_amount, budget.review_due = amount_after, next_review_due
    owned_save(record=budget, by=by)
    return review
