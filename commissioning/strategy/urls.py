from django.urls import path

from commissioning.strategy import views

app_name = "strategy"

urlpatterns = [
    path("plan/optimiser/", views.OptimiserListView.as_view(), name="optimiser-list"),
    path("plan/optimiser/new/", views.OptimiserCreateView.as_view(), name="optimiser-create"),
    path("plan/optimiser/guide/", views.OptimiserGuideView.as_view(), name="optimiser-guide"),
    path("plan/optimiser/<int:pk>/", views.OptimiserDetailView.as_view(), name="optimiser-detail"),
    path("plan/optimiser/<int:pk>/<str:part>.json", views.OptimiserDownloadView.as_view(), name="optimiser-download"),
]
