from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from commissioning.core.api import AnswerOnce
from commissioning.core.forms import is_record_id
from commissioning.core.kept_pages import KeptListMixin
from commissioning.core.permissions import ActionPermission, on_object
from commissioning.strategy import permissions as can
from commissioning.strategy import selectors, services
from commissioning.strategy.api import serializers as s
from commissioning.strategy.models import (
    Decommissioning,
    PlannedProcurement,
    Priority,
    PriorityEvidence,
    Target,
)


def of_cycle(request, records):
    """`records` of the cycle named by `?cycle=` (all of them without it); a cycle that is not a
    record number is refused in words."""
    cycle = request.query_params.get("cycle")
    if cycle is None:
        return records
    if not is_record_id(cycle):
        raise ValidationError({"cycle": ["Give a cycle's number"]})
    return records.filter(cycle_id=int(cycle))


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
        risks = of_cycle(self.request, risks)
        return risks

    def perform_create(self, serializer):
        serializer.instance = services.risk_create(by=self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = services.risk_update(
            risk=serializer.instance, by=self.request.user, **serializer.validated_data
        )


# --- The strategy ------------------------------------------------------------------------------------


@extend_schema_view(
    create=extend_schema(request=s.StrategyVersionListSerializer, responses={201: s.StrategyVersionSerializer}),
    partial_update=extend_schema(request=s.StrategyVersionListSerializer, responses=s.StrategyVersionSerializer),
)
class StrategyVersionViewSet(
    KeptListMixin,
    AnswerOnce,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Strategy versions of your team's cycles; filter by `cycle`. POST a cycle, title and vision to
    start a cycle's strategy (version 1, a draft). Only a draft changes; `approve` records the
    decision, `new-draft` makes the next version from an approved one."""

    permission_classes = [ActionPermission]
    action_permissions = {
        "list": can.can_view_plans,
        "retrieve": can.can_view_plans,
        "create": can.can_make_plans,
        "partial_update": on_object(can.can_change_strategy),
        "update": on_object(can.can_change_strategy),
        "approve": on_object(can.can_decide_strategy),
        "consult": on_object(can.can_change_strategy),
        "new_draft": on_object(can.can_change_strategy),
        "publish": on_object(can.can_decide_strategy),
    }
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        versions = selectors.version_list(user=self.request.user)
        versions = of_cycle(self.request, versions)
        return versions

    def get_serializer_class(self):
        return s.StrategyVersionListSerializer if self.action == "list" else s.StrategyVersionSerializer

    def _answer(self, version, code=status.HTTP_200_OK):
        return Response(s.StrategyVersionSerializer(version, context={"request": self.request}).data, status=code)

    def create(self, request, *args, **kwargs):
        data = s.StrategyVersionListSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        fields = data.validated_data
        version = services.strategy_start(
            by=request.user, cycle=fields["cycle"], title=fields["title"], vision=fields["vision"]
        )
        return self._answer(version, status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        version = self.get_object()
        data = s.StrategyVersionListSerializer(version, data=request.data, partial=True, context={"request": request})
        data.is_valid(raise_exception=True)
        return self._answer(services.version_update(version=version, by=request.user, **data.validated_data))

    def _step(self, request, input_serializer, service):
        version = self.get_object()
        data = input_serializer(data=request.data) if input_serializer else None
        if data is not None:
            data.is_valid(raise_exception=True)
        return self._answer(service(version=version, by=request.user, **(data.validated_data if data else {})))

    @extend_schema(request=s.ApprovalInputSerializer, responses=s.StrategyVersionSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return self._step(request, s.ApprovalInputSerializer, services.version_approve)

    @extend_schema(request=s.ConsultationInputSerializer, responses=s.StrategyVersionSerializer)
    @action(detail=True, methods=["post"])
    def consult(self, request, pk=None):
        return self._step(request, s.ConsultationInputSerializer, services.version_consult)

    @extend_schema(request=s.PublishInputSerializer, responses=s.StrategyVersionSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        return self._step(request, s.PublishInputSerializer, services.version_publish)

    @extend_schema(request=None, responses={201: s.StrategyVersionSerializer})
    @action(detail=True, methods=["post"], url_path="new-draft")
    def new_draft(self, request, pk=None):
        draft = services.version_new_draft(version=self.get_object(), by=request.user)
        return self._answer(draft, status.HTTP_201_CREATED)


class _InDraft(  # also the parts of purchasing plans, which change at any time
    AnswerOnce,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Parts of a strategy version (priorities, targets): changed only while it is a draft."""

    permission_classes = [ActionPermission]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]


class PriorityViewSet(_InDraft):
    """A version's priorities. POST a version, title and description; PATCH or DELETE one of a draft."""

    serializer_class = s.PrioritySerializer
    action_permissions = {
        "retrieve": can.can_view_plans,
        "create": can.can_make_plans,
        "partial_update": on_object(can.can_change_priority),
        "update": on_object(can.can_change_priority),
        "destroy": on_object(can.can_change_priority),
    }

    def get_queryset(self):
        return Priority.objects.filter(version__in=selectors.version_list(user=self.request.user))

    def perform_create(self, serializer):
        fields = dict(serializer.validated_data)
        version = fields.pop("version")
        if not can.can_change_strategy(self.request.user, version):
            self.permission_denied(self.request)
        serializer.instance = services.priority_add(version=version, by=self.request.user, **fields)

    def perform_update(self, serializer):
        fields = {k: v for k, v in serializer.validated_data.items() if k != "version"}
        serializer.instance = services.priority_update(priority=serializer.instance, by=self.request.user, **fields)

    def perform_destroy(self, instance):
        services.priority_remove(priority=instance, by=self.request.user)


class TargetViewSet(_InDraft):
    """Priorities' SMART targets. POST a priority and the target's fields; PATCH or DELETE one of a draft."""

    serializer_class = s.TargetSerializer
    action_permissions = {
        "retrieve": can.can_view_plans,
        "create": can.can_make_plans,
        "partial_update": on_object(lambda user, target: can.can_change_priority(user, target.priority)),
        "update": on_object(lambda user, target: can.can_change_priority(user, target.priority)),
        "destroy": on_object(lambda user, target: can.can_change_priority(user, target.priority)),
    }

    def get_queryset(self):
        versions = selectors.version_list(user=self.request.user)
        return Target.objects.filter(priority__version__in=versions).select_related("priority__version__cycle")

    def perform_create(self, serializer):
        fields = dict(serializer.validated_data)
        priority = fields.pop("priority")
        if not can.can_change_priority(self.request.user, priority):
            self.permission_denied(self.request)
        serializer.instance = services.target_add(priority=priority, by=self.request.user, **fields)

    def perform_update(self, serializer):
        fields = {k: v for k, v in serializer.validated_data.items() if k != "priority"}
        serializer.instance = services.target_update(target=serializer.instance, by=self.request.user, **fields)

    def perform_destroy(self, instance):
        services.target_remove(target=instance, by=self.request.user)


@extend_schema_view(
    create=extend_schema(request=s.PriorityEvidenceInputSerializer, responses={201: s.PriorityEvidenceSerializer}),
)
class PriorityEvidenceViewSet(
    AnswerOnce, mixins.RetrieveModelMixin, mixins.CreateModelMixin, mixins.DestroyModelMixin, viewsets.GenericViewSet
):
    """Evidence behind priorities: a link, or a record kept with its figures (see cycles' evidence types)."""

    serializer_class = s.PriorityEvidenceSerializer
    permission_classes = [ActionPermission]
    action_permissions = {
        "retrieve": can.can_view_plans,
        "create": can.can_make_plans,
        "destroy": on_object(lambda user, item: can.can_change_priority(user, item.priority)),
    }

    def get_queryset(self):
        versions = selectors.version_list(user=self.request.user)
        return PriorityEvidence.objects.filter(priority__version__in=versions).select_related("priority__version")

    def create(self, request, *args, **kwargs):
        data = s.PriorityEvidenceInputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        priority = fields.pop("priority")
        if not can.can_change_priority(request.user, priority):
            self.permission_denied(request)
        item = services.priority_evidence_add(priority=priority, by=request.user, **fields)
        answer = s.PriorityEvidenceSerializer(item, context={"request": request}).data
        return Response(answer, status=status.HTTP_201_CREATED)

    def perform_destroy(self, instance):
        services.priority_evidence_remove(evidence=instance, by=self.request.user)


@extend_schema_view(
    create=extend_schema(request=s.GapAnalysisInputSerializer, responses={201: s.GapAnalysisSerializer}),
)
class GapAnalysisViewSet(
    KeptListMixin, AnswerOnce, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Gap analyses of your team's cycles; filter by `cycle`. POST a cycle, a title and the demand
    (each service's forecast measure and units per person) to make one; it is kept as made."""

    permission_classes = [ActionPermission]
    action_permissions = {"list": can.can_view_plans, "retrieve": can.can_view_plans, "create": can.can_make_plans}

    def get_queryset(self):
        analyses = selectors.gap_analysis_list(user=self.request.user)
        analyses = of_cycle(self.request, analyses)
        return analyses.defer("result") if self.action == "list" else analyses

    def get_serializer_class(self):
        return s.GapAnalysisListSerializer if self.action == "list" else s.GapAnalysisSerializer

    def create(self, request, *args, **kwargs):
        data = s.GapAnalysisInputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        fields = data.validated_data
        analysis = services.gap_analysis_create(
            by=request.user,
            cycle=fields["cycle"],
            title=fields["title"],
            demand=[dict(row) for row in fields["demand"]],
        )
        return Response(s.GapAnalysisSerializer(analysis).data, status=status.HTTP_201_CREATED)


class ServiceDesignViewSet(
    KeptListMixin,
    AnswerOnce,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Your organisation's service designs."""

    serializer_class = s.ServiceDesignSerializer
    permission_classes = [ActionPermission]
    action_permissions = {
        "list": can.can_view_plans,
        "retrieve": can.can_view_plans,
        "create": can.can_make_plans,
        "partial_update": on_object(can.can_change_design),
        "update": on_object(can.can_change_design),
    }
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return selectors.service_design_list(user=self.request.user)

    def perform_create(self, serializer):
        serializer.instance = services.service_design_create(by=self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = services.service_design_update(
            design=serializer.instance, by=self.request.user, **serializer.validated_data
        )


class PurchasingPlanViewSet(
    KeptListMixin,
    AnswerOnce,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Purchasing plans of your team's cycles, with their procurements and decommissioning; filter by `cycle`."""

    serializer_class = s.PurchasingPlanSerializer
    permission_classes = [ActionPermission]
    action_permissions = {
        "list": can.can_view_plans,
        "retrieve": can.can_view_plans,
        "create": can.can_make_plans,
        "partial_update": on_object(can.can_change_plan),
        "update": on_object(can.can_change_plan),
    }
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        plans = selectors.purchasing_plan_list(user=self.request.user).prefetch_related(
            "procurements", "decommissionings__people", "decommissionings__providers"
        )
        plans = of_cycle(self.request, plans)
        return plans

    def perform_create(self, serializer):
        fields = dict(serializer.validated_data)
        serializer.instance = services.purchasing_plan_create(by=self.request.user, cycle=fields.pop("cycle"), **fields)

    def perform_update(self, serializer):
        fields = {k: v for k, v in serializer.validated_data.items() if k != "cycle"}
        serializer.instance = services.purchasing_plan_update(plan=serializer.instance, by=self.request.user, **fields)


class PlannedProcurementViewSet(_InDraft):
    """Planned procurements. POST a plan and the purchase's fields; PATCH or DELETE one."""

    serializer_class = s.PlannedProcurementSerializer
    action_permissions = {
        "retrieve": can.can_view_plans,
        "create": can.can_make_plans,
        "partial_update": on_object(can.can_change_plan_part),
        "update": on_object(can.can_change_plan_part),
        "destroy": on_object(can.can_change_plan_part),
    }

    def get_queryset(self):
        plans = selectors.purchasing_plan_list(user=self.request.user)
        return PlannedProcurement.objects.filter(plan__in=plans).select_related("plan__cycle")

    def perform_create(self, serializer):
        fields = dict(serializer.validated_data)
        plan = fields.pop("plan")
        if not can.can_change_plan(self.request.user, plan):
            self.permission_denied(self.request)
        serializer.instance = services.procurement_add(plan=plan, by=self.request.user, **fields)

    def perform_update(self, serializer):
        fields = {k: v for k, v in serializer.validated_data.items() if k != "plan"}
        serializer.instance = services.procurement_update(
            procurement=serializer.instance, by=self.request.user, **fields
        )

    def perform_destroy(self, instance):
        services.procurement_remove(procurement=instance, by=self.request.user)


def _within_plan(view, request, *, parent: str, input_serializer, service, plan_of) -> Response:
    """Add a part of a purchasing plan: the parent is found within what the user may see (else 400),
    then the user must be one who changes the plan (else 403)."""
    data = input_serializer(data=request.data, context={"request": request})
    data.is_valid(raise_exception=True)
    fields = dict(data.validated_data)
    container = fields.pop(parent)
    if not can.can_change_plan(request.user, plan_of(container)):
        view.permission_denied(request)
    made = service(**{parent: container}, by=request.user, **fields)
    return Response(input_serializer(made, context={"request": request}).data, status=status.HTTP_201_CREATED)


class DecommissioningViewSet(AnswerOnce, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    """Services a purchasing plan will stop buying. POST a plan, the service, why and its last day."""

    serializer_class = s.DecommissioningInputSerializer
    permission_classes = [ActionPermission]
    action_permissions = {"retrieve": can.can_view_plans, "create": can.can_make_plans}

    def get_queryset(self):
        return Decommissioning.objects.filter(plan__in=selectors.purchasing_plan_list(user=self.request.user))

    def create(self, request, *args, **kwargs):
        return _within_plan(
            self, request, parent="plan", input_serializer=s.DecommissioningInputSerializer,
            service=services.decommissioning_add, plan_of=lambda plan: plan,
        )  # fmt: skip


class _TransitionViewSet(AnswerOnce, mixins.CreateModelMixin, viewsets.GenericViewSet):
    """Add a transition to a service being stopped (subclasses name the serializer and service)."""

    permission_classes = [ActionPermission]
    action_permissions = {"create": can.can_make_plans}
    add = staticmethod(services.person_transition_add)

    def get_queryset(self):
        return self.serializer_class.Meta.model.objects.none()

    def create(self, request, *args, **kwargs):
        return _within_plan(
            self, request, parent="decommissioning", input_serializer=self.serializer_class,
            service=self.add, plan_of=lambda item: item.plan,
        )  # fmt: skip


class PersonTransitionViewSet(_TransitionViewSet):
    """A person's move from a service being stopped, by pseudonymous reference only."""

    serializer_class = s.PersonTransitionInputSerializer
    add = staticmethod(services.person_transition_add)


class ProviderTransitionViewSet(_TransitionViewSet):
    """A provider's transition as a service it provides is stopped."""

    serializer_class = s.ProviderTransitionInputSerializer
    add = staticmethod(services.provider_transition_add)
