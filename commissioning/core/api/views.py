from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets

from commissioning.core import selectors
from commissioning.core.api import query_filters
from commissioning.core.api.serializers import AreaSerializer
from commissioning.core.permissions import ActionPermission

AREA_FILTERS = ("level", "region", "parent", "q")


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("level", OpenApiTypes.STR, description="country, region, county, unitary, ..."),
            OpenApiParameter("region", OpenApiTypes.STR, description="GSS code of a region"),
            OpenApiParameter("parent", OpenApiTypes.STR, description="GSS code of the parent area"),
            OpenApiParameter("q", OpenApiTypes.STR, description="Name contains, or exact GSS code"),
        ]
    )
)
class AreaViewSet(viewsets.ReadOnlyModelViewSet):
    """Areas by ONS GSS code: England, regions, upper-tier councils and districts."""

    serializer_class = AreaSerializer
    permission_classes = [ActionPermission]
    lookup_field = "code"
    lookup_value_regex = "[EWSN][0-9]{8}"

    def get_queryset(self):
        return selectors.area_list(filters=query_filters(self.request, AREA_FILTERS))
