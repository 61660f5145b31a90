"""The public front page: everything councils have published, council by council, for anyone;
nothing unpublished; and public pages that carry the publishing council's name."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from commissioning.accounts.choices import OrganisationKind
from commissioning.accounts.tests.factories import OrganisationFactory
from commissioning.cycles.tests.factories import CycleFactory
from commissioning.finance import services as finance
from commissioning.finance.analysis import STARTING_INPUTS
from commissioning.finance.choices import ModelKind
from commissioning.market.tests.factories import market_for
from commissioning.testing import EVERYONE, check_page_access, check_queries_do_not_grow, expect, grow_world

pytestmark = pytest.mark.django_db


def _exercise(world, title: str, *, publish: bool):
    exercise = finance.exercise_create(
        by=world.alice, title=title, kind=ModelKind.HOMECARE, financial_year=2027, current_fee=Decimal("25.00"),
        inputs=dict(STARTING_INPUTS[ModelKind.HOMECARE]),
    )  # fmt: skip
    if publish:
        finance.exercise_update(exercise=exercise, by=world.alice, proposed_fee=Decimal("26.00"), reasoning="Pay")
        finance.exercise_publish(exercise=exercise, by=world.alice)
    return exercise


@pytest.fixture
def published(world):
    market = market_for(world)
    return {
        "market": market,
        "exercise": _exercise(world, "Homecare 2027", publish=True),
        "draft_exercise": _exercise(world, "Homecare draft", publish=False),
        "stockport": CycleFactory(
            by=world.steve,
            title="Stockport carers",
            client_group="carers",
            areas=[world.areas["stockport"]],
            is_published=True,
        ),
    }


def test_anyone_finds_every_published_record_grouped_by_council_and_nothing_else(world, client_for, published):
    page = client_for(None).get(reverse("site:public"))
    assert page.status_code == 200
    html = page.content.decode()

    stockport = html.index(f'id="organisation-{world.stockport.pk}"')
    trafford = html.index(f'id="organisation-{world.trafford.pk}"')
    assert stockport < trafford  # councils by name
    trafford_part = html[trafford:]
    assert f'href="{published["market"].published.get_public_url()}">Older people 2026</a>' in trafford_part
    assert f'href="{published["exercise"].get_public_url()}">Homecare 2027</a>' in trafford_part
    assert f'href="{world.published.get_public_url()}">Carers 2026 to 2029</a>' in trafford_part
    assert f'href="{published["stockport"].get_public_url()}">Stockport carers</a>' in html[stockport:trafford]
    # Drafts and the councils' unpublished cycles are not there.
    for unpublished in ("Older people draft", "Homecare draft", world.cycle.title, world.stockport_cycle.title):
        assert unpublished not in html


def test_a_council_with_nothing_published_is_not_listed(world, client_for):
    OrganisationFactory(name="Quiet Council", kind=OrganisationKind.COUNCIL)
    html = client_for(None).get(reverse("site:public")).content.decode()
    assert "Quiet Council" not in html
    assert "Trafford Council" in html  # its published carers cycle


def test_public_pages_open_to_everyone_signed_in_or_not(world, client_for, published):
    everyone = expect(EVERYONE)
    pages = {
        "public front page": reverse("site:public"),
        "published cycle": world.published.get_public_url(),
        "published statement": published["market"].published.get_public_url(),
        "published exercise": published["exercise"].get_public_url(),
    }
    for name, url in pages.items():
        check_page_access(world, client_for, name, url, everyone)
        assert client_for(None).get(url).status_code == 200, name


def test_public_pages_run_no_more_queries_as_more_is_published(world, client_for, published):
    rounds = iter(range(10))
    pages = [
        ("public front page", reverse("site:public"), expect(EVERYONE)),
        ("published cycle", world.published.get_public_url(), expect(EVERYONE)),
        ("published statement", published["market"].published.get_public_url(), expect(EVERYONE)),
        ("published exercise", published["exercise"].get_public_url(), expect(EVERYONE)),
    ]
    check_queries_do_not_grow(client_for, pages, lambda: grow_world(world, round_=next(rounds)))


def test_unpublished_records_have_no_public_page(world, client_for, published):
    for url in (
        world.cycle.get_public_url(),
        reverse("market:statement-public", args=[published["market"].draft.pk]),
        published["draft_exercise"].get_public_url(),
    ):
        assert client_for(None).get(url).status_code == 404, url
        assert client_for(world.alice).get(url).status_code == 404, url


def test_a_published_cycle_shows_what_the_public_may_know_and_not_the_teams_working(world, client_for):
    html = client_for(None).get(world.published.get_public_url()).content.decode()
    assert "Carers 2026 to 2029" in html
    assert "Plans for care in the area." in html  # the summary for the public
    assert "Progress by element" in html
    assert world.alice.full_name not in html  # the lead commissioner is the team's business
    assert 'href="/cycles/' not in html  # the team's pages need signing in


def test_public_pages_carry_the_publishing_councils_name_in_the_header(world, client_for, published):
    for url in (
        world.published.get_public_url(),
        published["market"].published.get_public_url(),
        published["exercise"].get_public_url(),
    ):
        html = client_for(None).get(url).content.decode()
        header = html[html.index("<header") : html.index("</header>")]
        assert f">{world.trafford.name}</a>" in header, url


def test_the_sign_in_page_leads_anonymous_visitors_to_what_is_published(client_for):
    html = client_for(None).get(reverse("login")).content.decode()
    assert f'href="{reverse("site:public")}"' in html
    header = html[html.index("<header") : html.index("</header>")]
    assert f'href="{reverse("site:public")}"' in header  # the service name leads there too
