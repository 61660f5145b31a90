"""The app's API routes, under /api/v1/ (the site package includes them)."""

from django.urls import path

from commissioning.core.api import app_router
from commissioning.market.api import views

router = app_router()
router.register("providers", views.ProviderViewSet, basename="provider")
router.register("locations", views.LocationViewSet, basename="location")
router.register("capacity-returns", views.CapacityReturnViewSet, basename="capacity-return")
router.register("market-changes", views.MarketEventViewSet, basename="market-change")
router.register("relationship-entries", views.RelationshipEntryViewSet, basename="relationship-entry")
router.register("market-position-statements", views.StatementViewSet, basename="market-position-statement")
router.register("provider-concerns", views.ConcernViewSet, basename="provider-concern")
router.register("contingency-plans", views.ContingencyPlanViewSet, basename="contingency-plan")
router.register("provider-forums", views.ForumViewSet, basename="provider-forum")

urlpatterns = [
    path("provider-risk/", views.ProviderRiskView.as_view(), name="provider-risk"),
    path("market-concentration/", views.ConcentrationView.as_view(), name="market-concentration"),
    *router.urls,
]
