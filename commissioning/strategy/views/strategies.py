"""Pages of each cycle's commissioning strategy: its versions, priorities, targets and evidence,
consultation and approval, the difference between two versions, Word and PDF, and the public page."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.functional import cached_property
from django.views.generic import TemplateView

from commissioning.accounts.selectors import colleague_list
from commissioning.core.downloads import attachment
from commissioning.core.forms import ConfirmForm
from commissioning.core.kept_pages import KeptPageMixin
from commissioning.core.permissions import PageAccessMixin
from commissioning.core.views_mixins import HistoryPageMixin, ModelFormPage, ServiceFormView, document_job_response
from commissioning.cycles.forms import EvidenceForm
from commissioning.cycles.models import CommissioningCycle
from commissioning.strategy import permissions as can
from commissioning.strategy import selectors, services, tasks
from commissioning.strategy.compare import version_difference
from commissioning.strategy.documents import (
    FORMATTERS,
    STRATEGY_FORMATS,
    body_context,
    strategy_file,
    strategy_file_name,
)
from commissioning.strategy.forms import (
    ApprovalForm,
    ConsultationForm,
    PriorityForm,
    PublishForm,
    StrategyVersionForm,
    TargetForm,
)
from commissioning.strategy.models import Priority, PriorityEvidence, StrategyVersion, Target
from commissioning.strategy.views.cycle import CyclePlanMixin

__all__ = [
    "CycleStrategyView", "PriorityCreateView", "PriorityDeleteView", "PriorityDetailView", "PriorityEditView",
    "PriorityEvidenceCreateView", "PriorityEvidenceDeleteView", "PublicStrategyDownloadView",
    "PublicStrategyView", "StrategyStartView", "TargetCreateView", "TargetDeleteView",
    "TargetEditView", "VersionApproveView", "VersionCompareView", "VersionConsultView", "VersionDetailView",
    "VersionDownloadView", "VersionEditView", "VersionHistoryView", "VersionNewDraftView", "VersionPublishView",
    "VersionReopenView",
]  # fmt: skip


def _team_people(cycle: CommissioningCycle) -> Any:
    """Who may own a target: the cycle's lead and partner organisations' staff."""
    organisations = [cycle.lead_organisation_id, *cycle.partner_organisations.values_list("pk", flat=True)]
    return colleague_list(organisation_ids=organisations).order_by("full_name")


# --- A cycle's strategy --------------------------------------------------------------------------------


class CycleStrategyView(KeptPageMixin, CyclePlanMixin, TemplateView):
    """A cycle's strategy: its versions, newest first, and the newest in full."""

    template_name = "strategy/cycle_strategy.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        kwargs.pop("cycle", None)
        versions = list(selectors.cycle_version_list(user=self.request.user, cycle=self.cycle))
        context = body_context(versions[0]) if versions else {}
        return super().get_context_data(
            cycle=self.cycle,
            versions=versions,
            can_change=can.can_change_risks(self.request.user, self.cycle),
            **context,
            **kwargs,
        )


class StrategyStartView(CyclePlanMixin, ModelFormPage):
    permission = staticmethod(can.can_change_risks)
    form_class = StrategyVersionForm
    heading = "Start the strategy"
    submit_label = "Start the strategy"
    success_message = "Strategy started: add its priorities"

    def back_url(self) -> str:
        return reverse("strategy:cycle-strategy", args=[self.cycle.pk])

    def form_kwargs(self) -> dict[str, Any]:
        return {"starting": True}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(caption=self.cycle.title, **kwargs)

    def perform(self, form: Any) -> StrategyVersion:
        data = form.cleaned_data
        return services.strategy_start(
            by=self.request.user, cycle=self.cycle, title=data["title"], vision=data["vision"]
        )


# --- One version -----------------------------------------------------------------------------------


class VersionMixin(PageAccessMixin):
    permission = staticmethod(can.can_view_plans)

    @cached_property
    def version(self) -> StrategyVersion:
        return selectors.version_get(user=self.request.user, pk=self.kwargs["pk"])

    def get_permission_object(self) -> Any:
        return self.version

    def back_url(self) -> str:
        return self.version.get_absolute_url()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        kwargs.pop("pk", None)
        return super().get_context_data(caption=str(self.version), **kwargs)


class VersionDetailView(KeptPageMixin, VersionMixin, TemplateView):
    template_name = "strategy/version_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        version, user = self.version, self.request.user
        others = selectors.cycle_version_list(user=user, cycle=version.cycle).exclude(pk=version.pk)
        return super().get_context_data(
            **body_context(version),
            others=list(others),
            can_change=can.can_change_strategy(user, version),
            can_decide=can.can_decide_strategy(user, version),
            formats=STRATEGY_FORMATS,
            **kwargs,
        )


