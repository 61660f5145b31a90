"""API shapes for cycles. Input serializers check shape only; services apply the rules."""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from commissioning.accounts.models import Organisation, User
from commissioning.core import limits
from commissioning.core.api.serializers import ModelSerializer, limited_field
from commissioning.core.choices import ClientGroup
from commissioning.core.forms import validate_year_range
from commissioning.core.models import Area
from commissioning.cycles.choices import ActivityStatus, Element, FindingStatus, Level
from commissioning.cycles.evidence import evidence_type_get, evidence_type_list
from commissioning.cycles.models import Activity, CommissioningCycle, EffortEntry, EvidenceLink, Finding, PolicyItem
from commissioning.cycles.selectors import activity_list, cycle_colleague_list, team_cycle_list
from commissioning.cycles.validators import validate_evidence_url


@extend_schema_field(OpenApiTypes.INT)
class ScopedPrimaryKeyField(serializers.PrimaryKeyRelatedField):
    """A related-record id resolved only within what the requesting user may see."""

    def __init__(self, *, scope: Any, **kwargs: Any) -> None:
        self.scope = scope
        super().__init__(**kwargs)

    def get_queryset(self) -> Any:
        return self.scope(self.context["request"].user)


def _involved_cycles(user: User) -> Any:
    return team_cycle_list(user)


def _visible_activities(user: User) -> Any:
    return activity_list(user=user)


def _active_people(user: User) -> Any:
    return cycle_colleague_list(user=user)


def _date(**kwargs: Any) -> serializers.DateField:
    """A date between 1900 and 2100, as on the pages."""
    return serializers.DateField(validators=[validate_year_range], **kwargs)


class PersonSerializer(serializers.ModelSerializer):
    class Meta:
        model = User
        fields = ["id", "full_name"]


class PublicCycleSerializer(serializers.ModelSerializer):
    """What anyone signed in may read about a published cycle."""

    areas = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    lead_organisation = serializers.StringRelatedField()
    partner_organisations = serializers.StringRelatedField(many=True)

    class Meta:
        model = CommissioningCycle
        fields = [
            "id",
            "title",
            "client_group",
            "areas",
            "period_start",
            "period_end",
            "lead_organisation",
            "partner_organisations",
            "status",
            "is_published",
            "public_summary",
        ]


class CycleSerializer(PublicCycleSerializer):
    """The full cycle, for the commissioning team and scrutiny."""

    lead_organisation = serializers.PrimaryKeyRelatedField(read_only=True)
    partner_organisations = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    lead_commissioner = PersonSerializer(read_only=True)
    previous_cycle = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta(PublicCycleSerializer.Meta):
        fields = [
            *PublicCycleSerializer.Meta.fields,
            "summary",
            "lead_commissioner",
            "previous_cycle",
            "is_demo",
            "created_at",
            "updated_at",
        ]


class CycleInputSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    client_group = serializers.ChoiceField(choices=ClientGroup.choices)
    areas = serializers.SlugRelatedField(slug_field="code", many=True, queryset=Area.objects.all())
    period_start = _date()
    period_end = _date()
    lead_commissioner = ScopedPrimaryKeyField(scope=_active_people, required=False)
    partner_organisations = serializers.PrimaryKeyRelatedField(
        many=True, queryset=Organisation.objects.all(), required=False
    )
    summary = serializers.CharField(required=False, allow_blank=True)
    is_published = serializers.BooleanField(required=False)
    public_summary = serializers.CharField(required=False, allow_blank=True)

    def validate(self, data: dict[str, Any]) -> dict[str, Any]:
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end <= start:
            raise serializers.ValidationError({"period_end": "The end of the period must be after its start"})
        return data


class NextCycleInputSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    period_start = _date()
    period_end = _date()

    def validate(self, data: dict[str, Any]) -> dict[str, Any]:
        if data["period_end"] <= data["period_start"]:
            raise serializers.ValidationError({"period_end": "The end of the period must be after its start"})
        return data


