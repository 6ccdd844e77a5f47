"""Jobs that turn new records into alerts: events, webhook deliveries, daily digests.

Scheduled by CELERY_BEAT_SCHEDULE; each does a bounded amount of work per run and leaves the
rest to the next one, so a backlog never makes a run long.
"""

from celery import shared_task

from ..services import alerts, webhooks


@shared_task(name="procurement.tasks.alerts.events_collect")
def events_collect() -> dict:
    """Events for newly received articles naming watched entities; deliveries for new events."""
    return alerts.events_collect()


@shared_task(name="procurement.tasks.alerts.deliveries_send_due")
def deliveries_send_due() -> dict:
    """Send the webhook deliveries whose (re)try is due."""
    return webhooks.deliveries_send_due()


@shared_task(name="procurement.tasks.alerts.digests_send")
def digests_send() -> dict:
    """The daily e-mail digests."""
    return alerts.digests_send()
