"""Signed-in pages kept whole until any record changes.

A commissioner's pages are read far more often than anything is written, and rendering the
figures is most of their cost. So a page rendered for a signed-in visitor is kept (in Django's
cache) with everything it depends on: the data version, today's date, the visitor and their
session and CSRF cookie, and the address asked for. The data version is one number in the
database that grows when a transaction that wrote any record commits; every database connection
watches the statements it runs (`watch_writes`), so imports, bulk writes and raw SQL count as
well as saves, from the web, the command line or a worker. A kept page is therefore never shown
after a change, to anyone but the visitor it was rendered for, nor after sign-out. Permission
checks run before a kept page is served; a page with flash messages waiting, a redirect, an
error or a response setting cookies is never kept. Views opt in (`KeptPageMixin` for pages,
`KeptListMixin` for API lists): a page that records who looked at it, or shows the time of day,
must not.
"""

from __future__ import annotations

import functools
import hashlib
import re
import secrets
import zlib
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.db import DatabaseError, connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from commissioning.core.downloads import is_download
from commissioning.core.models import DataVersion

# Kept pages die with the process that rendered them (a new release is a new process), and at
# the latest after this long, should a write ever escape `watch_writes`.
KEEP_SECONDS = 10 * 60
# A page bigger than this (a long list asked for all at once) is rendered each time instead.
MAX_PAGE_BYTES = 2 * 1024 * 1024
_PROCESS = secrets.token_hex(8)
# Writes that change nothing a page shows: the session store, and the data version itself.
_UNWATCHED_TABLES = frozenset({"django_session", DataVersion._meta.db_table})
_WRITE = re.compile(r'\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM|REPLACE\s+INTO)\s+["`]?([\w.]+)', re.IGNORECASE)


def data_version(using: str = "default") -> int:
    """The current data version (0 before anything was written)."""
    number = DataVersion.objects.using(using).filter(pk=1).values_list("number", flat=True).first()
    return number or 0


def bump_data_version(using: str = "default") -> None:
    """Make every kept page out of date: run when a transaction that wrote records commits."""
    try:
        if not DataVersion.objects.using(using).filter(pk=1).update(number=F("number") + 1):
            DataVersion.objects.using(using).get_or_create(pk=1, defaults={"number": 1})
    except DatabaseError:
        # Only while `migrate` writes before this table exists: nothing can be kept yet.
        if DataVersion._meta.db_table in connections[using].introspection.table_names():
            raise


def _watcher(alias: str) -> Callable[..., Any]:
    def bump() -> None:
        bump_data_version(alias)

    def watch(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: dict[str, Any]) -> Any:
        result = execute(sql, params, many, context)
        written = _WRITE.match(sql)
        if written and written.group(1) not in _UNWATCHED_TABLES:
            connection = context["connection"]
            if not connection.in_atomic_block:
                bump()  # the statement has committed already
            elif not any(entry[1] is bump for entry in connection.run_on_commit):
                transaction.on_commit(bump, using=alias)
        return result

    return watch


def watch_writes(sender: Any, connection: BaseDatabaseWrapper, **kwargs: Any) -> None:
    """`connection_created` receiver: have the new connection bump the data version after writes."""
    connection.execute_wrappers.append(_watcher(connection.alias))


def page_slot(request: HttpRequest, variant: str = "") -> str:
    """Where the page `request` asks for is kept for its visitor: one slot a visitor and page,
    whatever the data version, so a newer rendering replaces an older one rather than adding to
    the cache."""
    parts = (
        _PROCESS,
        request.user.pk,
        request.session.session_key or "",
        sorted(request.session.items()),  # what the session holds may shape a page too
        request.META.get("CSRF_COOKIE", ""),
        request.scheme,
        request.get_host(),
        request.get_full_path(),
        variant,
    )
    return "page:" + hashlib.sha256(repr(parts).encode()).hexdigest()


def _keepable(request: HttpRequest) -> bool:
    return (
        settings.KEPT_PAGES
        and request.method in ("GET", "HEAD")
        and request.user.is_authenticated
        and not len(get_messages(request))  # len() leaves the messages to be shown
    )


def kept_response(request: HttpRequest, render: Callable[[], HttpResponse], variant: str = "") -> HttpResponse:
    """The page kept for this request, or `render()`'s response, kept when it is a plain page.

    A slot holds the page compressed (a page of tables shrinks five to ten times) with the data
    version and the date it was rendered for; it is served only while both still hold."""
    if not _keepable(request):
        return render()
    slot = page_slot(request, variant)
    shown_for = (data_version(), timezone.localdate().isoformat())
    kept = cache.get(slot)
    if kept is not None and kept[0] == shown_for:
        return HttpResponse(zlib.decompress(kept[1]), headers=kept[2])
    response = render()
    if hasattr(response, "render"):
        response.render()
    if (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not is_download(response)  # downloads are built for each request
        and len(response.content) <= MAX_PAGE_BYTES
    ):
        cache.set(slot, (shown_for, zlib.compress(response.content, 1), dict(response.items())), KEEP_SECONDS)
    return response


class KeptPageMixin:
    """For a signed-in page: its `get` served kept, once the view's permission checks have run."""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        _keep(cls, "get")


class KeptListMixin:
    """For an API viewset: its list (its own or DRF's) served kept, once authentication,
    permissions and content negotiation have run; JSON and the browsable page are kept apart."""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        _keep(cls, "list", api=True)


def _keep(cls: type, name: str, *, api: bool = False) -> None:
    """Wrap the class's handler `name` (whichever class in its bases defines it) in kept_response."""
    handler = getattr(cls, name)
    if getattr(handler, "kept", False):
        return

    @functools.wraps(handler)
    def kept(view: Any, request: Any, *args: Any, **kwargs: Any) -> HttpResponse:
        def render() -> HttpResponse:
            response = handler(view, request, *args, **kwargs)
            # DRF gives a response its renderer only on the way out: give it now, to keep it.
            return view.finalize_response(request, response, *args, **kwargs) if api else response

        return kept_response(request, render, variant=request.accepted_media_type if api else "")

    kept.kept = True  # type: ignore[attr-defined]
    setattr(cls, name, kept)
