"""Every create page and every create API call is safe to send twice (docs/adr/0011).

The pages and API routes are found by walking the URL patterns, not listed by hand: a page whose
view handles a POST is either submitted once (a form view, unless it only edits, or a view that
says `submit_once`) and then must be in CREATE_PAGES, or is named in NOT_CREATING with why; an
API route that takes a POST must be in CREATE_CALLS. A new app's create page or route therefore
fails here until it is covered. Each is sent twice with the same form token (or Idempotency-Key)
and must make its records once, the second answer pointing at what the first made.
"""

from __future__ import annotations

import datetime
import json
import re
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from html.parser import HTMLParser
from typing import Any

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from django.utils.html import escape
from rest_framework.test import APIClient

from commissioning.care import services as care_services
from commissioning.care.models import CarePackage, Person, PersonalBudget
from commissioning.care.tests.factories import package_for, person_for
from commissioning.contracts import services as contract_services
from commissioning.contracts.models import Contract
from commissioning.contracts.tests.factories import contract_for, signed_award
from commissioning.core.api import AnswerOnce
from commissioning.core.models import Submission
from commissioning.core.submissions import ALREADY_SENT, FORM_TOKEN_FIELD
from commissioning.core.views_mixins import ServiceFormView
from commissioning.cycles.tests.factories import CycleFactory
from commissioning.finance import services as finance_services
from commissioning.finance.analysis import STARTING_INPUTS
from commissioning.finance.choices import ModelKind
from commissioning.finance.tests.factories import option_for
from commissioning.market.tests.factories import Market, market_for
from commissioning.market.tests.files import hsca_csv, hsca_row
from commissioning.needs.analysis import area_forecast
from commissioning.needs.models import RateSet, SavedForecast
from commissioning.needs.published_rates import CFAS_II
from commissioning.needs.services import forecast_save
from commissioning.needs.tests.conftest import DURHAM
from commissioning.procurement import services as procurement_services
from commissioning.procurement.choices import ProcurementStatus
from commissioning.procurement.models import AssessmentSummary, Award, Bid, ModeratedScore, Procurement, Score
from commissioning.procurement.tests.factories import (
    PASSPHRASES,
    answers_for,
    bid_for,
    deadline_passes,
    dynamic_market,
    procurement_for,
    published_tender,
    tender_ready,
)
from commissioning.procurement.tests.test_api_markets import (
    STATEMENT,
    announced_market,
    pams_application,
    pams_membership,
    planned_market,
    stage_body,
    stage_to_decide,
    staged_tender,
)
from commissioning.strategy import services as strategy_services
from commissioning.strategy.models import PurchasingPlan, StrategyVersion
from commissioning.strategy.tests.factories import approve, strategy_for
from commissioning.testing import World, activity_in, county_durham, county_durham_vintage

TODAY = datetime.date.today()
OPTIMISER_INPUTS = {
    "areas": ["E08000009"], "years": [2027],
    "services": [{"key": "homecare", "name": "Homecare", "unit": "hour", "unit_cost": "25.00"}],
    "demand": [{"service": "homecare", "area": "E08000009", "year": 2027, "units": 1000}],
}  # fmt: skip
SPEND = "Date,Supplier,Cost centre,Amount\n2026-04-28,Oak Care Ltd,OP-RES,1000.10\n"


# Finding the views -------------------------------------------------------------------------------


def _walk(patterns: list[Any], namespace: str = "") -> Iterator[tuple[str, Any]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}:{pattern.namespace}" if namespace and pattern.namespace else pattern.namespace
            yield from _walk(pattern.url_patterns, inner or namespace)
        elif isinstance(pattern, URLPattern):
            yield (f"{namespace}:{pattern.name}" if namespace else pattern.name or ""), pattern.callback


def _ours(view_class: type) -> bool:
    return view_class.__module__.startswith("commissioning.") or view_class.__module__.startswith("django.contrib.auth")


def page_views() -> dict[str, type]:
    """URL name to view class, for every page of ours that takes a POST."""
    found = {}
    for name, callback in _walk(get_resolver().url_patterns):
        view_class = getattr(callback, "view_class", None)
        if view_class is None or name.startswith("api:") or not _ours(view_class):
            continue
        if hasattr(view_class, "post") and "post" in view_class.http_method_names:
            found[name] = view_class
    return found


def submitted_once(view_class: type) -> bool:
    return bool(getattr(view_class, "submit_once", False))


def api_posts() -> dict[str, tuple[type, str]]:
    """URL name to (viewset, action) for every API route that takes a POST."""
    found = {}
    for name, callback in _walk(get_resolver().url_patterns):
        actions = getattr(callback, "actions", None) or {}
        if name.startswith("api:") and "post" in actions:
            found[name] = (callback.cls, actions["post"])
        elif name.startswith("api:") and not actions and hasattr(getattr(callback, "cls", None), "post"):
            found[name] = (callback.cls, "post")
    return found


# What the pages are sent -------------------------------------------------------------------------


@dataclass
class Scene:
    """The world, with a market, a cost of care exercise, a cost centre and a Durham forecast."""

    world: World
    market: Market
    exercise: Any
    durham_cycle: Any
    option: Any
    cfas: int = 0


@pytest.fixture
def scene(world) -> Scene:
    market = market_for(world)
    exercise = finance_services.exercise_create(
        by=world.alice, title="Homecare 2027", kind=ModelKind.HOMECARE, financial_year=2027,
        current_fee="25.00", inputs=dict(STARTING_INPUTS[ModelKind.HOMECARE]),
    )  # fmt: skip
    finance_services.cost_centre_create(
        by=world.alice, code="OP-RES", name="Residential", service_type="residential", client_group="carers"
    )
    durham = county_durham()
    county_durham_vintage()
    durham_cycle = CycleFactory(by=world.alice, title="Durham older people", areas=[world.areas["trafford"], durham])
    return Scene(world, market, exercise, durham_cycle, option_for(world.alice))


def _date(name: str, day: datetime.date) -> dict[str, Any]:
    return {f"{name}-day": day.day, f"{name}-month": day.month, f"{name}-year": day.year}


def _file(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="text/csv")


@dataclass
class Page:
    """Who sends the page, its address, and what to send beyond what its own form already holds
    (the form's values are read from the page and filled in where empty: see `filled_in`).
    `form_at` is the page showing the form, when the form posts elsewhere."""

    user: str
    url: Callable[[Scene], str]
    data: Callable[[Scene], dict[str, Any]] = lambda scene: {}
    form_at: Callable[[Scene], str] | None = None


