from django.urls import path

from commissioning.strategy import views

app_name = "strategy"

urlpatterns = [
    path("plan/optimiser/", views.OptimiserListView.as_view(), name="optimiser-list"),
    path("plan/optimiser/new/", views.OptimiserCreateView.as_view(), name="optimiser-create"),
    path("plan/optimiser/guide/", views.OptimiserGuideView.as_view(), name="optimiser-guide"),
    path("plan/optimiser/<int:pk>/", views.OptimiserDetailView.as_view(), name="optimiser-detail"),
    path("plan/optimiser/<int:pk>/<str:part>.json", views.OptimiserDownloadView.as_view(), name="optimiser-download"),
    path("plan/cycles/<int:cycle>/risks/", views.RiskRegisterView.as_view(), name="risk-register"),
    path("plan/cycles/<int:cycle>/risks/new/", views.RiskCreateView.as_view(), name="risk-create"),
    path("plan/risks/<int:pk>/", views.RiskEditView.as_view(), name="risk-edit"),
    path("plan/risks/<int:pk>/history/", views.RiskHistoryView.as_view(), name="risk-history"),
]
