"""The analysis journey: from a cycle's Analyse element to the need, supply and money for its
areas and client group, and from each of those pages to the others.

Cycles sits below needs, market and finance, so it cannot import them. Each says which of its
pages belong to the journey in its `journey` module (found when Django starts, as evidence types
are), with a function that returns the links for a person, an area and, when the walk starts from
a cycle, its client group. Every page of the journey asks this registry for the others, so a page
never links to one the person may not open.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse

from commissioning.accounts.models import User
from commissioning.core.choices import ClientGroup
from commissioning.core.models import Area
from commissioning.cycles.choices import CycleStatus, Element
from commissioning.cycles.selectors import team_cycle_list


@dataclass(frozen=True)
class JourneyLink:
    text: str
    href: str


@dataclass(frozen=True)
class JourneyStep:
    """One part of the analysis (need, supply, money) and how to find its pages for an area."""

    key: str  # "need", "supply", "money"
    label: str  # "Need"
    position: int
    # (user, area, client group or "") -> the pages the user may open, best first; empty to leave it out.
    links: Callable[[User, Area, str], list[JourneyLink]]
    # How many of them the short trail at the top of each page shows (a cycle's page shows all).
    in_trail: int = 1


@dataclass(frozen=True)
class JourneyStop:
    """A step with its links for one area."""

    key: str
    label: str
    links: list[JourneyLink]
    trail: list[JourneyLink]


@dataclass(frozen=True)
class Journey:
    """The journey's steps for one area."""

    area: Area
    stops: list[JourneyStop]


_STEPS: dict[str, JourneyStep] = {}


def journey_step_register(step: JourneyStep) -> None:
    """Add a step of the journey (apps call this from their `journey` module)."""
    _STEPS[step.key] = step


def journey_step_list() -> list[JourneyStep]:
    return sorted(_STEPS.values(), key=lambda step: step.position)


def journey_links(*, user: User, area: Area, client_group: str = "") -> list[JourneyStop]:
    """Every step with pages for this area that the user may open, in the order of the walk."""
    if client_group not in ClientGroup.values:
        client_group = ""
    stops = []
    for step in journey_step_list():
        links = step.links(user, area, client_group)
        if links:
            stops.append(JourneyStop(step.key, step.label, links, links[: step.in_trail]))
    return stops


def _cycle_links(user: User, area: Area, client_group: str) -> list[JourneyLink]:
    """Back to the Analyse element of the team's active cycles that cover the area."""
    cycles = team_cycle_list(user).filter(areas=area, status=CycleStatus.ACTIVE)
    if client_group:
        cycles = cycles.filter(client_group=client_group)
    return [
        JourneyLink(f"{cycle.title}: Analyse", reverse("cycles:element", args=[cycle.pk, "strategic", Element.ANALYSE]))
        for cycle in cycles.order_by("title")[:3]
    ]


journey_step_register(JourneyStep("cycle", "Cycle", 0, _cycle_links, in_trail=3))
