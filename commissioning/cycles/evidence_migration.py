"""For data migrations: turn evidence links that point at a record's page into typed links.

Before evidence was typed, a saved forecast, statement or appraisal was attached as a plain link
to its page. Each app's migration calls this with its own page address pattern, so the link
gains the database link to the record. The figures as attached were not kept then, so the
snapshot stays empty (and the page does not claim they changed).
"""

from __future__ import annotations

import re
from typing import Any


def link_evidence_to_records(apps: Any, *, app_label: str, model_name: str, url_pattern: str) -> int:
    """Type every evidence link whose address matches `url_pattern` (with a `pk` group) and whose
    record still exists; returns how many were typed."""
    evidence = apps.get_model("cycles", "EvidenceLink")
    model = apps.get_model(app_label, model_name)
    pattern = re.compile(url_pattern)
    matches = {}
    for link in evidence.objects.filter(record_type__isnull=True).only("pk", "url"):
        found = pattern.fullmatch(link.url)
        if found:
            matches[link.pk] = int(found["pk"])
    existing = set(model.objects.filter(pk__in=set(matches.values())).values_list("pk", flat=True))
    matches = {link: record for link, record in matches.items() if record in existing}
    if not matches:
        return 0
    content_type, _ = apps.get_model("contenttypes", "ContentType").objects.get_or_create(
        app_label=app_label, model=model_name.lower()
    )
    for link, record in matches.items():
        evidence.objects.filter(pk=link).update(record_type=content_type, record_id=record)
    return len(matches)