class ActivitySerializer(serializers.ModelSerializer):
    owner = PersonSerializer(read_only=True)
    is_overdue = serializers.SerializerMethodField()

    class Meta:
        model = Activity
        fields = [
            "id",
            "cycle",
            "level",
            "element",
            "checklist_key",
            "title",
            "description",
            "owner",
            "due_date",
            "status",
            "notes",
            "completed_on",
            "is_overdue",
            "carried_from",
            "created_at",
            "updated_at",
        ]

    def get_is_overdue(self, activity: Activity) -> bool:
        return activity.is_overdue()


class ActivityInputSerializer(serializers.Serializer):
    cycle = ScopedPrimaryKeyField(scope=_involved_cycles)
    level = serializers.ChoiceField(choices=Level.choices, required=False, default=Level.STRATEGIC)
    element = serializers.ChoiceField(choices=Element.choices)
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True)
    owner = ScopedPrimaryKeyField(scope=_active_people, required=False, allow_null=True)
    due_date = _date(required=False, allow_null=True)


class ActivityUpdateSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200, required=False)
    description = serializers.CharField(required=False, allow_blank=True)
    owner = ScopedPrimaryKeyField(scope=_active_people, required=False, allow_null=True)
    due_date = _date(required=False, allow_null=True)
    status = serializers.ChoiceField(choices=ActivityStatus.choices, required=False)
    notes = serializers.CharField(required=False, allow_blank=True)


class EvidenceLinkSerializer(serializers.ModelSerializer):
    added_by = PersonSerializer(read_only=True)
    record_type = serializers.SerializerMethodField(help_text="The kind of record attached; null for a web link")
    snapshot = serializers.SerializerMethodField(
        help_text="The record's figures when it was attached; null unless you may open the record itself"
    )

    class Meta:
        model = EvidenceLink
        fields = ["id", "activity", "title", "url", "record_type", "record_id", "snapshot", "added_by", "created_at"]

    def get_record_type(self, link: EvidenceLink) -> str | None:
        kind = link.evidence_type
        return kind.key if kind else None

    def get_snapshot(self, link: EvidenceLink) -> dict[str, Any] | None:
        request = self.context.get("request")
        if not link.is_record or (request is not None and not link.record_visible_to(request.user)):
            return None
        return link.snapshot


class EvidenceInputSerializer(serializers.Serializer):
    """Evidence to attach: a web link (title and url), or a record of a registered type
    (record_type and record_id). Subclasses add what it is evidence for (an activity, a priority)."""

    title = serializers.CharField(max_length=200, required=False)
    url = serializers.CharField(max_length=500, validators=[validate_evidence_url], required=False)
    record_type = serializers.ChoiceField(choices=[], required=False, help_text="For example needs.saved_forecast")
    record_id = limited_field(limits.RECORD_ID, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["record_type"].choices = [kind.key for kind in evidence_type_list()]

    def validate(self, data: dict[str, Any]) -> dict[str, Any]:
        kind = evidence_type_get(data.pop("record_type", "") or "")
        record_id = data.pop("record_id", None)
        if kind is None and record_id is None:
            missing = {name: ["This field is required."] for name in ("title", "url") if not data.get(name)}
            if missing:
                raise serializers.ValidationError(missing)
            return data
        if kind is None or record_id is None:
            raise serializers.ValidationError({"record_id": ["Give both record_type and record_id"]})
        record = kind.choices(self.context["request"].user).filter(pk=record_id).first()
        if record is None:
            raise serializers.ValidationError({"record_id": ["No such record that you may attach"]})
        return {name: value for name, value in data.items() if name not in ("title", "url")} | {"record": record}


class EvidenceLinkInputSerializer(EvidenceInputSerializer):
    """A web link (title and url), or a record of a registered type (record_type and record_id)."""

    activity = ScopedPrimaryKeyField(scope=_visible_activities)


class EffortEntrySerializer(ModelSerializer):
    person = PersonSerializer(read_only=True)

    class Meta:
        model = EffortEntry
        fields = ["id", "cycle", "level", "element", "person", "worked_on", "hours", "note", "created_at"]


class EffortEntryInputSerializer(serializers.Serializer):
    cycle = ScopedPrimaryKeyField(scope=_involved_cycles)
    level = serializers.ChoiceField(choices=Level.choices, required=False, default=Level.STRATEGIC)
    element = serializers.ChoiceField(choices=Element.choices)
    person = ScopedPrimaryKeyField(scope=_active_people, required=False)
    worked_on = _date()
    hours = limited_field(limits.HOURS_A_DAY, decimal_places=2)
    note = serializers.CharField(max_length=300, required=False, allow_blank=True)


class FindingSerializer(serializers.ModelSerializer):
    raised_by = PersonSerializer(read_only=True)

    class Meta:
        model = Finding
        fields = [
            "id",
            "cycle",
            "raised_in_cycle",
            "level",
            "element",
            "activity",
            "title",
            "detail",
            "raised_by",
            "status",
            "response",
            "created_at",
            "updated_at",
        ]


class FindingInputSerializer(serializers.Serializer):
    cycle = ScopedPrimaryKeyField(scope=_involved_cycles)
    level = serializers.ChoiceField(choices=Level.choices)
    element = serializers.ChoiceField(choices=Element.choices)
    activity = ScopedPrimaryKeyField(scope=_visible_activities, required=False, allow_null=True)
    title = serializers.CharField(max_length=200)
    detail = serializers.CharField()


class FindingUpdateSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200, required=False)
    detail = serializers.CharField(required=False)
    status = serializers.ChoiceField(choices=FindingStatus.choices, required=False)
    response = serializers.CharField(required=False, allow_blank=True)


