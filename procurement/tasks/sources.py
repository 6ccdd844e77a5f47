"""Jobs that poll outlets' feeds and ingest the items they list (services.sources).

Beat enqueues `sources_poll_due` every minute; it leases each due source and enqueues one
`source_poll_job`, which enqueues one `item_ingest_job` per waiting item. Any number of
workers may run these: a source is leased before its poll, an item claimed before its ingestion,
so a page is never ingested twice. Without a broker they run at once, in the asking process.
"""

from celery import shared_task
from django.conf import settings

from ..models import Item, Source
from ..selectors_sources import items_waiting, sources_due
from ..services.sources import item_claim, item_ingest, source_lease, source_poll

RETRY_BASE = 60  # seconds before a page's second try; doubled for each further try


@shared_task
def sources_poll_due() -> int:
    """Enqueue a poll of every enabled source that is due; returns how many."""
    enqueued = 0
    for source in sources_due():
        if source_lease(source=source):
            source_poll_job.delay(source.pk)
            enqueued += 1
    return enqueued


@shared_task
def source_poll_job(source_id: int) -> int:
    """Poll one source, then enqueue the ingestion of each item waiting in it."""
    source = Source.objects.select_related("outlet").filter(pk=source_id).first()
    if source is None:  # deleted since it was enqueued
        return 0
    source_poll(source=source)
    # Waiting items include those an earlier poll found and a dead worker left behind.
    waiting = list(items_waiting(source=source).values_list("pk", flat=True))
    for item_id in waiting:
        item_ingest_job.delay(item_id)
    return len(waiting)


@shared_task
def item_ingest_job(item_id: int) -> str:
    """Claim one item and ingest its page; a no-op when another worker has it or had it."""
    item = Item.objects.select_related("source__outlet").filter(pk=item_id).first()
    if item is None or not item_claim(item=item):
        return "skipped"
    outcome = item_ingest(item=item)
    if outcome.retry and not settings.CELERY_TASK_ALWAYS_EAGER:
        # In-process (no broker) the item simply waits for the next poll of its source.
        item_ingest_job.apply_async((item_id,), countdown=RETRY_BASE * 2 ** (item.attempts - 1))
    return outcome.item.state
