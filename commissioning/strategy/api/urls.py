"""The app's API routes, under /api/v1/ (the site package includes them)."""

from commissioning.core.api import app_router
from commissioning.strategy.api import views

router = app_router()
router.register("optimiser-runs", views.OptimiserRunViewSet, basename="optimiser-run")
router.register("risks", views.RiskViewSet, basename="risk")

urlpatterns = router.urls
