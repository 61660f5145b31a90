from django.urls import path

from commissioning.core import views

app_name = "core"

urlpatterns = [
    path("help/api/", views.InformationPageView.as_view(template_name="core/api_guide.html"), name="api-guide"),
    path(
        "accessibility/",
        views.InformationPageView.as_view(template_name="core/accessibility.html"),
        name="accessibility",
    ),
    path("privacy/", views.InformationPageView.as_view(template_name="core/privacy.html"), name="privacy"),
    path(
        "data-sources/", views.InformationPageView.as_view(template_name="core/data_sources.html"), name="data-sources"
    ),
    path("healthz", views.healthz, name="healthz"),
    path("jobs/", views.JobListView.as_view(), name="job-list"),
    path("jobs/<int:pk>/", views.JobDetailView.as_view(), name="job-detail"),
    path("jobs/<int:pk>/file", views.JobFileView.as_view(), name="job-file"),
]
