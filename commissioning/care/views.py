"""Care pages: packages (the council's, and a provider's own), a person with their packages and
budget, arranging, changing, moving and ending a package, what a direct payment buys, and the
pages for a service being decommissioned or a provider that has failed."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count, Sum
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.views.generic import TemplateView

from commissioning.care import permissions as can
from commissioning.care import selectors, services
from commissioning.care.choices import Arrangement, PackageStatus
from commissioning.care.filtersets import PackageFilterSet
from commissioning.care.forms import (
    BudgetForm,
    BudgetReviewForm,
    FailureForm,
    PackageChangeForm,
    PackageEndForm,
    PackageForm,
    PackageMoveForm,
    PersonForm,
    PurchaseForm,
)
from commissioning.care.models import CarePackage, Person, PersonalBudget, ProviderFailure
from commissioning.contracts.choices import ContractKind
from commissioning.contracts.selectors import contract_list, provider_choices
from commissioning.core.filtersets import filtered_page
from commissioning.core.forms import ConfirmForm
from commissioning.core.kept_pages import KeptPageMixin
from commissioning.core.models import Area
from commissioning.core.permissions import PageAccessMixin
from commissioning.core.views_mixins import ModelFormPage, RecordFormPage, ServiceFormView, in_words
from commissioning.strategy.selectors import decommissioning_get

# What Find a provider fills in when a provider is chosen for a person.
PREFILLED = ("arrangement", "provider", "contract", "service_type", "units", "unit")
ARRANGED = [ContractKind.BLOCK, ContractKind.SPOT, *ContractKind.agreements()]


class PackageListView(KeptPageMixin, PageAccessMixin, TemplateView):
    """The council's care packages with filters, and what is in place today by arrangement."""

    template_name = "care/list.html"
    permission = staticmethod(can.can_view_care)
    heading = "Care packages"
    list_url = "care:index"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        user = self.request.user
        filterset = PackageFilterSet.for_page(self.request, selectors.package_list(user=user))
        staff = can.can_view_care(user)
        counts = selectors.package_counts(organisation_id=user.organisation_id) if staff else {}
        summary = [
            (Arrangement(key).label, row["packages"], row["people"], row["weekly"]) for key, row in counts.items()
        ]
        return super().get_context_data(
            heading=self.heading,
            filter_url=reverse(self.list_url),
            form=filterset.form,
            page=filtered_page(self.request, filterset),
            summary=sorted(summary),
            staff=staff,
            can_arrange=can.can_arrange_care(user),
            can_disrupt=can.can_manage_disruption(user),
            failures=list(selectors.failure_list(user=user)[:10]) if staff else [],
            today=timezone.localdate(),
            **kwargs,
        )


class ProviderPackageListView(PackageListView):
    """The packages a provider gives (the selector shows it no other provider's)."""

    permission = staticmethod(can.is_provider)
    heading = "Your care packages"
    list_url = "care:provider-list"


def _areas(user: Any) -> Any:
    organisation = user.organisation
    if not organisation.area_id:
        return Area.objects.none()
    return Area.objects.filter(pk=organisation.area_id) | Area.objects.filter(parent_id=organisation.area_id)


class PersonCreateView(ModelFormPage):
    permission = staticmethod(can.can_arrange_care)
    form_class = PersonForm
    heading = "Add a person"
    back = "care:index"
    submit_label = "Add them"
    success_message = "Person added: now arrange their care"

    def form_kwargs(self) -> dict[str, Any]:
        return {"areas": _areas(self.request.user)}

    def get_initial(self) -> dict[str, Any]:
        return {"area": self.request.user.organisation.area_id}

    def perform(self, form: Any) -> Person:
        return in_words(services.person_create, by=self.request.user, **form.cleaned_data)


