"""The rules of a commissioning cycle, called the way pages, API and commands call them."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from commissioning.cycles import selectors, services
from commissioning.cycles.checklist import CHECKLIST
from commissioning.cycles.choices import ActivityStatus, CycleStatus, FindingStatus, Level
from commissioning.cycles.models import Activity, CommissioningCycle, Finding
from commissioning.testing import activity_in


def test_new_cycle_starts_with_the_whole_ipc_checklist_for_both_cycles(world):
    activities = world.cycle.activities.all()
    assert activities.count() == len(CHECKLIST)
    assert {(a.level, a.element) for a in activities} == {
        (level, element) for level in ("strategic", "purchasing") for element in ("analyse", "plan", "do", "review")
    }
    assert activities.filter(level=Level.STRATEGIC, checklist_key="territory").exists()


def test_checklist_due_dates_spread_the_four_elements_over_the_period(world):
    due = {a.element: a.due_date for a in world.cycle.activities.filter(level=Level.STRATEGIC)}
    # Period 1 April 2026 to 31 March 2029 (1095 days): each element is due at the end of its quarter.
    assert due["analyse"] == datetime.date(2026, 12, 30)
    assert due["review"] == datetime.date(2029, 3, 31)
    assert due["analyse"] < due["plan"] < due["do"] < due["review"]


def test_cycle_period_must_end_after_it_starts(world):
    with pytest.raises(ValidationError) as error:
        services.cycle_create(
            by=world.alice,
            title="Backwards",
            client_group="carers",
            areas=[world.areas["trafford"]],
            period_start=datetime.date(2027, 1, 1),
            period_end=datetime.date(2026, 1, 1),
        )
    assert "period_end" in error.value.message_dict
    assert not CommissioningCycle.objects.filter(title="Backwards").exists()


def test_partners_must_commission_and_cannot_be_the_lead(world):
    for partners in ([world.provider_a], [world.trafford]):
        with pytest.raises(ValidationError) as error:
            services.cycle_update(cycle=world.cycle, by=world.alice, partner_organisations=partners)
        assert "partner_organisations" in error.value.message_dict
    assert list(world.cycle.partner_organisations.all()) == [world.icb]


def test_activity_owner_must_work_for_an_organisation_in_the_cycle(world):
    with pytest.raises(ValidationError) as error:
        services.activity_update(activity=activity_in(world.cycle), by=world.alice, owner=world.steve)
    assert "owner" in error.value.message_dict
    # The message does not reveal who the person is.
    assert "Steve" not in str(error.value)


def test_completing_an_activity_records_the_day_and_who_did_it(world):
    activity = services.activity_complete(activity=activity_in(world.cycle), by=world.carl)
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.DONE
    assert activity.completed_on == datetime.date.today()
    latest = activity.history.first()
    assert latest.history_user == world.carl
    reopened = services.activity_update(activity=activity, by=world.carl, status=ActivityStatus.IN_PROGRESS)
    assert reopened.completed_on is None


def test_assigning_an_activity_emails_the_new_owner(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.activity_update(
            activity=activity_in(world.cycle),
            by=world.alice,
            owner=world.carl,
            base_url="https://commissioning.example/",
        )
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["carl@example.org"]
    assert "Alice has asked you to lead" in message.body
    assert f"https://commissioning.example/activities/{activity_in(world.cycle).pk}/" in message.body


def test_checklist_activities_cannot_be_deleted_but_added_ones_can(world):
    with pytest.raises(ValidationError):
        services.activity_delete(activity=activity_in(world.cycle), by=world.alice)
    added = services.activity_create(
        cycle=world.cycle, by=world.alice, level="strategic", element="do", title="Pilot discharge beds"
    )
    added_id = added.pk
    services.activity_delete(activity=added, by=world.alice)
    assert not Activity.objects.filter(pk=added_id).exists()
    deleted = Activity.history.filter(id=added_id, history_type="-").get()
    assert deleted.history_user == world.alice


def test_carrying_an_activity_forward_is_only_done_by_starting_the_next_cycle(world):
    with pytest.raises(ValidationError):
        services.activity_update(activity=activity_in(world.cycle), by=world.alice, status="carried_forward")


def test_finding_raised_in_the_purchasing_cycle_lands_in_the_commissioning_review(world):
    finding = services.finding_raise(
        cycle=world.cycle,
        by=world.sonia,
        level=Level.PURCHASING,
        element="review",
        title="People want evening calls",
        detail="14 of 40 reviews asked for later calls.",
    )
    assert list(selectors.review_finding_list(cycle=world.cycle)) == [finding]


def test_closing_a_finding_needs_a_response(world):
    finding = services.finding_raise(
        cycle=world.cycle, by=world.carl, level="purchasing", element="do", title="Short visits", detail="x"
    )
    with pytest.raises(ValidationError) as error:
        services.finding_update(finding=finding, by=world.alice, status=FindingStatus.CLOSED)
    assert "response" in error.value.message_dict
    services.finding_update(finding=finding, by=world.alice, status=FindingStatus.ACTED_ON, response="Paid travel time")
    finding.refresh_from_db()
    assert finding.status == FindingStatus.ACTED_ON


def test_effort_cannot_be_logged_in_the_future_or_for_outsiders(world):
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError):
        services.effort_log(cycle=world.cycle, by=world.alice, element="plan", worked_on=tomorrow, hours=1)
    with pytest.raises(ValidationError):
        services.effort_log(
            cycle=world.cycle,
            by=world.alice,
            person=world.pam,
            element="plan",
            worked_on=datetime.date.today(),
            hours=1,
        )
    with pytest.raises(ValidationError):
        services.effort_log(cycle=world.cycle, by=world.alice, element="plan", worked_on=datetime.date.today(), hours=0)
    assert not world.cycle.effort.exists()


def test_starting_the_next_cycle_carries_unfinished_work_and_open_findings_forward(world):
    previous = world.cycle
    services.activity_complete(activity=activity_in(previous, "territory"), by=world.alice)
    services.activity_update(
        activity=activity_in(previous, "needs"),
        by=world.alice,
        owner=world.carl,
        status=ActivityStatus.IN_PROGRESS,
        notes="Waiting for the 2022-based projections.",
        notify=False,
    )
    services.evidence_add(activity=activity_in(previous, "needs"), by=world.alice, title="JSNA", url="/areas/")
    extra = services.activity_create(
        cycle=previous, by=world.alice, level="strategic", element="do", title="Pilot discharge beds"
    )
    open_finding = services.finding_raise(
        cycle=previous, by=world.carl, level="purchasing", element="do", title="Open lesson", detail="x"
    )
    acted = services.finding_raise(
        cycle=previous, by=world.carl, level="purchasing", element="do", title="Done lesson", detail="x"
    )
    services.finding_update(finding=acted, by=world.alice, status=FindingStatus.ACTED_ON, response="Changed")

    nxt = services.cycle_start_next(
        previous=previous,
        by=world.alice,
        title="Older people 2029 to 2032",
        period_start=datetime.date(2029, 4, 1),
        period_end=datetime.date(2032, 3, 31),
    )

    previous.refresh_from_db()
    assert previous.status == CycleStatus.CLOSED
    assert nxt.previous_cycle == previous
    assert list(nxt.partner_organisations.all()) == [world.icb]
    needs = activity_in(nxt, "needs")
    assert needs.carried_from == activity_in(previous, "needs")
    assert needs.owner == world.carl and needs.status == ActivityStatus.IN_PROGRESS
    assert "Waiting for the 2022-based projections." in needs.notes
    assert needs.evidence.get().title == "JSNA"
    assert activity_in(previous, "needs").status == ActivityStatus.CARRIED_FORWARD
    # Finished work is not carried: the fresh checklist item starts again.
    assert activity_in(nxt, "territory").carried_from is None
    assert activity_in(previous, "territory").status == ActivityStatus.DONE
    copied = nxt.activities.get(title="Pilot discharge beds")
    assert copied.carried_from == extra
    assert nxt.activities.count() == len(CHECKLIST) + 1
    assert set(Finding.objects.filter(cycle=nxt)) == {open_finding}
    assert Finding.objects.get(pk=acted.pk).cycle == previous
    assert Finding.objects.get(pk=open_finding.pk).raised_in_cycle == previous


def test_a_cycle_has_only_one_next_cycle(world):
    dates = dict(period_start=datetime.date(2029, 4, 1), period_end=datetime.date(2032, 3, 31))
    services.cycle_start_next(previous=world.cycle, by=world.alice, title="Next", **dates)
    with pytest.raises(ValidationError):
        services.cycle_start_next(previous=world.cycle, by=world.alice, title="Again", **dates)


def test_deleting_an_activity_detaches_its_findings_on_the_record(world):
    added = services.activity_create(cycle=world.cycle, by=world.alice, level="purchasing", element="do", title="Pilot")
    finding = services.finding_raise(
        cycle=world.cycle, by=world.carl, level="purchasing", element="do", title="Lesson", detail="x", activity=added
    )
    services.activity_delete(activity=added, by=world.alice)
    finding.refresh_from_db()
    assert finding.activity is None
    latest = finding.history.first()
    assert latest.history_user == world.alice and latest.activity_id is None


def test_only_people_who_do_the_work_can_own_activities_or_log_effort(world):
    for person in (world.colin, world.sonia):
        with pytest.raises(ValidationError):
            services.activity_update(activity=activity_in(world.cycle), by=world.alice, owner=person, notify=False)
        with pytest.raises(ValidationError):
            services.effort_log(
                cycle=world.cycle, by=world.alice, person=person, element="do", worked_on=datetime.date.today(), hours=1
            )
    with pytest.raises(ValidationError):
        services.cycle_update(cycle=world.cycle, by=world.alice, lead_commissioner=world.carl)
