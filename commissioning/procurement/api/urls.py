"""The app's API routes, under /api/v1/ (the site package includes them)."""

from commissioning.core.api import app_router
from commissioning.procurement.api import views

router = app_router()
router.register("procurements", views.ProcurementViewSet, basename="procurement")
router.register("lots", views.LotViewSet, basename="lot")
router.register("quality-questions", views.QualityQuestionViewSet, basename="quality-question")
router.register("opportunities", views.OpportunityViewSet, basename="opportunity")
router.register("bids", views.BidViewSet, basename="bid")
router.register("clarifications", views.ClarificationViewSet, basename="clarification")
router.register("market-memberships", views.MarketMembershipViewSet, basename="market-membership")
router.register("tender-stages", views.TenderStageViewSet, basename="tender-stage")
router.register("participants", views.ParticipantViewSet, basename="participant")
router.register("scores", views.ScoreViewSet, basename="score")
router.register("moderated-scores", views.ModeratedScoreViewSet, basename="moderated-score")
router.register("awards", views.AwardViewSet, basename="award")
router.register("assessment-summaries", views.AssessmentSummaryViewSet, basename="assessment-summary")
router.register("notices", views.NoticeViewSet, basename="notice")

urlpatterns = router.urls
