"""The daily mention tallies (models.tallies): rebuilt from the mentions.

Triggers keep the tallies as mentions change; this recomputes them from scratch, for a database
whose triggers were off while it was written (a restore into a database made without them) or
to check them: `tallies_rebuild` returns what changed.
"""

from django.db import transaction
from django.db.models import Count

from ..models import DailyMentions, DailyMentionTotal, Mention


def tallies_counted() -> tuple[dict, dict]:
    """({(entity id, day): mentions}, {day: mentions}) counted from the visible mentions."""
    by_entity = {(row["entity_id"], row["article__dated_on"]): row["n"] for row in
                 Mention.objects.visible().values("entity_id", "article__dated_on")
                 .annotate(n=Count("pk")).order_by()}
    by_day: dict = {}
    for (_, day), n in by_entity.items():
        by_day[day] = by_day.get(day, 0) + n
    return by_entity, by_day


def tallies_kept() -> tuple[dict, dict]:
    """The tallies as the triggers kept them, in the form of `tallies_counted` (zeros left out:
    a day whose mentions were all rejected keeps its row at 0)."""
    return ({(e, d): n for e, d, n in DailyMentions.objects.filter(mentions__gt=0)
             .values_list("entity_id", "day", "mentions")},
            dict(DailyMentionTotal.objects.filter(mentions__gt=0).values_list("day", "mentions")))


@transaction.atomic
def tallies_rebuild() -> int:
    """Replace the tallies with counts from the mentions; returns how many rows differed."""
    counted, kept = tallies_counted(), tallies_kept()
    differing = sum(counted_part.get(key) != kept_part.get(key)
                    for counted_part, kept_part in zip(counted, kept)
                    for key in counted_part.keys() | kept_part.keys())
    DailyMentions.objects.all().delete()
    DailyMentionTotal.objects.all().delete()
    DailyMentions.objects.bulk_create(
        DailyMentions(entity_id=entity, day=day, mentions=n)
        for (entity, day), n in counted[0].items())
    DailyMentionTotal.objects.bulk_create(
        DailyMentionTotal(day=day, mentions=n) for day, n in counted[1].items())
    return differing
