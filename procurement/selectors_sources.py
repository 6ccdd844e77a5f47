"""Reads for feed polling: which sources are due, which items wait for a worker."""

import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from .models import Item, Source

# A worker that took an item and died (or was killed) leaves it claimed; after this long
# another worker may take it. Longer than the slowest fetch and ingestion can take.
ITEM_LEASE = datetime.timedelta(minutes=10)


def sources_due(*, now: datetime.datetime | None = None) -> QuerySet[Source]:
    """Enabled sources whose next poll has come (or was never set), oldest due first."""
    now = now or timezone.now()
    return (Source.objects.filter(enabled=True).filter(Q(due__isnull=True) | Q(due__lte=now))
            .select_related("outlet").order_by("due", "pk"))


def items_waiting(*, source: Source | None = None,
                  now: datetime.datetime | None = None) -> QuerySet[Item]:
    """Items no worker holds: new ones, and claimed ones whose lease has run out."""
    now = now or timezone.now()
    items = Item.objects.filter(Q(state=Item.State.NEW)
                                | Q(state=Item.State.CLAIMED, claimed__lt=now - ITEM_LEASE))
    if source is not None:
        items = items.filter(source=source)
    return items.order_by("pk")


def source_list() -> QuerySet[Source]:
    """Sources as the admin and the API list them, with their outlet."""
    return Source.objects.select_related("outlet").order_by("slug")


def item_list() -> QuerySet[Item]:
    return Item.objects.select_related("source", "article").order_by("-seen")
