"""The cycles API: the same selectors, services and predicates as the pages."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from commissioning.core.api import AnswerOnce
from commissioning.core.kept_pages import KeptListMixin
from commissioning.core.permissions import ActionPermission, on_object
from commissioning.cycles import permissions as can
from commissioning.cycles import selectors, services
from commissioning.cycles.api import serializers as s
from commissioning.cycles.filtersets import (
    ActivityFilterSet,
    CycleFilterSet,
    EffortEntryFilterSet,
    EvidenceLinkFilterSet,
    FindingFilterSet,
    PolicyItemFilterSet,
)


def _created(serializer_class: type, instance: object) -> Response:
    return Response(serializer_class(instance).data, status=status.HTTP_201_CREATED)


def _create_within(view, request, *, parent: str, predicate, service, input_serializer, output) -> Response:
    """Create a record inside a cycle or activity the user may work on.

    The parent's id is resolved within the user's scope by the input serializer (unknown ids are
    a 400), then the predicate decides whether they may add to it (403), then the service saves.
    """
    data = input_serializer(data=request.data, context={"request": request})
    data.is_valid(raise_exception=True)
    fields = dict(data.validated_data)
    container = fields.pop(parent)
    if not predicate(request.user, container):
        view.permission_denied(request)
    return _created(output, service(**{parent: container}, by=request.user, **fields))


@extend_schema_view(
    list=extend_schema(
        responses=s.CycleSerializer(many=True),
    ),
    retrieve=extend_schema(responses=s.CycleSerializer),
    create=extend_schema(request=s.CycleInputSerializer, responses={201: s.CycleSerializer}),
    partial_update=extend_schema(request=s.CycleInputSerializer, responses=s.CycleSerializer),
)
class CycleViewSet(
    KeptListMixin,
    AnswerOnce,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Commissioning cycles: your team's, and any published cycle (with public fields only)."""

    permission_classes = [ActionPermission]
    action_permissions = {
        "create": can.can_create_cycle,
        "partial_update": on_object(can.can_edit_cycle),
        "update": on_object(can.can_edit_cycle),
        "start_next": on_object(can.can_start_next_cycle),
        "close": on_object(can.can_edit_cycle),
    }
    http_method_names = ["get", "post", "patch", "head", "options"]

    filterset_class = CycleFilterSet

    def get_queryset(self):
        return selectors.cycle_list(user=self.request.user)

    def get_serializer_class(self):
        return s.CycleSerializer

    def _output(self, cycle):
        serializer = s.CycleSerializer if can.can_view_internal(self.request.user, cycle) else s.PublicCycleSerializer
        return serializer(cycle).data

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response([self._output(cycle) for cycle in page])

    def retrieve(self, request, *args, **kwargs):
        return Response(self._output(self.get_object()))

    def create(self, request, *args, **kwargs):
        data = s.CycleInputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        cycle = services.cycle_create(by=request.user, **data.validated_data)
        return _created(s.CycleSerializer, cycle)

    def partial_update(self, request, *args, **kwargs):
        cycle = self.get_object()
        data = s.CycleInputSerializer(data=request.data, partial=True, context={"request": request})
        data.is_valid(raise_exception=True)
        start = data.validated_data.get("period_start", cycle.period_start)
        end = data.validated_data.get("period_end", cycle.period_end)
        if end <= start:
            return Response({"period_end": ["The end of the period must be after its start"]}, status=400)
        cycle = services.cycle_update(cycle=cycle, by=request.user, **data.validated_data)
        return Response(s.CycleSerializer(cycle).data)

    @extend_schema(request=s.NextCycleInputSerializer, responses={201: s.CycleSerializer})
    @action(detail=True, methods=["post"], url_path="start-next")
    def start_next(self, request, pk=None):
        """Start the next cycle, carrying unfinished activities and open findings forward."""
        previous = self.get_object()
        data = s.NextCycleInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        cycle = services.cycle_start_next(previous=previous, by=request.user, **data.validated_data)
        return _created(s.CycleSerializer, cycle)

    @extend_schema(request=None, responses=s.CycleSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        cycle = services.cycle_close(cycle=self.get_object(), by=request.user)
        return Response(s.CycleSerializer(cycle).data)

    @extend_schema(responses=s.CycleProgressSerializer)
    @action(detail=True, methods=["get"])
    def progress(self, request, pk=None):
        """Progress by level and element, the current stage, and the balance of effort."""
        cycle = self.get_object()
        progress = selectors.cycle_progress([cycle.pk])[cycle.pk]
        internal = can.can_view_internal(request.user, cycle)
        balance = selectors.effort_balance_of(cycle.effort.all()) if internal else None
        elements = [p for level in ("strategic", "purchasing") for p in progress.for_level(level)]
        if not internal:  # overdue work is internal, as on the pages
            elements = [{**vars(p), "percent": p.percent, "overdue": 0} for p in elements]
        return Response(
            s.CycleProgressSerializer(
                {
                    "stage": progress.stage,
                    "percent": progress.percent,
                    "overdue": progress.overdue if internal else 0,
                    "elements": elements,
                    "effort": balance.shares if balance else [],
                }
            ).data
        )


@extend_schema_view(
    create=extend_schema(request=s.ActivityInputSerializer, responses={201: s.ActivitySerializer}),
    partial_update=extend_schema(request=s.ActivityUpdateSerializer, responses=s.ActivitySerializer),
)
class ActivityViewSet(KeptListMixin, AnswerOnce, viewsets.ModelViewSet):
    """Activities in the cycles your team runs."""

    serializer_class = s.ActivitySerializer
    permission_classes = [ActionPermission]
    action_permissions = {
        "partial_update": on_object(can.can_work_on_activity),
        "update": on_object(can.can_work_on_activity),
        "destroy": on_object(can.can_delete_activity),
    }
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    filterset_class = ActivityFilterSet

    def get_queryset(self):
        return selectors.activity_list(user=self.request.user)

    def create(self, request, *args, **kwargs):
        return _create_within(
            self,
            request,
            parent="cycle",
            predicate=can.can_work_on_cycle,
            service=services.activity_create,
            input_serializer=s.ActivityInputSerializer,
            output=s.ActivitySerializer,
        )

    def partial_update(self, request, *args, **kwargs):
        activity = self.get_object()
        data = s.ActivityUpdateSerializer(data=request.data, partial=True, context={"request": request})
        data.is_valid(raise_exception=True)
        activity = services.activity_update(activity=activity, by=request.user, **data.validated_data)
        return Response(s.ActivitySerializer(activity).data)

    def perform_destroy(self, instance):
        services.activity_delete(activity=instance, by=self.request.user)


@extend_schema_view(
    create=extend_schema(request=s.EvidenceLinkInputSerializer, responses={201: s.EvidenceLinkSerializer}),
)
class EvidenceLinkViewSet(
    KeptListMixin,
    AnswerOnce,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Links to evidence behind activities."""

    serializer_class = s.EvidenceLinkSerializer
    permission_classes = [ActionPermission]
    action_permissions = {"destroy": on_object(lambda user, link: can.can_work_on_activity(user, link.activity))}

    filterset_class = EvidenceLinkFilterSet

    def get_queryset(self):
        return selectors.evidence_list(user=self.request.user)

    def create(self, request, *args, **kwargs):
        return _create_within(
            self,
            request,
            parent="activity",
            predicate=can.can_work_on_activity,
            service=services.evidence_add,
            input_serializer=s.EvidenceLinkInputSerializer,
            output=s.EvidenceLinkSerializer,
        )

    def perform_destroy(self, instance):
        services.evidence_remove(link=instance, by=self.request.user)


@extend_schema_view(
    create=extend_schema(request=s.EffortEntryInputSerializer, responses={201: s.EffortEntrySerializer}),
)
class EffortEntryViewSet(
    KeptListMixin,
    AnswerOnce,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Time spent on each element of a cycle."""

    serializer_class = s.EffortEntrySerializer
    permission_classes = [ActionPermission]
    action_permissions = {"destroy": on_object(can.can_change_effort)}

    filterset_class = EffortEntryFilterSet

    def get_queryset(self):
        return selectors.effort_list(user=self.request.user)

    def create(self, request, *args, **kwargs):
        return _create_within(
            self,
            request,
            parent="cycle",
            predicate=can.can_work_on_cycle,
            service=services.effort_log,
            input_serializer=s.EffortEntryInputSerializer,
            output=s.EffortEntrySerializer,
        )

    def perform_destroy(self, instance):
        services.effort_delete(entry=instance, by=self.request.user)


@extend_schema_view(
    create=extend_schema(request=s.FindingInputSerializer, responses={201: s.FindingSerializer}),
    partial_update=extend_schema(request=s.FindingUpdateSerializer, responses=s.FindingSerializer),
)
class FindingViewSet(
    KeptListMixin,
    AnswerOnce,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Findings: lessons for the commissioning cycle's review."""

    serializer_class = s.FindingSerializer
    permission_classes = [ActionPermission]
    action_permissions = {
        "partial_update": on_object(can.can_respond_to_finding),
        "update": on_object(can.can_respond_to_finding),
    }
    http_method_names = ["get", "post", "patch", "head", "options"]

    filterset_class = FindingFilterSet

    def get_queryset(self):
        return selectors.finding_list(user=self.request.user)

    def create(self, request, *args, **kwargs):
        return _create_within(
            self,
            request,
            parent="cycle",
            predicate=can.can_raise_finding,
            service=services.finding_raise,
            input_serializer=s.FindingInputSerializer,
            output=s.FindingSerializer,
        )

    def partial_update(self, request, *args, **kwargs):
        finding = self.get_object()
        data = s.FindingUpdateSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        finding = services.finding_update(finding=finding, by=request.user, **data.validated_data)
        return Response(s.FindingSerializer(finding).data)


class PolicyItemViewSet(KeptListMixin, viewsets.ReadOnlyModelViewSet):
    """The policy territory register: the national register, and your council's own items."""

    serializer_class = s.PolicyItemSerializer
    permission_classes = [ActionPermission]

    filterset_class = PolicyItemFilterSet

    def get_queryset(self):
        return selectors.policy_item_list(user=self.request.user)
