"""Articles get `dated_on`, the date lists sort by: published_on, else the day received.

Ordering by COALESCE(published_on, the day received) cannot use an index, so every page of a
large article list would sort the whole table; a stored column with its own index can. Existing
rows (and their history rows) are filled in two UPDATEs each, in the database.
"""

from django.db import migrations, models
from django.db.models import F
from django.db.models.functions import TruncDate

HELP = ("The date lists sort by: the publication date, or the day the tracker received the "
        "article when it has none. Computed.")


def fill(apps, schema_editor):
    for name in ("Article", "HistoricalArticle"):
        model = apps.get_model("procurement", name)
        model.objects.filter(published_on__isnull=False).update(dated_on=F("published_on"))
        # The day received in the site's time zone, as Article.save() computes it.
        model.objects.filter(published_on__isnull=True).update(dated_on=TruncDate("created"))


class Migration(migrations.Migration):

    dependencies = [
        ("procurement", "0008_meeting_reports"),
    ]

    operations = [
        migrations.AddField(
            model_name="article", name="dated_on",
            field=models.DateField(editable=False, null=True, help_text=HELP)),
        migrations.AddField(
            model_name="historicalarticle", name="dated_on",
            field=models.DateField(editable=False, null=True, help_text=HELP)),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="article", name="dated_on",
            field=models.DateField(editable=False, help_text=HELP)),
        migrations.AlterField(
            model_name="historicalarticle", name="dated_on",
            field=models.DateField(editable=False, help_text=HELP)),
        migrations.AlterModelOptions(
            name="article", options={"ordering": ["-dated_on", "-pk"]}),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(fields=["dated_on", "id"], name="procurement_article_dated")),
    ]
