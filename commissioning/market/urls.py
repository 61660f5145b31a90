from django.urls import path

from commissioning.market import views

app_name = "market"

urlpatterns = [
    path("market/", views.MarketIndexView.as_view(), name="index"),
    path("market/locations/", views.LocationListView.as_view(), name="location-list"),
    path("market/locations/new/", views.CommunityServiceCreateView.as_view(), name="community-service-create"),
    path("market/locations/<int:pk>/", views.LocationDetailView.as_view(), name="location-detail"),
    path("market/locations/<int:pk>/history/", views.LocationHistoryView.as_view(), name="location-history"),
    path("market/locations/<int:pk>/capacity/", views.CapacityReturnView.as_view(), name="capacity-return"),
    path("market/map/", views.MapView.as_view(), name="map"),
    path("market/vacancies/", views.VacanciesView.as_view(), name="vacancies"),
    path("market/risk/", views.RiskView.as_view(), name="risk"),
    path("market/changes/", views.EventListView.as_view(), name="events"),
    path("market/providers/<int:pk>/", views.ProviderDetailView.as_view(), name="provider-detail"),
    path("market/providers/<int:pk>/history/", views.ProviderHistoryView.as_view(), name="provider-history"),
    path("market/providers/<int:pk>/details/", views.ProviderDetailsEditView.as_view(), name="provider-details"),
    path("market/providers/<int:pk>/market-facts/", views.ProviderMarketEditView.as_view(), name="provider-market"),
    path("market/providers/<int:pk>/account/", views.ProviderLinkView.as_view(), name="provider-link"),
    path("market/providers/<int:pk>/concerns/new/", views.ConcernCreateView.as_view(), name="concern-create"),
    path("market/providers/<int:pk>/contacts/new/", views.RelationshipEntryCreateView.as_view(), name="entry-create"),
    path("market/providers/<int:pk>/contingency-plan/", views.ContingencyPlanView.as_view(), name="plan"),
    path("market/concerns/<int:pk>/", views.ConcernEditView.as_view(), name="concern-edit"),
    path("market/relationships/", views.RelationshipLogView.as_view(), name="relationship-log"),
    path("market/forums/", views.ForumListView.as_view(), name="forum-list"),
    path("market/forums/new/", views.ForumCreateView.as_view(), name="forum-create"),
    path("market/forums/<int:pk>/", views.ForumDetailView.as_view(), name="forum-detail"),
    path("market/forums/<int:pk>/edit/", views.ForumEditView.as_view(), name="forum-edit"),
    path("market/import/", views.CqcImportView.as_view(), name="cqc-import"),
    path("market/capacity/import/", views.CapacityImportView.as_view(), name="capacity-import"),
    path("market/statements/", views.StatementListView.as_view(), name="statement-list"),
    path("market/statements/new/", views.StatementCreateView.as_view(), name="statement-create"),
    path("market/statements/<int:pk>/", views.StatementDetailView.as_view(), name="statement-detail"),
    path("market/statements/<int:pk>/edit/", views.StatementEditView.as_view(), name="statement-edit"),
    path(
        "market/statements/<int:pk>/statement.<str:format>",
        views.StatementDownloadView.as_view(),
        name="statement-download",
    ),
    path("public/market-position/<int:pk>/", views.PublicStatementView.as_view(), name="statement-public"),
    path(
        "public/market-position/<int:pk>/statement.<str:format>",
        views.PublicStatementDownloadView.as_view(),
        name="statement-public-download",
    ),
]
