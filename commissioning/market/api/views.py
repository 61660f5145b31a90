"""The market API: the register, capacity returns, changes, relationships, risk and statements,
with the same scoping as the pages (a provider sees only itself)."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from commissioning.core.api import AnswerOnce, StoredCountPagination
from commissioning.core.choices import UPPER_TIER_LEVELS
from commissioning.core.kept_pages import KeptListMixin
from commissioning.core.models import Area
from commissioning.core.permissions import ActionPermission, on_object
from commissioning.market import analysis, selectors, services
from commissioning.market import permissions as can
from commissioning.market.api import serializers as s
from commissioning.market.filtersets import (
    CapacityReturnFilterSet,
    LocationFilterSet,
    MarketEventFilterSet,
    ProviderFilterSet,
)
from commissioning.market.models import Location


class ProviderViewSet(
    KeptListMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.UpdateModelMixin, viewsets.GenericViewSet
):
    """Registered providers. A provider's own people may update its contact details."""

    serializer_class = s.ProviderSerializer
    permission_classes = [ActionPermission]
    action_permissions = {
        "update": on_object(can.can_update_own_details),
        "partial_update": on_object(can.can_update_own_details),
    }
    http_method_names = ["get", "patch", "head", "options"]

    filterset_class = ProviderFilterSet

    def get_queryset(self):
        return selectors.provider_list(user=self.request.user)

    @extend_schema(request=s.ProviderDetailsSerializer, responses=s.ProviderSerializer)
    def partial_update(self, request, *args, **kwargs):
        provider = self.get_object()
        data = s.ProviderDetailsSerializer(provider, data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        services.provider_update(provider=provider, fields=data.validated_data, by=request.user)
        return Response(s.ProviderSerializer(provider).data)


class LocationViewSet(KeptListMixin, viewsets.ReadOnlyModelViewSet):
    """Care locations: filter with ?q=, ?area=GSS code, ?service=, ?client_group=, ?rating=."""

    serializer_class = s.LocationSerializer
    permission_classes = [ActionPermission]
    filterset_class = LocationFilterSet
    pagination_class = StoredCountPagination

    def get_queryset(self):
        return selectors.location_list(user=self.request.user)

    def stored_count(self, request) -> int | None:
        """The whole register, unfiltered, for staff: England's count from the market summaries."""
        if set(request.query_params) - {"page", "format"} or not can.can_view_register(request.user):
            return None
        return analysis.registered_total_in_england()


class CapacityReturnViewSet(
    KeptListMixin,
    AnswerOnce,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Capacity returns. Providers list and enter their own; staff read all."""

    serializer_class = s.CapacityReturnSerializer
    permission_classes = [ActionPermission]

    filterset_class = CapacityReturnFilterSet

    def get_queryset(self):
        return selectors.capacity_return_list(user=self.request.user)

    def get_serializer(self, *args, **kwargs):
        serializer = super().get_serializer(*args, **kwargs)
        if hasattr(serializer, "fields") and "location" in serializer.fields:
            serializer.fields["location"].queryset = selectors.location_list(
                user=self.request.user, include_deregistered=True
            )
        return serializer

    def create(self, request, *args, **kwargs):
        data = self.get_serializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        location: Location = values.pop("location")
        if not can.can_submit_capacity(request.user, location):
            raise PermissionDenied("Only the provider's own people can enter its capacity returns")
        capacity = services.capacity_return_save(
            location=location, return_date=values.pop("return_date"), values=values, by=request.user
        )
        return Response(s.CapacityReturnSerializer(capacity).data, status=status.HTTP_201_CREATED)


class MarketEventViewSet(KeptListMixin, viewsets.ReadOnlyModelViewSet):
    """Changes found by CQC imports (rating falls, closures, new locations), newest first."""

    serializer_class = s.MarketEventSerializer
    permission_classes = [ActionPermission]

    filterset_class = MarketEventFilterSet

    def get_queryset(self):
        return selectors.event_list(user=self.request.user)


class RelationshipEntryViewSet(
    KeptListMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Your organisation's relationship log."""

    serializer_class = s.RelationshipEntrySerializer
    permission_classes = [ActionPermission]

    def get_queryset(self):
        return selectors.relationship_entry_list(user=self.request.user)


class StatementViewSet(KeptListMixin, viewsets.ReadOnlyModelViewSet):
    """Market position statements: published ones, and your organisation's drafts."""

    serializer_class = s.StatementSerializer
    permission_classes = [ActionPermission]

    def get_queryset(self):
        return selectors.statement_list(user=self.request.user).select_related("area", "organisation")


class ProviderRiskView(APIView):
    """Provider risk in a council area (default: yours), worst first, with reasons."""

    permission_classes = [ActionPermission]

    @extend_schema(
        parameters=[OpenApiParameter("area", str, description="GSS code of a council area")],
        responses=s.RiskSerializer(many=True),
    )
    def get(self, request):
        if not can.can_view_internal(request.user):
            raise PermissionDenied("Provider risk is for council and ICB staff")
        code = request.query_params.get("area")
        area = Area.objects.filter(code=code).first() if code else analysis.market_area_for(request.user)
        if area is None:
            raise NotFound("No such area")
        risks = analysis.provider_risks(area=area, organisation_id=request.user.organisation_id)
        return Response(s.RiskSerializer(risks, many=True).data)


class ConcentrationView(APIView):
    """Each provider group's share of each service in a council area (default: yours) and the
    Herfindahl-Hirschman index: the market overview's figures, exactly."""

    permission_classes = [ActionPermission]

    @extend_schema(
        parameters=[OpenApiParameter("area", str, description="GSS code of an upper-tier council")],
        responses=s.MarketConcentrationSerializer,
    )
    def get(self, request):
        if not can.can_view_register(request.user):
            raise PermissionDenied("Market concentration is for council and ICB staff")
        code = request.query_params.get("area")
        if code:
            area = Area.objects.filter(code=code, level__in=UPPER_TIER_LEVELS).first()
            if area is None:
                raise ValidationError({"area": [f"{code!r} is not the GSS code of a council"]})
        else:
            area = analysis.market_area_for(request.user)
            if area is None:
                raise NotFound("No locations are in the register yet")
        report = {"area": area, "services": analysis.concentration(area)}
        return Response(s.MarketConcentrationSerializer(report).data)


class ConcernViewSet(KeptListMixin, viewsets.ReadOnlyModelViewSet):
    """Concerns your organisation has recorded about providers."""

    serializer_class = s.ConcernSerializer
    permission_classes = [ActionPermission]

    def get_queryset(self):
        return selectors.concern_list(user=self.request.user)


class ContingencyPlanViewSet(KeptListMixin, viewsets.ReadOnlyModelViewSet):
    """Your organisation's contingency plans for significant providers."""

    serializer_class = s.ContingencyPlanSerializer
    permission_classes = [ActionPermission]

    def get_queryset(self):
        return selectors.plan_list(user=self.request.user)


class ForumViewSet(KeptListMixin, viewsets.ReadOnlyModelViewSet):
    """Provider forums your organisation has held, with who came."""

    serializer_class = s.ForumSerializer
    permission_classes = [ActionPermission]

    def get_queryset(self):
        return selectors.forum_list(user=self.request.user)
