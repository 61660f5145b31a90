# Cost of care exercises take their draft and published states from the shared kit
# (core.models.PublishedRecord): a published exercise is closed to returns and is_published.

from django.db import migrations, models

PUBLISHED_HELP = "Published records can be read by providers and the public."
SUMMARY_HELP = "Plain English summary for people who draw on care, carers and providers."
STATUSES = [("open", "Open for provider returns"), ("closed", "Closed")]
MODELS = ("CostOfCareExercise", "HistoricalCostOfCareExercise")


def statuses_to_publication(apps, schema_editor):
    for name in MODELS:
        apps.get_model("finance", name).objects.filter(status="published").update(status="closed", is_published=True)


def publication_to_statuses(apps, schema_editor):
    for name in MODELS:
        apps.get_model("finance", name).objects.filter(is_published=True).update(status="published")


class Migration(migrations.Migration):
    dependencies = [
        ("finance", "0001_initial"),
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
        *(
            migrations.AlterField(
                model_name=name.lower(),
                name="status",
                field=models.CharField(choices=STATUSES, default="open", max_length=10),
            )
            for name in MODELS
        ),
    ]
