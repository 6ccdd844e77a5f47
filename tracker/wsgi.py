"""WSGI entry point (gunicorn tracker.wsgi)."""
import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")
application = get_wsgi_application()

# What the worker has loaded now (settings, models, every view module through the URLconf)
# lives as long as the process. Python's full garbage collections still walked all of it, about
# 170,000 objects: ~115 ms each, once every 25 requests or so, which was most of the pages'
# slow requests at 100,000 articles (bench/pages.py). Frozen, they are never walked (~16 ms).
get_resolver().url_patterns
gc.freeze()
