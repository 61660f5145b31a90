"""The buyer's pages: start a procurement, set up its tender, publish it and open its bids."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.views.generic import TemplateView

from commissioning.accounts.choices import Role
from commissioning.accounts.selectors import colleague_list
from commissioning.core.downloads import attachment
from commissioning.core.forms import ConfirmForm
from commissioning.core.permissions import PageAccessMixin
from commissioning.core.views_mixins import HistoryPageMixin, ModelFormPage, ServiceFormView
from commissioning.cycles.selectors import team_cycle_list
from commissioning.procurement import permissions as can
from commissioning.procurement import selectors, services
from commissioning.procurement.choices import InvolvementRole, MembershipStatus, Procedure, ProcurementStatus
from commissioning.procurement.forms import (
    AmendmentForm,
    ClarificationAnswerForm,
    ConflictsAssessmentForm,
    DeclarationForm,
    LotForm,
    OpeningKeyForm,
    PassphraseForm,
    PersonForm,
    ProcurementForm,
    QuestionForm,
)
from commissioning.procurement.models import (
    Lot,
    OpeningKey,
    OpeningOfficer,
    PanelMember,
    Procurement,
    QualityQuestion,
)
from commissioning.procurement.views.refusals import in_words
from commissioning.strategy.models import PlannedProcurement, ServiceDesign


class ProcurementListView(PageAccessMixin, TemplateView):
    template_name = "procurement/index.html"
    permission = staticmethod(can.can_view_procurements)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        user = self.request.user
        return super().get_context_data(
            procurements=list(selectors.procurement_list(user=user)),
            can_start=can.can_run_procurements(user),
            has_key=OpeningKey.objects.filter(person=user).exists(),
            **kwargs,
        )


def _form_choices(user: Any) -> dict[str, Any]:
    return {
        "cycles": team_cycle_list(user),
        "plan_lines": PlannedProcurement.objects.filter(
            plan__cycle__in=team_cycle_list(user).values("pk")
        ).select_related("plan"),
        "designs": ServiceDesign.objects.visible_to(user).filter(organisation_id=user.organisation_id),
        "frameworks": selectors.procurement_list(user=user).filter(procedure__in=Procedure.agreements()),
    }


class ProcurementCreateView(ModelFormPage):
    permission = staticmethod(can.can_run_procurements)
    form_class = ProcurementForm
    heading = "Start a procurement"
    back = "procurement:index"
    success_message = "Procurement started: its legal regime is worked out below"

    def form_kwargs(self) -> dict[str, Any]:
        return _form_choices(self.request.user)

    def get_initial(self) -> dict[str, Any]:
        planned = self.request.GET.get("planned")
        line = (
            _form_choices(self.request.user)["plan_lines"].filter(pk=planned).first()
            if str(planned).isdigit()
            else None
        )
        if line is None:
            cycle = self.request.GET.get("cycle")
            found = (
                _form_choices(self.request.user)["cycles"].filter(pk=cycle).first() if str(cycle).isdigit() else None
            )
            return {"commenced_on": timezone.localdate(), "cycle": found}
        return {
            "planned": line,
            "cycle": line.plan.cycle,
            "title": line.title,
            "service_type": line.service_type,
            "service_design": line.design,
            "estimated_value": line.value,
            "vat_rate": line.vat_rate,
            "commenced_on": line.tender_starts or timezone.localdate(),
            "specification": line.design.specification if line.design else "",
        }

    def perform(self, form: Any) -> Procurement:
        data = {**form.cleaned_data, "deadline": form.deadline()}
        data.pop("deadline_date", None)
        data.pop("deadline_time", None)
        return services.procurement_create(
            by=self.request.user, **{k: v for k, v in data.items() if v is not None or k in ("deadline",)}
        )


class ProcurementMixin(PageAccessMixin):
    permission = staticmethod(can.can_view_procurements)

    @cached_property
    def procurement(self) -> Procurement:
        return selectors.procurement_get(user=self.request.user, pk=self.kwargs["pk"])

    def get_permission_object(self) -> Any:
        return self.procurement

    def back_url(self) -> str:
        return self.procurement.get_absolute_url()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        kwargs.pop("pk", None)
        return super().get_context_data(caption=str(self.procurement), procurement=self.procurement, **kwargs)


class ProcurementDetailView(ProcurementMixin, TemplateView):
    template_name = "procurement/detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        procurement, user = self.procurement, self.request.user
        declarations = selectors.latest_declarations(procurement)
        involved = services.involved_people(procurement)
        panel = set(procurement.panel.values_list("person_id", flat=True))
        return super().get_context_data(
            lots=list(procurement.lots.all()),
            questions=list(procurement.questions.select_related("lot")),
            panel=list(procurement.panel.select_related("person")),
            officers=[
                (officer, officer.person_id not in panel, hasattr(officer.person, "opening_key"))
                for officer in procurement.opening_officers.select_related("person__opening_key")
            ],
            involved=[
                (person, InvolvementRole(role).label, declarations.get(pk)) for pk, (person, role) in involved.items()
            ],
            assessment=procurement.conflicts_assessments.order_by("-version").first(),
            conflicts_problems=services.conflicts_problems(procurement),
            problems=services.publication_problems(procurement) if not procurement.is_published else [],
            clarifications=list(selectors.clarification_list(user=user, procurement=procurement)),
            amendments=list(procurement.amendments.all()),
            bids_received=selectors.bids_received(procurement),
            opened_bids=list(selectors.opened_bid_list(user=user, procurement=procurement)),
            opening_steps=list(procurement.opening_steps.select_related("officer")),
            events=_events(procurement),
            notice_needs=(needs := services.notice_needs(procurement)),
            transparency_due=any(n.kind == "UK5" and n.need == "required" and not n.published for n in needs),
            direct_awards=list(procurement.awards.select_related("supplier")),
            can_change=can.can_change_procurement(user, procurement),
            is_involved=user.pk in involved,
            is_officer=procurement.opening_officers.filter(person=user).exists(),
            **(_market_context(user, procurement) if procurement.procedure == Procedure.DYNAMIC_MARKET else {}),
            stages=list(procurement.stages.all()),
            schedule=procurement.open_framework_schedule(),
            participants=list(procurement.participants.select_related("supplier")),
            **kwargs,
        )


def _market_context(user: Any, market: Procurement) -> dict[str, Any]:
    memberships = list(selectors.membership_list(user=user, procurement=market))
    return {
        "memberships": memberships,
        "members_count": sum(m.status == MembershipStatus.ADMITTED for m in memberships),
        "competitions": list(selectors.procurement_list(user=user).filter(framework=market)),
        "competition_label": Procedure.DYNAMIC_MARKET_COMPETITION.label,
    }


def _events(procurement: Procurement) -> list[tuple[Any, Any]]:
    """The log, newest first, with who acted; while bids are sealed a bidder is not named."""
    sealed = procurement.status == ProcurementStatus.OPEN
    return [
        (event, None if sealed and event.by is not None and event.by.role == Role.PROVIDER_USER else event.by)
        for event in selectors.event_list(procurement)[:50]
    ]


class ProcurementEditView(ProcurementMixin, ModelFormPage):
    permission = staticmethod(can.can_change_procurement)
    form_class = ProcurementForm
    heading = "Change the procurement"
    success_message = "Procurement saved"
    submit_once = False

    def instance(self) -> Procurement:
        return self.procurement

    def form_kwargs(self) -> dict[str, Any]:
        return _form_choices(self.request.user)

    def perform(self, form: Any) -> Procurement:
        data = {k: v for k, v in form.cleaned_data.items() if k not in ("deadline_date", "deadline_time")}
        return services.procurement_update(
            by=self.request.user, procurement=self.procurement, deadline=form.deadline(), **data
        )


class ProcurementHistoryView(ProcurementMixin, HistoryPageMixin, TemplateView):
    label_records = True

    def history_records(self) -> list[Any]:
        pk = self.procurement.pk
        return [
            Procurement.history.filter(id=pk),
            Lot.history.filter(procurement_id=pk),
            QualityQuestion.history.filter(procurement_id=pk),
            PanelMember.history.filter(procurement_id=pk),
            OpeningOfficer.history.filter(procurement_id=pk),
        ]

    def history_subject(self) -> tuple[str, str]:
        return str(self.procurement), self.procurement.get_absolute_url()


# Lots and questions ----------------------------------------------------------------------------------


class PartCreateView(ProcurementMixin, ModelFormPage):
    permission = staticmethod(can.can_change_procurement)


class LotCreateView(PartCreateView):
    form_class = LotForm
    heading = "Add a lot"
    success_message = "Lot added"

    def perform(self, form: Any) -> Lot:
        return services.lot_create(by=self.request.user, procurement=self.procurement, **form.cleaned_data)

    def success_url_for(self, result: Any) -> str:
        return self.back_url()


class LotEditView(ProcurementMixin, ModelFormPage):
    permission = staticmethod(can.can_change_procurement)
    form_class = LotForm
    heading = "Change a lot"
    success_message = "Lot saved"
    submit_once = False

    @cached_property
    def lot(self) -> Lot:
        return _part(self.procurement.lots, self.kwargs["part"])

    def instance(self) -> Lot:
        return self.lot

    def perform(self, form: Any) -> Lot:
        if self.request.POST.get("delete"):
            services.lot_delete(by=self.request.user, lot=self.lot)
            return self.lot
        return services.lot_update(by=self.request.user, lot=self.lot, **form.cleaned_data)

    def success_url_for(self, result: Any) -> str:
        return self.back_url()


def _part(queryset: Any, pk: Any) -> Any:
    found = queryset.filter(pk=pk).first() if str(pk).isdigit() else None
    if found is None:
        raise Http404("Not part of this procurement")
    return found


class QuestionCreateView(PartCreateView):
    form_class = QuestionForm
    heading = "Add a question"
    success_message = "Question added"

    def form_kwargs(self) -> dict[str, Any]:
        return {"lots": self.procurement.lots.all()}

    def perform(self, form: Any) -> QualityQuestion:
        return services.question_create(by=self.request.user, procurement=self.procurement, **form.cleaned_data)

    def success_url_for(self, result: Any) -> str:
        return self.back_url()


class QuestionEditView(ProcurementMixin, ModelFormPage):
    permission = staticmethod(can.can_change_procurement)
    form_class = QuestionForm
    heading = "Change a question"
    success_message = "Question saved"
    submit_once = False

    @cached_property
    def question(self) -> QualityQuestion:
        return _part(self.procurement.questions, self.kwargs["part"])

    def instance(self) -> QualityQuestion:
        return self.question

    def form_kwargs(self) -> dict[str, Any]:
        return {"lots": self.procurement.lots.all()}

    def perform(self, form: Any) -> QualityQuestion:
        if self.request.POST.get("delete"):
            services.question_delete(by=self.request.user, question=self.question)
            return self.question
        return services.question_update(by=self.request.user, question=self.question, **form.cleaned_data)

    def success_url_for(self, result: Any) -> str:
        return self.back_url()


# People: panel, opening officers, declarations ----------------------------------------------------------


class PersonAddView(ProcurementMixin, ServiceFormView):
    template_name = "form_page.html"
    permission = staticmethod(can.can_change_procurement)
    form_class = PersonForm
    panel = True

    def get_form_kwargs(self) -> dict[str, Any]:
        people = colleague_list(organisation_ids=[self.procurement.organisation_id]).order_by("full_name")
        return {**super().get_form_kwargs(), "people": people, "roles": self.panel}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        heading = "Add a member of the evaluation panel" if self.panel else "Add an opening officer"
        return super().get_context_data(heading=heading, back_url=self.back_url(), submit_label="Add", **kwargs)

    def perform(self, form: Any) -> Any:
        data = form.cleaned_data
        if self.panel:
            return services.panel_member_add(
                by=self.request.user, procurement=self.procurement, person=data["person"], role=data["role"]
            )
        return services.opening_officer_add(by=self.request.user, procurement=self.procurement, person=data["person"])

    def success_url_for(self, result: Any) -> str:
        return self.back_url()


class OfficerAddView(PersonAddView):
    panel = False


class PersonRemoveView(ProcurementMixin, ServiceFormView):
    template_name = "form_page.html"
    permission = staticmethod(can.can_change_procurement)
    form_class = ConfirmForm
    submit_once = False
    panel = True

    @cached_property
    def place(self) -> Any:
        return _part(self.procurement.panel if self.panel else self.procurement.opening_officers, self.kwargs["part"])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        what = "from the evaluation panel" if self.panel else "as an opening officer"
        return super().get_context_data(
            heading=f"Remove {self.place.person} {what}", back_url=self.back_url(), submit_label="Remove", **kwargs
        )

    def perform(self, form: Any) -> Any:
        if self.panel:
            services.panel_member_remove(by=self.request.user, member=self.place)
        else:
            services.opening_officer_remove(by=self.request.user, officer=self.place)
        return self.procurement


class OfficerRemoveView(PersonRemoveView):
    panel = False


class DeclareView(ProcurementMixin, ServiceFormView):
    template_name = "procurement/declare.html"
    form_class = DeclarationForm
    success_message = "Declaration recorded"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            heading="Declare your interests", back_url=self.back_url(), submit_label="Declare", **kwargs
        )

    def perform(self, form: Any) -> Any:
        services.conflict_declare(by=self.request.user, procurement=self.procurement, **form.cleaned_data)
        return self.procurement


class AssessmentCreateView(ProcurementMixin, ServiceFormView):
    template_name = "procurement/assessment_form.html"
    permission = staticmethod(can.can_change_procurement)
    form_class = ConflictsAssessmentForm
    success_message = "Conflicts assessment saved"

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        latest = self.procurement.conflicts_assessments.order_by("-version").first()
        if latest is not None and "data" not in kwargs:
            kwargs["initial"] = {"assessment": latest.assessment}
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        declarations = selectors.latest_declarations(self.procurement)
        return super().get_context_data(
            heading="Assess conflicts of interest",
            back_url=self.back_url(),
            submit_label="Save this version",
            declarations=list(declarations.values()),
            **kwargs,
        )

    def perform(self, form: Any) -> Any:
        services.conflicts_assessment_create(
            by=self.request.user, procurement=self.procurement, assessment=form.cleaned_data["assessment"]
        )
        return self.procurement


# Publishing, amendments, clarifications --------------------------------------------------------------------


class PublishView(ProcurementMixin, ServiceFormView):
    template_name = "procurement/publish.html"
    permission = staticmethod(can.can_change_procurement)
    form_class = ConfirmForm
    submit_once = False  # sent again, it is refused in words: the tender is already published
    success_message = "Published: providers can now see the tender and bid until the deadline"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            heading="Publish the tender",
            back_url=self.back_url(),
            problems=services.publication_problems(self.procurement) if not self.procurement.is_published else [],
            **kwargs,
        )

    def perform(self, form: Any) -> Procurement:
        return in_words(services.tender_publish, by=self.request.user, procurement=self.procurement)


class AmendmentCreateView(ProcurementMixin, ServiceFormView):
    template_name = "form_page.html"
    permission = staticmethod(can.can_change_procurement)
    form_class = AmendmentForm
    success_message = "Amendment published: bidders who already bid must confirm their bids"

    def get_initial(self) -> dict[str, Any]:
        return {"specification": self.procurement.specification}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            heading="Amend the tender", back_url=self.back_url(), submit_label="Publish the amendment", **kwargs
        )

    def perform(self, form: Any) -> Any:
        data = form.cleaned_data
        spec = data["specification"] if data["specification"] != self.procurement.specification else None
        return services.amendment_make(
            by=self.request.user,
            procurement=self.procurement,
            summary=data["summary"],
            new_deadline=form.deadline(),
            specification=spec or None,
        )

    def success_url_for(self, result: Any) -> str:
        return self.back_url()


class ClarificationAnswerView(ProcurementMixin, ServiceFormView):
    template_name = "form_page.html"
    permission = staticmethod(can.can_change_procurement)
    form_class = ClarificationAnswerForm
    submit_once = False
    success_message = "Answer published to every bidder"

    @cached_property
    def clarification(self) -> Any:
        return _part(self.procurement.clarifications, self.kwargs["part"])

    def get_initial(self) -> dict[str, Any]:
        return {"question": self.clarification.question, "answer": self.clarification.answer}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            heading="Answer a question", back_url=self.back_url(), submit_label="Publish the answer", **kwargs
        )

    def perform(self, form: Any) -> Any:
        return services.clarification_answer(
            by=self.request.user, clarification=self.clarification, **form.cleaned_data
        )

    def success_url_for(self, result: Any) -> str:
        return self.back_url()


class ClarificationPublishView(ProcurementMixin, ServiceFormView):
    template_name = "form_page.html"
    permission = staticmethod(can.can_change_procurement)
    form_class = ClarificationAnswerForm
    success_message = "Clarification published to every bidder"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            heading="Publish a clarification", back_url=self.back_url(), submit_label="Publish", **kwargs
        )

    def perform(self, form: Any) -> Any:
        return services.clarification_publish(by=self.request.user, procurement=self.procurement, **form.cleaned_data)

    def success_url_for(self, result: Any) -> str:
        return self.back_url()


# Opening ---------------------------------------------------------------------------------------------


class OpeningView(ProcurementMixin, ServiceFormView):
    """An opening officer's part in opening the bids: their passphrase, on their own sign-in."""

    template_name = "procurement/opening.html"
    form_class = PassphraseForm
    submit_once = False  # each officer acts once; a repeat is refused in words

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            heading="Open the bids",
            back_url=self.back_url(),
            submit_label="Unlock my part",
            steps=list(self.procurement.opening_steps.select_related("officer")),
            **kwargs,
        )

    def perform(self, form: Any) -> Any:
        result = in_words(
            services.opening_act,
            by=self.request.user,
            procurement=self.procurement,
            passphrase=form.cleaned_data["passphrase"],
        )
        self._message = result.message
        return self.procurement

    def success_message_for(self, result: Any) -> str:
        return self._message


