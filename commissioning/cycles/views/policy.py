"""Pages for the policy territory register: national and local items and the cycles they apply to."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.functional import cached_property
from django.views.generic import TemplateView

from commissioning.accounts.permissions import is_operator
from commissioning.core.filtersets import filtered_page
from commissioning.core.kept_pages import KeptPageMixin
from commissioning.core.permissions import PageAccessMixin
from commissioning.core.views_mixins import HistoryPageMixin, ServiceFormView
from commissioning.cycles import permissions as can
from commissioning.cycles import selectors, services
from commissioning.cycles.filtersets import PolicyItemFilterSet
from commissioning.cycles.forms import (
    PolicyItemForm,
    PolicyLinkForm,
)
from commissioning.cycles.models import PolicyItem


class PolicyListView(KeptPageMixin, PageAccessMixin, TemplateView):
    template_name = "cycles/policy_list.html"
    permission = staticmethod(can.can_view_policy_register)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        user = self.request.user
        filterset = PolicyItemFilterSet.for_page(self.request, selectors.policy_item_list(user=user))
        form = filterset.form
        page = filtered_page(self.request, filterset, 50)
        return super().get_context_data(
            form=form, page=page, today=timezone.localdate(), can_add=can.can_add_policy_item(user), **kwargs
        )


class PolicyItemMixin(PageAccessMixin):
    """A view about one policy item the user may read; `permission` is checked against it."""

    @cached_property
    def item(self) -> PolicyItem:
        return selectors.policy_item_get(user=self.request.user, pk=self.kwargs["pk"])

    def get_permission_object(self) -> PolicyItem:
        return self.item

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)  # type: ignore[misc]
        user = self.request.user
        context.update(
            item=self.item,
            can_change=can.can_change_policy_item(user, self.item),
            can_link=can.can_link_policy_item(user, self.item),
            today=timezone.localdate(),
        )
        return context


class PolicyDetailView(KeptPageMixin, PolicyItemMixin, TemplateView):
    template_name = "cycles/policy_detail.html"


class PolicyCreateView(ServiceFormView):
    template_name = "cycles/policy_form.html"
    permission = staticmethod(can.can_add_policy_item)
    success_message = "Policy item added"

    def get_form(self, form_class: Any = None) -> PolicyItemForm:
        user = self.request.user
        both = is_operator(user) and can.can_keep_local_policy(user)
        return PolicyItemForm(**self.get_form_kwargs(), choose_national=both)

    def get_initial(self) -> dict[str, Any]:
        user = self.request.user
        if can.can_keep_local_policy(user):
            return {"issued_by": user.organisation.name, "kind": "local_strategy"}
        return {}

    def perform(self, form: PolicyItemForm) -> PolicyItem:
        user = self.request.user
        data = dict(form.cleaned_data)
        # Operators who are not council staff keep the national register; council staff keep
        # their council's items; someone who is both chooses.
        national = data.pop("national", not can.can_keep_local_policy(user))
        return services.policy_item_create(by=user, organisation=None if national else user.organisation, **data)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(heading="Add a policy item", item=None, **kwargs)


class PolicyUpdateView(PolicyItemMixin, ServiceFormView):
    submit_once = False
    template_name = "cycles/policy_form.html"
    permission = staticmethod(can.can_change_policy_item)
    success_message = "Policy item updated"
    form_class = PolicyItemForm

    def get_initial(self) -> dict[str, Any]:
        item = self.item
        initial = {name: getattr(item, name) for name in services.POLICY_FIELDS}
        initial["client_groups"] = item.client_group_codes
        return initial

    def perform(self, form: PolicyItemForm) -> PolicyItem:
        return services.policy_item_update(item=self.item, by=self.request.user, **form.cleaned_data)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(heading=f"Change {self.item.title}", **kwargs)


class PolicyLinkView(PolicyItemMixin, ServiceFormView):
    submit_once = False
    template_name = "cycles/policy_link_form.html"
    permission = staticmethod(can.can_link_policy_item)
    success_message = "Cycles updated"

    @cached_property
    def linkable(self) -> Any:
        return selectors.linkable_cycle_list(user=self.request.user)

    def get_form(self, form_class: Any = None) -> PolicyLinkForm:
        return PolicyLinkForm(**self.get_form_kwargs(), cycles=self.linkable)

    def get_initial(self) -> dict[str, Any]:
        return {"cycles": list(self.item.links.filter(cycle__in=self.linkable).values_list("cycle_id", flat=True))}

    def perform(self, form: PolicyLinkForm) -> PolicyItem:
        services.policy_links_set(
            item=self.item, cycles=form.cleaned_data["cycles"], within=self.linkable, by=self.request.user
        )
        return self.item

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(has_cycles=self.linkable.exists(), **kwargs)


class PolicyHistoryView(KeptPageMixin, PolicyItemMixin, HistoryPageMixin, TemplateView):
    label_records = True

    def history_records(self) -> list[Any]:
        return selectors.policy_history_records(item=self.item, user=self.request.user)

    def history_subject(self) -> tuple[str, str]:
        return self.item.title, self.item.get_absolute_url()
