from django.urls import path

from commissioning.market.views import imports, providers, register, statements

app_name = "market"

urlpatterns = [
    path("market/", register.MarketIndexView.as_view(), name="index"),
    path("market/locations/", register.LocationListView.as_view(), name="location-list"),
    path("market/locations/new/", register.CommunityServiceCreateView.as_view(), name="community-service-create"),
    path("market/locations/<int:pk>/", register.LocationDetailView.as_view(), name="location-detail"),
    path("market/locations/<int:pk>/history/", register.LocationHistoryView.as_view(), name="location-history"),
    path("market/locations/<int:pk>/capacity/", register.CapacityReturnView.as_view(), name="capacity-return"),
    path("market/map/", register.MapView.as_view(), name="map"),
    path("market/vacancies/", register.VacanciesView.as_view(), name="vacancies"),
    path("market/risk/", providers.RiskView.as_view(), name="risk"),
    path("market/changes/", register.EventListView.as_view(), name="events"),
    path("market/changes/<int:pk>/closed/", register.ClosureConfirmView.as_view(), name="closure-confirm"),
    path("market/providers/<int:pk>/", providers.ProviderDetailView.as_view(), name="provider-detail"),
    path("market/providers/<int:pk>/history/", providers.ProviderHistoryView.as_view(), name="provider-history"),
    path("market/providers/<int:pk>/details/", providers.ProviderDetailsEditView.as_view(), name="provider-details"),
    path("market/providers/<int:pk>/market-facts/", providers.ProviderMarketEditView.as_view(), name="provider-market"),
    path("market/providers/<int:pk>/account/", providers.ProviderLinkView.as_view(), name="provider-link"),
    path("market/providers/<int:pk>/concerns/new/", providers.ConcernCreateView.as_view(), name="concern-create"),
    path(
        "market/providers/<int:pk>/contacts/new/", providers.RelationshipEntryCreateView.as_view(), name="entry-create"
    ),
    path("market/providers/<int:pk>/contingency-plan/", providers.ContingencyPlanView.as_view(), name="plan"),
    path("market/concerns/<int:pk>/", providers.ConcernEditView.as_view(), name="concern-edit"),
    path("market/relationships/", providers.RelationshipLogView.as_view(), name="relationship-log"),
    path("market/forums/", providers.ForumListView.as_view(), name="forum-list"),
    path("market/forums/new/", providers.ForumCreateView.as_view(), name="forum-create"),
    path("market/forums/<int:pk>/", providers.ForumDetailView.as_view(), name="forum-detail"),
    path("market/forums/<int:pk>/edit/", providers.ForumEditView.as_view(), name="forum-edit"),
    path("market/import/", imports.CqcImportView.as_view(), name="cqc-import"),
    path("market/capacity/import/", imports.CapacityImportView.as_view(), name="capacity-import"),
    path("market/statements/", statements.StatementListView.as_view(), name="statement-list"),
    path("market/statements/new/", statements.StatementCreateView.as_view(), name="statement-create"),
    path("market/statements/<int:pk>/", statements.StatementDetailView.as_view(), name="statement-detail"),
    path("market/statements/<int:pk>/edit/", statements.StatementEditView.as_view(), name="statement-edit"),
    path(
        "market/statements/<int:pk>/statement.<str:format>",
        statements.StatementDownloadView.as_view(),
        name="statement-download",
    ),
    path("public/market-position/<int:pk>/", statements.PublicStatementView.as_view(), name="statement-public"),
    path(
        "public/market-position/<int:pk>/statement.<str:format>",
        statements.PublicStatementDownloadView.as_view(),
        name="statement-public-download",
    ),
]
