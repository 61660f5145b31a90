# Cycles take their draft and published states from the shared kit (core.models.PublishedRecord),
# which adds the date of publication; cycles already published take their last change's date.

from django.db import migrations, models
from django.db.models import F

PUBLISHED_HELP = "Published records can be read by providers and the public."
MODELS = ("CommissioningCycle", "HistoricalCommissioningCycle")


def date_published_cycles(apps, schema_editor):
    for name in MODELS:
        apps.get_model("cycles", name).objects.filter(is_published=True).update(published_at=F("updated_at"))


class Migration(migrations.Migration):
    dependencies = [
        ("cycles", "0003_owned_records"),
    ]

    operations = [
        *(
            migrations.AddField(
                model_name=name.lower(), name="published_at", field=models.DateTimeField(blank=True, null=True)
            )
            for name in MODELS
        ),
        *(
            migrations.AlterField(
                model_name=name.lower(),
                name="is_published",
                field=models.BooleanField(default=False, help_text=PUBLISHED_HELP, verbose_name="published"),
            )
            for name in MODELS
        ),
        migrations.RunPython(date_published_cycles, migrations.RunPython.noop),
    ]
