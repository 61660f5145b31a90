# Spend files are known by their transactions, not their bytes: each import keeps a fingerprint of
# its rows, worked out here for the files already loaded from the transactions they hold.

from django.db import migrations, models

from commissioning.analytics.fingerprint import rows_fingerprint

ROW_FIELDS = ("cost_centre_id", "transaction_date", "supplier", "amount", "status", "reference", "description")


def _values(row):
    # As finance.models.spend_row_values, which imports use from now on.
    return (
        row["cost_centre_id"],
        row["transaction_date"].isoformat(),
        row["supplier"],
        f"{row['amount']:.2f}" if row["amount"] else "0.00",
        row["status"],
        row["reference"],
        row["description"],
    )


def fingerprint_loaded_files(apps, schema_editor):
    SpendImport = apps.get_model("finance", "SpendImport")
    SpendTransaction = apps.get_model("finance", "SpendTransaction")
    taken = set()
    for run in SpendImport.objects.order_by("imported_at", "pk"):
        rows = SpendTransaction.objects.filter(source_id=run.pk).values(*ROW_FIELDS)
        fingerprint = rows_fingerprint(_values(row) for row in rows.iterator())
        # A repeat loaded before this check existed keeps no fingerprint (the first file holds it);
        # both stay loaded for the team to see and remove.
        if (run.organisation_id, fingerprint) not in taken:
            taken.add((run.organisation_id, fingerprint))
            SpendImport.objects.filter(pk=run.pk).update(rows_sha256=fingerprint)


class Migration(migrations.Migration):
    dependencies = [
        ("finance", "0003_evidence_records"),
    ]

    operations = [
        migrations.AddField(
            model_name="spendimport",
            name="rows_seen_before",
            field=models.PositiveIntegerField(
                default=0, help_text="Rows that matched transactions already loaded from other files when this one was"
            ),
        ),
        migrations.AddField(
            model_name="spendimport",
            name="rows_sha256",
            field=models.CharField(blank=True, default="", max_length=64),
        ),
        migrations.RunPython(fingerprint_loaded_files, migrations.RunPython.noop, elidable=True),
        migrations.AddConstraint(
            model_name="spendimport",
            constraint=models.UniqueConstraint(
                condition=models.Q(("rows_sha256", ""), _negated=True),
                fields=("organisation", "rows_sha256"),
                name="spend_rows_imported_once",
            ),
        ),
    ]