class PersonView(PageAccessMixin, TemplateView):
    template_name = "care/person.html"
    permission = staticmethod(can.can_view_care)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        person = selectors.person_get(user=self.request.user, pk=self.kwargs["pk"])
        packages = list(selectors.package_list(user=self.request.user).filter(person=person).order_by("-starts_on"))
        budgets = list(person.budgets.prefetch_related("reviews__reviewed_by").order_by("-starts_on"))
        today = timezone.localdate()
        live = [p for p in packages if p.status_on(today) == PackageStatus.LIVE]
        budget = next((b for b in budgets if b.ends_on is None or b.ends_on >= today), None)
        return super().get_context_data(
            person=person,
            packages=packages,
            budgets=budgets,
            budget=budget,
            weekly_in_place=sum((p.weekly_cost for p in live), 0),
            can_arrange=can.can_arrange_care(self.request.user),
            **kwargs,
        )


class PersonMixin(PageAccessMixin):
    permission = staticmethod(can.can_arrange_care)

    @cached_property
    def person(self) -> Person:
        return selectors.person_get(user=self.request.user, pk=self.kwargs["pk"])


def _contracts(user: Any) -> Any:
    today = timezone.localdate()
    return (
        contract_list(user=user)
        .filter(organisation_id=user.organisation_id, kind__in=ARRANGED, terminated_on__isnull=True, ends_on__gte=today)
        .order_by("kind", "title")
    )


class PackageCreateView(PersonMixin, RecordFormPage):
    """Arrange a package for a person; from Find a provider, the provider and contract come filled in."""

    form_class = PackageForm
    submit_label = "Arrange it"

    def page_heading(self) -> str:
        return f"Arrange care for {self.person.reference}"

    def back_url(self) -> str:
        return self.person.get_absolute_url()

    def get_form_kwargs(self) -> dict[str, Any]:
        user = self.request.user
        return {**super().get_form_kwargs(), "providers": provider_choices(user=user), "contracts": _contracts(user)}

    def get_initial(self) -> dict[str, Any]:
        chosen = {k: self.request.GET[k] for k in PREFILLED if k in self.request.GET}
        return {"starts_on": timezone.localdate(), **chosen}

    def perform(self, form: Any) -> CarePackage:
        return in_words(services.package_arrange, by=self.request.user, person=self.person, **form.cleaned_data)

    def success_message_for(self, result: CarePackage) -> str:
        if result.call_off_id:
            return f"Arranged: {result.reference}, called off {result.contract.reference}; waiting for the provider"
        return f"Arranged: {result.reference}"


class PackageView(PageAccessMixin, TemplateView):
    template_name = "care/package.html"
    permission = staticmethod(can.can_open_package)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        user = self.request.user
        package = selectors.package_get(user=user, pk=self.kwargs["pk"])
        staff = can.can_view_care(user)
        return super().get_context_data(
            package=package,
            changes=list(package.changes.select_related("made_by")),
            purchases=list(package.purchases.all()),
            # Where the care came from and went: the council's staff only (it may be another provider's).
            moved_to=selectors.package_list(user=user).filter(moved_from=package).first() if staff else None,
            staff=staff,
            can_change=can.can_arrange_care(user) and package.organisation_id == user.organisation_id,
            **kwargs,
        )


class PackageMixin(PageAccessMixin):
    permission = staticmethod(can.can_arrange_care)

    @cached_property
    def package(self) -> CarePackage:
        return selectors.package_get(user=self.request.user, pk=self.kwargs["pk"])

    def back_url(self) -> str:
        return self.package.get_absolute_url()


class PackageChangeView(PackageMixin, RecordFormPage):
    form_class = PackageChangeForm
    submit_label = "Record the change"
    success_message = "Change recorded"

    def page_heading(self) -> str:
        return f"Change {self.package.reference}"

    def get_initial(self) -> dict[str, Any]:
        p = self.package
        return {"effective_on": timezone.localdate(), "units": p.units, "weekly_cost": p.weekly_cost}

    def perform(self, form: Any) -> Any:
        return in_words(services.package_change, by=self.request.user, package=self.package, **form.cleaned_data)

    def success_url_for(self, result: Any) -> str:
        return self.back_url()


