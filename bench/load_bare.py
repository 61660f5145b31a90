"""The load benchmark's baseline: a bare Django page (no middleware, no database, no template),
served by gunicorn exactly as the product is: `gunicorn bench.load_bare:application`.

It answers what Django and gunicorn cost on this machine on their own, so the product's own
per-request overhead can be read as a ratio to it.
"""

from __future__ import annotations

from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.http import HttpRequest, HttpResponse
from django.urls import path

BODY = b"<!DOCTYPE html><title>Bare</title><p>A bare Django page.</p>"


def bare(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(BODY)
    response["Content-Length"] = str(len(BODY))
    return response


urlpatterns = [path("", bare)]

settings.configure(
    DEBUG=False,
    SECRET_KEY="bench-bare-page-not-a-secret",  # noqa: S106
    ALLOWED_HOSTS=["127.0.0.1", "localhost"],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=[],
    INSTALLED_APPS=[],
    DATABASES={},
    USE_TZ=True,
)
application = get_wsgi_application()
