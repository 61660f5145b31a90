"""Find a provider, opened from a person's page, arranges that person's care: choosing a provider
opens the package form with the arrangement, contract and provider filled in (the form still
checks all of them)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse

from commissioning.care.models import Person
from commissioning.care.permissions import can_arrange_care
from commissioning.contracts.brokerage import BED_SERVICES, Choice, Found, Search, choice_register


def arrange_for_person(user: Any, asked: Mapping[str, str], match: Any, found: Found, search: Search) -> Choice | None:
    person_id = asked.get("person", "")
    if not person_id.isdigit() or not can_arrange_care(user):
        return None
    person = Person.objects.visible_to(user).filter(pk=person_id).first()
    if person is None:
        return None
    provider = match.candidate.provider_id
    fields = {"provider": provider, "service_type": search.service_type, "units": search.units,
              "unit": "beds" if search.service_type in BED_SERVICES else "hours"}  # fmt: skip
    if match.from_block:
        block = found.blocks[provider]
        fields.update(arrangement="call_off", contract=block.pk)
        text = f"Call off the block {block.reference} for {person.reference}"
    elif provider in found.frameworks:
        fields.update(arrangement="spot_framework", contract=found.frameworks[provider].pk)
        text = f"Arrange a spot placement for {person.reference} under the framework"
    else:
        fields.update(arrangement="spot")
        text = f"Arrange a spot purchase for {person.reference}"
    return Choice(text, reverse("care:package-create", args=[person.pk]) + "?" + urlencode(fields))


choice_register(arrange_for_person)