class VersionEditView(VersionMixin, ModelFormPage):
    permission = staticmethod(can.can_change_strategy)
    form_class = StrategyVersionForm
    heading = "Change the title, vision or public summary"
    success_message = "Strategy saved"
    submit_once = False

    def instance(self) -> StrategyVersion:
        return self.version

    def perform(self, form: Any) -> StrategyVersion:
        return services.version_update(version=self.version, by=self.request.user, **form.cleaned_data)


class VersionActionView(VersionMixin, ServiceFormView):
    """A step in a version's life (consult, reopen, approve, new draft, publish): a form, then the version."""

    template_name = "form_page.html"
    permission = staticmethod(can.can_change_strategy)
    form_class: Any = ConfirmForm
    heading = ""
    submit_label = ""
    submit_once = False  # sent again, the step is refused in words: it has already been taken

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = {"heading": self.heading, "back_url": self.back_url(), "submit_label": self.submit_label}
        return super().get_context_data(**{**context, **kwargs})


class VersionConsultView(VersionActionView):
    form_class = ConsultationForm
    heading = "Send out to consultation"
    submit_label = "Send out to consultation"
    success_message = "Out to consultation: the version cannot be changed while it is out"

    def perform(self, form: Any) -> StrategyVersion:
        return services.version_consult(
            version=self.version, by=self.request.user, closes_on=form.cleaned_data["closes_on"]
        )


class VersionReopenView(VersionActionView):
    heading = "Bring back as a draft"
    submit_label = "Bring back as a draft"
    success_message = "Back as a draft: change it in the light of the consultation"

    def perform(self, form: Any) -> StrategyVersion:
        return services.version_reopen(version=self.version, by=self.request.user)


class VersionApproveView(VersionActionView):
    permission = staticmethod(can.can_decide_strategy)
    form_class = ApprovalForm
    heading = "Record the decision to approve"
    submit_label = "Record the approval"
    success_message = "Approved: the figures behind each priority are kept as they stand today"

    def perform(self, form: Any) -> StrategyVersion:
        return services.version_approve(version=self.version, by=self.request.user, **form.cleaned_data)


class VersionNewDraftView(VersionActionView):
    submit_once = True  # it makes a version
    heading = "Make a new draft from this version"
    submit_label = "Make a new draft"
    success_message = "New draft made: it carries this version's priorities, targets and evidence"

    def perform(self, form: Any) -> StrategyVersion:
        return services.version_new_draft(version=self.version, by=self.request.user)


class VersionPublishView(VersionActionView):
    permission = staticmethod(can.can_decide_strategy)
    form_class = PublishForm
    heading = "Publish on the public site"
    submit_label = "Publish"
    success_message = "Published: anyone can now read this strategy"

    def get_initial(self) -> dict[str, Any]:
        return {"public_summary": self.version.public_summary}

    def perform(self, form: Any) -> StrategyVersion:
        return services.version_publish(
            version=self.version, by=self.request.user, public_summary=form.cleaned_data["public_summary"]
        )


class VersionCompareView(KeptPageMixin, VersionMixin, TemplateView):
    """What changed from another version (`?with=`, by default the one this was made from) to this."""

    template_name = "strategy/version_compare.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        versions = selectors.cycle_version_list(user=self.request.user, cycle=self.version.cycle)
        chosen = self.request.GET.get("with") or self.version.based_on_id
        other = versions.exclude(pk=self.version.pk).filter(pk=chosen).first() if str(chosen).isdigit() else None
        difference = None
        if other is not None:
            older, newer = sorted([other, self.version], key=lambda version: version.number)
            difference = version_difference(older, newer)
        return super().get_context_data(
            version=self.version, others=list(versions.exclude(pk=self.version.pk)), difference=difference, **kwargs
        )


