from rest_framework import serializers

from commissioning.accounts.choices import OrganisationKind
from commissioning.accounts.models import Organisation
from commissioning.core.models import Area


class OrganisationSerializer(serializers.ModelSerializer):
    area = serializers.SlugRelatedField(slug_field="code", read_only=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = Organisation
        fields = [
            "id",
            "name",
            "kind",
            "kind_display",
            "area",
            "ods_code",
            "companies_house_number",
            "charity_number",
            "website",
            "email",
            "telephone",
            "is_demo",
        ]


class OrganisationInputSerializer(serializers.Serializer):
    """What a client may send to add or change an organisation."""

    name = serializers.CharField(max_length=200)
    kind = serializers.ChoiceField(choices=OrganisationKind.choices)
    area = serializers.SlugRelatedField(slug_field="code", queryset=Area.objects.all(), required=False, allow_null=True)
    ods_code = serializers.CharField(max_length=10, required=False, allow_blank=True)
    companies_house_number = serializers.CharField(max_length=8, required=False, allow_blank=True)
    charity_number = serializers.CharField(max_length=8, required=False, allow_blank=True)
    website = serializers.URLField(required=False, allow_blank=True)
    email = serializers.EmailField(required=False, allow_blank=True)
    telephone = serializers.CharField(max_length=30, required=False, allow_blank=True)
