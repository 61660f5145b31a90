from rest_framework import viewsets

from commissioning.core import selectors
from commissioning.core.api.serializers import AreaSerializer
from commissioning.core.filtersets import AreaFilterSet
from commissioning.core.permissions import ActionPermission


class AreaViewSet(viewsets.ReadOnlyModelViewSet):
    """Areas by ONS GSS code: England, regions, upper-tier councils and districts."""

    serializer_class = AreaSerializer
    permission_classes = [ActionPermission]
    lookup_field = "code"
    lookup_value_regex = "[EWSN][0-9]{8}"

    filterset_class = AreaFilterSet

    def get_queryset(self):
        return selectors.area_list()
