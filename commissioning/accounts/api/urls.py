"""The app's API routes, under /api/v1/ (the site package includes them)."""

from commissioning.accounts.api import views
from commissioning.core.api import app_router

router = app_router()
router.register("organisations", views.OrganisationViewSet, basename="organisation")

urlpatterns = router.urls