class VersionDownloadView(VersionMixin, TemplateView):
    """The version as Word or PDF, built by a background job."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        file_format = kwargs["format"]
        if file_format not in STRATEGY_FORMATS:
            raise Http404("Choose docx or pdf")
        version = self.version
        return document_job_response(
            request,
            task=tasks.strategy_document,
            title=f"{version} as a {STRATEGY_FORMATS[file_format][0]}",
            params={"version_id": version.pk, "file_format": file_format},
            reuse_key=f"{version.pk}:{file_format}:{version.updated_at.isoformat()}:{_latest_change(version)}",
            back_url=version.get_absolute_url(),
        )


def _latest_change(version: StrategyVersion) -> str:
    """When anything in the version last changed (a document built before that is stale)."""
    stamps = [
        *(priority.updated_at for priority in version.priorities.all()),
        *Target.objects.filter(priority__version=version).values_list("updated_at", flat=True),
        *PriorityEvidence.objects.filter(priority__version=version).values_list("updated_at", flat=True),
    ]
    count = len(stamps)
    return f"{max(stamps).isoformat() if stamps else ''}:{count}"


class VersionHistoryView(KeptPageMixin, VersionMixin, HistoryPageMixin, TemplateView):
    label_records = True

    def history_records(self) -> list[Any]:
        version = self.version
        return [
            StrategyVersion.history.filter(id=version.pk),
            Priority.history.filter(version_id=version.pk),
            Target.history.filter(priority_id__in=_priority_ids(version)),
            PriorityEvidence.history.filter(priority_id__in=_priority_ids(version)),
        ]

    def history_subject(self) -> tuple[str, str]:
        return str(self.version), self.version.get_absolute_url()


def _priority_ids(version: StrategyVersion) -> list[int]:
    return list(Priority.history.filter(version_id=version.pk).values_list("id", flat=True).distinct())


# --- Priorities, targets and evidence (a draft's) -----------------------------------------------------


class PriorityMixin(PageAccessMixin):
    permission = staticmethod(can.can_view_plans)

    @cached_property
    def priority(self) -> Priority:
        return selectors.priority_get(user=self.request.user, pk=self.kwargs["pk"])

    def get_permission_object(self) -> Any:
        return self.priority

    def back_url(self) -> str:
        return self.priority.version.get_absolute_url()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        kwargs.pop("pk", None)
        return super().get_context_data(caption=self.priority.title, **kwargs)


class PriorityDetailView(KeptPageMixin, PriorityMixin, TemplateView):
    """One priority: its targets, and its evidence as kept beside the live figures."""

    template_name = "strategy/priority_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        priority = next(p for p in selectors.priorities_of(self.priority.version) if p.pk == self.priority.pk)
        user = self.request.user
        evidence = [
            {"item": item, "can_open": not item.is_record or item.record_visible_to(user),
             "changed": item.changed_since_attached()}
            for item in priority.evidence.all()
        ]  # fmt: skip
        return super().get_context_data(
            priority=priority,
            version=priority.version,
            evidence=evidence,
            **FORMATTERS,
            can_change=can.can_change_priority(user, priority) and priority.version.is_editable,
            **kwargs,
        )


class PriorityCreateView(VersionMixin, ModelFormPage):
    permission = staticmethod(can.can_change_strategy)
    form_class = PriorityForm
    heading = "Add a priority"
    success_message = "Priority added: give it targets and evidence"

    def perform(self, form: Any) -> Priority:
        return services.priority_add(version=self.version, by=self.request.user, **form.cleaned_data)


class PriorityEditView(PriorityMixin, ModelFormPage):
    permission = staticmethod(can.can_change_priority)
    form_class = PriorityForm
    heading = "Change the priority"
    success_message = "Priority saved"
    submit_once = False

    def instance(self) -> Priority:
        return self.priority

    def perform(self, form: Any) -> Priority:
        return services.priority_update(priority=self.priority, by=self.request.user, **form.cleaned_data)


class PriorityDeleteView(PriorityMixin, ServiceFormView):
    submit_once = False  # sent again, the thing is already gone
    template_name = "form_page.html"
    permission = staticmethod(can.can_change_priority)
    form_class = ConfirmForm

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        heading = f"Remove the priority “{self.priority.title}”, with its targets and evidence?"
        return super().get_context_data(heading=heading, back_url=self.back_url(), submit_label="Remove", **kwargs)

    def perform(self, form: Any) -> StrategyVersion:
        version = self.priority.version
        services.priority_remove(priority=self.priority, by=self.request.user)
        return version

    success_message = "Priority removed"


class TargetCreateView(PriorityMixin, ModelFormPage):
    permission = staticmethod(can.can_change_priority)
    form_class = TargetForm
    heading = "Add a target"
    success_message = "Target added"

    def form_kwargs(self) -> dict[str, Any]:
        return {"people": _team_people(self.priority.version.cycle)}

    def perform(self, form: Any) -> Target:
        return services.target_add(priority=self.priority, by=self.request.user, **form.cleaned_data)

    def success_url_for(self, result: Target) -> str:
        return self.priority.get_absolute_url()


class TargetMixin(PageAccessMixin):
    permission = staticmethod(can.can_view_plans)

    @cached_property
    def target(self) -> Target:
        return selectors.target_get(user=self.request.user, pk=self.kwargs["pk"])

    def get_permission_object(self) -> Any:
        return self.target.priority

    def back_url(self) -> str:
        return self.target.priority.get_absolute_url()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        kwargs.pop("pk", None)
        return super().get_context_data(caption=self.target.priority.title, **kwargs)


class TargetEditView(TargetMixin, ModelFormPage):
    permission = staticmethod(can.can_change_priority)
    form_class = TargetForm
    heading = "Change the target"
    success_message = "Target saved"
    submit_once = False

    def instance(self) -> Target:
        return self.target

    def form_kwargs(self) -> dict[str, Any]:
        return {"people": _team_people(self.target.priority.version.cycle)}

    def perform(self, form: Any) -> Target:
        return services.target_update(target=self.target, by=self.request.user, **form.cleaned_data)

    def success_url_for(self, result: Target) -> str:
        return self.back_url()


class TargetDeleteView(TargetMixin, ServiceFormView):
    submit_once = False  # sent again, the thing is already gone
    template_name = "form_page.html"
    permission = staticmethod(can.can_change_priority)
    form_class = ConfirmForm
    success_message = "Target removed"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        heading = f"Remove the target “{self.target.measure}”?"
        return super().get_context_data(heading=heading, back_url=self.back_url(), submit_label="Remove", **kwargs)

    def perform(self, form: Any) -> Priority:
        priority = self.target.priority
        services.target_remove(target=self.target, by=self.request.user)
        return priority


class PriorityEvidenceCreateView(PriorityMixin, ServiceFormView):
    """Evidence for a priority: the kind first, then which record (or a link)."""

    template_name = "cycles/evidence_form.html"
    form_class = EvidenceForm
    permission = staticmethod(can.can_change_priority)
    success_message = "Evidence added, with its figures as they stand today"

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "user": self.request.user, "activities": None, "record": None}

    def perform(self, form: EvidenceForm) -> PriorityEvidence:
        data = form.cleaned_data
        return services.priority_evidence_add(
            priority=self.priority, by=self.request.user, title=data.get("title", ""), url=data.get("url", ""),
            record=data["record"],
        )  # fmt: skip

    def success_url_for(self, result: PriorityEvidence) -> str:
        return self.priority.get_absolute_url()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        form = kwargs.get("form") or self.get_form()
        posted = self.request.method == "POST"
        chosen = (self.request.POST.get("kind") or "link") if posted else self.request.GET.get("kind", "")
        kinds = dict(form.fields["kind"].choices)
        return super().get_context_data(
            subject=self.priority.title,
            chosen_kind=chosen if chosen in kinds else "",
            chosen_label=kinds.get(chosen, ""),
            back_url=self.priority.get_absolute_url(),
            **kwargs,
        )


class PriorityEvidenceDeleteView(ServiceFormView):
    submit_once = False  # sent again, the thing is already gone
    template_name = "form_page.html"
    permission = staticmethod(can.can_change_priority)
    form_class = ConfirmForm
    success_message = "Evidence removed"

    @cached_property
    def evidence(self) -> PriorityEvidence:
        return selectors.priority_evidence_get(user=self.request.user, pk=self.kwargs["pk"])

    def get_permission_object(self) -> Any:
        return self.evidence.priority

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        kwargs.pop("pk", None)
        return super().get_context_data(
            heading=f"Remove the evidence “{self.evidence.title}”?",
            caption=self.evidence.priority.title,
            back_url=self.evidence.priority.get_absolute_url(),
            submit_label="Remove",
            **kwargs,
        )

    def perform(self, form: Any) -> Priority:
        priority = self.evidence.priority
        services.priority_evidence_remove(evidence=self.evidence, by=self.request.user)
        return priority


# --- The public site ---------------------------------------------------------------------------------


class PublicStrategyView(TemplateView):
    template_name = "strategy/public_strategy.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        kwargs.pop("pk", None)
        version = selectors.published_version_get(pk=self.kwargs["pk"])
        latest = selectors.published_version_list().filter(cycle_id=version.cycle_id).first()
        return super().get_context_data(
            **body_context(version), public=True, latest=latest, formats=STRATEGY_FORMATS, **kwargs
        )


class PublicStrategyDownloadView(TemplateView):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        version = selectors.published_version_get(pk=kwargs["pk"])
        file_format = kwargs["format"]
        if file_format not in STRATEGY_FORMATS:
            raise Http404("Choose docx or pdf")
        return attachment(
            strategy_file(version, file_format),
            content_type=STRATEGY_FORMATS[file_format][1],
            file_name=strategy_file_name(version, file_format),
        )