class PackageEndView(PackageMixin, RecordFormPage):
    form_class = PackageEndForm
    submit_label = "End it"
    success_message = "Package ended"
    submit_once = False  # sent again, it is refused in words (already ended) or ends it the same day

    def page_heading(self) -> str:
        return f"End {self.package.reference}"

    def get_initial(self) -> dict[str, Any]:
        return {"ends_on": timezone.localdate()}

    def perform(self, form: Any) -> CarePackage:
        return in_words(services.package_end, by=self.request.user, package=self.package, **form.cleaned_data)


class PackageMoveView(PackageMixin, RecordFormPage):
    form_class = PackageMoveForm
    submit_label = "Move the care"

    def page_heading(self) -> str:
        return f"Move {self.package.reference} to another provider"

    def get_form_kwargs(self) -> dict[str, Any]:
        user = self.request.user
        return {**super().get_form_kwargs(), "providers": provider_choices(user=user), "contracts": _contracts(user)}

    def get_initial(self) -> dict[str, Any]:
        p = self.package
        return {"moves_on": timezone.localdate(), "arrangement": p.arrangement, "weekly_cost": p.weekly_cost}

    def perform(self, form: Any) -> CarePackage:
        return in_words(services.package_move, by=self.request.user, package=self.package, **form.cleaned_data)

    def success_message_for(self, result: CarePackage) -> str:
        return f"Care moved: {result.reference} from {result.starts_on:%d %B %Y}"


class PurchaseCreateView(PackageMixin, RecordFormPage):
    form_class = PurchaseForm
    submit_label = "Add it"
    success_message = "Added to what the direct payment buys"

    def page_heading(self) -> str:
        return f"What the direct payment {self.package.reference} buys"

    def perform(self, form: Any) -> Any:
        return in_words(services.dp_purchase_add, by=self.request.user, package=self.package, **form.cleaned_data)

    def success_url_for(self, result: Any) -> str:
        return self.back_url()


class BudgetCreateView(PersonMixin, RecordFormPage):
    form_class = BudgetForm
    submit_label = "Set the budget"
    success_message = "Personal budget set"

    def page_heading(self) -> str:
        return f"Personal budget for {self.person.reference}"

    def back_url(self) -> str:
        return self.person.get_absolute_url()

    def get_initial(self) -> dict[str, Any]:
        today = timezone.localdate()
        return {"starts_on": today, "review_due": today + datetime.timedelta(days=365)}

    def perform(self, form: Any) -> PersonalBudget:
        return in_words(services.budget_set, by=self.request.user, person=self.person, **form.cleaned_data)

    def success_url_for(self, result: Any) -> str:
        return self.back_url()


class BudgetReviewView(RecordFormPage):
    permission = staticmethod(can.can_arrange_care)
    form_class = BudgetReviewForm
    submit_label = "Record the review"
    success_message = "Review recorded"

    @cached_property
    def budget(self) -> PersonalBudget:
        return selectors.budget_get(user=self.request.user, pk=self.kwargs["pk"])

    def page_heading(self) -> str:
        return f"Review the personal budget of {self.budget.person.reference}"

    def back_url(self) -> str:
        return self.budget.person.get_absolute_url()

    def get_initial(self) -> dict[str, Any]:
        today = timezone.localdate()
        return {"reviewed_on": today, "amount_after": self.budget.weekly_amount,
                "next_review_due": today + datetime.timedelta(days=365)}  # fmt: skip

    def perform(self, form: Any) -> Any:
        return in_words(services.budget_review, by=self.request.user, budget=self.budget, **form.cleaned_data)

    def success_url_for(self, result: Any) -> str:
        return self.back_url()


class FailureCreateView(ModelFormPage):
    """Put a provider's contingency plan into action."""

    permission = staticmethod(can.can_manage_disruption)
    form_class = FailureForm
    heading = "Activate a provider's contingency plan"
    back = "care:index"
    submit_label = "Activate it"
    success_message = "Contingency plan activated: move each person below"

    def form_kwargs(self) -> dict[str, Any]:
        return {"providers": provider_choices(user=self.request.user)}

    def get_initial(self) -> dict[str, Any]:
        return {"activated_on": timezone.localdate(), "provider": self.request.GET.get("provider")}

    def perform(self, form: Any) -> ProviderFailure:
        return in_words(services.failure_activate, by=self.request.user, **form.cleaned_data)


