"""The resources API: budgets, spend, unit costs, cost of care exercises and options, scoped to
the user's organisation like the pages."""

from __future__ import annotations

from rest_framework import mixins, viewsets

from commissioning.core.permissions import ActionPermission
from commissioning.finance import permissions as can
from commissioning.finance import selectors, services
from commissioning.finance.api import serializers as s


class BudgetViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    """Your organisation's budget lines; filter with ?financial_year=2026."""

    serializer_class = s.BudgetSerializer
    permission_classes = [ActionPermission]
    action_permissions = {"create": can.can_manage_finance}

    def get_queryset(self):
        year = self.request.query_params.get("financial_year", "")
        return selectors.budgets_for(user=self.request.user, financial_year=int(year) if year.isdigit() else None)

    def perform_create(self, serializer):
        from commissioning.finance.models import Budget

        serializer.instance = services.budget_save(budget=Budget(**serializer.validated_data), by=self.request.user)


class SpendTransactionViewSet(viewsets.ReadOnlyModelViewSet):
    """Transactions imported from your finance system."""

    serializer_class = s.SpendTransactionSerializer
    permission_classes = [ActionPermission]

    def get_queryset(self):
        year = self.request.query_params.get("financial_year", "")
        return selectors.transactions_for(
            user=self.request.user, filters={"financial_year": int(year)} if year.isdigit() else {}
        )


class UnitCostViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """Your unit costs and the shared published benchmarks."""

    serializer_class = s.UnitCostSerializer
    permission_classes = [ActionPermission]
    action_permissions = {"create": can.can_manage_finance}

    def get_queryset(self):
        return selectors.unit_costs_for(user=self.request.user)

    def perform_create(self, serializer):
        from commissioning.finance.models import UnitCost

        serializer.instance = services.unit_cost_save(
            unit_cost=UnitCost(**serializer.validated_data), by=self.request.user
        )


class ExerciseViewSet(viewsets.ReadOnlyModelViewSet):
    """Cost of care exercises with the model built line by line (providers: open and published ones)."""

    serializer_class = s.ExerciseSerializer
    permission_classes = [ActionPermission]

    def get_queryset(self):
        return selectors.exercises_for(user=self.request.user)


class OptionViewSet(viewsets.ReadOnlyModelViewSet):
    """Your organisation's options appraisals."""

    serializer_class = s.OptionSerializer
    permission_classes = [ActionPermission]

    def get_queryset(self):
        return selectors.options_for(user=self.request.user)
