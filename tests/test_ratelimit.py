"""Rate limits: API throttles and page limits count each client once, by one address rule."""

import os
import runpy
import uuid

import pytest
import tracker.settings
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings
from rest_framework.test import APIClient
from rest_framework.throttling import SimpleRateThrottle

from procurement.ratelimit import PageRateLimitMiddleware

REDIS_TEST_URL = os.environ.get("REDIS_TEST_URL", "redis://127.0.0.1:6379/15")


def settings_with(monkeypatch, **env) -> dict:
    """The settings module as it reads the given environment."""
    for name in ("REDIS_URL", "NUM_PROXIES"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(tracker.settings.__file__)


@pytest.fixture
def anon_rate(monkeypatch):
    """set(rate): the API's anonymous rate (DRF reads rates once, onto the class)."""
    def set_rate(rate):
        monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"anon": rate, "user": None})
    return set_rate


def test_it_reads_num_proxies_from_the_environment(monkeypatch):
    """NUM_PROXIES defaults to 0 (trust no header) and reaches DRF."""
    assert settings_with(monkeypatch)["REST_FRAMEWORK"]["NUM_PROXIES"] == 0
    assert settings_with(monkeypatch, NUM_PROXIES="2")["REST_FRAMEWORK"]["NUM_PROXIES"] == 2


def test_it_counts_api_callers_that_change_x_forwarded_for(db, anon_rate):
    """40 requests with 40 made-up forwarded addresses are one caller: 429 after the rate."""
    anon_rate("5/min")
    api = APIClient()
    codes = [api.get("/api/v1/platforms/", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}").status_code
             for n in range(40)]
    assert codes == [200] * 5 + [429] * 35


def test_it_counts_pages_that_change_x_forwarded_for(client, db, settings):
    """The page limit is not escaped by a forged header either."""
    settings.PAGE_THROTTLE = "5/min"
    codes = [client.get("/", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}").status_code
             for n in range(40)]
    assert codes == [200] * 5 + [429] * 35


def test_it_uses_the_forwarded_address_behind_one_proxy(client, db, settings, anon_rate):
    """With NUM_PROXIES=1 the last forwarded address is the client, for pages and the API."""
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    settings.PAGE_THROTTLE = "2/min"
    anon_rate("2/min")
    api = APIClient()
    for path, get in (("/", client.get), ("/api/v1/platforms/", api.get)):
        first = [get(path, HTTP_X_FORWARDED_FOR=f"10.0.0.{n}, 203.0.113.5").status_code
                 for n in range(3)]
        other = get(path, HTTP_X_FORWARDED_FOR="203.0.113.5, 203.0.113.6").status_code
        assert first == [200, 200, 429], path
        assert other == 200, path


def test_it_limits_pages_with_a_short_html_answer(client, db, settings):
    """Past PAGE_THROTTLE a page answers 429, HTML, with Retry-After in seconds."""
    settings.PAGE_THROTTLE = "3/min"
    codes = [client.get("/programmes/").status_code for _ in range(4)]
    refused = client.get("/")
    assert codes == [200, 200, 200, 429]
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 60
    assert refused["Content-Type"].startswith("text/html")
    assert b"Too many requests" in refused.content


def test_it_limits_search_more_strictly(client, db, settings):
    """Search has its own rate; running out of it leaves the other pages open."""
    settings.PAGE_THROTTLE = "100/min"
    settings.SEARCH_THROTTLE = "2/min"
    codes = [client.get("/search/", {"q": "S-400"}).status_code for _ in range(3)]
    assert codes == [200, 200, 429]
    assert client.get("/").status_code == 200


def test_it_leaves_admin_static_files_and_the_api_to_others(editor_client, settings):
    """Admin pages, static files and the API are not counted against the page rate."""
    settings.PAGE_THROTTLE = "1/min"
    settings.SEARCH_THROTTLE = "1/min"
    for path in ("/admin/", "/static/admin/css/base.css", "/api/v1/platforms/"):
        codes = {editor_client.get(path).status_code for _ in range(3)}
        assert codes == {200}, path


def test_it_limits_sign_in_posts_per_address(client, db, settings):
    """LOGIN_THROTTLE caps sign-in attempts from one address across all accounts."""
    settings.LOGIN_THROTTLE = "3/hour"
    codes = [client.post("/admin/login/", {"username": f"user{n}", "password": "wrong"},
                         REMOTE_ADDR="192.0.2.7").status_code for n in range(4)]
    assert codes == [200, 200, 200, 429]
    assert client.get("/admin/login/", REMOTE_ADDR="192.0.2.7").status_code == 200
    assert client.post("/admin/login/", {"username": "user9", "password": "wrong"},
                       REMOTE_ADDR="192.0.2.8").status_code == 200


def test_it_selects_redis_for_the_cache_when_redis_url_is_set(monkeypatch):
    """REDIS_URL makes the cache (and so every counter) shared; without it, local memory."""
    shared = settings_with(monkeypatch, REDIS_URL="redis://cache.internal:6379/2")["CACHES"]
    assert shared["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert shared["default"]["LOCATION"] == "redis://cache.internal:6379/2"
    local = settings_with(monkeypatch)["CACHES"]
    assert local["default"]["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"


@pytest.fixture
def redis_cache():
    """The default cache on a real Redis, under a prefix of its own that is removed after.

    Not cache.clear(): that empties the whole Redis database, whoever else uses it.
    """
    redis = pytest.importorskip("redis")
    try:
        redis.Redis.from_url(REDIS_TEST_URL, socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip(f"no Redis at {REDIS_TEST_URL}")
    prefix = f"tracker-test-{uuid.uuid4().hex}"
    config = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                          "LOCATION": REDIS_TEST_URL, "KEY_PREFIX": prefix}}
    server = redis.Redis.from_url(REDIS_TEST_URL)
    with override_settings(CACHES=config):
        yield server, prefix
    for key in server.scan_iter(f"{prefix}:*"):
        server.delete(key)


def test_it_throttles_through_a_real_redis(client, db, settings, anon_rate, redis_cache):
    """Pages and the API count in Redis: the counters are there for every worker to see."""
    server, prefix = redis_cache
    assert isinstance(caches["default"], RedisCache)
    settings.PAGE_THROTTLE = "2/min"
    anon_rate("2/min")
    api = APIClient()
    pages = [client.get("/").status_code for _ in range(3)]
    calls = [api.get("/api/v1/platforms/").status_code for _ in range(3)]
    assert pages == [200, 200, 429]
    assert calls == [200, 200, 429]
    keys = {key.decode() for key in server.scan_iter(f"{prefix}:*")}
    assert any(":ratelimit:page:" in key for key in keys), keys
    assert any(":throttle_anon_" in key for key in keys), keys


@pytest.mark.parametrize("rate", ["600", "600/fortnight", "0/minute", "many/hour"])
def test_it_refuses_a_mistyped_rate_when_the_server_loads(settings, rate):
    """A bad PAGE_THROTTLE stops the server starting instead of failing every page."""
    settings.PAGE_THROTTLE = rate
    with pytest.raises(ImproperlyConfigured, match="Bad rate"):
        PageRateLimitMiddleware(lambda request: None)
