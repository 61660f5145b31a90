# Saved forecasts become typed evidence (cycles.EvidenceLink.record) instead of keeping the
# activity they were attached to on the forecast itself.

from django.db import migrations

from commissioning.cycles.evidence_migration import link_evidence_to_records


def type_forecast_evidence(apps, schema_editor):
    link_evidence_to_records(
        apps, app_label="needs", model_name="SavedForecast", url_pattern=r"/needs/forecasts/(?P<pk>\d+)/"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("needs", "0003_owned_records"),
        ("cycles", "0005_evidence_records"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(type_forecast_evidence, migrations.RunPython.noop),
        migrations.RemoveField(model_name="historicalsavedforecast", name="attached_to"),
        migrations.RemoveField(model_name="savedforecast", name="attached_to"),
    ]
