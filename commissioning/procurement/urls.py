from django.urls import path

from commissioning.procurement import views

app_name = "procurement"

P = "procurement/<int:pk>/"

urlpatterns = [
    path("procurement/", views.ProcurementListView.as_view(), name="index"),
    path("procurement/new/", views.ProcurementCreateView.as_view(), name="create"),
    path("procurement/opening-key/", views.OpeningKeyView.as_view(), name="opening-key"),
    path(P, views.ProcurementDetailView.as_view(), name="detail"),
    path(P + "edit/", views.ProcurementEditView.as_view(), name="edit"),
    path(P + "history/", views.ProcurementHistoryView.as_view(), name="history"),
    path(P + "lots/new/", views.LotCreateView.as_view(), name="lot-create"),
    path(P + "lots/<int:part>/", views.LotEditView.as_view(), name="lot-edit"),
    path(P + "questions/new/", views.QuestionCreateView.as_view(), name="question-create"),
    path(P + "questions/<int:part>/", views.QuestionEditView.as_view(), name="question-edit"),
    path(P + "panel/new/", views.PersonAddView.as_view(), name="panel-add"),
    path(P + "panel/<int:part>/remove/", views.PersonRemoveView.as_view(), name="panel-remove"),
    path(P + "officers/new/", views.OfficerAddView.as_view(), name="officer-add"),
    path(P + "officers/<int:part>/remove/", views.OfficerRemoveView.as_view(), name="officer-remove"),
    path(P + "declare/", views.DeclareView.as_view(), name="declare"),
    path(P + "conflicts/new/", views.AssessmentCreateView.as_view(), name="assessment-create"),
    path(P + "publish/", views.PublishView.as_view(), name="publish"),
    path(P + "amendments/new/", views.AmendmentCreateView.as_view(), name="amendment-create"),
    path(P + "clarifications/new/", views.ClarificationPublishView.as_view(), name="clarification-publish"),
    path(P + "clarifications/<int:part>/", views.ClarificationAnswerView.as_view(), name="clarification-answer"),
    path(P + "open/", views.OpeningView.as_view(), name="open"),
    path(P + "bids/<int:part>/", views.OpenedBidView.as_view(), name="bid-opened"),
    path(P + "bids/<int:part>/documents/<int:index>/", views.OpenedDocumentView.as_view(), name="bid-document"),
    path(P + "evaluation/", views.EvaluationView.as_view(), name="evaluation"),
    path(P + "bids/<int:part>/score/", views.BidScoringView.as_view(), name="bid-score"),
    path(P + "bids/<int:part>/moderate/", views.BidModerationView.as_view(), name="bid-moderate"),
    path(P + "bids/<int:part>/explanation/", views.LowPriceRequestView.as_view(), name="low-price-request"),
    path(P + "bids/<int:part>/explanation/decision/", views.LowPriceDecideView.as_view(), name="low-price-decide"),
    path(P + "evaluation/finish/", views.EvaluationFinishView.as_view(), name="evaluation-finish"),
    path(P + "summaries/", views.SummariesSendView.as_view(), name="summaries-send"),
    path(P + "awards/new/", views.AwardDecideView.as_view(), name="award-create"),
    path(P + "awards/<int:part>/sign/", views.AwardSignView.as_view(), name="award-sign"),
    path(P + "direct-award/", views.DirectAwardView.as_view(), name="direct-award"),
    path(P + "terminate/", views.TerminateView.as_view(), name="terminate"),
    path(P + "notices/<str:kind>/new/", views.NoticePublishView.as_view(), name="notice-publish"),
    # Providers
    path("opportunities/<int:pk>/", views.OpportunityView.as_view(), name="opportunity"),
    path("opportunities/<int:pk>/questions/new/", views.QuestionAskView.as_view(), name="question-ask"),
    path("opportunities/<int:pk>/lots/<int:lot>/bid/", views.BidSubmitView.as_view(), name="bid-submit"),
    path("bids/<int:pk>/", views.ReceiptView.as_view(), name="receipt"),
    path("bids/<int:pk>/withdraw/", views.BidActionView.as_view(), name="bid-withdraw"),
    path("bids/<int:pk>/confirm/", views.BidConfirmView.as_view(), name="bid-confirm"),
    path("bids/<int:pk>/summary/", views.SummaryView.as_view(), name="summary"),
    path("bids/<int:pk>/explain/", views.ExplainView.as_view(), name="explain"),
    # Anyone
    path("public/opportunities/", views.PublicOpportunityListView.as_view(), name="public-opportunities"),
    path("public/opportunities/<int:pk>/", views.PublicOpportunityView.as_view(), name="public-opportunity"),
    path("public/notices/<int:pk>/", views.NoticeView.as_view(), name="notice"),
    path("public/notices/<int:pk>/release.json", views.NoticeDataView.as_view(), name="notice-data"),
    path("public/open-contracting/releases.json", views.ReleasesView.as_view(), name="releases"),
]
