"""The register's pages: the list (the buyer's, and a provider's own), a contract with its alerts,
variations and documents, and entering, changing, varying, extending and terminating one."""

from __future__ import annotations

from typing import Any

from django.db.models import Case, When
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.views.generic import TemplateView

from commissioning.accounts.selectors import colleague_list
from commissioning.contracts import capacity, rules, selectors, services
from commissioning.contracts import permissions as can
from commissioning.contracts.choices import CallOffStatus, ContractKind
from commissioning.contracts.filtersets import ContractFilterSet
from commissioning.contracts.forms import (
    ContractForm,
    DocumentForm,
    ExtensionForm,
    FromAwardForm,
    TerminateForm,
    VariationForm,
)
from commissioning.contracts.models import (
    Contract,
    ContractDocument,
    ExtensionOption,
    Kpi,
    ServiceStandard,
    Variation,
)
from commissioning.contracts.schedule import renewal_alert, reporting_schedule
from commissioning.core.downloads import attachment
from commissioning.core.filtersets import filtered_page
from commissioning.core.forms import ConfirmForm
from commissioning.core.kept_pages import KeptPageMixin
from commissioning.core.models import Area
from commissioning.core.permissions import PageAccessMixin
from commissioning.core.views_mixins import HistoryPageMixin, ModelFormPage, RecordFormPage, ServiceFormView
from commissioning.finance.models import CostOfCareExercise
from commissioning.strategy.models import Priority

__all__ = [
    "ContractCreateView", "ContractDetailView", "ContractEditView", "ContractHistoryView", "ContractListView",
    "ContractMixin", "DocumentFileView", "DocumentUploadView", "ExtensionCreateView", "ExtensionUseView",
    "FromAwardView", "ProviderContractListView", "TerminateView", "VariationCreateView", "part_of",
]  # fmt: skip


class ContractListView(KeptPageMixin, PageAccessMixin, TemplateView):
    """The register, with its filters, each contract's renewal alert, and signed awards waiting."""

    template_name = "contracts/list.html"
    permission = staticmethod(can.can_view_contracts)
    heading = "Contract register"
    list_url = "contracts:index"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        user = self.request.user
        filterset = ContractFilterSet.for_page(self.request, selectors.contract_list(user=user))
        page = filtered_page(self.request, filterset)
        today = timezone.localdate()
        staff = can.can_view_contracts(user)
        return super().get_context_data(
            heading=self.heading,
            filter_url=reverse(self.list_url),
            form=filterset.form,
            page=page,
            rows=[(contract, renewal_alert(contract, today)) for contract in page],
            ending_soon=selectors.ending_soon(selectors.contract_list(user=user)).count(),
            awards=list(selectors.awards_waiting(user=user)) if staff else [],
            can_manage=can.can_manage_contracts(user),
            can_broker=can.can_broker(user),
            staff=staff,
            **kwargs,
        )


class ProviderContractListView(ContractListView):
    """A provider's own contracts (the selector shows it no other provider's)."""

    permission = staticmethod(can.is_provider)
    heading = "Your contracts"
    list_url = "contracts:provider-list"


def _form_choices(user: Any, contract: Contract | None = None) -> dict[str, Any]:
    organisation = user.organisation
    providers = selectors.provider_choices(user=user)
    areas = Area.objects.filter(pk=organisation.area_id) if organisation.area_id else Area.objects.none()
    if organisation.area_id:
        areas = areas | Area.objects.filter(parent_id=organisation.area_id)
    if contract is not None and contract.pk:
        areas = areas | contract.areas.all()
    return {
        "providers": providers,
        "areas": areas.distinct().order_by("name"),
        "priorities": Priority.objects.filter(version__organisation_id=user.organisation_id).select_related("version"),
        "frameworks": Contract.objects.filter(
            organisation_id=user.organisation_id, kind__in=ContractKind.agreements()
        ).order_by("title"),
    }


