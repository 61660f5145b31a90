"""The app's API routes, under /api/v1/ (the site package includes them)."""

from commissioning.core.api import app_router, views

router = app_router()
router.register("areas", views.AreaViewSet, basename="area")
router.register("jobs", views.BackgroundJobViewSet, basename="job")

urlpatterns = router.urls