CREATE_PAGES: dict[str, Page] = {
    "accounts:organisation-create": Page("ada", lambda s: reverse("accounts:organisation-create"),
        lambda s: {"name": "Sunrise Homecare Ltd", "kind": "provider"}),
    "accounts:user-create": Page("ada", lambda s: reverse("accounts:user-create"),
        lambda s: {"full_name": "Nadia Khan", "email": "nadia@example.org", "organisation": s.world.trafford.pk,
                   "role": "commissioner"}),
    "cycles:create": Page("alice", lambda s: reverse("cycles:create"),
        lambda s: {"title": "Mental health 2026 to 2029", "client_group": "mental_health",
                   **_date("period_start", datetime.date(2026, 4, 1)),
                   **_date("period_end", datetime.date(2029, 3, 31))}),
    "cycles:next": Page("alice", lambda s: reverse("cycles:next", args=[s.world.cycle.pk]),
        lambda s: {"title": "Older people 2029 to 2032", **_date("period_start", datetime.date(2029, 4, 1)),
                   **_date("period_end", datetime.date(2032, 3, 31))}),
    "cycles:activity-create": Page("alice", lambda s: reverse("cycles:activity-create", args=[s.world.cycle.pk]),
        lambda s: {"title": "Visit the day centres", "level": "strategic", "element": "analyse",
                   "owner": s.world.alice.pk}),
    "cycles:effort-create": Page("alice", lambda s: reverse("cycles:effort-create", args=[s.world.cycle.pk]),
        lambda s: {"level": "strategic", "element": "review", "person": s.world.alice.pk,
                   **_date("worked_on", TODAY), "hours": "2.5"}),
    "cycles:finding-create": Page("sonia", lambda s: reverse("cycles:finding-create", args=[s.world.cycle.pk]),
        lambda s: {"title": "Evening calls wanted", "detail": "Reviews show it.", "level": "purchasing",
                   "element": "review", "activity": ""}),
    "cycles:evidence-create": Page("alice",
        lambda s: reverse("cycles:evidence-create", args=[activity_in(s.world.cycle).pk]) + "?kind=link",
        lambda s: {"title": "JSNA", "url": "https://www.ons.gov.uk/"}),
    "cycles:evidence-new": Page("alice",
        lambda s: reverse("cycles:evidence-new") + f"?type=finance.option&record={s.option.pk}",
        lambda s: {"activity": activity_in(s.world.cycle).pk}),
    "cycles:policy-create": Page("alice", lambda s: reverse("cycles:policy-create"),
        lambda s: {"title": "Our carers strategy", "kind": "local_strategy", "issued_by": "Trafford Council",
                   "summary": "What we will do for carers.", "duties": "Support carers"}),
    "needs:area-profile-attach": Page("alice", lambda s: reverse("needs:area-profile-attach", args=["E06000047"]),
        lambda s: {"activity": s.durham_cycle.activities.get(checklist_key="needs", level="strategic").pk},
        form_at=lambda s: reverse("needs:area-profile", args=["E06000047"])),
    "needs:rate-set-create": Page("alice", lambda s: reverse("needs:rate-set-create"),
        lambda s: {"name": "Local falls", "measure": "People who fall", "source": "Client records",
                   "publication_year": "2025", "measured_in": "Trafford 65+", "rates": "persons,65,,0.3",
                   "kind": "need", "per_need": ""}),
    "needs:scenario-create": Page("alice", lambda s: reverse("needs:scenario-create"),
        lambda s: {"name": "Falling dementia", "kind_1": "trend", "percent_1": "-1", "from_year_1": "2026"}),
    "needs:vintage-import": Page("ada", lambda s: reverse("needs:vintage-import"),
        lambda s: {"files": [_file("durham.csv", DURHAM.read_bytes())], "name": "SNPP again", "variant": "x"}),
    "market:community-service-create": Page("alice", lambda s: reverse("market:community-service-create"),
        lambda s: {"name": "Day centre", "provider_name": "Provider A Care Ltd", "services": ["homecare"]}),
    "market:capacity-return": Page("pam", lambda s: reverse("market:capacity-return", args=[s.market.home_a.pk]),
        lambda s: {**_date("return_date", TODAY), "beds_capacity": 40, "beds_occupied": 35}),
    "market:concern-create": Page("alice", lambda s: reverse("market:concern-create", args=[s.market.provider_a.pk]),
        lambda s: {"summary": "Late calls", **_date("raised_on", TODAY)}),
    "market:entry-create": Page("alice", lambda s: reverse("market:entry-create", args=[s.market.provider_a.pk]),
        lambda s: {"subject": "Phone call", **_date("occurred_on", TODAY)}),
    "market:plan": Page("alice", lambda s: reverse("market:plan", args=[s.market.provider_a.pk]),
        lambda s: {"summary": "Who steps in", **_date("reviewed_on", TODAY),
                   **_date("review_due", TODAY + datetime.timedelta(days=90))}),
    "market:forum-create": Page("alice", lambda s: reverse("market:forum-create"),
        lambda s: {"title": "Winter forum", **_date("held_on", TODAY), "attendees": [s.market.provider_a.pk]}),
    "market:cqc-import": Page("ada", lambda s: reverse("market:cqc-import"),
        lambda s: {"file": _file("hsca.csv", hsca_csv([hsca_row(n) for n in range(1, 3)]))}),
    "market:capacity-import": Page("pam", lambda s: reverse("market:capacity-import"),
        lambda s: {"file": _file("returns.csv", b"Location ID,Date,Beds capacity,Beds occupied\n"
                                              b"1-100000001,2026-11-02,40,38\n")}),
    "market:statement-create": Page("alice", lambda s: reverse("market:statement-create"),
        lambda s: {"title": "Older people 2027", "area": s.world.areas["trafford"].pk,
                   "first_year": "2027", "last_year": "2032"}),
    "finance:budget-create": Page("alice", lambda s: reverse("finance:budget-create"),
        lambda s: {"financial_year": "2026", "amount": "1000.00", "partner": "", "partner_share_percent": ""}),
    "finance:cost-centre-create": Page("alice", lambda s: reverse("finance:cost-centre-create"),
        lambda s: {"code": "OP-NEW", "name": "New centre"}),
    "finance:spend-import": Page("alice", lambda s: reverse("finance:spend-import"),
        lambda s: {"financial_year": "2026", "file": _file("ledger.csv", SPEND.encode())}),
    "finance:unit-cost-create": Page("alice", lambda s: reverse("finance:unit-cost-create"),
        lambda s: {"financial_year": "2026", "amount": "850.00", "source": "Our contracts", "source_url": ""}),
    "finance:option-create": Page("alice", lambda s: reverse("finance:option-create"),
        lambda s: {"title": "More reablement", "first_year": "2026", "last_year": "2028",
                   "people_first_year": "100", "current_cost_per_person_year": "50000",
                   "alternative_cost_per_person_year": "20000", "shift_percent": "10",
                   "discount_rate_percent": "0"}),
    "strategy:risk-create": Page("alice", lambda s: reverse("strategy:risk-create", args=[s.world.cycle.pk]),
        lambda s: {"title": "Providers leave the market", "kind": "change", "likelihood": "3", "impact": "4",
                   "residual_likelihood": "2", "residual_impact": "4", **_date("review_on", TODAY)}),
    "strategy:optimiser-create": Page("alice", lambda s: reverse("strategy:optimiser-create"),
        lambda s: {"title": "Homecare 2027", "inputs": json.dumps(OPTIMISER_INPUTS)}),
    "strategy:gap-create": Page("alice", lambda s: reverse("strategy:gap-create", args=[s.durham_cycle.pk]),
        lambda s: {"title": "Durham", "measure_homecare": _durham_measure(s), "units_homecare": "4"}),
    "cycles:document-upload": Page("alice", lambda s: reverse("cycles:document-upload"),
        lambda s: {"title": "Minutes", "file": _file("minutes.csv", b"Item,Decision\n1,Agreed\n")}),
    "strategy:design-create": Page("alice", lambda s: reverse("strategy:design-create"),
        lambda s: {"title": "Home first reablement", "specification": "Six weeks at home", "outcomes": "Independence",
                   "needs_met": "Frailty"}),
    "strategy:plan-create": Page("alice", lambda s: reverse("strategy:plan-create", args=[s.world.cycle.pk]),
        lambda s: {"title": "Older people 2027 to 2030", "first_year": "2027", "last_year": "2029"}),
    "strategy:procurement-create": Page("alice", lambda s: reverse("strategy:procurement-create", args=[_plan(s).pk]),
        lambda s: {"title": "Reablement", "value": "1250000.00", "contract_months": "36", "best_placed": "Our team",
                   "reasoning": "Already runs it well"}),
    "strategy:decommissioning-create": Page("alice",
        lambda s: reverse("strategy:decommissioning-create", args=[_plan(s).pk]),
        lambda s: {"service": "Day centre at Oak Road", "reason": "Few use it"}),
    "strategy:person-transition-create": Page("alice",
        lambda s: reverse("strategy:person-transition-create", args=[_decommissioning(s).pk]),
        lambda s: {"reference": "P-0042", "plan": "Moves to the new day opportunities service"}),
    "strategy:provider-transition-create": Page("alice",
        lambda s: reverse("strategy:provider-transition-create", args=[_decommissioning(s).pk]),
        lambda s: {"provider": s.market.provider_a.pk, "plan": "Six months' notice and other work offered"}),
    "strategy:strategy-start": Page("alice", lambda s: reverse("strategy:strategy-start", args=[s.world.cycle.pk]),
        lambda s: {"title": "Home first", "vision": "People live well at home."}),
    "strategy:priority-create": Page("alice", lambda s: reverse("strategy:priority-create", args=[_draft(s).pk]),
        lambda s: {"title": "Faster discharge"}),
    "strategy:target-create": Page("alice",
        lambda s: reverse("strategy:target-create", args=[_draft(s).priorities.get().pk]),
        lambda s: {"measure": "Delayed discharges", "baseline": "40", "baseline_source": "SitRep",
                   **_date("baseline_on", datetime.date(2026, 3, 31)), "target_figure": "30", "target_year": "2027",
                   "trajectory": "2027: 30", "monitoring": "Monthly"}),
    "strategy:evidence-create": Page("alice",
        lambda s: reverse("strategy:evidence-create", args=[_draft(s).priorities.get().pk]),
        lambda s: {"kind": "link", "title": "JSNA", "url": "https://example.org/jsna"},
        form_at=lambda s: reverse("strategy:evidence-create", args=[_draft(s).priorities.get().pk]) + "?kind=link"),
    "strategy:version-new-draft": Page("alice",
        lambda s: reverse("strategy:version-new-draft", args=[_approved(s).pk])),
    "finance:exercise-create": Page("alice", lambda s: reverse("finance:exercise-create"),
        lambda s: {"title": "Care homes 2027", "financial_year": "2027", "current_fee": "800.00"}),
    "finance:survey-return": Page("pam", lambda s: reverse("finance:survey-return", args=[s.exercise.pk]),
        lambda s: {"pay": "17.10"}),
    "procurement:create": Page("alice", lambda s: reverse("procurement:create"),
        lambda s: {"title": "Homecare 2027", "description": "Homecare", "service_type": "homecare",
                   "cpv_code": "85312000-9", "estimated_value": "1200000", "procedure": "open"}),
    "procurement:lot-create": Page("alice", lambda s: reverse("procurement:lot-create", args=[_tender(s).pk]),
        lambda s: {"title": "North", "estimated_value": "600000"}),
    "procurement:question-create": Page("alice",
        lambda s: reverse("procurement:question-create", args=[_tender(s).pk]),
        lambda s: {"question": "How will you recruit?", "weight": "50"}),
    "procurement:panel-add": Page("alice", lambda s: reverse("procurement:panel-add", args=[_tender(s).pk]),
        lambda s: {"person": s.world.alice.pk, "role": "assessor"}),
    "procurement:officer-add": Page("alice", lambda s: reverse("procurement:officer-add", args=[_tender(s).pk]),
        lambda s: {"person": s.world.carl.pk}),
    "procurement:declare": Page("alice", lambda s: reverse("procurement:declare", args=[_tender(s).pk]),
        lambda s: {"has_interest": "no"}),
    "procurement:assessment-create": Page("alice",
        lambda s: reverse("procurement:assessment-create", args=[_tender(s).pk]),
        lambda s: {"assessment": "No conflicts"}),
    "procurement:amendment-create": Page("alice",
        lambda s: reverse("procurement:amendment-create", args=[_published(s).pk]),
        lambda s: {"summary": "Visits from 6am", **_date("deadline_date", TODAY + datetime.timedelta(days=60))}),
    "procurement:clarification-publish": Page("alice",
        lambda s: reverse("procurement:clarification-publish", args=[_published(s).pk]),
        lambda s: {"question": "Is travel paid?", "answer": "Yes"}),
    "procurement:question-ask": Page("pam", lambda s: reverse("procurement:question-ask", args=[_published(s).pk]),
        lambda s: {"question": "Is travel paid?"}),
    "procurement:notice-publish": Page("alice",
        lambda s: reverse("procurement:notice-publish", args=[_tender(s).pk, "UK2"])),
    "procurement:bid-submit": Page("pam",
        lambda s: reverse("procurement:bid-submit", args=[_published(s).pk, _published(s).lots.first().pk]),
        lambda s: {"price": "5500000", **{f"answer_{q.pk}": "We will" for q in _published(s).questions.all()}}),
    "procurement:market-change": Page("alice", lambda s: reverse("procurement:market-change", args=[_market(s).pk]),
        lambda s: {"summary": "Runs a year longer"}),
    "contracts:create": Page("alice", lambda s: reverse("contracts:create"),
        lambda s: {"title": "Homecare north", "kind": "block", "provider": s.market.provider_a.pk,
                   "service_type": "homecare", "client_group": "older_people", "regime": "pa23", "vat_rate": "0",
                   "value": "1200000.00", "entered_directly_reason": "Let on paper"}),
    "contracts:from-award": Page("alice", lambda s: reverse("contracts:from-award", args=[_signed(s).pk]),
        lambda s: {"kind": "spot", "client_group": "older_people"}),
    "contracts:variation-create": Page("alice",
        lambda s: reverse("contracts:variation-create", args=[_contract(s).pk]),
        lambda s: {"kind": "variation", "reason": "More hours", "value_change": "1000", "approved_by": s.world.alice.pk,
                   **_date("effective_on", datetime.date(2026, 5, 1))}),
    "contracts:extension-create": Page("alice",
        lambda s: reverse("contracts:extension-create", args=[_contract(s).pk]), lambda s: {"months": "12"}),
    "contracts:document-upload": Page("alice",
        lambda s: reverse("contracts:document-upload", args=[_contract(s).pk]),
        lambda s: {"title": "Signed contract", "file": _file("signed.csv", b"Signed,Yes\n")}),
    "contracts:kpi-create": Page("alice", lambda s: reverse("contracts:kpi-create", args=[_contract(s).pk]),
        lambda s: {"name": "Visits on time", "definition": "Within 15 minutes", "unit": "%", "target": "95"}),
    "care:person-create": Page("sonia", lambda s: reverse("care:person-create"),
        lambda s: {"reference": "P-0900", "age_band": "85+", "client_group": "older_people",
                   "support_reason": "memory"}),
    "care:package-create": Page("sonia", lambda s: reverse("care:package-create", args=[_care_person(s).pk]),
        lambda s: {"arrangement": "spot", "service_type": "homecare", "units": "10", "unit": "hours",
                   "weekly_cost": "240.00", "provider": s.market.provider_a.pk,
                   **_date("starts_on", datetime.date(2026, 5, 1))}),
    "care:package-change": Page("sonia", lambda s: reverse("care:package-change", args=[_care_package(s).pk]),
        lambda s: {"units": "12", "weekly_cost": "288.00", "reason": "A second call each morning",
                   **_date("effective_on", datetime.date(2026, 6, 1))}),
    "care:package-move": Page("alice", lambda s: reverse("care:package-move", args=[_care_package(s).pk]),
        lambda s: {"arrangement": "spot", "provider": s.market.provider_a.pk, "weekly_cost": "250.00",
                   "reason": "The agency is closing", **_date("moves_on", datetime.date(2026, 7, 1))}),
    "care:purchase-create": Page("sonia",
        lambda s: reverse("care:purchase-create", args=[_care_direct_payment(s).pk]),
        lambda s: {"use": "personal_assistant", "hours_a_week": "8", "weekly_amount": "100.00"}),
    "care:budget-create": Page("sonia", lambda s: reverse("care:budget-create", args=[_care_person(s).pk]),
        lambda s: {"weekly_amount": "400.00", **_date("starts_on", datetime.date(2026, 5, 1)),
                   **_date("review_due", datetime.date(2027, 5, 1))}),
    "care:budget-review": Page("sonia", lambda s: reverse("care:budget-review", args=[_care_budget(s).pk]),
        lambda s: {"outcome": "Needs met", "amount_after": "420.00", **_date("reviewed_on", datetime.date(2026, 8, 1)),
                   **_date("next_review_due", datetime.date(2027, 8, 1))}),
    "care:failure-create": Page("alice", lambda s: reverse("care:failure-create"),
        lambda s: {"provider": s.market.provider_a.pk, "reason": "The agency has closed",
                   **_date("activated_on", datetime.date(2026, 9, 1))}),
    "contracts:call-off-create": Page("sonia", lambda s: reverse("contracts:call-off-create", args=[_block(s).pk]),
        lambda s: {"units": "10", "weekly_cost": "225.00", **_date("starts_on", datetime.date(2026, 5, 1))}),
    "contracts:kpis-from-tender": Page("alice",
        lambda s: reverse("contracts:kpis-from-tender", args=[_awarded_contract(s).pk]),
        lambda s: {"questions": [q.pk for q in _awarded_contract(s).procurement.questions.all()]}),
    "contracts:standard-create": Page("alice",
        lambda s: reverse("contracts:standard-create", args=[_contract(s).pk]),
        lambda s: {"description": "People choose when their visits happen"}),
}  # fmt: skip

