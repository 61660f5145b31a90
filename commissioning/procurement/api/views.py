"""The procurement API: the buyer's staff set up, publish and evaluate tenders and award them, run
dynamic markets and design and decide the stages of a competitive flexible procedure; providers
find opportunities, ask questions, send sealed bids, apply to join markets and ask to take part in
staged tenders. Services do every write and refuse in words (400); an act the requester may not
take is 403; a record out of reach is 404."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Prefetch, QuerySet, prefetch_related_objects
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from commissioning.core.api import AnswerOnce
from commissioning.core.filtersets import ListFilterSet, RecordIdFilter
from commissioning.core.kept_pages import KeptListMixin
from commissioning.core.permissions import ActionPermission, on_object
from commissioning.procurement import permissions as can
from commissioning.procurement import selectors, services
from commissioning.procurement.api import serializers as s
from commissioning.procurement.choices import ProcurementStatus
from commissioning.procurement.models import (
    AssessmentSummary,
    Award,
    Bid,
    Clarification,
    Lot,
    MarketMembership,
    ModeratedScore,
    Notice,
    Participant,
    Procurement,
    QualityQuestion,
    Score,
    TenderStage,
)

# --- Filters -------------------------------------------------------------------------------------


class ProcurementFilterSet(ListFilterSet):
    status = django_filters.ChoiceFilter(choices=ProcurementStatus.choices)

    class Meta:
        model = Procurement
        fields: list[str] = []


class _OfProcurementFilterSet(ListFilterSet):
    procurement = RecordIdFilter(field_name="procurement_id", help_text="A procurement's id")


class LotFilterSet(_OfProcurementFilterSet):
    class Meta:
        model = Lot
        fields: list[str] = []


class QuestionFilterSet(_OfProcurementFilterSet):
    class Meta:
        model = QualityQuestion
        fields: list[str] = []


class ClarificationFilterSet(_OfProcurementFilterSet):
    class Meta:
        model = Clarification
        fields: list[str] = []


class BidFilterSet(_OfProcurementFilterSet):
    class Meta:
        model = Bid
        fields: list[str] = []


class AwardFilterSet(_OfProcurementFilterSet):
    class Meta:
        model = Award
        fields: list[str] = []


class NoticeFilterSet(_OfProcurementFilterSet):
    class Meta:
        model = Notice
        fields: list[str] = []


class MembershipFilterSet(_OfProcurementFilterSet):
    class Meta:
        model = MarketMembership
        fields: list[str] = []


class StageFilterSet(_OfProcurementFilterSet):
    class Meta:
        model = TenderStage
        fields: list[str] = []


class ParticipantFilterSet(_OfProcurementFilterSet):
    class Meta:
        model = Participant
        fields: list[str] = []


def _changer(user: Any, record: Any) -> bool:
    """Whoever may change the record's procurement (the buyer's commissioning workers)."""
    return can.can_change_procurement(user, record.procurement)


# --- Procurements and their parts (the buyer's staff) ---------------------------------------------


@extend_schema_view(create=extend_schema(responses={201: s.ProcurementSerializer}))
class ProcurementViewSet(
    KeptListMixin,
    AnswerOnce,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Your organisation's procurements, with their lots, questions and notices; filter by
    `status`. POST one to start it (its legal regime is worked out from its start date, value
    and services, with the reason). Then `publish` opens the tender to bids; after the opening
    (done on the pages, by two officers with their passphrases) and the scoring, `finish-evaluation`
    ranks each lot, `send-summaries` tells every assessed bidder its marks, and awards follow;
    or `terminate` ends it without an award. A dynamic market (procedure `dynamic_market`, with
    its conditions for membership and the day it runs until) is instead announced
    (`announce-market`), set up once members are admitted (`set-up-market`), changed
    (`change-market`) and ended (`end-market`), each with its notice."""

    serializer_class = s.ProcurementSerializer
    permission_classes = [ActionPermission]
    filterset_class = ProcurementFilterSet
    action_permissions = {
        "list": can.can_view_procurements,
        "retrieve": can.can_view_procurements,
        "create": can.can_run_procurements,
        "publish": on_object(can.can_change_procurement),
        "terminate": on_object(can.can_change_procurement),
        "finish_evaluation": on_object(can.can_change_procurement),
        "send_summaries": on_object(can.can_change_procurement),
        "announce_market": on_object(can.can_change_procurement),
        "set_up_market": on_object(can.can_change_procurement),
        "change_market": on_object(can.can_change_procurement),
        "end_market": on_object(can.can_change_procurement),
    }

    def get_queryset(self) -> QuerySet[Procurement]:
        # The selector counts lots, and a counted list keeps no ordering of its own: newest first.
        procurements = selectors.procurement_list(user=self.request.user).order_by("-commenced_on", "-pk")
        return procurements.prefetch_related("lots", "questions", "notices", "stages")

    def get_object(self) -> Procurement:
        procurement = selectors.procurement_get(user=self.request.user, pk=self.kwargs["pk"])
        self.check_object_permissions(self.request, procurement)
        return procurement

    def _answer(self, procurement: Procurement, code: int = status.HTTP_200_OK) -> Response:
        procurement = selectors.procurement_get(user=self.request.user, pk=procurement.pk)
        return Response(s.ProcurementSerializer(procurement, context={"request": self.request}).data, status=code)

    def create(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        data = s.ProcurementSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        procurement = services.procurement_create(by=request.user, **data.validated_data)
        return self._answer(procurement, status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=s.ProcurementSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request: Any, pk: Any = None) -> Response:
        """Open the tender to bids (and publish its tender notice where the law requires one).
        Refused, listing every problem, until it is ready."""
        return self._answer(services.tender_publish(by=request.user, procurement=self.get_object()))

    @extend_schema(request=s.TerminateInputSerializer, responses=s.ProcurementSerializer)
    @action(detail=True, methods=["post"])
    def terminate(self, request: Any, pk: Any = None) -> Response:
        """End the procurement without an award, with the reason."""
        procurement = self.get_object()
        data = s.TerminateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._answer(
            services.procurement_terminate(by=request.user, procurement=procurement, **data.validated_data)
        )

    @extend_schema(request=None, responses=s.ProcurementSerializer)
    @action(detail=True, methods=["post"], url_path="finish-evaluation")
    def finish_evaluation(self, request: Any, pk: Any = None) -> Response:
        """Close the scoring once every answer of every lot is moderated: each lot is ranked and kept."""
        return self._answer(services.evaluation_finish(by=request.user, procurement=self.get_object()))

    @extend_schema(request=None, responses=s.ProcurementSerializer)
    @action(detail=True, methods=["post"], url_path="send-summaries")
    def send_summaries(self, request: Any, pk: Any = None) -> Response:
        """Send every assessed bidder its assessment summary (needed before any award)."""
        procurement = self.get_object()
        services.summaries_send(by=request.user, procurement=procurement)
        return self._answer(procurement)

    @extend_schema(request=None, responses=s.ProcurementSerializer)
    @action(detail=True, methods=["post"], url_path="announce-market")
    def announce_market(self, request: Any, pk: Any = None) -> Response:
        """Publish the dynamic market's intention notice: suppliers may apply to join from now on,
        and its conditions for membership can no longer change. Refused, listing every problem,
        until it is ready."""
        return self._answer(services.market_announce(by=request.user, procurement=self.get_object()))

    @extend_schema(request=None, responses=s.ProcurementSerializer)
    @action(detail=True, methods=["post"], url_path="set-up-market")
    def set_up_market(self, request: Any, pk: Any = None) -> Response:
        """Set the announced market up (its notice is published): competitions may be held among
        its members from now on."""
        return self._answer(services.market_establish(by=request.user, procurement=self.get_object()))

    @extend_schema(request=s.MarketChangeInputSerializer, responses=s.ProcurementSerializer)
    @action(detail=True, methods=["post"], url_path="change-market")
    def change_market(self, request: Any, pk: Any = None) -> Response:
        """Change what the market is for or how long it runs, saying what changed and why (published
        in its notice)."""
        procurement = self.get_object()
        data = s.MarketChangeInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        change = data.validated_data
        market = services.market_change(
            by=request.user,
            procurement=procurement,
            summary=change["summary"],
            description=change.get("description") or None,
            market_ends_on=change.get("market_ends_on"),
        )
        return self._answer(market)

    @extend_schema(request=s.MarketEndInputSerializer, responses=s.ProcurementSerializer)
    @action(detail=True, methods=["post"], url_path="end-market")
    def end_market(self, request: Any, pk: Any = None) -> Response:
        """End the market, with the reason (published in its notice): refused while a competition in
        it is still taking bids."""
        procurement = self.get_object()
        data = s.MarketEndInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._answer(services.market_cease(by=request.user, procurement=procurement, **data.validated_data))


@extend_schema_view(create=extend_schema(request=s.LotInputSerializer, responses={201: s.LotInputSerializer}))
class LotViewSet(
    KeptListMixin,
    AnswerOnce,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Lots of your organisation's procurements; filter by `procurement`. POST a procurement and
    the lot's title and estimated value (without VAT) to add one before the tender is published."""

    serializer_class = s.LotInputSerializer
    permission_classes = [ActionPermission]
    filterset_class = LotFilterSet
    action_permissions = {
        "list": can.can_view_procurements,
        "retrieve": can.can_view_procurements,
        "create": can.can_run_procurements,
    }

    def get_queryset(self) -> QuerySet[Lot]:
        return Lot.objects.visible_to(self.request.user)

    def create(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        data = s.LotInputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        lot = services.lot_create(by=request.user, **data.validated_data)
        return Response(s.LotInputSerializer(lot, context={"request": request}).data, status=status.HTTP_201_CREATED)


@extend_schema_view(create=extend_schema(request=s.QuestionInputSerializer, responses={201: s.QuestionInputSerializer}))
class QualityQuestionViewSet(
    KeptListMixin,
    AnswerOnce,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Quality and social value questions of your organisation's procurements; filter by
    `procurement`. POST one before the tender is published: its weight is its share of its section."""

    serializer_class = s.QuestionInputSerializer
    permission_classes = [ActionPermission]
    filterset_class = QuestionFilterSet
    action_permissions = {
        "list": can.can_view_procurements,
        "retrieve": can.can_view_procurements,
        "create": can.can_run_procurements,
    }

    def get_queryset(self) -> QuerySet[QualityQuestion]:
        return QualityQuestion.objects.visible_to(self.request.user)

    def create(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        data = s.QuestionInputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        question = services.question_create(by=request.user, **data.validated_data)
        answer = s.QuestionInputSerializer(question, context={"request": request}).data
        return Response(answer, status=status.HTTP_201_CREATED)


# --- Providers: opportunities, questions and bids ----------------------------------------------------


class OpportunityViewSet(KeptListMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Published tenders taking bids, soonest deadline first, for providers: lots, the questions
    to answer, answered clarifications (never who asked) and amendments. A tender whose deadline
    has passed can still be read by its id."""

    serializer_class = s.OpportunitySerializer
    permission_classes = [ActionPermission]
    action_permissions = {"list": can.is_bidder, "retrieve": can.is_bidder}

    def get_queryset(self) -> QuerySet[Procurement]:
        return selectors.opportunity_list(user=self.request.user).prefetch_related(*_opportunity_parts())

    def get_object(self) -> Procurement:
        opportunity = selectors.opportunity_get(pk=self.kwargs["pk"], user=self.request.user)
        prefetch_related_objects([opportunity], *_opportunity_parts())
        self.check_object_permissions(self.request, opportunity)
        return opportunity


def _opportunity_parts() -> list[Any]:
    answered = Clarification.objects.filter(answered_at__isnull=False).order_by("answered_at", "pk")
    return [
        "lots",
        "questions",
        "amendments",
        "stages",
        Prefetch("clarifications", queryset=answered, to_attr="answered_clarifications"),
    ]


# --- Dynamic markets' memberships, and staged tenders' stages and participants ----------------------


@extend_schema_view(
    create=extend_schema(request=s.MembershipApplyInputSerializer, responses={201: s.MarketMembershipSerializer})
)
class MarketMembershipViewSet(
    KeptListMixin,
    AnswerOnce,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Applications to join dynamic markets, newest first; filter by `procurement`. The buyer's
    staff see every application to their markets; a provider sees only its own. A provider POSTs
    an announced market and how it meets each condition for membership to apply (refused while an
    earlier application awaits a decision, or once it is a member). The buyer's commissioning
    workers `decide` an application (admit, or not with the reason the supplier reads) and
    `remove` a member, with the reason."""

    serializer_class = s.MarketMembershipSerializer
    permission_classes = [ActionPermission]
    filterset_class = MembershipFilterSet
    action_permissions = {
        "create": can.is_bidder,
        "decide": on_object(_changer),
        "remove": on_object(_changer),
    }

    def get_queryset(self) -> QuerySet[MarketMembership]:
        # As selectors.membership_list, for every market the user may see.
        memberships = MarketMembership.objects.visible_to(self.request.user)
        return memberships.select_related("supplier").order_by("-applied_at", "-pk")

    def _answer(self, membership: MarketMembership, code: int = status.HTTP_200_OK) -> Response:
        return Response(s.MarketMembershipSerializer(membership).data, status=code)

    def create(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        data = s.MembershipApplyInputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        membership = services.membership_apply(by=request.user, **data.validated_data)
        return self._answer(membership, status.HTTP_201_CREATED)

    @extend_schema(request=s.MembershipDecisionInputSerializer, responses=s.MarketMembershipSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request: Any, pk: Any = None) -> Response:
        """Admit the supplier (`admit`: true) if it meets every condition for membership and is
        not excluded; otherwise say which condition it does not meet (`reason`)."""
        membership = self.get_object()
        data = s.MembershipDecisionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._answer(services.membership_decide(by=request.user, membership=membership, **data.validated_data))

    @extend_schema(request=s.MembershipRemoveInputSerializer, responses=s.MarketMembershipSerializer)
    @action(detail=True, methods=["post"])
    def remove(self, request: Any, pk: Any = None) -> Response:
        """Take a member off the market, with the reason: it takes no part in competitions opened
        after this."""
        membership = self.get_object()
        data = s.MembershipRemoveInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._answer(services.membership_remove(by=request.user, membership=membership, **data.validated_data))


@extend_schema_view(
    create=extend_schema(request=s.TenderStageSerializer, responses={201: s.TenderStageSerializer}),
    destroy=extend_schema(responses={204: None}),
)
class TenderStageViewSet(
    KeptListMixin,
    AnswerOnce,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Stages of competitive flexible procedures, in order; filter by `procurement`. The buyer's
    staff see their procurements' stages, providers those of published tenders. Before the tender
    is published, POST a stage (what happens at it, and when it closes: after the last stage) to
    add it after the others, or DELETE the last one. Once a stage has closed, `decide` it: the
    organisation ids of the suppliers taken forward, and why each other supplier still taking
    part is not."""

    serializer_class = s.TenderStageSerializer
    permission_classes = [ActionPermission]
    filterset_class = StageFilterSet
    action_permissions = {
        "create": can.can_run_procurements,
        "destroy": on_object(_changer),
        "decide": on_object(_changer),
    }

    def get_queryset(self) -> QuerySet[TenderStage]:
        return TenderStage.objects.visible_to(self.request.user).order_by("procurement", "number")

    def _answer(self, stage: TenderStage, code: int = status.HTTP_200_OK) -> Response:
        return Response(s.TenderStageSerializer(stage, context={"request": self.request}).data, status=code)

    def create(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        data = s.TenderStageSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        return self._answer(services.stage_create(by=request.user, **data.validated_data), status.HTTP_201_CREATED)

    def destroy(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        """Take out the last stage, before the tender is published."""
        services.stage_delete(by=request.user, stage=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=s.StageDecisionInputSerializer, responses=s.TenderStageSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request: Any, pk: Any = None) -> Response:
        """Decide a closed stage, once the earlier ones are decided: the suppliers still taking part
        that go on (`taken_forward`), and a reason for each of the others (`reasons`, by
        organisation id), which that supplier reads."""
        stage = self.get_object()
        data = s.StageDecisionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._answer(services.stage_decide(by=request.user, stage=stage, **data.validated_data))


@extend_schema_view(
    create=extend_schema(request=s.ParticipationInputSerializer, responses={201: s.ParticipantSerializer})
)
class ParticipantViewSet(
    KeptListMixin,
    AnswerOnce,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Suppliers taking part in staged tenders (competitive flexible procedures); filter by
    `procurement`. The buyer's staff see every supplier in their tenders and how far each has got;
    a provider sees only its own place. A provider POSTs a published staged tender and how it
    meets the conditions of participation to ask to take part, until the first stage closes."""

    serializer_class = s.ParticipantSerializer
    permission_classes = [ActionPermission]
    filterset_class = ParticipantFilterSet
    action_permissions = {"create": can.is_bidder}

    def get_queryset(self) -> QuerySet[Participant]:
        participants = Participant.objects.visible_to(self.request.user).select_related("supplier")
        return participants.order_by("procurement", "requested_at", "pk")

    def create(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        data = s.ParticipationInputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        participant = services.participation_request(by=request.user, **data.validated_data)
        return Response(s.ParticipantSerializer(participant).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    create=extend_schema(request=s.ClarificationInputSerializer, responses={201: s.ClarificationSerializer})
)
class ClarificationViewSet(
    KeptListMixin,
    AnswerOnce,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Questions about tenders: a provider sees the answered ones and its own, never who asked
    the others; the buyer's staff see every question about its tenders and who asked. Filter by
    `procurement`. A provider POSTs a published tender, optionally a lot, and its question, until
    the deadline; the buyer answers on the pages, publishing the answer to every bidder."""

    permission_classes = [ActionPermission]
    filterset_class = ClarificationFilterSet
    action_permissions = {"create": can.is_bidder}

    def get_queryset(self) -> QuerySet[Clarification]:
        return Clarification.objects.visible_to(self.request.user).select_related("asked_by").order_by("pk")

    def get_serializer_class(self) -> type[s.ClarificationSerializer]:
        if can.can_view_procurements(self.request.user):
            return s.StaffClarificationSerializer
        return s.ClarificationSerializer

    def create(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        data = s.ClarificationInputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        clarification = services.clarification_ask(by=request.user, **data.validated_data)
        answer = s.ClarificationSerializer(clarification, context={"request": request}).data
        return Response(answer, status=status.HTTP_201_CREATED)


@extend_schema_view(create=extend_schema(request=s.BidInputSerializer, responses={201: s.BidSerializer}))
class BidViewSet(
    KeptListMixin,
    AnswerOnce,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Your organisation's bids, newest first, each with its receipt: replaced and withdrawn ones
    too. Filter by `procurement`. POST a published tender, a lot, the price (without VAT, for the
    whole term) and an answer to each of the lot's questions (question id to text) to send a
    sealed bid: 201 with its receipt, or 400 with the reason (after the deadline, by the server's
    clock, whatever yours says). A bid replaces your earlier bid for the same lot. Documents
    (method statements, policies, accounts) are sent with a bid through its page, not the API.
    `withdraw` takes a bid back and `confirm` says it still stands after an amendment, both
    before the deadline; `explain` answers the buyer's request to explain a low price."""

    serializer_class = s.BidSerializer
    permission_classes = [ActionPermission]
    filterset_class = BidFilterSet
    action_permissions = {
        "list": can.is_bidder,
        "retrieve": can.is_bidder,
        "create": can.is_bidder,
        "withdraw": can.is_bidder,
        "confirm": can.is_bidder,
        "explain": can.is_bidder,
    }

    def get_queryset(self) -> QuerySet[Bid]:
        return Bid.objects.visible_to(self.request.user).order_by("-created_at", "-pk")

    def _answer(self, bid: Bid, code: int = status.HTTP_200_OK) -> Response:
        return Response(s.BidSerializer(bid, context={"request": self.request}).data, status=code)

    def create(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        data = s.BidInputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        bid = services.bid_submit(by=request.user, **data.validated_data)
        return self._answer(bid, status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=s.BidSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Any, pk: Any = None) -> Response:
        """Take the bid back before the deadline; its sealed contents are deleted unopened."""
        return self._answer(services.bid_withdraw(by=request.user, bid=self.get_object()))

    @extend_schema(request=None, responses=s.BidSerializer)
    @action(detail=True, methods=["post"])
    def confirm(self, request: Any, pk: Any = None) -> Response:
        """Confirm the bid stands after the tender was amended."""
        return self._answer(services.bid_confirm(by=request.user, bid=self.get_object()))

    @extend_schema(request=s.ExplanationInputSerializer, responses=s.BidSerializer)
    @action(detail=True, methods=["post"])
    def explain(self, request: Any, pk: Any = None) -> Response:
        """Explain how an abnormally low price is made up, once the buyer asks."""
        bid = self.get_object()
        data = s.ExplanationInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._answer(services.low_price_explain(by=request.user, bid=bid, **data.validated_data))


# --- Evaluation and award (the buyer's staff) -------------------------------------------------------


class _PanelViewSet(AnswerOnce, mixins.CreateModelMixin, viewsets.GenericViewSet):
    """A panel member records a score for an opened bid's answer (subclasses name the service)."""

    permission_classes = [ActionPermission]
    action_permissions = {"create": can.can_view_procurements}
    record = staticmethod(services.score_record)

    def perform_create(self, serializer: Any) -> None:
        serializer.instance = self.record(by=self.request.user, **serializer.validated_data)


class ScoreViewSet(_PanelViewSet):
    """An assessor's own score (0 to the tender's scale) for one answer of an opened bid, with the
    reason; scored again, it is changed, until the evaluation is finished. Only the panel's
    assessors score (403 for anyone else)."""

    serializer_class = s.ScoreSerializer
    record = staticmethod(services.score_record)

    def get_queryset(self) -> QuerySet[Score]:
        return Score.objects.filter(assessor=self.request.user)


class ModeratedScoreViewSet(_PanelViewSet):
    """The panel's agreed score for one answer, once every assessor has scored it, with the reason
    the bidder will read. Only the panel's moderators agree scores (403 for anyone else)."""

    serializer_class = s.ModeratedScoreSerializer
    record = staticmethod(services.moderation_record)

    def get_queryset(self) -> QuerySet[ModeratedScore]:
        return ModeratedScore.objects.filter(moderated_by=self.request.user)


@extend_schema_view(create=extend_schema(request=s.AwardInputSerializer, responses={201: s.AwardSerializer}))
class AwardViewSet(
    KeptListMixin,
    AnswerOnce,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Awards of your organisation's procurements; filter by `procurement`. POST a procurement and
    a lot to award the lot to its most advantageous tender, once the evaluation is finished and
    every assessed bidder has its summary; the standstill is counted from the award notice.
    `sign` records the contract signed, refused during standstill."""

    serializer_class = s.AwardSerializer
    permission_classes = [ActionPermission]
    filterset_class = AwardFilterSet
    action_permissions = {
        "list": can.can_view_procurements,
        "retrieve": can.can_view_procurements,
        "create": can.can_run_procurements,
        "sign": on_object(_changer),
    }

    def get_queryset(self) -> QuerySet[Award]:
        # Award has no OwnedQuerySet manager (so no `visible_to`): its own rule, applied here.
        return Award.objects.visible_to(self.request.user).select_related("supplier")

    def create(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        data = s.AwardInputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        award = services.award_decide(by=request.user, **data.validated_data)
        return Response(s.AwardSerializer(award).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.SignInputSerializer, responses=s.AwardSerializer)
    @action(detail=True, methods=["post"])
    def sign(self, request: Any, pk: Any = None) -> Response:
        """Record the contract signed (today, or on `signed_on`): never before the standstill ends."""
        award = self.get_object()
        data = s.SignInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return Response(
            s.AwardSerializer(services.award_sign(by=request.user, award=award, **data.validated_data)).data
        )


class AssessmentSummaryViewSet(
    KeptListMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Assessment summaries: a bidder reads its own (its marks and the winner's, criterion by
    criterion, with the reasons); the buyer's staff read those of its procurements."""

    serializer_class = s.AssessmentSummarySerializer
    permission_classes = [ActionPermission]

    def get_queryset(self) -> QuerySet[AssessmentSummary]:
        return AssessmentSummary.objects.visible_to(self.request.user).select_related("bid")


class NoticeViewSet(KeptListMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Published notices (public), oldest first, each with its OCDS release as published; filter by
    `procurement`."""

    serializer_class = s.NoticeSerializer
    permission_classes = [ActionPermission]
    filterset_class = NoticeFilterSet

    def get_queryset(self) -> QuerySet[Notice]:
        return Notice.objects.select_related("procurement")
