# Options appraisals and cost of care exercises attached as links to their pages become typed evidence.

from django.db import migrations

from commissioning.cycles.evidence_migration import link_evidence_to_records


def type_resources_evidence(apps, schema_editor):
    link_evidence_to_records(
        apps, app_label="finance", model_name="OptionAppraisal", url_pattern=r"/resources/options/(?P<pk>\d+)/"
    )
    link_evidence_to_records(
        apps, app_label="finance", model_name="CostOfCareExercise", url_pattern=r"/cost-of-care/(?P<pk>\d+)/"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("finance", "0002_published_records"),
        ("cycles", "0005_evidence_records"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(type_resources_evidence, migrations.RunPython.noop)]
