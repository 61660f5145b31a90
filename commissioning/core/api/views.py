from rest_framework import viewsets

from commissioning.core import selectors
from commissioning.core.api.serializers import AreaSerializer, BackgroundJobListSerializer, BackgroundJobSerializer
from commissioning.core.filtersets import AreaFilterSet
from commissioning.core.kept_pages import KeptListMixin
from commissioning.core.permissions import ActionPermission


class AreaViewSet(KeptListMixin, viewsets.ReadOnlyModelViewSet):
    """Areas by ONS GSS code: England, regions, upper-tier councils and districts."""

    serializer_class = AreaSerializer
    permission_classes = [ActionPermission]
    lookup_field = "code"
    lookup_value_regex = "[EWSN][0-9]{8}"

    filterset_class = AreaFilterSet

    def get_queryset(self):
        return selectors.area_list()


class BackgroundJobViewSet(KeptListMixin, viewsets.ReadOnlyModelViewSet):
    """Your imports and document builds, newest first: status, progress and outcome. Each person
    sees only the jobs they started (operators see every job)."""

    permission_classes = [ActionPermission]

    def get_serializer_class(self):
        return BackgroundJobListSerializer if self.action == "list" else BackgroundJobSerializer

    def get_queryset(self):
        if self.action == "list":
            return selectors.job_list(user=self.request.user)
        return selectors.job_visible(user=self.request.user)