class ContractCreateView(ModelFormPage):
    permission = staticmethod(can.can_manage_contracts)
    form_class = ContractForm
    heading = "Enter a contract"
    back = "contracts:index"
    success_message = "Contract entered in the register"

    def form_kwargs(self) -> dict[str, Any]:
        return _form_choices(self.request.user)

    def get_initial(self) -> dict[str, Any]:
        # From "Find a provider": a spot purchase from the provider chosen (the form still checks both).
        chosen = {key: self.request.GET[key] for key in ("kind", "provider") if key in self.request.GET}
        return {"starts_on": timezone.localdate(), **chosen}

    def perform(self, form: Any) -> Contract:
        data = dict(form.cleaned_data)
        return services.contract_create(
            by=self.request.user, areas=data.pop("areas"), extension_months=data.pop("extension_months"), **data
        )


class ContractMixin(PageAccessMixin):
    permission = staticmethod(can.can_open_contract)

    @cached_property
    def contract(self) -> Contract:
        return selectors.contract_get(user=self.request.user, pk=self.kwargs["pk"])

    def get_permission_object(self) -> Any:
        return self.contract

    def back_url(self) -> str:
        return self.contract.get_absolute_url()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        kwargs.pop("pk", None)
        return super().get_context_data(caption=str(self.contract), contract=self.contract, **kwargs)


def part_of(queryset: Any, pk: Any) -> Any:
    found = queryset.filter(pk=pk).first() if str(pk).isdigit() else None
    if found is None:
        raise Http404("Not part of this contract")
    return found


SHOWN_CALL_OFFS = 50


class ContractDetailView(KeptPageMixin, ContractMixin, TemplateView):
    template_name = "contracts/detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        contract, user = self.contract, self.request.user
        today = timezone.localdate()
        kpis = list(contract.kpis.all())
        schedule = reporting_schedule(starts_on=contract.starts_on, ends_on=contract.ends_on, kpis=kpis)
        return super().get_context_data(
            alert=renewal_alert(contract, today),
            areas=list(contract.areas.all()),
            extensions=list(contract.extensions.select_related("used_by")),
            variations=list(contract.variations.select_related("approved_by", "cost_of_care")),
            kpis=kpis,
            standards=list(contract.standards.all()),
            documents=list(contract.documents.select_related("uploaded_by")),
            upcoming=[due for due in schedule if due.period_ends >= today][:4],
            reports=len(schedule),
            call_offs=list(contract.call_offs.select_related("provider")),
            # Those waiting for the provider first, then the newest: the page shows 50.
            block_call_offs=list(
                contract.block_call_offs.order_by(
                    Case(When(status=CallOffStatus.REQUESTED, then=0), default=1), "-starts_on", "-pk"
                )[:SHOWN_CALL_OFFS]
            ),
            call_off_count=contract.block_call_offs.count(),
            left_today=capacity.capacity_left(contract, today),
            may_call_off=can.can_call_off(user, contract) and not contract.is_terminated,
            provider_view=can.is_provider(user),
            questions=bool(contract.procurement_id) and bool(services.tender_questions(contract)),
            staff=can.is_buyer_staff(user, contract),
            can_change=can.can_change_contract(user, contract) and not contract.is_terminated,
            **kwargs,
        )


class ContractEditView(ContractMixin, ModelFormPage):
    permission = staticmethod(can.can_change_contract)
    form_class = ContractForm
    heading = "Change the contract"
    success_message = "Contract saved"
    submit_once = False

    def instance(self) -> Contract:
        return self.contract

    def form_kwargs(self) -> dict[str, Any]:
        return _form_choices(self.request.user, self.contract)

    def perform(self, form: Any) -> Contract:
        return services.contract_update(by=self.request.user, contract=self.contract, **form.cleaned_data)


class ContractHistoryView(KeptPageMixin, ContractMixin, HistoryPageMixin, TemplateView):
    permission = staticmethod(can.is_buyer_staff)
    label_records = True

    def history_records(self) -> list[Any]:
        pk = self.contract.pk
        return [
            Contract.history.filter(id=pk),
            Variation.history.filter(contract_id=pk),
            ExtensionOption.history.filter(contract_id=pk),
            Kpi.history.filter(contract_id=pk),
            ServiceStandard.history.filter(contract_id=pk),
            ContractDocument.history.filter(contract_id=pk),
        ]

    def history_subject(self) -> tuple[str, str]:
        return str(self.contract), self.contract.get_absolute_url()


