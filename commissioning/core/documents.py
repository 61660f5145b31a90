"""PDF documents rendered from Jinja templates with WeasyPrint, never fetching over the network."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.template.loader import render_to_string

# Relative URLs in document templates resolve here; nothing is fetched over the network.
STATIC_DIR = settings.PACKAGE_DIR / "core" / "static"


def html_to_pdf(template_name: str, context: dict[str, Any]) -> bytes:
    """Render a standalone HTML template to an A4 PDF (the template sets its own print styles)."""
    from weasyprint import HTML  # Imported here: it loads Pango, which only document downloads need.
    from weasyprint.urls import URLFetcher

    html = render_to_string(template_name, context)
    local_only = URLFetcher(allowed_protocols={"file", "data"})
    return HTML(string=html, base_url=f"{STATIC_DIR}/", url_fetcher=local_only).write_pdf()
