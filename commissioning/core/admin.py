"""Operators' view of background jobs (Django admin): whose, how far, and why one failed."""

from typing import Any

from django.contrib import admin

from commissioning.core.models import BackgroundJob


@admin.register(BackgroundJob)
class BackgroundJobAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "requested_by", "status", "created_at", "finished_at"]
    list_filter = ["status", "kind"]
    search_fields = ["title", "task_id", "requested_by__email"]
    raw_id_fields = ["requested_by"]

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False