# Pages that take a POST but make no record of their own: a repeat changes nothing more.
NOT_CREATING = {
    "login": "signs in",
    "logout": "signs out",
    "password_change": "changes your password",
    "password_reset": "sends an email",
    "password_reset_confirm": "sets a password",
    "accounts:account": "replaces your one API token",
    "cycles:close": "closes the cycle",
    "cycles:activity-complete": "marks the activity done",
    "cycles:activity-delete": "deletes",
    "cycles:evidence-delete": "deletes",
    "cycles:effort-delete": "deletes",
    "needs:scenario-delete": "deletes",
    "market:statement-detail": "publishes the statement",
    "finance:exercise-detail": "publishes the exercise",
    "finance:spend-import-remove": "removes an imported file",
    "accounts:sign-in-locks": "unlocks an email address (a second unlock finds no lock)",
}

# Form pages that only change a record that already exists (`submit_once = False`).
EDITS = {
    "accounts:organisation-update", "accounts:user-update", "cycles:update", "cycles:activity-update",
    "cycles:finding-respond", "cycles:policy-update", "cycles:policy-link", "needs:rate-set-update",
    "needs:scenario-update", "market:provider-details", "market:provider-market", "market:provider-link",
    "market:concern-edit", "market:forum-edit", "market:statement-edit", "finance:budget-edit",
    "finance:cost-centre-edit", "finance:unit-cost-edit", "finance:option-edit", "finance:exercise-inputs",
    "finance:exercise-fee", "market:closure-confirm", "strategy:risk-edit", "strategy:version-edit",
    "strategy:priority-edit", "strategy:target-edit", "strategy:design-edit", "strategy:plan-edit",
    "strategy:procurement-edit", "strategy:person-transition", "strategy:provider-transition",
    # A step in a strategy's life, or a removal: sent again, it is refused in words (already approved,
    # no longer a draft) or the thing is gone.
    "strategy:version-consult", "strategy:version-reopen", "strategy:version-approve", "strategy:version-publish",
    "strategy:priority-delete", "strategy:target-delete", "strategy:evidence-delete",
    "procurement:edit", "procurement:lot-edit", "procurement:question-edit", "procurement:clarification-answer",
    "procurement:opening-key",
    # Steps refused in words when sent again (already published, opened, withdrawn), or removals.
    "procurement:publish", "procurement:open", "procurement:bid-withdraw", "procurement:bid-confirm",
    "procurement:panel-remove", "procurement:officer-remove", "procurement:evaluation-finish",
    "procurement:summaries-send", "procurement:award-create", "procurement:award-sign", "procurement:terminate",
    "procurement:low-price-request", "procurement:low-price-decide", "procurement:direct-award",
    # Scores and an explanation are changed, not added: sent twice, the same values are saved once.
    "procurement:bid-score", "procurement:bid-moderate", "procurement:explain",
    # A dynamic market's steps and decisions, applications and stages: refused in words when sent again
    # (already announced, decided, applied or taking part; a stage must close after the last).
    "procurement:market-announce", "procurement:market-establish", "procurement:market-cease",
    "procurement:membership-decide", "procurement:membership-remove", "procurement:market-apply",
    "procurement:take-part", "procurement:stage-create", "procurement:stage-delete", "procurement:stage-decide",
    "contracts:edit", "contracts:kpi-edit",
    # A call-off's answer and its end: refused in words when sent again (already decided), or the same end again.
    "contracts:call-off-decide", "contracts:call-off-end",
    # Refused in words when sent again: already terminated, the option already used.
    "contracts:terminate", "contracts:extension-use",
    # Ending a package, and planning everyone's transitions: refused in words when sent again (already
    # ended), or the same end again; planning again adds no one twice.
    "care:package-end", "care:transitions-plan",
}  # fmt: skip


