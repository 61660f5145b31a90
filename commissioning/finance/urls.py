from django.urls import path

from commissioning.finance.views import cost_of_care, options, resources

app_name = "finance"

urlpatterns = [
    path("resources/", resources.FinanceIndexView.as_view(), name="index"),
    path("resources/commitments/", resources.CommitmentsView.as_view(), name="commitments"),
    path("resources/budget.<str:format>", resources.BudgetReportDownloadView.as_view(), name="budget-download"),
    path("resources/budgets/new/", resources.BudgetCreateView.as_view(), name="budget-create"),
    path("resources/budgets/<int:pk>/", resources.BudgetEditView.as_view(), name="budget-edit"),
    path("resources/cost-centres/", resources.CostCentreListView.as_view(), name="cost-centres"),
    path("resources/cost-centres/new/", resources.CostCentreCreateView.as_view(), name="cost-centre-create"),
    path("resources/cost-centres/<int:pk>/", resources.CostCentreEditView.as_view(), name="cost-centre-edit"),
    path("resources/spend/", resources.SpendListView.as_view(), name="spend"),
    path("resources/spend/import/", resources.SpendImportView.as_view(), name="spend-import"),
    path(
        "resources/spend/files/<int:pk>/remove/", resources.SpendImportRemoveView.as_view(), name="spend-import-remove"
    ),
    path("resources/unit-costs/", resources.UnitCostListView.as_view(), name="unit-cost-list"),
    path("resources/unit-costs/new/", resources.UnitCostCreateView.as_view(), name="unit-cost-create"),
    path("resources/unit-costs/<int:pk>/", resources.UnitCostEditView.as_view(), name="unit-cost-edit"),
    path("resources/options/", options.OptionListView.as_view(), name="option-list"),
    path("resources/options/new/", options.OptionCreateView.as_view(), name="option-create"),
    path("resources/options/<int:pk>/", options.OptionDetailView.as_view(), name="option-detail"),
    path("resources/options/<int:pk>/edit/", options.OptionEditView.as_view(), name="option-edit"),
    path("cost-of-care/", cost_of_care.ExerciseListView.as_view(), name="exercise-list"),
    path("cost-of-care/new/", cost_of_care.ExerciseCreateView.as_view(), name="exercise-create"),
    path("cost-of-care/<int:pk>/", cost_of_care.ExerciseDetailView.as_view(), name="exercise-detail"),
    path("cost-of-care/<int:pk>/inputs/", cost_of_care.ExerciseInputsView.as_view(), name="exercise-inputs"),
    path("cost-of-care/<int:pk>/fee/", cost_of_care.ExerciseFeeView.as_view(), name="exercise-fee"),
    path("cost-of-care/<int:pk>/your-costs/", cost_of_care.SurveyReturnView.as_view(), name="survey-return"),
    path(
        "cost-of-care/<int:pk>/model.<str:format>",
        cost_of_care.ExerciseDownloadView.as_view(),
        name="exercise-download",
    ),
    path("public/cost-of-care/<int:pk>/", cost_of_care.PublicExerciseView.as_view(), name="exercise-public"),
    path(
        "public/cost-of-care/<int:pk>/model.<str:format>",
        cost_of_care.PublicExerciseDownloadView.as_view(),
        name="exercise-public-download",
    ),
]
