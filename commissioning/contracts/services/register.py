"""Writes to the contract register: contracts entered directly or from a signed award, their
extension options, variations and price reviews (checked against the law's rules on change),
termination and documents. Every write is validated, atomic and audited."""

from __future__ import annotations

import datetime
import hashlib
import secrets
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from commissioning.accounts.models import User
from commissioning.accounts.ownership import owned_save
from commissioning.contracts import rules
from commissioning.contracts.choices import ContractKind, VariationKind
from commissioning.contracts.dates import add_months, months_between
from commissioning.contracts.models import Contract, ContractDocument, ExtensionOption, Variation
from commissioning.contracts.permissions import can_change_contract, can_manage_contracts
from commissioning.core.services import audited_save, model_update
from commissioning.cycles.services.documents import document_checked
from commissioning.finance.models import CostOfCareExercise
from commissioning.market.models import Provider
from commissioning.procurement.choices import AwardStatus, Procedure
from commissioning.procurement.models import Award

__all__ = [
    "contract_create", "contract_document_bytes", "contract_from_award", "contract_terminate", "contract_update",
    "document_upload", "extension_add", "extension_use", "kind_for", "variation_add",
]  # fmt: skip

# Fields that change only through a variation or an extension once either exists.
TERMS = ("value", "ends_on")


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def _next_reference(organisation_id: int, starts_on: datetime.date) -> str:
    prefix = f"CON-{starts_on.year}-"
    taken = Contract.objects.filter(organisation_id=organisation_id, reference__startswith=prefix).count()
    return f"{prefix}{taken + 1:03d}"


def _check_reason(contract: Contract) -> None:
    if problem := contract.entered_directly_problem():
        raise ValidationError(problem)


def _check_parts(by: User, fields: dict[str, Any]) -> None:
    """Linked records must be the contracting organisation's own."""
    priority = fields.get("priority")
    if priority is not None and priority.version.organisation_id != by.organisation_id:
        raise ValidationError({"priority": "Choose a priority of one of your organisation's strategies"})
    framework = fields.get("framework")
    if framework is not None and framework.organisation_id != by.organisation_id:
        raise ValidationError({"framework": "Choose one of your organisation's frameworks"})


@transaction.atomic
def contract_create(
    *,
    by: User,
    areas: Iterable[Any] = (),
    extension_months: Iterable[int] = (),
    is_demo: bool = False,
    **fields: Any,
) -> Contract:
    """Enter a contract in `by`'s organisation's register, with its extension options (months
    each, in the order they may be used). A contract with no award needs the reason it was
    entered directly."""
    _require(can_manage_contracts(by), "Only those who do the commissioning work enter contracts")
    _check_parts(by, fields)
    if fields.get("starts_on") is None:
        raise ValidationError({"starts_on": "Enter the date the contract starts"})
    contract = Contract(
        organisation=by.organisation,
        reference=_next_reference(by.organisation_id, fields["starts_on"]),
        is_demo=is_demo,
        **fields,
    )
    _check_reason(contract)
    contract = owned_save(record=contract, by=by)
    if areas:
        contract.areas.set(list(areas))
    for months in extension_months:
        extension_add(by=by, contract=contract, months=months)
    return contract


def kind_for(procedure: str) -> str:
    return {
        Procedure.FRAMEWORK: ContractKind.FRAMEWORK,
        Procedure.OPEN_FRAMEWORK: ContractKind.FRAMEWORK,
        Procedure.DYNAMIC_MARKET: ContractKind.DYNAMIC_MARKET,
        Procedure.USER_CHOICE: ContractKind.SPOT,
    }.get(procedure, ContractKind.BLOCK)


@transaction.atomic
def contract_from_award(*, by: User, award: Award, **fields: Any) -> Contract:
    """Enter the contract a signed award made, once: the provider, service, value, VAT, legal
    regime, lot and the strategy priority its purchasing plan line served come from the
    procurement; `fields` (the start and end dates, kind...) fill or override the rest."""
    _require(can_manage_contracts(by), "Only those who do the commissioning work enter contracts")
    locked = Award.objects.select_for_update(of=("self",))  # its supplier may be empty: lock the award only
    award = locked.select_related("procurement", "lot", "supplier").get(pk=award.pk)
    procurement = award.procurement
    if procurement.organisation_id != by.organisation_id:
        raise PermissionDenied("Only the buyer's staff enter its contracts")
    if award.status != AwardStatus.SIGNED:
        raise ValidationError("Only a signed contract can be entered: record the award signed first")
    if Contract.objects.filter(award=award).exists():
        raise ValidationError("This award's contract is already in the register")
    provider = Provider.objects.filter(organisation_id=award.supplier_id).first()
    if provider is None:
        raise ValidationError(
            f"{award.supplier} is not linked to a provider on the market register: link its organisation to "
            "its register entry (or add it as a community service) first"
        )
    planned = procurement.planned
    values: dict[str, Any] = {
        "title": procurement.title if procurement.lots.count() == 1 else f"{procurement.title}: {award.lot.title}",
        "description": award.lot.description or procurement.description,
        "kind": kind_for(procurement.procedure),
        "provider": provider,
        "service_type": procurement.service_type,
        "client_group": procurement.cycle.client_group if procurement.cycle else "",
        "procurement": procurement,
        "lot": award.lot,
        "regime": procurement.regime,
        "light_touch": procurement.light_touch,
        "value": award.value,
        "vat_rate": procurement.vat_rate,
        "starts_on": award.signed_on,
        "priority": planned.priority if planned is not None else None,
    }
    if planned is not None and planned.contract_months and award.signed_on:
        values["ends_on"] = add_months(award.signed_on, planned.contract_months) - datetime.timedelta(days=1)
    values.update(fields)
    areas = list(procurement.cycle.areas.all()) if procurement.cycle else []
    contract = Contract(award=award, **{k: v for k, v in values.items() if k != "areas"})
    if not contract.client_group:
        raise ValidationError({"client_group": "Choose who the contract is for"})
    if contract.ends_on is None:
        raise ValidationError({"ends_on": "Enter the date the contract ends"})
    contract.organisation = by.organisation
    contract.reference = _next_reference(by.organisation_id, contract.starts_on)
    _check_parts(by, values)
    contract = owned_save(record=contract, by=by)
    contract.areas.set(fields.get("areas", areas))
    return contract