def _block(scene: Scene) -> Any:
    """A Trafford block of 2,000 homecare hours a week with Provider A (made once)."""
    return Contract.objects.filter(title="Homecare block").first() or contract_for(
        scene.world.alice, scene.market.provider_a, title="Homecare block", capacity=Decimal(2000)
    )


def _call_off(scene: Scene) -> Any:
    """Ten hours a week called off the homecare block from May 2026 (made once)."""
    block = _block(scene)
    return block.block_call_offs.first() or contract_services.call_off_request(
        by=scene.world.sonia, contract=block, units=Decimal(10), starts_on=datetime.date(2026, 5, 1),
        weekly_cost=Decimal("225.00"),
    )  # fmt: skip


def _contract(scene: Scene) -> Any:
    """A Trafford block contract with Provider A, entered directly (made once)."""
    return Contract.objects.filter(title="Homecare, north Trafford").first() or contract_for(
        scene.world.alice, scene.market.provider_a
    )


def _signed(scene: Scene) -> Any:
    """A signed award to Provider A with no contract yet (made once)."""
    return Award.objects.filter(procurement__title="Care for one person").first() or signed_award(scene.world)


def _awarded_contract(scene: Scene) -> Any:
    """The contract a signed award with a quality question made (made once)."""
    return Contract.objects.filter(award__isnull=False).first() or contract_services.contract_from_award(
        by=scene.world.alice, award=_signed(scene), ends_on=TODAY + datetime.timedelta(days=365)
    )


def _tender(scene: Scene) -> Any:
    """A procurement being set up (made once)."""
    return Procurement.objects.filter(is_published=False).first() or procurement_for(scene.world.alice)


def _market(scene: Scene) -> Any:
    """A dynamic market announced (made once)."""
    return Procurement.objects.filter(procedure="dynamic_market").first() or procurement_services.market_announce(
        by=scene.world.alice, procurement=dynamic_market(scene.world)
    )


def _published(scene: Scene) -> Any:
    """A published tender taking bids (made once)."""
    return Procurement.objects.filter(is_published=True).first() or published_tender(scene.world)


def _plan(scene: Scene) -> Any:
    """The world cycle's purchasing plan (made once)."""
    return PurchasingPlan.objects.filter(cycle=scene.world.cycle).first() or strategy_services.purchasing_plan_create(
        by=scene.world.alice, cycle=scene.world.cycle, title="Older people", first_year=2027, last_year=2029
    )


def _decommissioning(scene: Scene) -> Any:
    plan = _plan(scene)
    return plan.decommissionings.first() or strategy_services.decommissioning_add(
        plan=plan, by=scene.world.alice, service="Day centre", service_type="day_services", reason="Few use it",
        ends_on=datetime.date(2028, 3, 31),
    )  # fmt: skip


def _durham_measure(scene: Scene) -> str:
    """A saved Durham forecast's dementia measure, as the gap analysis form names it (made once)."""
    forecast = SavedForecast.objects.filter(title="Durham dementia").first()
    if forecast is None:
        durham = scene.durham_cycle.areas.get(code="E06000047")
        rate_sets = list(RateSet.objects.filter(measure__icontains="dementia")[:1])
        vintage = durham.population_vintages.get()
        forecast = forecast_save(
            by=scene.world.alice,
            forecast=area_forecast(area=durham, vintage=vintage, rate_sets=rate_sets),
            title="Durham dementia",
        )
    return f"{forecast.pk}:{forecast.results['needs'][0]['rate_set']}"


def _draft(scene: Scene) -> Any:
    """The world cycle's strategy, a draft with one priority and its target (made once)."""
    return StrategyVersion.objects.filter(cycle=scene.world.cycle).order_by("number").first() or strategy_for(
        scene.world.alice, scene.world.cycle
    )


def _approved(scene: Scene) -> Any:
    version = _draft(scene)
    return version if version.is_approved else approve(version, scene.world.alice)


class _FormReader(HTMLParser):
    """The fields of the page's POST forms, with their values and choices."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict[str, Any]] = []
        self._form: dict[str, Any] | None = None
        self._select = ""
        self._option = ""
        self._textarea = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {key: value or "" for key, value in attrs}
        if tag == "form" and a.get("method", "").lower() == "post":
            self._form = {"fields": {}, "options": {}, "kinds": {}, "placeholder": set()}
            self.forms.append(self._form)
        if self._form is None:
            return
        fields, name = self._form["fields"], a.get("name", "")
        if tag == "input" and name:
            kind = a.get("type", "text")
            self._form["kinds"][name] = kind
            if kind in ("checkbox", "radio"):
                self._form["options"].setdefault(name, []).append(a.get("value", "on"))
                fields.setdefault(name, [])
                if "checked" in a:
                    fields[name].append(a.get("value", "on"))
            elif kind not in ("submit", "file", "password"):
                fields[name] = a.get("value", "")
        elif tag == "select" and name:
            self._select = name
            fields.setdefault(name, [])
            self._form["kinds"][name] = "select"
        elif tag == "option" and self._select:
            self._option = a.get("value", "")
            self._form["options"].setdefault(self._select, []).append(self._option)
            if "selected" in a:
                fields[self._select].append(self._option)
        elif tag == "textarea" and name:
            self._textarea = name
            fields[name] = ""

    def handle_data(self, data: str) -> None:
        if self._form is None:
            return
        if self._textarea:
            self._form["fields"][self._textarea] += data
        elif self._select and self._option == "" and data.strip() == "Choose":
            self._form["placeholder"].add(self._select)

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = ""
        elif tag == "option":
            self._option = ""
        elif tag == "textarea":
            self._textarea = ""
        elif tag == "form":
            self._form = None


def filled_in(html: str) -> dict[str, Any]:
    """What the page's create form would send: its own values, with each date left empty set to
    today and each choice still to be made ("Choose", or radios none checked) given its first
    option. Words and numbers come from the page's CREATE_PAGES entry."""
    reader = _FormReader()
    reader.feed(html)
    forms = [form for form in reader.forms if FORM_TOKEN_FIELD in form["fields"]]
    assert forms, "the page has no form carrying a one-time form token: add {{ form_token_input() }} to it"
    form = forms[0]
    data: dict[str, Any] = {}
    for name, value in form["fields"].items():
        kind = form["kinds"].get(name, "text")
        options = [option for option in form["options"].get(name, []) if option]
        if isinstance(value, list):
            chosen = [item for item in value if item]
            if chosen:
                data[name] = chosen if kind == "checkbox" or len(chosen) > 1 else chosen[0]
            elif options and (kind == "radio" or name in form["placeholder"]):
                data[name] = options[0]
        elif value.strip():
            data[name] = value
        elif name.endswith(("-day", "-month", "-year")):
            data[name] = str(getattr(TODAY, name.rsplit("-", 1)[1]))
    return data


