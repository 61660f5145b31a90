"""The app's API routes, under /api/v1/ (the site package includes them)."""

from commissioning.core.api import app_router
from commissioning.cycles.api import views

router = app_router()
router.register("cycles", views.CycleViewSet, basename="cycle")
router.register("activities", views.ActivityViewSet, basename="activity")
router.register("evidence-links", views.EvidenceLinkViewSet, basename="evidence-link")
router.register("effort-entries", views.EffortEntryViewSet, basename="effort-entry")
router.register("findings", views.FindingViewSet, basename="finding")
router.register("policy-items", views.PolicyItemViewSet, basename="policy-item")

urlpatterns = router.urls