def _check_open(contract: Contract) -> None:
    if contract.is_terminated:
        raise ValidationError(f"This contract was terminated on {contract.terminated_on:%d %B %Y}: it cannot change")


@transaction.atomic
def contract_update(*, by: User, contract: Contract, **fields: Any) -> Contract:
    """Change a contract's details. Its value and end date are corrected here only until a
    variation or extension is recorded; after that they change only through those."""
    _require(can_change_contract(by, contract), "Only the buyer's commissioning workers change a contract")
    contract = Contract.objects.select_for_update().get(pk=contract.pk)
    _check_open(contract)
    _check_parts(by, fields)
    changed = [name for name in TERMS if name in fields and fields[name] != getattr(contract, name)]
    if changed and (contract.variations.exists() or contract.extensions.filter(used_on__isnull=False).exists()):
        raise ValidationError(
            {name: "Record a variation to change this: the contract has variations or extensions" for name in changed}
        )
    if "value" in fields:
        contract.original_value = fields["value"]
    if "ends_on" in fields:
        contract.original_ends_on = fields["ends_on"]
    if "entered_directly_reason" in fields:
        _check_reason(Contract(award=contract.award, entered_directly_reason=fields["entered_directly_reason"]))
    contract, _ = model_update(instance=contract, fields=fields, by=by)
    return contract


@transaction.atomic
def extension_add(*, by: User, contract: Contract, months: int) -> ExtensionOption:
    """Add an option to extend the contract by `months`."""
    _require(can_change_contract(by, contract), "Only the buyer's commissioning workers change a contract")
    _check_open(contract)
    position = (contract.extensions.aggregate(n=Max("position"))["n"] or 0) + 1
    return audited_save(instance=ExtensionOption(contract=contract, position=position, months=months), by=by)


@transaction.atomic
def extension_use(*, by: User, extension: ExtensionOption, used_on: datetime.date | None = None) -> ExtensionOption:
    """Take up an extension option: the contract's end date moves on by its months."""
    contract = Contract.objects.select_for_update().get(pk=extension.contract_id)
    _require(can_change_contract(by, contract), "Only the buyer's commissioning workers change a contract")
    _check_open(contract)
    extension = ExtensionOption.objects.get(pk=extension.pk)
    if extension.is_used:
        raise ValidationError("This extension option has already been used")
    earlier = contract.extensions.filter(position__lt=extension.position, used_on__isnull=True)
    if earlier.exists():
        raise ValidationError("Use the earlier extension options first")
    today = timezone.localdate()
    if contract.ends_on < today:
        raise ValidationError("The contract has already ended: an extension must be taken up before it ends")
    extension.used_on, extension.used_by = used_on or today, by
    audited_save(instance=extension, by=by)
    contract.ends_on = add_months(contract.ends_on + datetime.timedelta(days=1), extension.months) - datetime.timedelta(
        days=1
    )
    audited_save(instance=contract, by=by)
    return extension