class OpeningKeyView(ServiceFormView):
    template_name = "procurement/opening_key.html"
    permission = staticmethod(can.can_hold_opening_key)
    form_class = OpeningKeyForm
    submit_once = False

    @cached_property
    def key(self) -> OpeningKey | None:
        return OpeningKey.objects.filter(person=self.request.user).first()

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "has_key": self.key is not None}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            heading="Change your opening passphrase" if self.key else "Set up your opening key",
            back_url=reverse("procurement:index"),
            submit_label="Save",
            key=self.key,
            **kwargs,
        )

    def perform(self, form: Any) -> Any:
        data = form.cleaned_data
        return services.opening_key_set(
            by=self.request.user, passphrase=data["passphrase"], current=data.get("current")
        )

    def success_message_for(self, result: Any) -> str:
        return "Opening key ready: you can now be named as an opening officer"

    def success_url_for(self, result: Any) -> str:
        return reverse("procurement:index")


class OpenedBidView(ProcurementMixin, TemplateView):
    """One opened bid, for the buyer's staff: price, answers and documents."""

    template_name = "procurement/bid_opened.html"

    @cached_property
    def bid(self) -> Any:
        return _part(
            selectors.opened_bid_list(user=self.request.user, procurement=self.procurement), self.kwargs["part"]
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        questions = {str(q.pk): q for q in self.procurement.questions.all()}
        answers = [(questions.get(key), text) for key, text in (self.bid.answers or {}).items()]
        return super().get_context_data(bid=self.bid, answers=answers, **kwargs)


class OpenedDocumentView(OpenedBidView):
    def get(self, request: Any, *args: Any, **kwargs: Any) -> HttpResponse:
        index = self.kwargs["index"]
        documents = self.bid.documents or []
        if index >= len(documents):
            raise Http404("No such document")
        path = services.opened_document_path(self.bid, index)
        return attachment(
            path.read_bytes(), content_type="application/octet-stream", file_name=documents[index]["name"]
        )
