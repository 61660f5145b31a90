from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.response import Response

from commissioning.accounts import selectors, services
from commissioning.accounts.api.serializers import OrganisationInputSerializer, OrganisationSerializer
from commissioning.accounts.filtersets import OrganisationFilterSet
from commissioning.accounts.permissions import can_manage_people, manages_organisation
from commissioning.core.api import AnswerOnce
from commissioning.core.kept_pages import KeptListMixin
from commissioning.core.permissions import ActionPermission, on_object


@extend_schema_view(
    create=extend_schema(request=OrganisationInputSerializer, responses={201: OrganisationSerializer}),
    partial_update=extend_schema(request=OrganisationInputSerializer, responses=OrganisationSerializer),
)
class OrganisationViewSet(
    KeptListMixin,
    AnswerOnce,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Organisations: commissioning staff see all; providers and people see their own.

    Administrators add and change them.
    """

    serializer_class = OrganisationSerializer
    permission_classes = [ActionPermission]
    action_permissions = {
        "create": can_manage_people,
        "partial_update": on_object(manages_organisation),
        "update": on_object(manages_organisation),
    }
    http_method_names = ["get", "post", "patch", "head", "options"]

    filterset_class = OrganisationFilterSet

    def get_queryset(self):
        return selectors.organisation_list(user=self.request.user)

    def create(self, request, *args, **kwargs):
        data = OrganisationInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        organisation = services.organisation_create(by=request.user, **data.validated_data)
        return Response(OrganisationSerializer(organisation).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        organisation = self.get_object()
        data = OrganisationInputSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        organisation = services.organisation_update(organisation=organisation, by=request.user, **data.validated_data)
        return Response(OrganisationSerializer(organisation).data)
