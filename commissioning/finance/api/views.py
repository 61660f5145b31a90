"""The resources API: budgets, spend, unit costs, cost of care exercises and options, scoped to
the user's organisation like the pages."""

from __future__ import annotations

from rest_framework import mixins, status, viewsets
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response

from commissioning.core.api import AnswerOnce
from commissioning.core.permissions import ActionPermission
from commissioning.finance import permissions as can
from commissioning.finance import selectors, services
from commissioning.finance.analysis import survey_lines
from commissioning.finance.api import serializers as s
from commissioning.finance.filtersets import BudgetFilterSet, SpendTransactionFilterSet


class BudgetViewSet(
    AnswerOnce, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
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


class SpendTransactionViewSet(viewsets.ReadOnlyModelViewSet):
    """Transactions imported from your finance system."""

    serializer_class = s.SpendTransactionSerializer
    permission_classes = [ActionPermission]

    filterset_class = SpendTransactionFilterSet

    def get_queryset(self):
        return selectors.transaction_list(user=self.request.user)


class UnitCostViewSet(
    AnswerOnce, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """Your unit costs and the shared published benchmarks."""

    serializer_class = s.UnitCostSerializer
    permission_classes = [ActionPermission]
    action_permissions = {"create": can.can_manage_finance}

    def get_queryset(self):
        return selectors.unit_cost_list(user=self.request.user)

    def perform_create(self, serializer):
        serializer.instance = services.unit_cost_create(by=self.request.user, **serializer.validated_data)


class ExerciseViewSet(viewsets.ReadOnlyModelViewSet):
    """Cost of care exercises with the model built line by line (providers: open and published ones)."""

    serializer_class = s.ExerciseSerializer
    permission_classes = [ActionPermission]

    def get_queryset(self):
        return selectors.exercise_list(user=self.request.user)


class OptionViewSet(viewsets.ReadOnlyModelViewSet):
    """Your organisation's options appraisals."""

    serializer_class = s.OptionSerializer
    permission_classes = [ActionPermission]

    def get_queryset(self):
        return selectors.option_list(user=self.request.user)


class CostCentreViewSet(
    AnswerOnce, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """Your finance system cost centres, mapped to services and client groups."""

    serializer_class = s.CostCentreSerializer
    permission_classes = [ActionPermission]
    action_permissions = {"create": can.can_manage_finance}

    def get_queryset(self):
        return selectors.cost_centre_list(user=self.request.user)

    def perform_create(self, serializer):
        serializer.instance = services.cost_centre_create(by=self.request.user, **serializer.validated_data)


class SurveyReturnViewSet(AnswerOnce, mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
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
