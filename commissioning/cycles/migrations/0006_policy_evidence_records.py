# Policy items attached as links to their pages become typed evidence.

from django.db import migrations

from commissioning.cycles.evidence_migration import link_evidence_to_records


def type_policy_evidence(apps, schema_editor):
    link_evidence_to_records(apps, app_label="cycles", model_name="PolicyItem", url_pattern=r"/policy/(?P<pk>\d+)/")


class Migration(migrations.Migration):
    dependencies = [
        ("cycles", "0005_evidence_records"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(type_policy_evidence, migrations.RunPython.noop)]