class ElementProgressSerializer(serializers.Serializer):
    level = serializers.CharField()
    element = serializers.CharField()
    total = serializers.IntegerField()
    finished = serializers.IntegerField()
    done = serializers.IntegerField()
    overdue = serializers.IntegerField()
    percent = serializers.IntegerField()


class EffortShareSerializer(serializers.Serializer):
    element = serializers.CharField()
    strategic_hours = serializers.DecimalField(max_digits=9, decimal_places=2)
    purchasing_hours = serializers.DecimalField(max_digits=9, decimal_places=2)
    hours = serializers.DecimalField(max_digits=9, decimal_places=2)
    share = serializers.DecimalField(max_digits=6, decimal_places=2)


class CycleProgressSerializer(serializers.Serializer):
    stage = serializers.CharField(allow_null=True)
    percent = serializers.IntegerField()
    overdue = serializers.IntegerField()
    elements = ElementProgressSerializer(many=True)
    effort = EffortShareSerializer(many=True)


class PolicyItemSerializer(ModelSerializer):
    """A policy item in the register. `cycles` lists only the linked cycles the reader may see."""

    duties = serializers.SerializerMethodField()
    client_groups = serializers.SerializerMethodField()
    organisation = serializers.StringRelatedField()
    is_national = serializers.BooleanField(read_only=True)
    review_overdue = serializers.SerializerMethodField()
    cycles = serializers.SerializerMethodField()

    class Meta:
        model = PolicyItem
        fields = [
            "id",
            "title",
            "kind",
            "issued_by",
            "year",
            "url",
            "summary",
            "duties",
            "review_due",
            "review_overdue",
            "client_groups",
            "is_national",
            "organisation",
            "cycles",
            "is_demo",
            "created_at",
            "updated_at",
        ]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_duties(self, item: PolicyItem) -> list[str]:
        return item.duty_list

    # Plain strings in the schema: the ClientGroup choices are already named once (for cycles).
    @extend_schema_field(serializers.ListField(child=serializers.CharField(help_text="A client group code")))
    def get_client_groups(self, item: PolicyItem) -> list[str]:
        """Empty when the item applies to every client group."""
        return item.client_group_codes

    def get_review_overdue(self, item: PolicyItem) -> bool:
        return item.is_review_overdue()

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_cycles(self, item: PolicyItem) -> list[int]:
        return [cycle.pk for cycle in getattr(item, "visible_cycles", [])]
