from django.urls import path

from commissioning.needs import views

app_name = "needs"

urlpatterns = [
    path("needs/", views.NeedsIndexView.as_view(), name="index"),
    path("needs/areas/<str:code>/", views.AreaProfileView.as_view(), name="area-profile"),
    path("needs/areas/<str:code>/print/", views.AreaProfilePrintView.as_view(), name="area-profile-print"),
    path(
        "needs/areas/<str:code>/forecast.<str:format>",
        views.AreaProfileDownloadView.as_view(),
        name="area-profile-download",
    ),
    path("needs/areas/<str:code>/attach/", views.AttachForecastView.as_view(), name="area-profile-attach"),
    path("needs/forecasts/<int:pk>/", views.SavedForecastView.as_view(), name="saved-forecast"),
    path("needs/rates/", views.RateSetListView.as_view(), name="rate-set-list"),
    path("needs/rates/new/", views.RateSetCreateView.as_view(), name="rate-set-create"),
    path("needs/rates/<int:pk>/", views.RateSetDetailView.as_view(), name="rate-set-detail"),
    path("needs/rates/<int:pk>/edit/", views.RateSetUpdateView.as_view(), name="rate-set-update"),
    path("needs/rates/<int:pk>/history/", views.RateSetHistoryView.as_view(), name="rate-set-history"),
    path("needs/scenarios/", views.ScenarioListView.as_view(), name="scenario-list"),
    path("needs/scenarios/new/", views.ScenarioCreateView.as_view(), name="scenario-create"),
    path("needs/scenarios/<int:pk>/", views.ScenarioDetailView.as_view(), name="scenario-detail"),
    path("needs/scenarios/<int:pk>/edit/", views.ScenarioUpdateView.as_view(), name="scenario-update"),
    path("needs/scenarios/<int:pk>/delete/", views.ScenarioDeleteView.as_view(), name="scenario-delete"),
    path("needs/scenarios/<int:pk>/history/", views.ScenarioHistoryView.as_view(), name="scenario-history"),
    path("needs/population/", views.VintageListView.as_view(), name="vintage-list"),
    path("needs/population/import/", views.VintageImportView.as_view(), name="vintage-import"),
    path("needs/population/<int:pk>/", views.VintageDetailView.as_view(), name="vintage-detail"),
]