def problems_on(html: str) -> list[str]:
    """The error summary's messages, to say why a page did not take what it was sent."""
    return [
        re.sub(r"<[^>]+>", "", item).strip()
        for item in re.findall(
            r"<li>(.*?)</li>", html.split("govuk-error-summary__list", 1)[-1].split("</ul>", 1)[0], re.S
        )
    ]


def counts() -> dict[str, int]:
    """How many rows each model holds, leaving out history, sessions and the tokens themselves."""
    skipped = {"sessions", "contenttypes", "admin", "auth"}
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.app_label not in skipped
        and not model._meta.model_name.startswith("historical")
        and model is not Submission
    }


def grew(before: dict[str, int], after: dict[str, int]) -> dict[str, int]:
    return {label: after[label] - before[label] for label in after if after[label] != before[label]}


# Pages -------------------------------------------------------------------------------------------


def test_every_page_that_takes_a_post_is_known():
    pages = page_views()
    unknown = {
        name
        for name, view in pages.items()
        if name not in CREATE_PAGES and name not in NOT_CREATING and name not in EDITS
    }
    assert not unknown, f"add these to CREATE_PAGES (with what to send), EDITS or NOT_CREATING: {sorted(unknown)}"
    for name, view in pages.items():
        if name in CREATE_PAGES:
            assert submitted_once(view), f"{name} creates, so it must be submitted once"
        elif name in EDITS:
            assert issubclass(view, ServiceFormView) and not view.submit_once, f"{name} is not an edit page"
        else:
            assert not issubclass(view, ServiceFormView), f"{name} is a form page: put it in CREATE_PAGES or EDITS"
    assert set(CREATE_PAGES) <= set(pages), "CREATE_PAGES names a page that is gone"


@pytest.mark.parametrize("name", sorted(CREATE_PAGES))
def test_a_create_page_sent_twice_makes_one_record(scene, client_for, name):
    page = CREATE_PAGES[name]
    client = client_for(scene.world.people[page.user])
    url = page.url(scene)
    shown = client.get(page.form_at(scene) if page.form_at else url)
    assert shown.status_code == 200
    data = {**filled_in(shown.content.decode()), **page.data(scene)}
    token = data[FORM_TOKEN_FIELD]
    before = counts()
    first = client.post(url, {**data, **page.data(scene)})
    assert first.status_code == 302, problems_on(first.content.decode())
    made = grew(before, counts())
    assert made, f"{name} made nothing: give it valid data in CREATE_PAGES"
    again = client.post(url, {**data, **page.data(scene), FORM_TOKEN_FIELD: token})
    assert (again.status_code, again.url) == (302, first.url)
    assert grew(before, counts()) == made


def test_a_repeat_is_told_it_was_already_sent_and_a_fresh_form_makes_another(world, client_for):
    client = client_for(world.alice)
    url = reverse("cycles:activity-create", args=[world.cycle.pk])
    data = {**filled_in(client.get(url).content.decode()), "title": "Visit the day centres"}
    first = client.post(url, data)
    again = client.post(url, data, follow=True)
    assert again.redirect_chain[-1][0] == first.url
    assert escape(ALREADY_SENT) in again.content.decode()
    # The same answers from a freshly opened form are a new activity.
    client.post(url, {**data, FORM_TOKEN_FIELD: uuid.uuid4().hex})
    assert world.cycle.activities.filter(title="Visit the day centres").count() == 2


def test_a_form_shown_again_with_errors_keeps_its_token_and_can_then_be_sent(world, client_for):
    client = client_for(world.alice)
    url = reverse("cycles:activity-create", args=[world.cycle.pk])
    data = filled_in(client.get(url).content.decode())
    token = data[FORM_TOKEN_FIELD]
    wrong = client.post(url, {**data, "title": ""})
    assert wrong.status_code == 200
    assert filled_in(wrong.content.decode())[FORM_TOKEN_FIELD] == token
    put_right = client.post(url, {**data, "title": "Now with a title"})
    assert put_right.status_code == 302 and world.cycle.activities.filter(title="Now with a title").exists()


def test_a_create_form_sent_without_its_token_is_refused_with_a_reason(world, client_for):
    client = client_for(world.alice)
    url = reverse("cycles:activity-create", args=[world.cycle.pk])
    data = {**filled_in(client.get(url).content.decode()), FORM_TOKEN_FIELD: "", "title": "No token"}
    response = client.post(url, data)
    assert response.status_code == 200 and "did not come from this service" in response.content.decode()
    assert not world.cycle.activities.filter(title="No token").exists()
    # The form shown again carries a token, so sending it from there works.
    assert filled_in(response.content.decode())[FORM_TOKEN_FIELD]


def test_one_persons_token_is_not_anothers(world, client_for):
    url = reverse("cycles:activity-create", args=[world.cycle.pk])
    data = {**filled_in(client_for(world.alice).get(url).content.decode()), "title": "Shared token"}
    client_for(world.alice).post(url, data)
    client_for(world.carl).post(url, {**data, "owner": world.carl.pk})
    assert world.cycle.activities.filter(title="Shared token").count() == 2


def test_old_tokens_are_pruned(world, client_for):
    url = reverse("cycles:activity-create", args=[world.cycle.pk])
    client_for(world.alice).post(url, {**filled_in(client_for(world.alice).get(url).content.decode())})
    Submission.objects.update(created_at=timezone.now() - datetime.timedelta(days=40))
    call_command("prune_submissions", "--days", "30")
    assert not Submission.objects.exists()


# The API -----------------------------------------------------------------------------------------


@dataclass
class Call:
    """Who sends the call, its address and body; `creates` is False for an action on a record."""

    user: str
    url: Callable[[Scene], str]
    body: Callable[[Scene], dict[str, Any]]
    creates: bool = True
    other: dict[str, Any] = field(default_factory=lambda: {"title": "Something else"})
    setup: Callable[[Scene], Any] = lambda scene: None  # records the call acts on, made beforehand


# A Trafford homecare tender at each step of its life, made through the services (each once).
PANEL_SCORES = {"pam": (4, 3, 3), "pete": (3, 3, 2)}


def _ready(scene: Scene) -> Any:
    """A tender ready to publish."""
    title = "Homecare ready to publish"
    return Procurement.objects.filter(title=title).first() or tender_ready(scene.world, title=title)


def _pam_bid(scene: Scene) -> Any:
    """Pam's bid for the published tender's first lot."""
    return Bid.objects.filter(submitted_by=scene.world.pam).first() or bid_for(scene.world.pam, _published(scene))


def _asked_to_explain(scene: Scene) -> Any:
    """Pam's bid, with an explanation of its price asked for (as after an evaluation flags it)."""
    bid = _pam_bid(scene)
    Bid.objects.filter(pk=bid.pk, explanation_requested_at__isnull=True).update(explanation_requested_at=timezone.now())
    return bid


def _opened(scene: Scene) -> Any:
    """A tender with bids from Pam (£5.5m) and Pete (£5.2m) for its first lot, opened by Carl and Ada."""
    title = "Homecare opened"
    found = Procurement.objects.filter(title=title).first()
    if found is not None:
        return found
    world = scene.world
    procurement = published_tender(world, title=title)
    bid_for(world.pam, procurement, price=Decimal("5500000"))
    bid_for(world.pete, procurement, price=Decimal("5200000"))
    deadline_passes(procurement)
    for officer in ("carl", "ada"):
        procurement_services.opening_act(
            by=world.people[officer], procurement=procurement, passphrase=PASSPHRASES[officer]
        )
    procurement.refresh_from_db()
    return procurement


def _panel_marks(scene: Scene, *, moderate: bool) -> Any:
    """Alice's scores (and Carl's moderation) for every answer of the opened tender's bids."""
    procurement = _opened(scene)
    done = (ModeratedScore if moderate else Score).objects.filter(bid__procurement=procurement).exists()
    if not done:
        questions = list(procurement.questions.order_by("number"))
        for name, marks in PANEL_SCORES.items():
            bid = procurement.bids.get(submitted_by=scene.world.people[name])
            for question, mark in zip(questions, marks, strict=True):
                if moderate:
                    procurement_services.moderation_record(
                        by=scene.world.carl, bid=bid, question=question, score=mark, reason="Agreed"
                    )
                else:
                    procurement_services.score_record(
                        by=scene.world.alice, bid=bid, question=question, score=mark, reason="Scored"
                    )
    return procurement


def _scored(scene: Scene) -> Any:
    return _panel_marks(scene, moderate=False)


def _moderated(scene: Scene) -> Any:
    _scored(scene)
    return _panel_marks(scene, moderate=True)


