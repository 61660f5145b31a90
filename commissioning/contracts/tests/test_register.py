"""The register's rules, through the services every entry point shares: a contract needs a provider,
an end after its start and a reason when it has no award; an award becomes a contract once; changes
are checked against the law the contract was let under and refused once it is terminated; extension
options move the end date; renewal alerts; every change audited."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from commissioning.contracts import services
from commissioning.contracts.choices import ContractStatus
from commissioning.contracts.models import Contract, Variation
from commissioning.contracts.schedule import renewal_alert
from commissioning.contracts.selectors import contract_list, ending_soon
from commissioning.contracts.tests.factories import (
    contract_for,
    providers_for,
    published_exercise,
    signed_award,
)
from commissioning.procurement.models import Award

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def _vary(world, contract, **fields):
    values = dict(
        reason="More hours for people leaving hospital", effective_on=contract.starts_on,
        approved_by=world.alice, approved_on=TODAY,
    )  # fmt: skip
    values.update(fields)
    return services.variation_add(by=world.carl, contract=contract, **values)


def test_a_contract_is_numbered_and_belongs_to_the_council(world):
    contract = contract_for(world.alice, providers_for(world).a, extension_months=[12, 12])
    assert contract.reference == "CON-2026-001" and contract.organisation == world.trafford
    assert contract.original_value == Decimal("3000000.00") and contract.value_gross == Decimal("3000000.00")
    assert [option.months for option in contract.extensions.all()] == [12, 12]
    assert contract_for(world.alice, providers_for(world).b).reference == "CON-2026-002"
    assert contract.history.first().history_user == world.alice


def test_bad_contracts_are_refused_in_words(world):
    provider = providers_for(world).a
    with pytest.raises(ValidationError) as refused:
        contract_for(world.alice, None)
    assert refused.value.message_dict["provider"] == ["Choose the provider that holds the contract"]
    with pytest.raises(ValidationError) as refused:
        contract_for(world.alice, provider, ends_on=datetime.date(2026, 3, 1))
    assert refused.value.message_dict["ends_on"] == ["The end date must be on or after the start date"]
    with pytest.raises(ValidationError) as refused:
        contract_for(world.alice, provider, entered_directly_reason=" ")
    assert "Say why the contract is entered directly" in refused.value.message_dict["entered_directly_reason"][0]
    with pytest.raises(PermissionDenied):
        contract_for(world.sonia, provider)  # a social worker reads contracts, does not enter them
    assert not Contract.objects.exists()


def test_a_signed_award_becomes_a_contract_once(world):
    providers = providers_for(world)
    award = signed_award(world)
    contract = services.contract_from_award(by=world.carl, award=award, ends_on=TODAY + datetime.timedelta(days=365))
    assert (contract.provider, contract.award, contract.value) == (providers.a, award, Decimal("52000.00"))
    assert contract.kind == "spot" and contract.regime == award.procurement.regime
    assert contract.client_group == world.cycle.client_group and contract.starts_on == award.signed_on
    assert not contract.entered_directly_reason
    with pytest.raises(ValidationError, match="already in the register"):
        services.contract_from_award(by=world.carl, award=award, ends_on=TODAY + datetime.timedelta(days=365))
    assert Contract.objects.count() == 1


def test_an_award_not_signed_or_to_an_unregistered_supplier_is_refused(world):
    award = signed_award(world)
    with pytest.raises(ValidationError, match="not linked to a provider on the market register"):
        services.contract_from_award(by=world.alice, award=award, ends_on=TODAY)
    providers_for(world)
    Award.objects.filter(pk=award.pk).update(status="ready")
    award.refresh_from_db()
    with pytest.raises(ValidationError, match="Only a signed contract"):
        services.contract_from_award(by=world.alice, award=award, ends_on=TODAY)
    with pytest.raises(PermissionDenied):
        services.contract_from_award(by=world.steve, award=award, ends_on=TODAY)
    assert not Contract.objects.exists()


def test_a_light_touch_contract_is_varied_freely_and_its_value_follows(world):
    contract = contract_for(world.alice, providers_for(world).a)
    variation = _vary(world, contract, value_change=Decimal("250000.00"), new_ends_on=datetime.date(2029, 9, 30))
    contract.refresh_from_db()
    assert contract.value == Decimal("3250000.00") and contract.original_value == Decimal("3000000.00")
    assert contract.ends_on == datetime.date(2029, 9, 30) and contract.original_ends_on == datetime.date(2029, 3, 31)
    assert variation.number == 1 and variation.ground == ""
    assert "never needed for light-touch" in variation.change_notice
    assert variation.history.first().history_user == world.carl


def test_a_contract_that_is_not_light_touch_names_its_ground_within_the_laws_limits(world):
    contract = contract_for(world.alice, providers_for(world).a, light_touch=False, value=Decimal(1_000_000))
    with pytest.raises(ValidationError) as refused:
        _vary(world, contract, value_change=Decimal(50_000))
    assert "Choose the legal ground" in refused.value.message_dict["ground"][0]
    with pytest.raises(ValidationError) as refused:
        _vary(world, contract, value_change=Decimal(600_000), ground="pa23_unforeseeable")
    assert "at most 50%" in refused.value.message_dict["value_change"][0]
    variation = _vary(world, contract, value_change=Decimal(150_000), ground="pa23_unforeseeable")
    assert "Publish a contract change notice (UK10)" in variation.change_notice
    assert Variation.objects.count() == 1


def test_a_price_review_cites_a_published_cost_of_care_exercise(world):
    contract = contract_for(world.alice, providers_for(world).a)
    exercise = published_exercise(world.alice)
    review = _vary(world, contract, kind="price_review", value_change=Decimal("90000.00"), cost_of_care=exercise)
    assert review.cost_of_care == exercise and review.get_kind_display() == "Price review"
    other = contract_for(world.steve, providers_for(world).a)
    with pytest.raises(ValidationError) as refused:
        services.variation_add(
            by=world.steve, contract=other, reason="Uplift", effective_on=other.starts_on, approved_by=world.steve,
            approved_on=TODAY, cost_of_care=exercise,
        )  # fmt: skip
    assert "published cost of care" in refused.value.message_dict["cost_of_care"][0]


def test_a_terminated_contract_cannot_be_varied_or_changed(world):
    contract = contract_for(world.alice, providers_for(world).a)
    with pytest.raises(ValidationError, match="reason"):
        services.contract_terminate(by=world.alice, contract=contract, terminated_on=TODAY, reason=" ")
    services.contract_terminate(
        by=world.alice, contract=contract, terminated_on=datetime.date(2027, 3, 31), reason="Provider left the market"
    )
    contract.refresh_from_db()
    assert contract.status == ContractStatus.TERMINATED and contract.terminated_by == world.alice
    with pytest.raises(ValidationError, match="a terminated contract cannot be varied"):
        _vary(world, contract, value_change=Decimal(1))
    with pytest.raises(ValidationError, match="terminated"):
        services.contract_update(by=world.alice, contract=contract, title="Renamed")
    with pytest.raises(ValidationError, match="terminated"):
        services.contract_terminate(by=world.alice, contract=contract, terminated_on=TODAY, reason="Again")
    assert not Variation.objects.exists()


def test_value_and_end_change_only_by_variation_once_one_exists(world):
    contract = contract_for(world.alice, providers_for(world).a)
    corrected = services.contract_update(by=world.alice, contract=contract, value=Decimal("3100000.00"))
    assert corrected.original_value == Decimal("3100000.00")
    _vary(world, contract, value_change=Decimal(10))
    with pytest.raises(ValidationError) as refused:
        services.contract_update(by=world.alice, contract=contract, value=Decimal("1.00"))
    assert "Record a variation" in refused.value.message_dict["value"][0]
    with pytest.raises(PermissionDenied):
        services.contract_update(by=world.steve, contract=contract, title="Stockport's now")


def test_an_extension_option_moves_the_end_date_once(world):
    contract = contract_for(
        world.alice, providers_for(world).a, starts_on=TODAY - datetime.timedelta(days=400),
        ends_on=TODAY + datetime.timedelta(days=30), extension_months=[12, 6],
    )  # fmt: skip
    first, second = contract.extensions.all()
    with pytest.raises(ValidationError, match="earlier extension options first"):
        services.extension_use(by=world.alice, extension=second)
    services.extension_use(by=world.alice, extension=first)
    contract.refresh_from_db()
    assert contract.ends_on > TODAY + datetime.timedelta(days=360)
    with pytest.raises(ValidationError, match="already been used"):
        services.extension_use(by=world.alice, extension=first)


def test_a_contract_nearing_its_end_is_flagged_with_its_options_left(world):
    soon = contract_for(
        world.alice, providers_for(world).a, starts_on=TODAY - datetime.timedelta(days=700),
        ends_on=TODAY + datetime.timedelta(days=60), extension_months=[12],
    )  # fmt: skip
    later = contract_for(world.alice, providers_for(world).b, ends_on=TODAY + datetime.timedelta(days=900))
    alert = renewal_alert(soon, timezone.localdate())
    assert alert is not None and "1 extension option left (12 months in all)" in alert.message
    assert renewal_alert(later, timezone.localdate()) is None
    assert list(ending_soon(contract_list(user=world.alice))) == [soon]
    services.contract_update(by=world.alice, contract=later, alert_months=36)
    assert set(ending_soon(contract_list(user=world.alice))) == {soon, later}


def test_each_reader_sees_only_the_contracts_they_should(world):
    providers = providers_for(world)
    mine = contract_for(world.alice, providers.a)
    contract_for(world.alice, providers.b)
    stockport = contract_for(world.steve, providers.a)
    assert set(contract_list(user=world.colin)) == set(Contract.objects.filter(organisation=world.trafford))
    assert set(contract_list(user=world.pam)) == {mine, stockport}  # every council's contracts with Provider A
    assert not {mine, stockport} & set(contract_list(user=world.pete))
    assert set(contract_list(user=world.steve)) == {stockport}
    assert not contract_list(user=world.penny).exists()
    assert not contract_list(user=world.iris).exists()
