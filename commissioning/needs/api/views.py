"""The needs API: vintages, the rate library, scenarios and forecasts, scoped like the pages."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from commissioning.analytics.forecast import ScenarioTooLarge
from commissioning.core.api import AnswerOnce
from commissioning.core.forms import is_record_id
from commissioning.core.kept_pages import KeptListMixin
from commissioning.core.permissions import ActionPermission
from commissioning.core.selectors import area_get
from commissioning.needs import permissions as can
from commissioning.needs import selectors, services
from commissioning.needs.analysis import METHOD, area_forecast, with_needs
from commissioning.needs.api import serializers as s
from commissioning.needs.filtersets import PopulationVintageFilterSet, RateSetFilterSet
from commissioning.needs.services import AdjustmentInput, RateRow


class PopulationVintageViewSet(KeptListMixin, viewsets.ReadOnlyModelViewSet):
    """Population projections and estimates loaded, with the areas each covers."""

    serializer_class = s.PopulationVintageSerializer
    permission_classes = [ActionPermission]

    filterset_class = PopulationVintageFilterSet

    def get_queryset(self):
        return selectors.vintage_list().prefetch_related("areas")


class RateSetViewSet(
    KeptListMixin,
    AnswerOnce,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """The rate library: published sets, and your organisation's local ones."""

    serializer_class = s.RateSetSerializer
    permission_classes = [ActionPermission]
    action_permissions = {"create": can.can_add_local_evidence}

    filterset_class = RateSetFilterSet

    def get_queryset(self):
        return selectors.rate_set_list(user=self.request.user)

    @extend_schema(request=s.RateSetInputSerializer, responses={201: s.RateSetSerializer})
    def create(self, request, *args, **kwargs):
        data = s.RateSetInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        rows = [
            RateRow(
                row["sex"],
                row["age_from"],
                row.get("age_to"),
                row["value"],
                row.get("ci_lower"),
                row.get("ci_upper"),
                number,
            )
            for number, row in enumerate(fields.pop("rates"), start=1)
        ]
        _check_visible(request.user, [fields.get("per_need")], "per_need")
        rate_set = services.rate_set_create(
            by=request.user, rows=rows, organisation=request.user.organisation, is_local=True, **fields
        )
        return Response(s.RateSetSerializer(rate_set).data, status=status.HTTP_201_CREATED)


class ScenarioViewSet(
    KeptListMixin,
    AnswerOnce,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Your organisation's scenarios."""

    serializer_class = s.ScenarioSerializer
    permission_classes = [ActionPermission]
    action_permissions = {"create": can.can_add_local_evidence}

    def get_queryset(self):
        return selectors.scenario_list(user=self.request.user)

    @extend_schema(request=s.ScenarioInputSerializer, responses={201: s.ScenarioSerializer})
    def create(self, request, *args, **kwargs):
        data = s.ScenarioInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        adjustments = [
            AdjustmentInput(item["kind"], item["percent"], item["from_year"], item.get("rate_set"))
            for item in fields.pop("adjustments", [])
        ]
        _check_visible(request.user, [item.rate_set for item in adjustments], "adjustments")
        scenario = services.scenario_create(by=request.user, adjustments=adjustments, **fields)
        return Response(s.ScenarioSerializer(scenario).data, status=status.HTTP_201_CREATED)


class SavedForecastViewSet(KeptListMixin, viewsets.ReadOnlyModelViewSet):
    """Forecasts saved as evidence, exactly as they were run."""

    serializer_class = s.SavedForecastSerializer
    permission_classes = [ActionPermission]

    def get_queryset(self):
        return selectors.saved_forecast_list(user=self.request.user)


def _check_visible(user, rate_sets, field: str) -> None:
    """Another organisation's local rate sets are unknown here, as on the pages."""
    wanted = {rate_set.pk for rate_set in rate_sets if rate_set is not None}
    if wanted and selectors.rate_set_list(user=user).filter(pk__in=wanted).count() != len(wanted):
        raise ValidationError({field: ["Unknown rate set"]})


def _ids(value: str, name: str) -> list[int]:
    ids = [part.strip() for part in value.split(",") if part.strip()]
    if not all(is_record_id(part) for part in ids):
        raise ValidationError({name: ["Give record ids separated by commas"]})
    return [int(part) for part in ids]


class ForecastView(APIView):
    """People with each need, and demand for services, by year: the same figures as the pages."""

    permission_classes = [ActionPermission]

    @extend_schema(
        parameters=[
            OpenApiParameter("area", OpenApiTypes.STR, required=True, description="GSS code of an upper-tier council"),
            OpenApiParameter("vintage", OpenApiTypes.INT, description="Default: the newest projection for the area"),
            OpenApiParameter(
                "rates", OpenApiTypes.STR, description="Rate set ids, comma separated (default: all you can see)"
            ),
            OpenApiParameter("scenario", OpenApiTypes.INT),
        ],
        responses=s.ForecastSerializer,
    )
    def get(self, request):
        params = request.query_params
        if not params.get("area"):
            raise ValidationError({"area": ["Give an area's GSS code"]})
        try:
            area = area_get(code=params["area"])
        except Exception as error:
            raise NotFound(f"No area {params['area']}") from error
        vintages = selectors.projection_list(area=area)
        if params.get("vintage"):
            vintage = vintages.filter(pk__in=_ids(params["vintage"], "vintage")).first()
        else:
            vintage = vintages.first()
        if vintage is None:
            raise NotFound("No population projection covers that area")
        rate_sets = selectors.rate_set_list(user=request.user)
        if params.get("rates"):
            wanted = _ids(params["rates"], "rates")
            rate_sets = rate_sets.filter(pk__in=wanted)
            if rate_sets.count() != len(set(wanted)):
                raise ValidationError({"rates": ["Unknown rate set id"]})
        scenario = None
        if params.get("scenario"):
            scenario = (
                selectors.scenario_list(user=request.user).filter(pk__in=_ids(params["scenario"], "scenario")).first()
            )
            if scenario is None:
                raise ValidationError({"scenario": ["Unknown scenario"]})
        rate_sets = with_needs(list(rate_sets), selectors.rate_set_list(user=request.user))
        try:
            forecast = area_forecast(area=area, vintage=vintage, rate_sets=rate_sets, scenario=scenario)
        except ScenarioTooLarge as error:
            raise ValidationError({"scenario": [str(error)]}) from error
        payload = {
            "area": area.code,
            "vintage": forecast.vintage.pk,
            "scenario": scenario.pk if scenario else None,
            "method": METHOD,
            "needs": [
                {
                    "rate_set": item.rate_set.pk,
                    "name": item.rate_set.name,
                    "kind": item.rate_set.kind,
                    "measure": item.rate_set.measure,
                    "unit": item.rate_set.unit_label,
                    "totals": [
                        {"year": year, "population": figure.population, "people": figure.people,
                         "lower": figure.lower, "upper": figure.upper}
                        for year, figure in sorted(item.totals.items())
                    ],
                }
                for item in [*forecast.needs, *forecast.demand]
            ],
        }  # fmt: skip
        return Response(s.ForecastSerializer(payload).data)
