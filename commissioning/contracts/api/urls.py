"""The app's API routes, under /api/v1/ (the site package includes them)."""

from commissioning.contracts.api import views
from commissioning.core.api import app_router

router = app_router()
router.register("contracts", views.ContractViewSet, basename="contract")
router.register("contract-variations", views.VariationViewSet, basename="contract-variation")
router.register("contract-kpis", views.KpiViewSet, basename="contract-kpi")
router.register("call-offs", views.CallOffViewSet, basename="call-off")

urlpatterns = router.urls
