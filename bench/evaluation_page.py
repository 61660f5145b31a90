"""The evaluation page for a lot of 12 bids x 40 questions, opened and fully scored and moderated:
its server time (the page as a moderator opens it, through Django's test client with production
templates) while scoring is under way, when the page ranks the bids from the moderated scores on
each request, and once the evaluation is finished, when it reads the kept result. Goal: under
300 ms. Its queries are counted in both states (the page tests check they do not grow per row).
"""

from __future__ import annotations

import datetime
import statistics
import time
from decimal import Decimal

from bench.common import django_in_a_temporary_directory, report

BIDS, QUESTIONS = 12, 40


def main() -> dict:
    django_in_a_temporary_directory()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse
    from django.utils import timezone

    from commissioning.accounts.choices import OrganisationKind, Role
    from commissioning.accounts.models import Organisation, User
    from commissioning.procurement import services
    from commissioning.procurement.models import Procurement

    council = Organisation.objects.create(name="Trafford Council", kind=OrganisationKind.COUNCIL)
    people = {
        name: User.objects.create_user(
            email=f"{name}@example.org", full_name=name.title(), role=role, organisation=council
        )
        for name, role in (("alice", Role.COMMISSIONER), ("carl", Role.CONTRACTS_OFFICER), ("ada", Role.ADMINISTRATOR))
    }
    alice, carl, ada = people["alice"], people["carl"], people["ada"]
    procurement = services.procurement_create(
        by=alice, title="Homecare", description="Homecare", service_type="homecare", cpv_code="85312000-9",
        commenced_on=datetime.date(2026, 11, 2), estimated_value=Decimal(12_000_000), procedure="open",
        specification="Homecare", price_weight=Decimal(40), quality_weight=Decimal(60),
        social_value_weight=Decimal(0), deadline=timezone.now() + datetime.timedelta(days=30),
    )  # fmt: skip
    lot = services.lot_create(by=alice, procurement=procurement, title="All Trafford", estimated_value=Decimal(1))
    for number in range(QUESTIONS):
        services.question_create(
            by=alice, procurement=procurement, question=f"Question {number}", weight=Decimal("2.5"), minimum_score=1
        )
    services.panel_member_add(by=alice, procurement=procurement, person=alice, role="assessor")
    services.panel_member_add(by=alice, procurement=procurement, person=carl, role="moderator")
    for person in (carl, ada):
        services.opening_key_set(by=person, passphrase=f"{person.email} opens bids")
        services.opening_officer_add(by=alice, procurement=procurement, person=person)
    for person in (alice, carl, ada):
        services.conflict_declare(by=person, procurement=procurement, has_interest=False)
    services.conflicts_assessment_create(by=alice, procurement=procurement, assessment="None")
    services.tender_publish(by=alice, procurement=procurement)
    questions = list(procurement.questions.all())

    def bid(number: int) -> None:
        provider = Organisation.objects.create(name=f"Provider {number}", kind=OrganisationKind.PROVIDER)
        user = User.objects.create_user(
            email=f"p{number}@example.org", full_name=f"P {number}", role=Role.PROVIDER_USER, organisation=provider
        )
        answers = {str(q.pk): f"Answer {number} to {q.question}. " * 40 for q in questions}
        services.bid_submit(
            by=user, procurement=procurement, lot=lot, price=Decimal(5_000_000 + number * 10_000), answers=answers
        )

    for number in range(BIDS):
        bid(number)
    Procurement.objects.filter(pk=procurement.pk).update(deadline=timezone.now() - datetime.timedelta(minutes=1))
    services.opening_act(by=carl, procurement=procurement, passphrase=f"{carl.email} opens bids")
    services.opening_act(by=ada, procurement=procurement, passphrase=f"{ada.email} opens bids")

    def score_all() -> None:
        for opened in procurement.bids.filter(status="opened", moderated_scores__isnull=True).distinct():
            for index, question in enumerate(questions):
                score = 1 + (opened.pk + index) % 4
                services.score_record(by=alice, bid=opened, question=question, score=score, reason="Evidence")
                services.moderation_record(by=carl, bid=opened, question=question, score=score, reason="Agreed")

    score_all()
    client = Client()
    client.force_login(carl)
    url = reverse("procurement:evaluation", args=[procurement.pk])

    def page_ms(repeat: int = 9) -> float:
        client.get(url)  # warm up
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - started)
            assert response.status_code == 200
        return round(statistics.median(times) * 1000, 1)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        return len(captured)

    scoring_ms, scoring_queries = page_ms(), queries()
    services.evaluation_finish(by=alice, procurement=procurement)
    finished_ms = page_ms()
    return {
        "bids x questions": f"{BIDS} x {QUESTIONS}",
        "page while scoring, ranking from 480 moderated scores (ms)": scoring_ms,
        "page after the evaluation is finished (ms)": finished_ms,
        "goal (ms)": 300,
        "queries while scoring": scoring_queries,
        "queries after finishing": queries(),
    }


if __name__ == "__main__":
    report("evaluation_page", main())
