"""Build the market summaries for a register that already holds locations."""

from django.db import migrations


def build(apps, schema_editor):
    Location = apps.get_model("market", "Location")
    MarketSummaryState = apps.get_model("market", "MarketSummaryState")
    MarketSummaryState.objects.update_or_create(pk=1, defaults={"stale": True})
    if Location.objects.using(schema_editor.connection.alias).exists():
        # The rebuild reads beds through LocationQuerySet.with_beds, the one definition, which
        # historical models do not carry. Should a later schema make that impossible here, the
        # summaries stay marked stale and the first page (or `commissioning market-summary`) builds them.
        from commissioning.market.summary import market_summary_rebuild

        try:
            market_summary_rebuild()  # atomic: a failure rolls back to its own savepoint
        except Exception:  # noqa: BLE001
            MarketSummaryState.objects.update_or_create(pk=1, defaults={"stale": True})


class Migration(migrations.Migration):
    dependencies = [("market", "0007_market_summaries")]

    operations = [migrations.RunPython(build, migrations.RunPython.noop)]