def _evaluated(scene: Scene) -> Any:
    procurement = _moderated(scene)
    if procurement.status == ProcurementStatus.OPENED:
        procurement = procurement_services.evaluation_finish(by=scene.world.alice, procurement=procurement)
    return procurement


def _summarised(scene: Scene) -> Any:
    procurement = _evaluated(scene)
    if not AssessmentSummary.objects.filter(bid__procurement=procurement).exists():
        procurement_services.summaries_send(by=scene.world.alice, procurement=procurement)
    return procurement


def _award(scene: Scene) -> Any:
    """Lot 1 awarded to Pam with no standstill (light touch, none held), so it can be signed today."""
    procurement = _summarised(scene)
    return Award.objects.filter(procurement=procurement).first() or procurement_services.award_decide(
        by=scene.world.alice, procurement=procurement, lot=procurement.lots.order_by("number").first()
    )


def _opened_answer(scene: Scene) -> dict[str, Any]:
    procurement = _opened(scene)
    bid = procurement.bids.get(submitted_by=scene.world.pam)
    return {"bid": bid.pk, "question": procurement.questions.order_by("number").first().pk}


def _bid_body(scene: Scene) -> dict[str, Any]:
    procurement = _published(scene)
    lot = procurement.lots.order_by("number").first()
    return {
        "procurement": procurement.pk,
        "lot": lot.pk,
        "price": "5500000.00",
        "answers": answers_for(procurement, lot),
    }


def _care_person(scene: Scene) -> Any:
    """Someone Trafford arranges care for, P-0001 (made once)."""
    return Person.objects.filter(reference="P-0001").first() or person_for(scene.world.sonia)


def _care_package(scene: Scene) -> Any:
    """Ten hours a week of homecare for P-0001 from Provider A, a spot purchase from May 2026 (made once)."""
    return CarePackage.objects.filter(arrangement="spot", moved_from__isnull=True).first() or package_for(
        scene.world.sonia, _care_person(scene), provider=scene.market.provider_a, starts_on=datetime.date(2026, 5, 1)
    )


def _care_direct_payment(scene: Scene) -> Any:
    """A direct payment of £300 a week to P-0001 from May 2026 (made once)."""
    return CarePackage.objects.filter(arrangement="direct_payment").first() or package_for(
        scene.world.sonia, _care_person(scene), arrangement="direct_payment", weekly_cost=Decimal("300.00"),
        starts_on=datetime.date(2026, 5, 1),
    )  # fmt: skip


def _care_budget(scene: Scene) -> Any:
    """P-0001's personal budget of £400 a week from May 2026 (made once)."""
    return PersonalBudget.objects.first() or care_services.budget_set(
        by=scene.world.sonia, person=_care_person(scene), weekly_amount=Decimal("400.00"),
        starts_on=datetime.date(2026, 5, 1), review_due=datetime.date(2027, 5, 1),
    )  # fmt: skip


