"""Shared API pieces: each app's router, error handling, and filtering of lists."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.http import Http404
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import exceptions
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter
from rest_framework.views import exception_handler as drf_exception_handler


class AppRouter(DefaultRouter):
    """One app's API routes. The site package lists every app's routes on the API's root page,
    so an app's router has no root of its own."""

    include_root_view = False


def app_router() -> AppRouter:
    return AppRouter()


def exception_handler(error: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's handler, plus services' Django ValidationErrors as 400 with field messages."""
    if isinstance(error, DjangoValidationError):
        detail: Any = error.message_dict if hasattr(error, "error_dict") else {"non_field_errors": error.messages}
        error = exceptions.ValidationError(detail=detail)
    elif isinstance(error, Http404):
        error = exceptions.NotFound()
    elif isinstance(error, PermissionDenied):
        error = exceptions.PermissionDenied()
    return drf_exception_handler(error, context)


class ListFilterBackend(DjangoFilterBackend):
    """Each view's filter set, applied to lists only: a record's own address is not narrowed by
    query parameters (it is found within the user's scope, or not at all)."""

    def filter_queryset(self, request: Request, queryset: QuerySet[Any], view: Any) -> QuerySet[Any]:
        if getattr(view, "action", "list") not in ("list", None):
            return queryset
        return super().filter_queryset(request, queryset, view)
