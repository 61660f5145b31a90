"""The resources API: budgets, spend, unit costs, cost of care exercises and options, scoped to
the user's organisation like the pages."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from commissioning.core.api import AnswerOnce
from commissioning.core.forms import is_record_id
from commissioning.core.kept_pages import KeptListMixin
from commissioning.core.permissions import ActionPermission
from commissioning.finance import permissions as can
from commissioning.finance import selectors, services
from commissioning.finance.analysis import survey_lines
from commissioning.finance.api import serializers as s
from commissioning.finance.choices import FundingSource
from commissioning.finance.filtersets import BudgetFilterSet, FinancialYearField, SpendTransactionFilterSet
from commissioning.finance.models import financial_year_of
from commissioning.finance.reports import OUTTURN_METHOD, BudgetReport, ReportRow


class BudgetViewSet(
    KeptListMixin,
    AnswerOnce,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Your organisation's budget lines; filter with ?financial_year=2026."""

    serializer_class = s.BudgetSerializer
    permission_classes = [ActionPermission]
    action_permissions = {"create": can.can_manage_finance}

    filterset_class = BudgetFilterSet

    def get_queryset(self):
        return selectors.budget_list(user=self.request.user)

    def perform_create(self, serializer):
        serializer.instance = services.budget_create(by=self.request.user, **serializer.validated_data)


class BudgetReportView(APIView):
    """Budget against actual and committed spend, with the forecast outturn and variance, by client
    group and service and in total: the Resources page's figures, to the penny."""

    permission_classes = [ActionPermission]

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "financial_year", OpenApiTypes.INT, description="2026 means April 2026 to March 2027 (default: now)"
            ),
            OpenApiParameter(
                "organisation", OpenApiTypes.INT, description="Your own organisation's id (default): no other is found"
            ),
        ],
        responses=s.BudgetReportSerializer,
    )
    def get(self, request):
        if not can.can_view_finance(request.user):
            raise PermissionDenied("Budgets are for council and ICB staff")
        params = request.query_params
        try:
            year = FinancialYearField(required=False).clean(params.get("financial_year", ""))
        except forms.ValidationError as error:
            message = "Give a financial year from 2000 to 2100, such as 2026"
            raise ValidationError({"financial_year": [message]}) from error
        organisation = params.get("organisation", "")
        if organisation and not is_record_id(organisation):
            raise ValidationError({"organisation": ["Give an organisation's id"]})
        report = selectors.budget_report_get(
            user=request.user,
            financial_year=year or financial_year_of(timezone.localdate()),
            organisation_id=int(organisation) if organisation else None,
        )
        return Response(s.BudgetReportSerializer(_report_payload(report, request.user.organisation_id)).data)


def _figures(row: ReportRow) -> dict[str, object]:
    return {
        "budget": row.budget,
        "actual": row.actual,
        "committed": row.committed,
        "forecast_outturn": row.outturn,
        "variance": row.variance,
        "partner_share": row.partner,
    }


def _report_payload(report: BudgetReport, organisation_id: int) -> dict[str, object]:
    """The page's table row for row (budgeted lines, then spend with no budget), its total and
    its funding sources."""
    return {
        "organisation": organisation_id,
        "financial_year": report.financial_year,
        "as_of": report.as_of,
        "months_elapsed": report.months_elapsed,
        "lines": [
            {
                "client_group": row.client_group,
                "service_type": row.service_type,
                "label": row.label,
                "has_budget": has_budget,
                **_figures(row),
            }
            for rows, has_budget in ((report.rows, True), (report.unbudgeted_spend, False))
            for row in rows
        ],
        "total": _figures(report.total),
        "by_funding_source": [
            {"funding_source": key, "label": label, "budget": amount}
            for key, (label, amount) in zip(FundingSource.values, report.by_source, strict=True)
        ],
        "method": OUTTURN_METHOD,
    }


class SpendTransactionViewSet(KeptListMixin, viewsets.ReadOnlyModelViewSet):
    """Transactions imported from your finance system."""

    serializer_class = s.SpendTransactionSerializer
    permission_classes = [ActionPermission]

    filterset_class = SpendTransactionFilterSet

    def get_queryset(self):
        return selectors.transaction_list(user=self.request.user)


class UnitCostViewSet(
    KeptListMixin,
    AnswerOnce,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Your unit costs and the shared published benchmarks."""

    serializer_class = s.UnitCostSerializer
    permission_classes = [ActionPermission]
    action_permissions = {"create": can.can_manage_finance}

    def get_queryset(self):
        return selectors.unit_cost_list(user=self.request.user)

    def perform_create(self, serializer):
        serializer.instance = services.unit_cost_create(by=self.request.user, **serializer.validated_data)


class ExerciseViewSet(KeptListMixin, viewsets.ReadOnlyModelViewSet):
    """Cost of care exercises with the model built line by line (providers: open and published ones)."""

    serializer_class = s.ExerciseSerializer
    permission_classes = [ActionPermission]

    def get_queryset(self):
        return selectors.exercise_list(user=self.request.user)


class OptionViewSet(KeptListMixin, viewsets.ReadOnlyModelViewSet):
    """Your organisation's options appraisals."""

    serializer_class = s.OptionSerializer
    permission_classes = [ActionPermission]

    def get_queryset(self):
        return selectors.option_list(user=self.request.user)


class CostCentreViewSet(
    KeptListMixin,
    AnswerOnce,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Your finance system cost centres, mapped to services and client groups."""

    serializer_class = s.CostCentreSerializer
    permission_classes = [ActionPermission]
    action_permissions = {"create": can.can_manage_finance}

    def get_queryset(self):
        return selectors.cost_centre_list(user=self.request.user)

    def perform_create(self, serializer):
        serializer.instance = services.cost_centre_create(by=self.request.user, **serializer.validated_data)


class SurveyReturnViewSet(
    KeptListMixin, AnswerOnce, mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """Cost of care returns: a provider's own (which it may send while an exercise is open), or every
    return to your organisation's exercises."""

    serializer_class = s.SurveyReturnSerializer
    permission_classes = [ActionPermission]

    def get_queryset(self):
        return selectors.survey_return_list(user=self.request.user)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        exercise = serializer.validated_data["exercise"]
        if not selectors.exercise_list(user=request.user).filter(pk=exercise.pk).exists():
            raise ValidationError({"exercise": ["No such exercise"]})
        if not can.can_submit_return(request.user, exercise):
            raise PermissionDenied("Only a provider's own people can return its costs, while the exercise is open")
        known = {key for key, _ in survey_lines(exercise.kind)}
        unknown = sorted(set(serializer.validated_data["lines"]) - known)
        if unknown:
            raise ValidationError({"lines": [f"Not cost lines of this model: {', '.join(unknown)}"]})
        survey = services.survey_return_save(
            exercise=exercise,
            provider=request.user.organisation.provider_record,
            lines=serializer.validated_data["lines"],
            notes=serializer.validated_data.get("notes", ""),
            by=request.user,
        )
        return Response(s.SurveyReturnSerializer(survey).data, status=status.HTTP_201_CREATED)