CREATE_CALLS: dict[str, Call] = {
    "api:organisation-list": Call("ada", lambda s: "/api/v1/organisations/",
        lambda s: {"name": "New Care Ltd", "kind": "provider"}, other={"name": "Other Care Ltd"}),
    "api:cycle-list": Call("alice", lambda s: "/api/v1/cycles/",
        lambda s: {"title": "Autism support 2026 to 2029", "client_group": "autism", "areas": ["E08000009"],
                   "period_start": "2026-04-01", "period_end": "2029-03-31"}),
    "api:cycle-start-next": Call("alice", lambda s: f"/api/v1/cycles/{s.world.cycle.pk}/start-next/",
        lambda s: {"title": "Older people 2029 to 2032", "period_start": "2029-04-01", "period_end": "2032-03-31"}),
    "api:cycle-close": Call("alice", lambda s: f"/api/v1/cycles/{s.world.cycle.pk}/close/",
        lambda s: {}, creates=False, other={"note": "different"}),
    "api:activity-list": Call("alice", lambda s: "/api/v1/activities/",
        lambda s: {"cycle": s.world.cycle.pk, "element": "do", "title": "Visit the day centres"}),
    "api:evidence-link-list": Call("alice", lambda s: "/api/v1/evidence-links/",
        lambda s: {"activity": activity_in(s.world.cycle).pk, "title": "JSNA", "url": "https://www.ons.gov.uk/"}),
    "api:effort-entry-list": Call("carl", lambda s: "/api/v1/effort-entries/",
        lambda s: {"cycle": s.world.cycle.pk, "element": "do", "level": "purchasing", "worked_on": "2026-06-01",
                   "hours": "3.5"}, other={"hours": "2"}),
    "api:finding-list": Call("sonia", lambda s: "/api/v1/findings/",
        lambda s: {"cycle": s.world.cycle.pk, "level": "purchasing", "element": "review", "title": "Lesson",
                   "detail": "Learned"}),
    "api:rate-set-list": Call("alice", lambda s: "/api/v1/rate-sets/",
        lambda s: {"name": "Local falls", "kind": "need", "measure": "People who fall", "source": "Records",
                   "publication_year": 2025, "measured_in": "Trafford 65+",
                   "rates": [{"sex": "persons", "age_from": 65, "age_to": None, "value": "0.3"}]},
        other={"name": "Other"}),
    "api:scenario-list": Call("alice", lambda s: "/api/v1/scenarios/",
        lambda s: {"name": "Trend", "adjustments": [{"kind": "trend", "rate_set": s.cfas, "percent": "-1",
                                                     "from_year": 2026}]}, other={"name": "Other"}),
    "api:capacity-return-list": Call("pam", lambda s: "/api/v1/capacity-returns/",
        lambda s: {"location": s.market.home_a.pk, "return_date": TODAY.isoformat(), "beds_capacity": 40,
                   "beds_occupied": 30}, other={"beds_occupied": 31}),
    "api:budget-list": Call("alice", lambda s: "/api/v1/budgets/",
        lambda s: {"financial_year": 2026, "client_group": "carers", "service_type": "short_breaks",
                   "funding_source": "grant", "amount": "10.00"}, other={"amount": "11.00"}),
    "api:unit-cost-list": Call("alice", lambda s: "/api/v1/unit-costs/",
        lambda s: {"service_type": "residential", "unit": "week", "financial_year": 2026, "amount": "850.00",
                   "source_kind": "local_contract", "source": "Our contracts"}, other={"amount": "851.00"}),
    "api:cost-centre-list": Call("alice", lambda s: "/api/v1/cost-centres/",
        lambda s: {"code": "OP-1", "name": "Older people", "service_type": "homecare",
                   "client_group": "older_people"}, other={"code": "OP-2"}),
    "api:risk-list": Call("alice", lambda s: "/api/v1/risks/",
        lambda s: {"cycle": s.world.cycle.pk, "title": "Providers leave", "likelihood": 3, "impact": 4,
                   "residual_likelihood": 2, "residual_impact": 4, "review_on": TODAY.isoformat()}),
    "api:gap-analysis-list": Call("alice", lambda s: "/api/v1/gap-analyses/",
        lambda s: {"cycle": s.durham_cycle.pk, "title": "Durham", "demand": [{"service": "homecare",
                   "forecast": int(_durham_measure(s).split(":")[0]), "rate_set": int(_durham_measure(s).split(":")[1]),
                   "units_per_person": "4"}]}, setup=_durham_measure),
    "api:service-design-list": Call("alice", lambda s: "/api/v1/service-designs/",
        lambda s: {"title": "Reablement", "service_type": "reablement", "specification": "Six weeks",
                   "outcomes": "Independence", "needs_met": "Frailty"}),
    "api:purchasing-plan-list": Call("alice", lambda s: "/api/v1/purchasing-plans/",
        lambda s: {"cycle": s.world.cycle.pk, "title": "Older people", "first_year": 2027, "last_year": 2029}),
    "api:planned-procurement-list": Call("alice", lambda s: "/api/v1/planned-procurements/",
        lambda s: {"plan": _plan(s).pk, "title": "Reablement", "service_type": "reablement", "value": "1250000.00",
                   "route": "open_tender", "contract_starts": "2027-10-01", "contract_months": 36,
                   "best_placed": "Our team", "reasoning": "Runs it well"}, setup=_plan),
    "api:decommissioning-list": Call("alice", lambda s: "/api/v1/decommissionings/",
        lambda s: {"plan": _plan(s).pk, "service": "Day centre", "service_type": "day_services",
                   "reason": "Few use it", "ends_on": "2028-03-31"}, other={"service": "Another"}, setup=_plan),
    "api:person-transition-list": Call("alice", lambda s: "/api/v1/person-transitions/",
        lambda s: {"decommissioning": _decommissioning(s).pk, "reference": "P-0042", "plan": "Day opportunities",
                   "move_by": "2028-01-31"}, other={"plan": "Another"}, setup=_decommissioning),
    "api:provider-transition-list": Call("alice", lambda s: "/api/v1/provider-transitions/",
        lambda s: {"decommissioning": _decommissioning(s).pk, "provider": s.market.provider_a.pk,
                   "plan": "Six months' notice"}, other={"plan": "Another"}, setup=_decommissioning),
    "api:strategy-version-list": Call("alice", lambda s: "/api/v1/strategy-versions/",
        lambda s: {"cycle": s.world.cycle.pk, "title": "Home first", "vision": "At home."}),
    "api:priority-list": Call("alice", lambda s: "/api/v1/priorities/",
        lambda s: {"version": _draft(s).pk, "title": "Faster discharge"}),
    "api:target-list": Call("alice", lambda s: "/api/v1/targets/",
        lambda s: {"priority": _draft(s).priorities.get().pk, "measure": "Delayed discharges", "baseline": "40",
                   "baseline_on": "2026-03-31", "baseline_source": "SitRep", "target_figure": "30",
                   "target_year": 2027, "trajectory": {"2027": "30"}, "monitoring": "Monthly"},
        other={"measure": "Something else"}),
    "api:priority-evidence-list": Call("alice", lambda s: "/api/v1/priority-evidence/",
        lambda s: {"priority": _draft(s).priorities.get().pk, "title": "JSNA", "url": "https://example.org/"}),
    "api:strategy-version-consult": Call("alice", lambda s: f"/api/v1/strategy-versions/{_draft(s).pk}/consult/",
        lambda s: {"closes_on": TODAY.isoformat()}, creates=False, other={"closes_on": "2099-01-01"}, setup=_draft),
    "api:strategy-version-approve": Call("alice", lambda s: f"/api/v1/strategy-versions/{_draft(s).pk}/approve/",
        lambda s: {"decision_maker": "cabinet", "decided_on": TODAY.isoformat(), "minute_reference": "M 1"},
        creates=False, other={"minute_reference": "M 2"}, setup=_draft),
    "api:strategy-version-publish": Call("alice",
        lambda s: f"/api/v1/strategy-versions/{_approved(s).pk}/publish/",
        lambda s: {"public_summary": "We will help you stay at home."}, creates=False,
        other={"public_summary": "Something else"}, setup=_approved),
    "api:strategy-version-new-draft": Call("alice",
        lambda s: f"/api/v1/strategy-versions/{_approved(s).pk}/new-draft/", lambda s: {}, setup=_approved),
    "api:optimiser-run-list": Call("alice", lambda s: "/api/v1/optimiser-runs/",
        lambda s: {"title": "Homecare 2027", "inputs": OPTIMISER_INPUTS}),
    "api:cost-of-care-return-list": Call("pam", lambda s: "/api/v1/cost-of-care-returns/",
        lambda s: {"exercise": s.exercise.pk, "lines": {"pay": "17.10"}}, other={"lines": {"pay": "18"}}),
    # Procurement. Its steps each log an event (and may publish a notice), so they make records.
    "api:procurement-list": Call("alice", lambda s: "/api/v1/procurements/",
        lambda s: {"title": "Homecare 2027", "description": "Homecare", "service_type": "homecare",
                   "cpv_code": "85312000-9", "estimated_value": "1200000.00", "procedure": "open"}),
    "api:procurement-publish": Call("alice", lambda s: f"/api/v1/procurements/{_ready(s).pk}/publish/",
        lambda s: {}, setup=_ready),
    "api:procurement-terminate": Call("alice", lambda s: f"/api/v1/procurements/{_published(s).pk}/terminate/",
        lambda s: {"reason": "Every bid was over budget"}, other={"reason": "Another"}, setup=_published),
    "api:procurement-finish-evaluation": Call("alice",
        lambda s: f"/api/v1/procurements/{_moderated(s).pk}/finish-evaluation/", lambda s: {}, setup=_moderated),
    "api:procurement-send-summaries": Call("alice",
        lambda s: f"/api/v1/procurements/{_evaluated(s).pk}/send-summaries/", lambda s: {}, setup=_evaluated),
    "api:lot-list": Call("alice", lambda s: "/api/v1/lots/",
        lambda s: {"procurement": _tender(s).pk, "title": "North", "estimated_value": "600000.00"}, setup=_tender),
    "api:quality-question-list": Call("alice", lambda s: "/api/v1/quality-questions/",
        lambda s: {"procurement": _tender(s).pk, "question": "How will you recruit?", "weight": "50"},
        other={"question": "Another"}, setup=_tender),
    "api:clarification-list": Call("pam", lambda s: "/api/v1/clarifications/",
        lambda s: {"procurement": _published(s).pk, "question": "Is travel time paid?"},
        other={"question": "Another"}, setup=_published),
    "api:bid-list": Call("pam", lambda s: "/api/v1/bids/", _bid_body, other={"price": "5400000.00"},
        setup=_published),
    "api:bid-withdraw": Call("pam", lambda s: f"/api/v1/bids/{_pam_bid(s).pk}/withdraw/", lambda s: {},
        creates=False, setup=_pam_bid),
    "api:bid-confirm": Call("pam", lambda s: f"/api/v1/bids/{_pam_bid(s).pk}/confirm/", lambda s: {},
        creates=False, setup=_pam_bid),
    "api:bid-explain": Call("pam", lambda s: f"/api/v1/bids/{_asked_to_explain(s).pk}/explain/",
        lambda s: {"explanation": "We pay no travel time"}, creates=False, other={"explanation": "Another"},
        setup=_asked_to_explain),
    "api:score-list": Call("alice", lambda s: "/api/v1/scores/",
        lambda s: {**_opened_answer(s), "score": 3, "reason": "Good evidence"}, other={"reason": "Another"},
        setup=_opened),
    "api:moderated-score-list": Call("carl", lambda s: "/api/v1/moderated-scores/",
        lambda s: {**_opened_answer(s), "score": 3, "reason": "Agreed"}, other={"reason": "Another"},
        setup=_scored),
    "api:award-list": Call("alice", lambda s: "/api/v1/awards/",
        lambda s: {"procurement": _summarised(s).pk, "lot": _summarised(s).lots.order_by("number").first().pk},
        other={"voluntary_standstill": True}, setup=_summarised),
    "api:award-sign": Call("alice", lambda s: f"/api/v1/awards/{_award(s).pk}/sign/", lambda s: {},
        other={"signed_on": TODAY.isoformat()}, setup=_award),
    # Dynamic markets and staged tenders: each step logs an event (and may publish a notice).
    "api:procurement-announce-market": Call("alice",
        lambda s: f"/api/v1/procurements/{planned_market(s.world).pk}/announce-market/", lambda s: {},
        setup=lambda s: planned_market(s.world)),
    "api:procurement-set-up-market": Call("alice",
        lambda s: f"/api/v1/procurements/{announced_market(s.world).pk}/set-up-market/", lambda s: {},
        setup=lambda s: announced_market(s.world)),
    "api:procurement-change-market": Call("alice",
        lambda s: f"/api/v1/procurements/{announced_market(s.world).pk}/change-market/",
        lambda s: {"summary": "Runs a year longer"}, other={"summary": "Another"},
        setup=lambda s: announced_market(s.world)),
    "api:procurement-end-market": Call("alice",
        lambda s: f"/api/v1/procurements/{announced_market(s.world).pk}/end-market/",
        lambda s: {"reason": "Replaced by block contracts"}, other={"reason": "Another"},
        setup=lambda s: announced_market(s.world)),
    "api:market-membership-list": Call("pam", lambda s: "/api/v1/market-memberships/",
        lambda s: {"procurement": announced_market(s.world).pk, "statement": STATEMENT},
        other={"statement": "Another"}, setup=lambda s: announced_market(s.world)),
    "api:market-membership-decide": Call("alice",
        lambda s: f"/api/v1/market-memberships/{pams_application(s.world).pk}/decide/", lambda s: {"admit": True},
        other={"admit": False, "reason": "Another"}, setup=lambda s: pams_application(s.world)),
    "api:market-membership-remove": Call("alice",
        lambda s: f"/api/v1/market-memberships/{pams_membership(s.world).pk}/remove/",
        lambda s: {"reason": "Now an excluded supplier"}, other={"reason": "Another"},
        setup=lambda s: pams_membership(s.world)),
    "api:tender-stage-list": Call("alice", lambda s: "/api/v1/tender-stages/", lambda s: stage_body(s.world),
        setup=lambda s: stage_body(s.world)),
    "api:tender-stage-decide": Call("alice",
        lambda s: f"/api/v1/tender-stages/{stage_to_decide(s.world).pk}/decide/",
        lambda s: {"taken_forward": [s.world.pam.organisation_id]}, other={"taken_forward": []},
        setup=lambda s: stage_to_decide(s.world)),
    "api:participant-list": Call("pam", lambda s: "/api/v1/participants/",
        lambda s: {"procurement": staged_tender(s.world).pk, "statement": "Registered since 2015"},
        other={"statement": "Another"}, setup=lambda s: staged_tender(s.world)),
    # Contracts.
    "api:contract-list": Call("alice", lambda s: "/api/v1/contracts/",
        lambda s: {"title": "Homecare north", "kind": "block", "provider": s.market.provider_a.pk,
                   "service_type": "homecare", "client_group": "older_people", "regime": "pa23",
                   "value": "1200000.00", "starts_on": "2026-04-01", "ends_on": "2029-03-31",
                   "entered_directly_reason": "Let on paper"}),
    "api:contract-from-award": Call("alice", lambda s: "/api/v1/contracts/from-award/",
        lambda s: {"award": _signed(s).pk, "ends_on": (TODAY + datetime.timedelta(days=365)).isoformat()},
        setup=_signed),
    "api:contract-terminate": Call("alice", lambda s: f"/api/v1/contracts/{_contract(s).pk}/terminate/",
        lambda s: {"terminated_on": TODAY.isoformat(), "reason": "The provider closed"}, creates=False,
        other={"reason": "Another"}, setup=_contract),
    "api:contract-variation-list": Call("alice", lambda s: "/api/v1/contract-variations/",
        lambda s: {"contract": _contract(s).pk, "effective_on": "2026-05-01", "reason": "More hours",
                   "value_change": "1000.00", "approved_by": s.world.alice.pk, "approved_on": TODAY.isoformat()},
        other={"reason": "Another"}, setup=_contract),
    "api:contract-kpi-list": Call("alice", lambda s: "/api/v1/contract-kpis/",
        lambda s: {"contract": _contract(s).pk, "name": "Visits on time", "definition": "Within 15 minutes",
                   "unit": "%"}, other={"name": "Another"}, setup=_contract),
    "api:call-off-list": Call("sonia", lambda s: "/api/v1/call-offs/",
        lambda s: {"contract": _block(s).pk, "units": "10.00", "starts_on": "2026-05-01", "weekly_cost": "225.00"},
        other={"units": "12.00"}, setup=_block),
    "api:call-off-decide": Call("pam", lambda s: f"/api/v1/call-offs/{_call_off(s).pk}/decide/",
        lambda s: {"accept": True}, creates=False, other={"accept": False, "reason": "Full"}, setup=_call_off),
    "api:call-off-end": Call("alice", lambda s: f"/api/v1/call-offs/{_call_off(s).pk}/end/",
        lambda s: {"ends_on": "2026-06-30"}, creates=False, other={"ends_on": "2026-06-29"}, setup=_call_off),
    # Care for individuals: each change, move or end of a package is a dated record, so each creates.
    "api:care-person-list": Call("sonia", lambda s: "/api/v1/care-people/",
        lambda s: {"reference": "P-0042", "age_band": "85+", "client_group": "older_people",
                   "support_reason": "memory"}, other={"reference": "P-0043"}),
    "api:care-package-list": Call("sonia", lambda s: "/api/v1/care-packages/",
        lambda s: {"person": _care_person(s).pk, "arrangement": "spot", "service_type": "homecare",
                   "units": "10.00", "weekly_cost": "240.00", "starts_on": "2026-05-01",
                   "provider": s.market.provider_a.pk}, other={"units": "12.00"}, setup=_care_person),
    "api:care-package-change": Call("sonia", lambda s: f"/api/v1/care-packages/{_care_package(s).pk}/change/",
        lambda s: {"effective_on": "2026-05-08", "units": "12.00", "reason": "A second call each morning"},
        other={"units": "14.00"}, setup=_care_package),
    "api:care-package-end": Call("sonia", lambda s: f"/api/v1/care-packages/{_care_package(s).pk}/end/",
        lambda s: {"ends_on": "2026-06-30", "reason": "Went into a care home"}, other={"ends_on": "2026-06-29"},
        setup=_care_package),
    "api:care-package-move": Call("sonia", lambda s: f"/api/v1/care-packages/{_care_package(s).pk}/move/",
        lambda s: {"moves_on": "2026-06-01", "reason": "Provider A is closing", "provider": s.market.provider_b.pk},
        other={"moves_on": "2026-06-02"}, setup=_care_package),
    "api:care-package-purchases": Call("sonia",
        lambda s: f"/api/v1/care-packages/{_care_direct_payment(s).pk}/purchases/",
        lambda s: {"use": "personal_assistant", "weekly_amount": "100.00", "hours_a_week": "8.00"},
        other={"weekly_amount": "50.00"}, setup=_care_direct_payment),
    "api:care-budget-list": Call("sonia", lambda s: "/api/v1/care-budgets/",
        lambda s: {"person": _care_person(s).pk, "weekly_amount": "400.00", "starts_on": "2026-05-01",
                   "review_due": "2027-05-01"}, other={"weekly_amount": "450.00"}, setup=_care_person),
    "api:care-budget-review": Call("sonia", lambda s: f"/api/v1/care-budgets/{_care_budget(s).pk}/review/",
        lambda s: {"reviewed_on": "2026-08-01", "outcome": "Needs more support", "amount_after": "450.00",
                   "next_review_due": "2027-08-01"}, other={"amount_after": "460.00"}, setup=_care_budget),
}  # fmt: skip


