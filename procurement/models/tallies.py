"""How many visible mentions each day's articles hold: the counts pages chart and list.

Counting mentions on every view reads the whole mention table once the record is large (a
million rows). These tables hold the counts instead, per entity and day and per day in all,
and are kept by database triggers (migration 0014_tallies) in the same transaction as every
write that changes a count: a mention stored, deleted, reviewed (rejected, confirmed, an
ambiguous one decided), moved to another entity, or its article's day changed. Triggers rather
than service code because mentions are written by several paths (ingestion's multi-row insert,
re-extraction, reviews in the admin, the API and bulk actions, cascading deletes, the bench
loaders) and none of them can forget. `manage.py rebuild_tallies` recomputes them from the
mentions; a test checks that rebuilt equals kept.

"Visible" is `articles.mention_visible`: not rejected, and not an ambiguous name still awaiting
an editor. A mention counts on its article's `dated_on` day.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .entities import Entity


class DailyMentions(models.Model):
    """Visible mentions of one entity in the articles of one day."""

    entity = models.ForeignKey(Entity, models.CASCADE, related_name="daily_mentions")
    day = models.DateField(help_text=_("The articles' day (published, or else received)."))
    mentions = models.IntegerField(default=0)

    class Meta:
        verbose_name_plural = "daily mentions"
        constraints = [models.UniqueConstraint(fields=["entity", "day"],
                                               name="procurement_dailymentions_unique")]

    def __str__(self) -> str:
        return f"{self.entity_id} on {self.day}: {self.mentions}"


class DailyMentionTotal(models.Model):
    """Visible mentions of every entity in the articles of one day."""

    day = models.DateField(unique=True)
    mentions = models.IntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.day}: {self.mentions}"
