# Published market position statements attached as links to their public page become typed evidence.

from django.db import migrations

from commissioning.cycles.evidence_migration import link_evidence_to_records


def type_statement_evidence(apps, schema_editor):
    link_evidence_to_records(
        apps,
        app_label="market",
        model_name="MarketPositionStatement",
        url_pattern=r"/public/market-position/(?P<pk>\d+)/",
    )


class Migration(migrations.Migration):
    dependencies = [
        ("market", "0003_published_records"),
        ("cycles", "0005_evidence_records"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(type_statement_evidence, migrations.RunPython.noop)]