def test_every_api_route_that_takes_a_post_answers_once_per_key():
    routes = api_posts()
    # The same route with a format suffix (`.json`) shares the name.
    missing = sorted(set(routes) - set(CREATE_CALLS))
    assert not missing, f"add these API routes to CREATE_CALLS: {missing}"
    for name, (viewset, action) in routes.items():
        assert issubclass(viewset, AnswerOnce), f"{viewset.__name__} ({name}, {action}) must use core.api.AnswerOnce"


@pytest.mark.parametrize("name", sorted(CREATE_CALLS))
def test_an_api_call_sent_twice_with_one_key_makes_one_record(scene, name):
    call = CREATE_CALLS[name]
    scene.cfas = _cfas()
    api = APIClient()
    api.force_authenticate(scene.world.people[call.user])
    key = str(uuid.uuid4())
    call.setup(scene)
    before = counts()
    first = api.post(call.url(scene), call.body(scene), format="json", HTTP_IDEMPOTENCY_KEY=key)
    assert 200 <= first.status_code < 300, first.json()
    made = grew(before, counts())
    assert bool(made) == call.creates, made
    again = api.post(call.url(scene), call.body(scene), format="json", HTTP_IDEMPOTENCY_KEY=key)
    assert (again.status_code, again.json()) == (first.status_code, first.json())
    assert again["Idempotent-Replayed"] == "true"
    assert grew(before, counts()) == made
    other = api.post(call.url(scene), {**call.body(scene), **call.other}, format="json", HTTP_IDEMPOTENCY_KEY=key)
    assert other.status_code == 422 and "already used for a different request" in other.json()["detail"]
    assert grew(before, counts()) == made


def _cfas() -> int:
    return RateSet.objects.get(name=CFAS_II).pk


def test_a_refused_api_call_keeps_nothing_so_it_can_be_put_right_with_the_same_key(world):
    api = APIClient()
    api.force_authenticate(world.carl)
    key = str(uuid.uuid4())
    body = {"cycle": world.cycle.pk, "element": "do", "level": "purchasing", "worked_on": "2026-06-01"}
    assert api.post("/api/v1/effort-entries/", {**body, "hours": "30"}, format="json", HTTP_IDEMPOTENCY_KEY=key)
    refused = api.post("/api/v1/effort-entries/", {**body, "hours": "30"}, format="json", HTTP_IDEMPOTENCY_KEY=key)
    assert refused.status_code == 400 and "hours" in refused.json()
    right = api.post("/api/v1/effort-entries/", {**body, "hours": "3"}, format="json", HTTP_IDEMPOTENCY_KEY=key)
    assert right.status_code == 201 and "Idempotent-Replayed" not in right


def test_keys_are_kept_per_person_and_calls_without_a_key_are_answered_as_before(world):
    body = {"cycle": world.cycle.pk, "element": "do", "title": "Same key"}
    key = str(uuid.uuid4())
    for person in (world.alice, world.carl):
        api = APIClient()
        api.force_authenticate(person)
        assert api.post("/api/v1/activities/", body, format="json", HTTP_IDEMPOTENCY_KEY=key).status_code == 201
    api.post("/api/v1/activities/", body, format="json")
    api.post("/api/v1/activities/", body, format="json")
    assert world.cycle.activities.filter(title="Same key").count() == 4
    short = api.post("/api/v1/activities/", body, format="json", HTTP_IDEMPOTENCY_KEY="abc")
    assert short.status_code == 400 and "Idempotency-Key" in short.json()
