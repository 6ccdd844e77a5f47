"""Articles get `furniture_from`: where the page furniture at the end of the body starts.

Articles already stored are measured here with the same pure function ingestion uses; only
those that have a tail are written. Their machine-found mentions inside the tail go away at the
next `reextract` (editors' decisions stay).
"""

from django.db import migrations, models

from procurement.text.layout import layout

HELP = ("Where the page furniture at the end of the body starts (\"Related Posts\" and the list "
        "under it). Kept in the body but not searched for names or claims. Empty: the whole "
        "body is the report. Computed on ingestion.")


def fill(apps, schema_editor):
    Article = apps.get_model("procurement", "Article")
    for pk, body in Article.objects.values_list("pk", "body").iterator(chunk_size=500):
        start = layout(body).furniture_from
        if start is not None:
            Article.objects.filter(pk=pk).update(furniture_from=start)


class Migration(migrations.Migration):

    dependencies = [
        ("procurement", "0009_article_dated_on"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="furniture_from",
            field=models.PositiveIntegerField(blank=True, editable=False, help_text=HELP,
                                              null=True),
        ),
        migrations.AddField(
            model_name="historicalarticle",
            name="furniture_from",
            field=models.PositiveIntegerField(blank=True, editable=False, help_text=HELP,
                                              null=True),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
