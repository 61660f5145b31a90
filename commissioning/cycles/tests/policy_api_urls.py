"""The project's addresses plus the policy register API, for tests, until the project router
registers `PolicyItemViewSet` itself (config/urls.py belongs to another change)."""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from commissioning.config.urls import handler403, handler404, handler500
from commissioning.config.urls import urlpatterns as project_urlpatterns
from commissioning.cycles.api.views import PolicyItemViewSet

router = SimpleRouter()
router.register("policy-items", PolicyItemViewSet, basename="policy-item")

urlpatterns = [path("api/v1/", include(router.urls)), *project_urlpatterns]

__all__ = ["handler403", "handler404", "handler500", "urlpatterns"]
