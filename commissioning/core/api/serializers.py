from decimal import Decimal
from typing import Any

from django.db import models
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.reverse import reverse

from commissioning.core.limits import Limit, limit_of
from commissioning.core.models import Area, BackgroundJob


def limit_options(limit: Limit) -> dict[str, Any]:
    """A serializer number field's range and messages, from a limit."""
    return {
        "min_value": limit.low,
        "max_value": limit.high,
        "error_messages": {
            "min_value": limit.too_low,
            "max_value": limit.too_high,
            "max_string_length": limit.too_high,
        },
    }


class LimitedDecimalField(serializers.DecimalField):
    """A decimal checked against its limit before its digits are counted, so a value too large
    for the column gets the limit's message rather than "no more than 12 digits"."""

    def __init__(self, *args: Any, limit: Limit, **kwargs: Any) -> None:
        self.limit = limit
        super().__init__(*args, **{**limit_options(limit), **kwargs})

    def validate_precision(self, value: Decimal) -> Decimal:
        if (problem := self.limit.problem(value)) is not None:
            raise serializers.ValidationError(problem, code="max_value" if value > self.limit.high else "min_value")
        return super().validate_precision(value)


def limited_field(limit: Limit, *, decimal_places: int | None = None, **kwargs: Any) -> serializers.Field:
    """A number field for a plain Serializer: whole numbers, or decimals to `decimal_places`."""
    if decimal_places is None:
        return serializers.IntegerField(**limit_options(limit), **kwargs)
    digits = len(str(int(abs(limit.high)))) + decimal_places
    return LimitedDecimalField(max_digits=digits, decimal_places=decimal_places, limit=limit, **kwargs)


class ModelSerializer(serializers.ModelSerializer):
    """The project's ModelSerializer: a number field refuses values outside its model field's
    limit with the limit's own message (DRF would otherwise say "Ensure this value is...")."""

    def build_standard_field(self, field_name: str, model_field: models.Field) -> tuple[type, dict[str, Any]]:
        field_class, field_kwargs = super().build_standard_field(field_name, model_field)
        limit = limit_of(model_field.validators)
        if limit is None or field_kwargs.get("read_only") or "choices" in field_kwargs:
            return field_class, field_kwargs
        if issubclass(field_class, serializers.DecimalField):
            field_class, field_kwargs["limit"] = LimitedDecimalField, limit
            field_kwargs.pop("min_value", None)
            field_kwargs.pop("max_value", None)
        else:
            field_kwargs.update(limit_options(limit))
        return field_class, field_kwargs


class AreaSerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="code", read_only=True)
    region = serializers.SlugRelatedField(slug_field="code", read_only=True)
    level_display = serializers.CharField(source="get_level_display", read_only=True)

    class Meta:
        model = Area
        fields = ["code", "name", "level", "level_display", "parent", "region", "is_upper_tier"]


class JobProgressSerializer(serializers.Serializer):
    done = serializers.IntegerField(source="progress_done")
    total = serializers.IntegerField(source="progress_total")
    percent = serializers.IntegerField()
    stage = serializers.CharField()


class BackgroundJobSerializer(serializers.ModelSerializer):
    """A background job: where it has got to and, once finished, its outcome. The outcome has a
    `message`, and either `counts`, `links` and `notes`, or every problem found (`problems`: file,
    line, column, reason) or the service's `errors`; `failure` says why a job failed."""

    status_display = serializers.CharField(source="get_status_display", read_only=True)
    progress = JobProgressSerializer(source="*", read_only=True)
    page = serializers.SerializerMethodField()
    file = serializers.SerializerMethodField()

    class Meta:
        model = BackgroundJob
        fields = [
            "id", "kind", "title", "status", "status_display", "is_finished", "progress", "outcome", "failure",
            "page", "file", "created_at", "started_at", "finished_at",
        ]  # fmt: skip
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.URI)
    def get_page(self, job: BackgroundJob) -> str:
        return reverse("core:job-detail", args=[job.pk], request=self.context.get("request"))

    @extend_schema_field(OpenApiTypes.URI)
    def get_file(self, job: BackgroundJob) -> str | None:
        if not job.has_file:
            return None
        return reverse("core:job-file", args=[job.pk], request=self.context.get("request"))


class BackgroundJobListSerializer(BackgroundJobSerializer):
    """In lists, a failed import's problems are counted; the job's own address lists them all."""

    outcome = serializers.SerializerMethodField()
    problem_count = serializers.SerializerMethodField()

    class Meta(BackgroundJobSerializer.Meta):
        fields = [*BackgroundJobSerializer.Meta.fields, "problem_count"]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_outcome(self, job: BackgroundJob) -> dict:
        return {key: value for key, value in job.outcome.items() if key != "problems"}

    def get_problem_count(self, job: BackgroundJob) -> int:
        return len(job.problems)
