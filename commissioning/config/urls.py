from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

from commissioning.accounts.urls import auth_urlpatterns
from commissioning.site.api import api_urlpatterns

urlpatterns = [
    path("", include("commissioning.site.urls")),
    path("", include("commissioning.core.urls")),
    path("", include("commissioning.accounts.urls")),
    path("", include("commissioning.cycles.urls")),
    path("", include("commissioning.needs.urls")),
    path("", include("commissioning.market.urls")),
    path("", include("commissioning.finance.urls")),
    path("", include("commissioning.strategy.urls")),
    path("", include("commissioning.procurement.urls")),
    path("", include("commissioning.contracts.urls")),
    path("", include("commissioning.care.urls")),
    *auth_urlpatterns,
    path("api/v1/", include((api_urlpatterns(), "api"))),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/redoc/", SpectacularRedocView.as_view(url_name="api-schema"), name="api-redoc"),
    path("django-admin/", admin.site.urls),
]

handler404 = "commissioning.core.views.page_not_found"
handler403 = "commissioning.core.views.permission_denied"
handler500 = "commissioning.core.views.server_error"
