"""The app's API routes, under /api/v1/ (the site package includes them)."""

from commissioning.care.api import views
from commissioning.core.api import app_router

router = app_router()
router.register("care-people", views.PersonViewSet, basename="care-person")
router.register("care-packages", views.PackageViewSet, basename="care-package")
router.register("care-budgets", views.BudgetViewSet, basename="care-budget")

urlpatterns = router.urls
