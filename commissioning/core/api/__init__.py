"""Shared API pieces: each app's router, error handling, filters from query parameters."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter
from rest_framework.views import exception_handler as drf_exception_handler

from commissioning.core.forms import is_record_id


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


ID_FILTERS = {"cycle", "owner", "person", "organisation", "activity"}


def query_filters(request: Request, names: tuple[str, ...]) -> dict[str, str]:
    """The list filters a client asked for, in the same shape page filter forms produce.

    Filters on record ids must be whole numbers; anything else is a 400 naming the filter.
    """
    filters = {name: request.query_params[name].strip() for name in names if request.query_params.get(name)}
    bad = {
        name: ["Enter a record id (a whole number)"]
        for name, value in filters.items()
        if name in ID_FILTERS and not is_record_id(value)
    }
    if bad:
        raise exceptions.ValidationError(bad)
    return filters
