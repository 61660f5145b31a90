"""The care API: people (by pseudonymous reference only), their care packages (arranged, changed,
moved and ended, and what a direct payment buys) and personal budgets with their reviews. Services
do every write and refuse in words (400); an act the requester may not take is 403; a record out
of reach is 404. The selectors decide who sees what: the council's social workers and commissioning
workers see its records, a provider's people the packages it gives, and everyone else nothing."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from commissioning.care import permissions as can
from commissioning.care import selectors, services
from commissioning.care.api import serializers as s
from commissioning.care.filtersets import PackageFilterSet
from commissioning.care.models import CarePackage, Person, PersonalBudget
from commissioning.core.api import AnswerOnce
from commissioning.core.filtersets import ListFilterSet, RecordIdFilter
from commissioning.core.kept_pages import KeptListMixin
from commissioning.core.permissions import ActionPermission


class BudgetFilterSet(ListFilterSet):
    person = RecordIdFilter(field_name="person_id", help_text="A person's id")

    class Meta:
        model = PersonalBudget
        fields: list[str] = []


@contextmanager
def _named_as_sent(**names: str) -> Iterator[None]:
    """A service's refusal with its fields named as this call sends them (a move outside the new
    contract's term is refused by the service as the new package's `starts_on`; the call sent `moves_on`)."""
    try:
        yield
    except ValidationError as error:
        if not hasattr(error, "error_dict"):
            raise
        raise ValidationError({names.get(name, name): words for name, words in error.message_dict.items()}) from None


class _ReadCreate(KeptListMixin, AnswerOnce, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    permission_classes = [ActionPermission]


@extend_schema_view(create=extend_schema(responses={201: s.CarePersonSerializer}))
class PersonViewSet(_ReadCreate):
    """The people your council arranges care for, by pseudonymous reference only. POST one to add
    someone (the reference from the social care record, never a name or NHS number)."""

    serializer_class = s.CarePersonSerializer
    action_permissions = {"create": can.can_arrange_care}

    def get_queryset(self) -> QuerySet[Person]:
        return selectors.person_list(user=self.request.user).order_by("reference", "pk")

    def get_object(self) -> Person:
        person = selectors.person_get(user=self.request.user, pk=self.kwargs["pk"])
        self.check_object_permissions(self.request, person)
        return person

    def create(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        data = s.CarePersonSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        person = services.person_create(by=request.user, **data.validated_data)
        person = selectors.person_get(user=request.user, pk=person.pk)
        answer = s.CarePersonSerializer(person, context={"request": request}).data
        return Response(answer, status=status.HTTP_201_CREATED)


@extend_schema_view(
    create=extend_schema(responses={201: s.CarePackageSerializer}),
    change=extend_schema(request=s.HoursOrCostSerializer, responses={200: s.CarePackageSerializer}),
    end=extend_schema(request=s.PackageEndSerializer, responses={200: s.CarePackageSerializer}),
    move=extend_schema(request=s.PackageMoveSerializer, responses={201: s.CarePackageSerializer}),
    purchases=extend_schema(request=s.PurchaseAddSerializer, responses={200: s.CarePackageSerializer}),
)
class PackageViewSet(_ReadCreate):
    """The care packages you may see: your council's, or, for a provider, those it gives. Filter by
    `status` (today), `provider`, `contract`, `arrangement`, `service_type`, `client_group` or
    `person`; search with `q` (a package's or person's reference). POST one to arrange care (a
    call-off is refused, with what is left, beyond its block's capacity); POST to `change` (hours
    or cost from a day), `end`, `move` (to another provider or arrangement: the package ends the
    day before and the new one is answered) or `purchases` (what a direct payment buys).
    Providers read their packages; only the council arranges and changes them."""

    serializer_class = s.CarePackageSerializer
    filterset_class = PackageFilterSet
    action_permissions = {
        "create": can.can_arrange_care,
        "change": can.can_arrange_care,
        "end": can.can_arrange_care,
        "move": can.can_arrange_care,
        "purchases": can.can_arrange_care,
    }

    def get_queryset(self) -> QuerySet[CarePackage]:
        return (
            selectors.package_list(user=self.request.user)
            .prefetch_related("changes", "purchases")
            .order_by("-starts_on", "pk")
        )

    def get_object(self) -> CarePackage:
        package = selectors.package_get(user=self.request.user, pk=self.kwargs["pk"])
        self.check_object_permissions(self.request, package)
        return package

    def _answer(self, package: CarePackage, code: int = status.HTTP_200_OK) -> Response:
        package = selectors.package_get(user=self.request.user, pk=package.pk)
        return Response(s.CarePackageSerializer(package, context={"request": self.request}).data, status=code)

    def create(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        data = s.CarePackageSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        return self._answer(services.package_arrange(by=request.user, **data.validated_data), status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"])
    def change(self, request: Any, pk: Any = None) -> Response:
        """Change the hours (or nights) or weekly cost, or both, from `effective_on`."""
        package = self.get_object()
        data = s.HoursOrCostSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.package_change(by=request.user, package=package, **data.validated_data)
        return self._answer(package)

    @action(detail=True, methods=["post"])
    def end(self, request: Any, pk: Any = None) -> Response:
        """End the package on `ends_on`, its last day of care."""
        package = self.get_object()
        data = s.PackageEndSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        package = services.package_end(by=request.user, package=package, **data.validated_data)
        return self._answer(package)

    @action(detail=True, methods=["post"])
    def move(self, request: Any, pk: Any = None) -> Response:
        """Move the care from `moves_on`: this package ends the day before; the new one is answered."""
        package = self.get_object()
        data = s.PackageMoveSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        with _named_as_sent(starts_on="moves_on"):
            moved = services.package_move(by=request.user, package=package, **data.validated_data)
        return self._answer(moved, status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"])
    def purchases(self, request: Any, pk: Any = None) -> Response:
        """Record something the direct payment buys."""
        package = self.get_object()
        data = s.PurchaseAddSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.dp_purchase_add(by=request.user, package=package, **data.validated_data)
        return self._answer(package)


@extend_schema_view(
    create=extend_schema(responses={201: s.PersonalBudgetSerializer}),
    review=extend_schema(request=s.ReviewSerializer, responses={200: s.PersonalBudgetSerializer}),
)
class BudgetViewSet(_ReadCreate):
    """Personal budgets of your council's people; filter by `person`. POST one to set a person's
    budget from a day (the one before it ends the day before); POST to `review` to record a review,
    whose agreed amount becomes the budget's."""

    serializer_class = s.PersonalBudgetSerializer
    filterset_class = BudgetFilterSet
    action_permissions = {"create": can.can_arrange_care, "review": can.can_arrange_care}

    def get_queryset(self) -> QuerySet[PersonalBudget]:
        budgets = selectors.budget_list(user=self.request.user).prefetch_related("reviews")
        return budgets.order_by("person_id", "-starts_on", "pk")

    def get_object(self) -> PersonalBudget:
        budget = selectors.budget_get(user=self.request.user, pk=self.kwargs["pk"])
        self.check_object_permissions(self.request, budget)
        return budget

    def _answer(self, budget: PersonalBudget, code: int = status.HTTP_200_OK) -> Response:
        budget = selectors.budget_get(user=self.request.user, pk=budget.pk)
        return Response(s.PersonalBudgetSerializer(budget, context={"request": self.request}).data, status=code)

    def create(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        data = s.PersonalBudgetSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        return self._answer(services.budget_set(by=request.user, **data.validated_data), status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"])
    def review(self, request: Any, pk: Any = None) -> Response:
        """Record a review of the budget."""
        budget = self.get_object()
        data = s.ReviewSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.budget_review(by=request.user, budget=budget, **data.validated_data)
        return self._answer(budget)
