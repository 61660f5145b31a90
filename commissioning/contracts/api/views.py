"""The contracts API: the register (list, read, enter directly or from a signed award, terminate),
variations and price reviews, and KPIs. Services do every write and refuse in words (400); an act
the requester may not take is 403; a record out of reach is 404. Providers read their own."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from commissioning.contracts import permissions as can
from commissioning.contracts import selectors, services
from commissioning.contracts.api import serializers as s
from commissioning.contracts.filtersets import CallOffFilterSet, ContractFilterSet, KpiFilterSet, VariationFilterSet
from commissioning.contracts.models import CallOff, Contract, Kpi, Variation
from commissioning.core.api import AnswerOnce
from commissioning.core.kept_pages import KeptListMixin
from commissioning.core.permissions import ActionPermission, on_object


class _ReadCreate(KeptListMixin, AnswerOnce, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    permission_classes = [ActionPermission]


@extend_schema_view(create=extend_schema(responses={201: s.ContractSerializer}))
class ContractViewSet(_ReadCreate):
    """The contracts you may see: your organisation's register, or, for a provider, the contracts
    it holds. Filter by `kind`, `provider`, `client_group`, `regime`, `status`, `ending_soon`
    (inside their renewal alert) or `ending_within` (months); search with `q`. POST one to enter it
    directly (give `entered_directly_reason`); POST to `from-award` to enter a signed award's."""

    serializer_class = s.ContractSerializer
    filterset_class = ContractFilterSet
    action_permissions = {
        "list": can.can_open_contract,
        "retrieve": can.can_open_contract,
        "create": can.can_manage_contracts,
        "from_award": can.can_manage_contracts,
        "terminate": on_object(can.can_change_contract),
    }

    def get_queryset(self) -> QuerySet[Contract]:
        return selectors.contract_list(user=self.request.user).prefetch_related("areas").order_by("ends_on", "pk")

    def get_object(self) -> Contract:
        contract = selectors.contract_get(user=self.request.user, pk=self.kwargs["pk"])
        self.check_object_permissions(self.request, contract)
        return contract

    def _answer(self, contract: Contract, code: int = status.HTTP_200_OK) -> Response:
        contract = selectors.contract_get(user=self.request.user, pk=contract.pk)
        return Response(s.ContractSerializer(contract, context={"request": self.request}).data, status=code)

    def create(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        data = s.ContractSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        contract = services.contract_create(
            by=request.user,
            areas=fields.pop("areas", []),
            extension_months=fields.pop("extension_months", []),
            **fields,
        )
        return self._answer(contract, status.HTTP_201_CREATED)

    @extend_schema(request=s.FromAwardSerializer, responses={201: s.ContractSerializer})
    @action(detail=False, methods=["post"], url_path="from-award")
    def from_award(self, request: Any) -> Response:
        """Enter the contract a signed award of yours made (once): the provider, service, value,
        regime and lot come from the procurement."""
        data = s.FromAwardSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        contract = services.contract_from_award(by=request.user, award=fields.pop("award"), **fields)
        return self._answer(contract, status.HTTP_201_CREATED)

    @extend_schema(request=s.TerminateSerializer, responses=s.ContractSerializer)
    @action(detail=True, methods=["post"])
    def terminate(self, request: Any, pk: Any = None) -> Response:
        """End the contract early, on `terminated_on`, with the reason."""
        contract = self.get_object()
        data = s.TerminateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._answer(services.contract_terminate(by=request.user, contract=contract, **data.validated_data))


@extend_schema_view(create=extend_schema(responses={201: s.VariationSerializer}))
class VariationViewSet(_ReadCreate):
    """Variations and price reviews of the contracts you may see; filter by `contract`. POST one
    (approved: who and when) to record it: it is checked against the law the contract was let under."""

    serializer_class = s.VariationSerializer
    filterset_class = VariationFilterSet
    action_permissions = {
        "list": can.can_open_contract,
        "retrieve": can.can_open_contract,
        "create": can.can_manage_contracts,
    }

    def get_queryset(self) -> QuerySet[Variation]:
        return selectors.variation_list(user=self.request.user).order_by("contract_id", "number")

    def create(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        data = s.VariationSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        variation = services.variation_add(by=request.user, **data.validated_data)
        return Response(s.VariationSerializer(variation, context={"request": request}).data, status=201)


@extend_schema_view(create=extend_schema(responses={201: s.KpiSerializer}))
class KpiViewSet(_ReadCreate):
    """KPIs of the contracts you may see; filter by `contract`. POST one to add it."""

    serializer_class = s.KpiSerializer
    filterset_class = KpiFilterSet
    action_permissions = {
        "list": can.can_open_contract,
        "retrieve": can.can_open_contract,
        "create": can.can_manage_contracts,
    }

    def get_queryset(self) -> QuerySet[Kpi]:
        return selectors.kpi_list(user=self.request.user).order_by("contract_id", "position")

    def create(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        data = s.KpiSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        kpi = services.kpi_add(by=request.user, **data.validated_data)
        return Response(s.KpiSerializer(kpi, context={"request": request}).data, status=201)


@extend_schema_view(
    create=extend_schema(responses={201: s.CallOffSerializer}),
    decide=extend_schema(request=s.CallOffDecisionSerializer, responses={200: s.CallOffSerializer}),
    end=extend_schema(request=s.CallOffEndSerializer, responses={200: s.CallOffSerializer}),
)
class CallOffViewSet(_ReadCreate):
    """Call-offs from the blocks you may see; filter by `contract` or `status`. POST one to call
    off a block (refused, with what is left, beyond its capacity on any day); the provider POSTs
    to `decide`; the council POSTs to `end`."""

    serializer_class = s.CallOffSerializer
    filterset_class = CallOffFilterSet
    action_permissions = {
        "list": can.can_open_contract,
        "retrieve": can.can_open_contract,
        "create": can.can_open_contract,  # the service checks who may call off which block
        "decide": on_object(can.can_decide_call_off),
        "end": on_object(lambda user, call_off: can.can_call_off(user, call_off.contract)),
    }

    def get_queryset(self) -> QuerySet[CallOff]:
        return selectors.call_off_list(user=self.request.user).order_by("contract_id", "starts_on", "pk")

    def _answer(self, call_off: CallOff, code: int = status.HTTP_200_OK) -> Response:
        return Response(s.CallOffSerializer(call_off, context={"request": self.request}).data, status=code)

    def create(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        data = s.CallOffSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        return self._answer(services.call_off_request(by=request.user, **data.validated_data), status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"])
    def decide(self, request: Any, pk: Any = None) -> Response:
        call_off = self.get_object()
        data = s.CallOffDecisionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._answer(services.call_off_decide(by=request.user, call_off=call_off, **data.validated_data))

    @action(detail=True, methods=["post"])
    def end(self, request: Any, pk: Any = None) -> Response:
        call_off = self.get_object()
        data = s.CallOffEndSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._answer(services.call_off_end(by=request.user, call_off=call_off, **data.validated_data))
