"""The Celery app: polling, ingestion and alert jobs run on workers when a broker is configured.

    celery -A tracker worker --loglevel INFO     # any number, on any number of machines
    celery -A tracker beat --loglevel INFO       # exactly one: it only enqueues the schedule

Without CELERY_BROKER_URL nothing here is needed: `manage.py poll` and `ingest` run the same
services in-process, so `make run` needs no broker.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")

app = Celery("tracker")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
