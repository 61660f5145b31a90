from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.reverse import reverse

from commissioning.core.models import Area, BackgroundJob


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
