from django.urls import path

from commissioning.needs.views import population, profiles, rates, scenarios

app_name = "needs"

urlpatterns = [
    path("needs/", profiles.NeedsIndexView.as_view(), name="index"),
    path("needs/areas/<str:code>/", profiles.AreaProfileView.as_view(), name="area-profile"),
    path("needs/areas/<str:code>/print/", profiles.AreaProfilePrintView.as_view(), name="area-profile-print"),
    path(
        "needs/areas/<str:code>/forecast.<str:format>",
        profiles.AreaProfileDownloadView.as_view(),
        name="area-profile-download",
    ),
    path("needs/areas/<str:code>/attach/", profiles.AttachForecastView.as_view(), name="area-profile-attach"),
    path("needs/forecasts/<int:pk>/", profiles.SavedForecastView.as_view(), name="saved-forecast"),
    path("needs/rates/", rates.RateSetListView.as_view(), name="rate-set-list"),
    path("needs/rates/new/", rates.RateSetCreateView.as_view(), name="rate-set-create"),
    path("needs/rates/<int:pk>/", rates.RateSetDetailView.as_view(), name="rate-set-detail"),
    path("needs/rates/<int:pk>/edit/", rates.RateSetUpdateView.as_view(), name="rate-set-update"),
    path("needs/rates/<int:pk>/history/", rates.RateSetHistoryView.as_view(), name="rate-set-history"),
    path("needs/scenarios/", scenarios.ScenarioListView.as_view(), name="scenario-list"),
    path("needs/scenarios/new/", scenarios.ScenarioCreateView.as_view(), name="scenario-create"),
    path("needs/scenarios/<int:pk>/", scenarios.ScenarioDetailView.as_view(), name="scenario-detail"),
    path("needs/scenarios/<int:pk>/edit/", scenarios.ScenarioUpdateView.as_view(), name="scenario-update"),
    path("needs/scenarios/<int:pk>/delete/", scenarios.ScenarioDeleteView.as_view(), name="scenario-delete"),
    path("needs/scenarios/<int:pk>/history/", scenarios.ScenarioHistoryView.as_view(), name="scenario-history"),
    path("needs/population/", population.VintageListView.as_view(), name="vintage-list"),
    path("needs/population/import/", population.VintageImportView.as_view(), name="vintage-import"),
    path("needs/population/<int:pk>/", population.VintageDetailView.as_view(), name="vintage-detail"),
]
