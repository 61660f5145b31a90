from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from commissioning.accounts.api.views import OrganisationViewSet
from commissioning.accounts.urls import auth_urlpatterns
from commissioning.core import views as core_views
from commissioning.core.api.views import AreaViewSet
from commissioning.cycles.api.views import (
    ActivityViewSet,
    CycleViewSet,
    EffortEntryViewSet,
    EvidenceLinkViewSet,
    FindingViewSet,
    PolicyItemViewSet,
)
from commissioning.finance.api.views import (
    BudgetViewSet,
    CostCentreViewSet,
    ExerciseViewSet,
    OptionViewSet,
    SpendTransactionViewSet,
    SurveyReturnViewSet,
    UnitCostViewSet,
)
from commissioning.market.api.views import (
    CapacityReturnViewSet,
    ConcernViewSet,
    ContingencyPlanViewSet,
    ForumViewSet,
    LocationViewSet,
    MarketEventViewSet,
    ProviderRiskView,
    ProviderViewSet,
    RelationshipEntryViewSet,
    StatementViewSet,
)
from commissioning.needs.api.views import (
    ForecastView,
    PopulationVintageViewSet,
    RateSetViewSet,
    SavedForecastViewSet,
    ScenarioViewSet,
)

router = DefaultRouter()
router.register("areas", AreaViewSet, basename="area")
router.register("organisations", OrganisationViewSet, basename="organisation")
router.register("cycles", CycleViewSet, basename="cycle")
router.register("activities", ActivityViewSet, basename="activity")
router.register("evidence-links", EvidenceLinkViewSet, basename="evidence-link")
router.register("effort-entries", EffortEntryViewSet, basename="effort-entry")
router.register("findings", FindingViewSet, basename="finding")
router.register("policy-items", PolicyItemViewSet, basename="policy-item")
router.register("population-vintages", PopulationVintageViewSet, basename="population-vintage")
router.register("rate-sets", RateSetViewSet, basename="rate-set")
router.register("scenarios", ScenarioViewSet, basename="scenario")
router.register("saved-forecasts", SavedForecastViewSet, basename="saved-forecast")
router.register("providers", ProviderViewSet, basename="provider")
router.register("locations", LocationViewSet, basename="location")
router.register("capacity-returns", CapacityReturnViewSet, basename="capacity-return")
router.register("market-changes", MarketEventViewSet, basename="market-change")
router.register("relationship-entries", RelationshipEntryViewSet, basename="relationship-entry")
router.register("market-position-statements", StatementViewSet, basename="market-position-statement")
router.register("budgets", BudgetViewSet, basename="budget")
router.register("spend-transactions", SpendTransactionViewSet, basename="spend-transaction")
router.register("unit-costs", UnitCostViewSet, basename="unit-cost")
router.register("cost-of-care-exercises", ExerciseViewSet, basename="cost-of-care-exercise")
router.register("options-appraisals", OptionViewSet, basename="options-appraisal")
router.register("cost-centres", CostCentreViewSet, basename="cost-centre")
router.register("cost-of-care-returns", SurveyReturnViewSet, basename="cost-of-care-return")
router.register("provider-concerns", ConcernViewSet, basename="provider-concern")
router.register("contingency-plans", ContingencyPlanViewSet, basename="contingency-plan")
router.register("provider-forums", ForumViewSet, basename="provider-forum")

urlpatterns = [
    path("", include("commissioning.core.urls")),
    path("", include("commissioning.accounts.urls")),
    path("", include("commissioning.cycles.urls")),
    path("", include("commissioning.needs.urls")),
    path("", include("commissioning.market.urls")),
    path("", include("commissioning.finance.urls")),
    *auth_urlpatterns,
    path("healthz", core_views.healthz, name="healthz"),
    path("api/v1/forecasts/", ForecastView.as_view(), name="api-forecast"),
    path("api/v1/provider-risk/", ProviderRiskView.as_view(), name="api-provider-risk"),
    path("api/v1/", include((router.urls, "api"))),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/redoc/", SpectacularRedocView.as_view(url_name="api-schema"), name="api-redoc"),
    path("django-admin/", admin.site.urls),
]

handler404 = "commissioning.core.views.page_not_found"
handler403 = "commissioning.core.views.permission_denied"
handler500 = "commissioning.core.views.server_error"
