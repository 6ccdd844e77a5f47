"""Celery jobs, by topic. Each job calls the same services the commands and the admin call.

Celery's autodiscovery imports this module; the jobs register on import.
"""

from . import alerts, sources  # noqa: F401
