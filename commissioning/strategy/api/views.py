from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from commissioning.core.api import AnswerOnce
from commissioning.core.kept_pages import KeptListMixin
from commissioning.core.permissions import ActionPermission, on_object
from commissioning.strategy import permissions as can
from commissioning.strategy import selectors, services
from commissioning.strategy.api import serializers as s


class OptimiserRunViewSet(
    KeptListMixin,
    AnswerOnce,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Budget optimiser runs of your organisation. POST a title, optionally a cycle, and the inputs
    (docs/optimiser.md) to run it: the run comes back with its result, or 400 listing every
    problem in the inputs, each naming its field."""

    permission_classes = [ActionPermission]
    action_permissions = {"list": can.can_view_plans, "retrieve": can.can_view_plans, "create": can.can_make_plans}

    def get_queryset(self):
        return selectors.optimiser_run_list(user=self.request.user)

    def get_serializer_class(self):
        return s.OptimiserRunListSerializer if self.action == "list" else s.OptimiserRunSerializer

    @extend_schema(request=s.OptimiserRunInputSerializer, responses={201: s.OptimiserRunSerializer})
    def create(self, request, *args, **kwargs):
        data = s.OptimiserRunInputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        run = services.optimiser_run_create(by=request.user, **data.validated_data)
        return Response(s.OptimiserRunSerializer(run).data, status=status.HTTP_201_CREATED)


class RiskViewSet(
    KeptListMixin,
    AnswerOnce,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Risk registers of your team's cycles. Filter by `cycle`. Likelihood and impact run from 1 to 5."""

    serializer_class = s.CycleRiskSerializer
    permission_classes = [ActionPermission]
    action_permissions = {
        "list": can.can_view_plans,
        "retrieve": can.can_view_plans,
        "create": can.can_make_plans,
        "partial_update": on_object(can.can_change_risk),
        "update": on_object(can.can_change_risk),
    }
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        risks = selectors.risk_list(user=self.request.user)
        cycle = self.request.query_params.get("cycle")
        if cycle is not None:
            if not cycle.isdigit():
                raise ValidationError({"cycle": ["Give a cycle's number"]})
            risks = risks.filter(cycle_id=int(cycle))
        return risks

    def perform_create(self, serializer):
        serializer.instance = services.risk_create(by=self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = services.risk_update(
            risk=serializer.instance, by=self.request.user, **serializer.validated_data
        )
