"""Rate limits for the pages, and the one rule for which address a request comes from.

The API has DRF's throttles; this covers the rest: the HTML pages, search (its own, lower rate:
it runs the heaviest queries) and posts of the admin sign-in form. Admin pages, static files and
/healthz are not counted. Counters live in Django's default cache, shared by every worker when
REDIS_URL is set.
"""

import hashlib
import math
import time
from functools import lru_cache

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpResponse
from django.urls import reverse
from rest_framework.throttling import BaseThrottle

PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}

TOO_MANY = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Too many requests</title></head>
<body><h1>Too many requests</h1>
<p>This address has sent too many requests. Please try again in {wait} seconds.</p></body></html>
"""


def client_address(request) -> str:
    """The caller's address under NUM_PROXIES.

    DRF's own rule, so API throttles, these limits and django-axes' sign-in lockouts
    (AXES_CLIENT_IP_CALLABLE) count the same client as the same client.
    """
    return BaseThrottle().get_ident(request) or ""


@lru_cache(maxsize=32)
def parse_rate(rate: str) -> tuple[int, int] | None:
    """'600/minute' → (600, 60), as DRF reads its rates; an empty rate is no limit."""
    if not rate.strip():
        return None
    try:
        count, period = rate.split("/")
        parsed = int(count), PERIODS[period.strip()[0]]
    except (ValueError, KeyError, IndexError):
        raise ImproperlyConfigured(f"Bad rate {rate!r}: write e.g. 600/minute.") from None
    if parsed[0] < 1:
        raise ImproperlyConfigured(f"Bad rate {rate!r}: empty switches a limit off, not 0.")
    return parsed


def hit(scope: str, rate: str, address: str) -> int:
    """Count one request: 0 if it is within the rate, else the seconds until it would be.

    One counter per fixed window rather than DRF's list of timestamps: add() and incr() are each
    atomic in Redis, so requests that arrive together at different workers are all counted. The
    price is that a burst straddling two windows can reach twice the rate, once.
    """
    limit_period = parse_rate(rate)
    if limit_period is None:
        return 0
    limit, period = limit_period
    now = time.time()
    window = int(now // period)
    # Hashed: behind a proxy the address comes from a header and may be any text.
    who = hashlib.sha256(address.encode()).hexdigest()[:32]
    key = f"ratelimit:{scope}:{period}:{window}:{who}"
    cache.add(key, 0, timeout=period + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add() and incr(): a new window
        cache.add(key, 1, timeout=period + 1)
        count = 1
    if count <= limit:
        return 0
    return max(1, math.ceil((window + 1) * period - now))


def too_many_requests(wait: int) -> HttpResponse:
    response = HttpResponse(TOO_MANY.format(wait=wait), status=429,
                            content_type="text/html; charset=utf-8")
    response["Retry-After"] = str(wait)
    response["Cache-Control"] = "no-store"  # a cached refusal would outlive the window
    return response


def scope_of(request) -> tuple[str, str] | None:
    """Which counter a request goes to, with its rate; None for requests not counted here."""
    path = request.path
    if settings.STATIC_URL.startswith("/") and path.startswith(settings.STATIC_URL):
        return None
    if path == "/healthz" or path.startswith(reverse("api:not-found")):
        return None  # a probe, and the API (DRF throttles it)
    if path.startswith(reverse("admin:index")):
        if request.method == "POST" and path == reverse("admin:login"):
            return "login", settings.LOGIN_THROTTLE
        return None  # signed-in staff at work
    if path == reverse("procurement:search"):
        return "search", settings.SEARCH_THROTTLE
    return "page", settings.PAGE_THROTTLE


class PageRateLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        # Runs when the server loads: a mistyped rate stops it starting, not every page later.
        for rate in (settings.PAGE_THROTTLE, settings.SEARCH_THROTTLE, settings.LOGIN_THROTTLE):
            parse_rate(rate)

    def __call__(self, request):
        scope = scope_of(request)
        if scope is not None:
            wait = hit(*scope, client_address(request))
            if wait:
                return too_many_requests(wait)
        return self.get_response(request)
