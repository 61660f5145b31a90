"""The app's API routes, under /api/v1/ (the site package includes them)."""

from django.urls import path

from commissioning.core.api import app_router
from commissioning.needs.api import views

router = app_router()
router.register("population-vintages", views.PopulationVintageViewSet, basename="population-vintage")
router.register("rate-sets", views.RateSetViewSet, basename="rate-set")
router.register("scenarios", views.ScenarioViewSet, basename="scenario")
router.register("saved-forecasts", views.SavedForecastViewSet, basename="saved-forecast")

urlpatterns = [
    path("forecasts/", views.ForecastView.as_view(), name="forecast"),
    *router.urls,
]
