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
]
