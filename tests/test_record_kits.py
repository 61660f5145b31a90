"""The kits every app builds on: organisation-owned records and published records."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from commissioning.cycles import services as cycles
from commissioning.finance import services as finance
from commissioning.finance.analysis import STARTING_INPUTS
from commissioning.finance.choices import ExerciseStatus, ModelKind
from commissioning.finance.models import CostOfCareExercise
from commissioning.market import services as market
from commissioning.market.models import MarketPositionStatement, ProviderConcern
from commissioning.market.tests.factories import market_for

pytestmark = pytest.mark.django_db


def _exercise(world, **fields) -> CostOfCareExercise:
    return finance.exercise_create(
        by=world.alice,
        title="Homecare 2027",
        kind=ModelKind.HOMECARE,
        financial_year=2027,
        inputs=dict(STARTING_INPUTS[ModelKind.HOMECARE]),
        **fields,
    )


def test_a_new_owned_record_belongs_to_the_organisation_of_whoever_saved_it(world):
    budget = finance.budget_create(
        by=world.alice,
        financial_year=2026,
        client_group="older_people",
        service_type="homecare",
        funding_source="council",
        amount=Decimal(1000),
    )

    assert budget.organisation == world.trafford
    assert budget.history.first().history_user == world.alice


def test_each_model_states_who_sees_its_records(world):
    records = market_for(world)

    assert set(ProviderConcern.objects.visible_to(world.alice)) == {records.concern}
    assert set(ProviderConcern.objects.visible_to(world.colin)) == {records.concern}  # councillors read
    assert not ProviderConcern.objects.visible_to(world.steve).exists()  # another council's
    assert not ProviderConcern.objects.visible_to(world.pam).exists()  # providers never
    # Published statements are everyone's; drafts their council's.
    assert set(MarketPositionStatement.objects.visible_to(world.pam)) == {records.published}
    assert set(MarketPositionStatement.objects.visible_to(world.alice)) == {records.published, records.draft}


def test_providers_see_open_and_published_exercises_only(world):
    open_exercise = _exercise(world)
    closed = _exercise(world, status=ExerciseStatus.CLOSED)
    published = _exercise(world, proposed_fee=Decimal("27.50"), reasoning="Costs rose")
    finance.exercise_publish(exercise=published, by=world.alice)

    assert set(CostOfCareExercise.objects.visible_to(world.pam)) == {open_exercise, published}
    assert set(CostOfCareExercise.objects.visible_to(world.alice)) == {open_exercise, closed, published}
    assert not CostOfCareExercise.objects.visible_to(world.steve).exists()


def test_publishing_checks_the_record_is_ready_and_dates_it(world):
    exercise = _exercise(world)

    with pytest.raises(ValidationError, match="proposed fee and the reasoning"):
        finance.exercise_publish(exercise=exercise, by=world.alice)
    exercise.refresh_from_db()
    assert not exercise.is_published and exercise.status == ExerciseStatus.OPEN

    exercise.proposed_fee, exercise.reasoning = Decimal("27.50"), "Costs rose"
    finance.exercise_publish(exercise=exercise, by=world.alice)
    exercise.refresh_from_db()
    assert exercise.is_published and exercise.status == ExerciseStatus.CLOSED
    assert exercise.published_at.date() == datetime.date.today()


def test_a_published_record_cannot_be_changed_by_any_route(world):
    records = market_for(world)
    statement = MarketPositionStatement.objects.get(pk=records.published.pk)

    with pytest.raises(ValidationError, match="cannot be changed"):
        market.statement_update(statement=statement, by=world.alice, title="Rewritten after publication")
    statement.title = "Rewritten after publication"
    with pytest.raises(ValidationError, match="cannot be changed"):
        statement.save()  # not even past the services
    with pytest.raises(ValidationError, match="already published"):
        market.statement_publish(
            statement=MarketPositionStatement.objects.get(pk=statement.pk), figures={}, by=world.alice
        )
    assert MarketPositionStatement.objects.get(pk=statement.pk).title != "Rewritten after publication"


def test_publishing_freezes_the_figures_given(world):
    records = market_for(world)

    market.statement_publish(
        statement=records.draft, figures={"supply": [{"service": "Nursing", "beds": 40}]}, by=world.alice
    )

    records.draft.refresh_from_db()
    assert records.draft.is_published
    assert records.draft.figures == {"supply": [{"service": "Nursing", "beds": 40}]}


def test_a_published_cycle_stays_open_to_change_and_can_be_withdrawn(world):
    cycle = world.published
    cycles.cycle_update(cycle=cycle, by=world.alice, title="Carers 2026 to 2030")
    assert cycle.published_at is not None

    cycles.cycle_update(cycle=cycle, by=world.alice, is_published=False)
    cycle.refresh_from_db()
    assert not cycle.is_published and cycle.published_at is None
    with pytest.raises(ValidationError) as error:
        cycles.cycle_update(cycle=cycle, by=world.alice, is_published=True, public_summary=" ")
    assert error.value.message_dict == {
        "public_summary": ["Enter a summary for the public before publishing the cycle"]
    }
