"""Shared API pieces: each app's router, error handling, filtering of lists, and answering a
create once per Idempotency-Key."""

from __future__ import annotations

import hashlib
import json
from functools import partial
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils.functional import cached_property
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import exceptions
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter
from rest_framework.utils.encoders import JSONEncoder
from rest_framework.views import exception_handler as drf_exception_handler

from commissioning.core.submissions import KEY_PATTERN, AlreadySent, submission_start

IDEMPOTENCY_HEADER = "Idempotency-Key"
# What a service or view raises to refuse a request (answered 4xx), as against a fault.
REFUSALS = (exceptions.APIException, DjangoValidationError, PermissionDenied, Http404)


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


class _CountedPaginator(Paginator):
    """Django's paginator with the total given rather than counted."""

    def __init__(self, object_list: Any, per_page: int, *, known_count: int, **kwargs: Any) -> None:
        super().__init__(object_list, per_page, **kwargs)
        self.known_count = known_count

    @cached_property
    def count(self) -> int:
        return self.known_count


class StoredCountPagination(PageNumberPagination):
    """Page numbers (the API's default), taking the total from the view's `stored_count(request)`
    when it gives one: a national list's total is kept by the import that loads it, and counting
    it for every page would read the whole table."""

    def paginate_queryset(self, queryset: Any, request: Request, view: Any = None) -> list[Any] | None:
        known = view.stored_count(request) if view is not None and hasattr(view, "stored_count") else None
        self.django_paginator_class = (
            Paginator if known is None else partial(_CountedPaginator, known_count=known)  # type: ignore[assignment]
        )
        return super().paginate_queryset(queryset, request, view)


class ListFilterBackend(DjangoFilterBackend):
    """Each view's filter set, applied to lists only: a record's own address is not narrowed by
    query parameters (it is found within the user's scope, or not at all)."""

    def filter_queryset(self, request: Request, queryset: QuerySet[Any], view: Any) -> QuerySet[Any]:
        if getattr(view, "action", "list") not in ("list", None):
            return queryset
        return super().filter_queryset(request, queryset, view)


class IdempotencyKeyReused(exceptions.APIException):
    status_code = 422
    default_detail = (
        "This Idempotency-Key was already used for a different request. "
        "Send a new request with a new key; send the same request again to get its first answer."
    )
    default_code = "idempotency_key_reused"


class AnswerOnce:
    """Viewset mixin: a POST with an `Idempotency-Key` header is answered once per person and key.

    The first answer that succeeds (2xx) is kept, with its status and body; the same request
    sent again with the same key gets that answer back (marked `Idempotent-Replayed: true`) and
    creates nothing; the same key with a different request gets 422. A request refused (4xx) is
    not kept, so it can be put right and sent again with the same key. Without the header a
    POST is answered as before. Every viewset that creates must use it (a test walks the routes).
    """

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)  # type: ignore[misc]
        key = request.headers.get(IDEMPOTENCY_HEADER)
        handler = getattr(self, "post", None)
        if request.method == "POST" and key is not None and handler is not None:
            # DRF looks the handler up after this (and a viewset binds its action to it): answer
            # through it, once per key.
            self.post = partial(self._answer_once, handler, key)

    def _answer_once(self, handler: Any, key: str, request: Request, *args: Any, **kwargs: Any) -> Any:
        if not KEY_PATTERN.match(key):
            raise exceptions.ValidationError(
                {IDEMPOTENCY_HEADER: ["Use 16 to 255 letters, digits, dashes or underscores, such as a UUID."]}
            )
        fingerprint = request_fingerprint(request)
        refused: Exception | None = None
        try:
            with transaction.atomic():
                submission = submission_start(user=request.user, key=f"api:{key}", fingerprint=fingerprint)
                try:
                    response = handler(request, *args, **kwargs)
                except REFUSALS as error:
                    # A refused request keeps what the refusal itself wrote (an app's log of refused
                    # attempts), as it would without the header; only the key is let go. Anything
                    # else (a fault) rolls the whole request back, key included.
                    if isinstance(error, exceptions.APIException) and error.status_code >= 500:
                        raise
                    submission.delete()
                    refused = error
                    response = None
                if response is None:
                    pass
                elif 200 <= response.status_code < 300 and isinstance(response, Response):
                    submission.response = {
                        "status": response.status_code,
                        "body": json.loads(json.dumps(response.data, cls=JSONEncoder)),
                        "location": response.get("Location", ""),
                    }
                    submission.save(update_fields=["response"])
                else:
                    submission.delete()
        except AlreadySent as repeat:
            earlier = repeat.submission
            if earlier.fingerprint != fingerprint or not earlier.response:
                raise IdempotencyKeyReused from None
            headers = {"Idempotent-Replayed": "true"}
            if earlier.response.get("location"):
                headers["Location"] = earlier.response["location"]
            return Response(earlier.response["body"], status=earlier.response["status"], headers=headers)
        if refused is not None:
            raise refused
        return response


def request_fingerprint(request: Request) -> str:
    """A hash of what a request asks for: its method, address and body (files by content)."""
    plain = json.dumps(
        [request.method, request.get_full_path(), _plain(request.data)], sort_keys=True, default=str
    ).encode()
    return hashlib.sha256(plain).hexdigest()


def _plain(data: Any) -> Any:
    if hasattr(data, "lists"):  # a QueryDict: every value of every field
        return {name: [_plain(value) for value in values] for name, values in data.lists()}
    if isinstance(data, dict):
        return {str(name): _plain(value) for name, value in data.items()}
    if isinstance(data, (list, tuple)):
        return [_plain(value) for value in data]
    if isinstance(data, UploadedFile):
        digest = hashlib.sha256()
        for chunk in data.chunks():
            digest.update(chunk)
        data.seek(0)
        return {"file": data.name, "sha256": digest.hexdigest()}
    return data
