"""Request logging (one structured line per request with its id, user, status and duration), and
the health check answered before the rest of the stack."""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from commissioning.core.views import healthz

logger = logging.getLogger("commissioning.request")
HEALTH_CHECK_PATH = "/healthz"


class RequestLogMiddleware:
    """Give each request an id (kept from X-Request-ID when a proxy set one) and log it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if 0 < len(incoming) <= 64 and incoming.isprintable() else uuid.uuid4().hex
        request.request_id = request_id  # type: ignore[attr-defined]
        response = self.get_response(request)
        response["X-Request-ID"] = request_id
        if request.path_info == HEALTH_CHECK_PATH and response.status_code == 200:
            return response  # probes every few seconds would drown the log; a failing one is logged
        user = getattr(request, "user", None)
        logger.info(
            "%s %s %s",
            request.method,
            request.path,
            response.status_code,
            extra={
                "request_id": request_id,
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                "user_id": user.pk if user is not None and user.is_authenticated else None,
            },
        )
        return response


class HealthCheckMiddleware:
    """Answer the health check straight away: load balancers ask every few seconds, and it needs no
    session, user, CSRF token or audit, only the database (core.views.healthz). Placed after the
    request log, so probes carry a request id, and one that fails is logged."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info == HEALTH_CHECK_PATH and request.method in ("GET", "HEAD"):
            return healthz(request)
        return self.get_response(request)