class FromAwardView(ServiceFormView):
    """Enter the contract a signed award made: the rest comes from the procurement."""

    template_name = "form_page.html"
    permission = staticmethod(can.can_manage_contracts)
    form_class = FromAwardForm
    success_message = "Contract entered in the register from the award"

    @cached_property
    def award(self) -> Any:
        return selectors.award_get(user=self.request.user, pk=self.kwargs["award"])

    def get_initial(self) -> dict[str, Any]:
        procurement = self.award.procurement
        return {
            "kind": services.kind_for(procurement.procedure),
            "client_group": procurement.cycle.client_group if procurement.cycle else "",
            "starts_on": self.award.signed_on,
        }

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        award = self.award
        return super().get_context_data(
            heading="Enter the contract from its award",
            caption=f"{award.procurement.reference} lot {award.lot.number}: {award.supplier}",
            back_url=reverse("contracts:index"),
            submit_label="Enter the contract",
            **kwargs,
        )

    def perform(self, form: Any) -> Contract:
        return services.contract_from_award(by=self.request.user, award=self.award, **form.cleaned_data)


class ContractFormView(ContractMixin, RecordFormPage):
    """A form on one contract, for its buyer's commissioning workers."""

    permission = staticmethod(can.can_change_contract)

    def success_url_for(self, result: Any) -> str:
        return self.back_url()


class VariationCreateView(ContractFormView):
    template_name = "contracts/variation_form.html"
    form_class = VariationForm
    heading = "Record a variation or price review"
    submit_label = "Record it"
    success_message = "Variation recorded"

    def get_initial(self) -> dict[str, Any]:
        return {"effective_on": timezone.localdate(), "approved_on": timezone.localdate(), "value_change": 0}

    def get_form_kwargs(self) -> dict[str, Any]:
        user, contract = self.request.user, self.contract
        return {
            **super().get_form_kwargs(),
            "contract": contract,
            "exercises": CostOfCareExercise.objects.filter(organisation_id=contract.organisation_id, is_published=True),
            "approvers": colleague_list(organisation_ids=[user.organisation_id]),
        }

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        contract = self.contract
        free = rules.freely_modified(regime=contract.regime, light_touch=contract.light_touch)
        return super().get_context_data(free=free, **kwargs)

    def perform(self, form: Any) -> Variation:
        return services.variation_add(by=self.request.user, contract=self.contract, **form.cleaned_data)


class TerminateView(ContractFormView):
    form_class = TerminateForm
    heading = "Terminate the contract"
    submit_label = "Terminate"
    success_message = "Contract terminated"
    submit_once = False  # sent again, it is refused in words: the contract is already terminated

    def perform(self, form: Any) -> Contract:
        return services.contract_terminate(by=self.request.user, contract=self.contract, **form.cleaned_data)


class ExtensionCreateView(ContractFormView):
    form_class = ExtensionForm
    heading = "Add an extension option"
    submit_label = "Add"
    success_message = "Extension option added"

    def perform(self, form: Any) -> ExtensionOption:
        return services.extension_add(by=self.request.user, contract=self.contract, **form.cleaned_data)


class ExtensionUseView(ContractFormView):
    form_class = ConfirmForm
    submit_label = "Use the option"
    success_message = "Extension option used: the contract's end date has moved"
    submit_once = False  # sent again, it is refused in words: the option is already used

    @cached_property
    def extension(self) -> ExtensionOption:
        return part_of(self.contract.extensions, self.kwargs["part"])

    def page_heading(self) -> str:
        return f"Use extension option {self.extension.position} ({self.extension.months} months)"

    def perform(self, form: Any) -> ExtensionOption:
        return services.extension_use(by=self.request.user, extension=self.extension)


class DocumentUploadView(ContractFormView):
    form_class = DocumentForm
    heading = "Add a document"
    submit_label = "Upload"
    success_message = "Document added"

    def perform(self, form: Any) -> ContractDocument:
        upload = form.cleaned_data["file"]
        return services.document_upload(
            by=self.request.user,
            contract=self.contract,
            title=form.cleaned_data["title"],
            file_name=upload.name,
            content=upload.read(),
        )


class DocumentFileView(ContractMixin, TemplateView):
    """A document as uploaded, for whoever may see the contract."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        document = part_of(self.contract.documents, kwargs["part"])
        try:
            content = services.contract_document_bytes(document)
        except FileNotFoundError:
            raise Http404("This document's file is no longer kept") from None
        return attachment(content, content_type=document.content_type, file_name=document.file_name)
