"""The API under /api/v1/: every app's own routes, and one root page listing them all."""

from __future__ import annotations

from importlib import import_module
from types import ModuleType

from django.apps import apps
from django.urls import URLPattern, URLResolver, include, path
from django.utils.module_loading import module_has_submodule
from rest_framework.routers import DefaultRouter
from rest_framework.urlpatterns import format_suffix_patterns


def app_api_modules() -> list[ModuleType]:
    """Each installed app's `api.urls`, in INSTALLED_APPS order."""
    modules = []
    for config in apps.get_app_configs():
        if config.name.startswith("commissioning.") and module_has_submodule(config.module, "api"):
            api = import_module(f"{config.name}.api")
            if module_has_submodule(api, "urls"):
                modules.append(import_module(f"{config.name}.api.urls"))
    return modules


def api_urlpatterns() -> list[URLPattern | URLResolver]:
    modules = app_api_modules()
    root = DefaultRouter()
    for module in modules:
        root.registry.extend(module.router.registry)
    return [
        *format_suffix_patterns([path("", root.get_api_root_view(), name=root.root_view_name)]),
        *(path("", include(module.urlpatterns)) for module in modules),
    ]