class FailureView(PageAccessMixin, TemplateView):
    """Every package the failing provider gives, and the capacity there is to absorb them."""

    template_name = "care/failure.html"
    permission = staticmethod(can.can_view_care)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        user = self.request.user
        failure = selectors.failure_get(user=user, pk=self.kwargs["pk"])
        packages = list(services.failure_packages(failure))
        waiting = [p for p in packages if p.ends_on is None or p.ends_on >= failure.activated_on]
        moved = [p for p in waiting if hasattr(p, "moved_to")]
        needing = {p.service_type for p in waiting if not hasattr(p, "moved_to")}
        absorbers = services.absorbing_capacity(
            organisation=user.organisation, service_types=needing, day=max(timezone.localdate(), failure.activated_on),
            excluding=failure.provider,
        )  # fmt: skip
        by_service = (
            CarePackage.objects.filter(pk__in=[p.pk for p in waiting])
            .values("service_type")
            .annotate(packages=Count("pk"), weekly=Sum("weekly_cost"))
        )
        return super().get_context_data(
            failure=failure, packages=packages, moved=len(moved), absorbers=absorbers, by_service=list(by_service),
            can_move=can.can_arrange_care(user), **kwargs,
        )  # fmt: skip


def own_decommissioning(user: Any, pk: Any) -> Any:
    """A decommissioning in the plan of the user's own council: a partner in the cycle sees the plan,
    but never the lead council's people."""
    found = decommissioning_get(user=user, pk=pk)
    if found.plan.cycle.lead_organisation_id != user.organisation_id:
        raise Http404("No such decommissioning")
    return found


class DecommissioningView(PageAccessMixin, TemplateView):
    """A service being stopped: each person's package, their transition and its move."""

    template_name = "care/decommissioning.html"
    permission = staticmethod(can.can_view_care)

    @cached_property
    def decommissioning(self) -> Any:
        return own_decommissioning(self.request.user, self.kwargs["pk"])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        d = self.decommissioning
        packages = services.decommissioning_packages(d)
        transitions = {t.reference: t for t in d.people.all()}
        return super().get_context_data(
            decommissioning=d,
            rows=[(p, transitions.get(p.person.reference)) for p in packages],
            providers=list(d.providers.select_related("provider")),
            can_plan=can.can_manage_disruption(self.request.user),
            **kwargs,
        )


class TransitionsPlanView(ServiceFormView):
    """Write each affected person's and provider's transition into the plan (a confirmation)."""

    template_name = "care/transitions_plan.html"
    permission = staticmethod(can.can_manage_disruption)
    form_class = ConfirmForm
    submit_once = False  # sent again, it adds no one twice

    @cached_property
    def decommissioning(self) -> Any:
        return own_decommissioning(self.request.user, self.kwargs["pk"])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        d = self.decommissioning
        return super().get_context_data(
            heading=f"Plan the transitions for {d.service}",
            intro=f"Adds a transition to the plan, to move by {d.ends_on:%d %B %Y}, for each person whose "
            f"{d.get_service_type_display().lower()} package is in place on that day, and one for each provider.",
            back_url=reverse("care:decommissioning", args=[d.pk]),
            submit_label="Plan them",
            **kwargs,
        )

    def perform(self, form: Any) -> tuple[int, int]:
        return in_words(services.transitions_plan, by=self.request.user, decommissioning=self.decommissioning)

    def success_message_for(self, result: tuple[int, int]) -> str:
        return f"Planned: {result[0]} people and {result[1]} providers added to the plan"

    def success_url_for(self, result: Any) -> str:
        return reverse("care:decommissioning", args=[self.decommissioning.pk])
