# Saved forecasts become typed evidence (cycles.EvidenceLink.record) instead of keeping the
# activity they were attached to on the forecast itself. Only the link each forecast's own
# attachment made is typed: a link someone pasted to another council's forecast stays a plain
# link, so it opens nothing it did not open before.

import re

from django.db import migrations

FORECAST_PAGE = re.compile(r"/needs/forecasts/(?P<pk>\d+)/")


def type_forecast_evidence(apps, schema_editor):
    forecasts = apps.get_model("needs", "SavedForecast")
    evidence = apps.get_model("cycles", "EvidenceLink")
    attached = dict(forecasts.objects.filter(attached_to__isnull=False).values_list("pk", "attached_to_id"))
    if not attached:
        return
    content_type, _ = apps.get_model("contenttypes", "ContentType").objects.get_or_create(
        app_label="needs", model="savedforecast"
    )
    for link in evidence.objects.filter(record_type__isnull=True).only("pk", "url", "activity_id"):
        found = FORECAST_PAGE.fullmatch(link.url)
        if found and attached.get(int(found["pk"])) == link.activity_id:
            evidence.objects.filter(pk=link.pk).update(record_type=content_type, record_id=int(found["pk"]))


def forecasts_attached_again(apps, schema_editor):
    forecasts = apps.get_model("needs", "SavedForecast")
    links = apps.get_model("cycles", "EvidenceLink").objects.filter(
        record_type__app_label="needs", record_type__model="savedforecast"
    )
    for link in links.order_by("pk"):
        forecasts.objects.filter(pk=link.record_id, attached_to__isnull=True).update(attached_to_id=link.activity_id)


class Migration(migrations.Migration):
    dependencies = [
        ("needs", "0003_owned_records"),
        ("cycles", "0005_evidence_records"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(type_forecast_evidence, forecasts_attached_again),
        migrations.RemoveField(model_name="historicalsavedforecast", name="attached_to"),
        migrations.RemoveField(model_name="savedforecast", name="attached_to"),
    ]
