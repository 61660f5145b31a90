"""The app's API routes, under /api/v1/ (the site package includes them)."""

from django.urls import path

from commissioning.core.api import app_router
from commissioning.finance.api import views

router = app_router()
router.register("budgets", views.BudgetViewSet, basename="budget")
router.register("spend-transactions", views.SpendTransactionViewSet, basename="spend-transaction")
router.register("unit-costs", views.UnitCostViewSet, basename="unit-cost")
router.register("cost-of-care-exercises", views.ExerciseViewSet, basename="cost-of-care-exercise")
router.register("options-appraisals", views.OptionViewSet, basename="options-appraisal")
router.register("cost-centres", views.CostCentreViewSet, basename="cost-centre")
router.register("cost-of-care-returns", views.SurveyReturnViewSet, basename="cost-of-care-return")

urlpatterns = [
    path("budget-report/", views.BudgetReportView.as_view(), name="budget-report"),
    *router.urls,
]