@transaction.atomic
def variation_add(
    *,
    by: User,
    contract: Contract,
    reason: str,
    effective_on: datetime.date,
    approved_by: User,
    approved_on: datetime.date,
    kind: str = VariationKind.VARIATION,
    value_change: Decimal = Decimal(0),
    new_ends_on: datetime.date | None = None,
    ground: str = "",
    cost_of_care: CostOfCareExercise | None = None,
) -> Variation:
    """Record an approved variation or price review. It is refused after termination, before the
    contract starts, or where the law the contract was let under does not allow it (rules.py);
    the contract's value and end date then follow it."""
    contract = Contract.objects.select_for_update().get(pk=contract.pk)
    _require(can_change_contract(by, contract), "Only the buyer's commissioning workers vary a contract")
    if contract.is_terminated:
        raise ValidationError(
            f"This contract was terminated on {contract.terminated_on:%d %B %Y}: a terminated contract cannot be varied"
        )
    if effective_on < contract.starts_on:
        raise ValidationError({"effective_on": "A variation cannot take effect before the contract starts"})
    if approved_by.organisation_id != contract.organisation_id or not approved_by.is_commissioning_staff:
        raise ValidationError({"approved_by": "Choose who approved it at your organisation"})
    if approved_on > timezone.localdate():
        raise ValidationError({"approved_on": "The approval cannot be dated in the future"})
    if cost_of_care is not None and (
        cost_of_care.organisation_id != contract.organisation_id or not cost_of_care.is_published
    ):
        raise ValidationError({"cost_of_care": "Cite one of your organisation's published cost of care exercises"})
    if contract.value + value_change < 0:
        raise ValidationError({"value_change": "The contract's value cannot fall below nothing"})
    if new_ends_on is not None and new_ends_on < max(contract.starts_on, effective_on):
        raise ValidationError({"new_ends_on": "The new end date must be after the variation takes effect"})
    term_change = months_between(contract.ends_on, new_ends_on) if new_ends_on is not None else 0
    if new_ends_on is not None and new_ends_on < contract.ends_on:
        term_change = -months_between(new_ends_on, contract.ends_on)
    facts = rules.ChangeFacts(
        regime=contract.regime,
        light_touch=contract.light_touch,
        original_value=contract.original_value,
        earlier_changes_on_ground=contract.earlier_changes(ground) if ground else Decimal(0),
        earlier_changes=contract.earlier_changes(),
        value_change=value_change,
        maximum_term_months=contract.maximum_term_months(),
        term_change_months=term_change,
    )
    problems = rules.change_problems(facts, ground)
    if problems:
        raise ValidationError(problems)
    chosen = rules.ground(ground)
    if chosen is None or chosen.regime != contract.regime:
        ground = ""  # only a freely modified contract gets here without a ground of its own law
    number = (contract.variations.aggregate(n=Max("number"))["n"] or 0) + 1
    variation = audited_save(
        instance=Variation(
            contract=contract, number=number, kind=kind, effective_on=effective_on, reason=reason, ground=ground,
            value_change=value_change, new_ends_on=new_ends_on, cost_of_care=cost_of_care, approved_by=approved_by,
            approved_on=approved_on, change_notice=rules.change_notice(facts),
        ),
        by=by,
    )  # fmt: skip
    contract.value += value_change
    if new_ends_on is not None:
        contract.ends_on = new_ends_on
    audited_save(instance=contract, by=by)
    return variation


@transaction.atomic
def contract_terminate(*, by: User, contract: Contract, terminated_on: datetime.date, reason: str) -> Contract:
    """End the contract early, on `terminated_on`, with the reason. Nothing changes it afterwards."""
    contract = Contract.objects.select_for_update().get(pk=contract.pk)
    _require(can_change_contract(by, contract), "Only the buyer's commissioning workers terminate a contract")
    _check_open(contract)
    if not reason.strip():
        raise ValidationError({"reason": "Give the reason for terminating the contract"})
    if terminated_on < contract.starts_on:
        raise ValidationError({"terminated_on": "A contract cannot end before it starts"})
    if terminated_on > contract.ends_on:
        raise ValidationError({"terminated_on": "The contract ends before then anyway: no termination is needed"})
    contract.terminated_on, contract.termination_reason, contract.terminated_by = terminated_on, reason, by
    return audited_save(instance=contract, by=by)


# Documents --------------------------------------------------------------------------------------


def documents_dir() -> Path:
    directory = Path(settings.MEDIA_ROOT) / "contracts"
    directory.mkdir(parents=True, exist_ok=True)
    return directory


@transaction.atomic
def document_upload(*, by: User, contract: Contract, title: str, file_name: str, content: bytes) -> ContractDocument:
    """Keep a document with the contract once it is seen to be the kind of file its name says
    (PDF, Word, OpenDocument, a spreadsheet, CSV or text) and no larger than 20 MB."""
    _require(can_change_contract(by, contract), "Only the buyer's commissioning workers add documents")
    name, content_type = document_checked(file_name, content)
    stored_as = secrets.token_hex(16)
    path = documents_dir() / stored_as
    path.write_bytes(content)
    try:
        return audited_save(
            instance=ContractDocument(
                contract=contract, title=title or name, file_name=name, content_type=content_type, size=len(content),
                sha256=hashlib.sha256(content).hexdigest(), stored_as=stored_as, uploaded_by=by,
            ),
            by=by,
        )  # fmt: skip
    except Exception:
        path.unlink(missing_ok=True)  # nothing kept for a record that was not made
        raise


def contract_document_bytes(document: ContractDocument) -> bytes:
    path = documents_dir() / document.stored_as
    if not path.is_file():
        raise FileNotFoundError(document.stored_as)
    return path.read_bytes()
