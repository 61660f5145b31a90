"""The app's API routes, under /api/v1/ (the site package includes them)."""

from commissioning.core.api import app_router
from commissioning.strategy.api import views

router = app_router()
router.register("optimiser-runs", views.OptimiserRunViewSet, basename="optimiser-run")
router.register("risks", views.RiskViewSet, basename="risk")
router.register("service-designs", views.ServiceDesignViewSet, basename="service-design")
router.register("purchasing-plans", views.PurchasingPlanViewSet, basename="purchasing-plan")
router.register("planned-procurements", views.PlannedProcurementViewSet, basename="planned-procurement")
router.register("decommissionings", views.DecommissioningViewSet, basename="decommissioning")
router.register("person-transitions", views.PersonTransitionViewSet, basename="person-transition")
router.register("provider-transitions", views.ProviderTransitionViewSet, basename="provider-transition")
router.register("gap-analyses", views.GapAnalysisViewSet, basename="gap-analysis")
router.register("strategy-versions", views.StrategyVersionViewSet, basename="strategy-version")
router.register("priorities", views.PriorityViewSet, basename="priority")
router.register("targets", views.TargetViewSet, basename="target")
router.register("priority-evidence", views.PriorityEvidenceViewSet, basename="priority-evidence")

urlpatterns = router.urls
