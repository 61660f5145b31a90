# Market position statements take their draft and published states from the shared kit
# (core.models.PublishedRecord): the status column becomes is_published.

from django.db import migrations, models

PUBLISHED_HELP = "Published records can be read by providers and the public."
SUMMARY_HELP = "Plain English summary for people who draw on care, carers and providers."
MODELS = ("MarketPositionStatement", "HistoricalMarketPositionStatement")


def statuses_to_publication(apps, schema_editor):
    for name in MODELS:
        apps.get_model("market", name).objects.filter(status="published").update(is_published=True)


def publication_to_statuses(apps, schema_editor):
    for name in MODELS:
        model = apps.get_model("market", name)
        model.objects.filter(is_published=True).update(status="published")
        model.objects.filter(is_published=False).update(status="draft")


class Migration(migrations.Migration):
    dependencies = [
        ("market", "0002_owned_records"),
    ]

    operations = [
        *(
            migrations.AddField(
                model_name=name.lower(),
                name="is_published",
                field=models.BooleanField(default=False, help_text=PUBLISHED_HELP, verbose_name="published"),
            )
            for name in MODELS
        ),
        *(
            migrations.AddField(
                model_name=name.lower(), name="public_summary", field=models.TextField(blank=True, help_text=SUMMARY_HELP)
            )
            for name in MODELS
        ),
        migrations.RunPython(statuses_to_publication, publication_to_statuses),
        *(migrations.RemoveField(model_name=name.lower(), name="status") for name in MODELS),
    ]
