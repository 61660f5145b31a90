from django.urls import path

from commissioning.finance import views

app_name = "finance"

urlpatterns = [
    path("resources/", views.FinanceIndexView.as_view(), name="index"),
    path("resources/budget.<str:format>", views.BudgetReportDownloadView.as_view(), name="budget-download"),
    path("resources/budgets/new/", views.BudgetCreateView.as_view(), name="budget-create"),
    path("resources/budgets/<int:pk>/", views.BudgetEditView.as_view(), name="budget-edit"),
    path("resources/cost-centres/", views.CostCentreListView.as_view(), name="cost-centres"),
    path("resources/cost-centres/new/", views.CostCentreCreateView.as_view(), name="cost-centre-create"),
    path("resources/cost-centres/<int:pk>/", views.CostCentreEditView.as_view(), name="cost-centre-edit"),
    path("resources/spend/", views.SpendListView.as_view(), name="spend"),
    path("resources/spend/import/", views.SpendImportView.as_view(), name="spend-import"),
    path("resources/spend/files/<int:pk>/remove/", views.SpendImportRemoveView.as_view(), name="spend-import-remove"),
    path("resources/unit-costs/", views.UnitCostListView.as_view(), name="unit-cost-list"),
    path("resources/unit-costs/new/", views.UnitCostCreateView.as_view(), name="unit-cost-create"),
    path("resources/unit-costs/<int:pk>/", views.UnitCostEditView.as_view(), name="unit-cost-edit"),
    path("resources/options/", views.OptionListView.as_view(), name="option-list"),
    path("resources/options/new/", views.OptionCreateView.as_view(), name="option-create"),
    path("resources/options/<int:pk>/", views.OptionDetailView.as_view(), name="option-detail"),
    path("resources/options/<int:pk>/edit/", views.OptionEditView.as_view(), name="option-edit"),
    path("cost-of-care/", views.ExerciseListView.as_view(), name="exercise-list"),
    path("cost-of-care/new/", views.ExerciseCreateView.as_view(), name="exercise-create"),
    path("cost-of-care/<int:pk>/", views.ExerciseDetailView.as_view(), name="exercise-detail"),
    path("cost-of-care/<int:pk>/inputs/", views.ExerciseInputsView.as_view(), name="exercise-inputs"),
    path("cost-of-care/<int:pk>/fee/", views.ExerciseFeeView.as_view(), name="exercise-fee"),
    path("cost-of-care/<int:pk>/your-costs/", views.SurveyReturnView.as_view(), name="survey-return"),
    path("cost-of-care/<int:pk>/model.<str:format>", views.ExerciseDownloadView.as_view(), name="exercise-download"),
    path("public/cost-of-care/<int:pk>/", views.PublicExerciseView.as_view(), name="exercise-public"),
    path(
        "public/cost-of-care/<int:pk>/model.<str:format>",
        views.PublicExerciseDownloadView.as_view(),
        name="exercise-public-download",
    ),
]
