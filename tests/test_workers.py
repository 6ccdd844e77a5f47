"""Real Celery workers against Redis: any number of them ingest each item exactly once.

Two `celery -A tracker worker` processes (one job at a time each) share one database with the
test. Every item is enqueued many times, to both; each must end with exactly one article and
one winning claim. They need the local Redis (database 5, which these tests flush): without it
they skip, unless TRACKER_REQUIRE_WORKERS=1 (CI), when they fail.

The workers must see the test's database: on PostgreSQL that is the test database; on SQLite
pytest's is in memory, so the test migrates a file of its own and reads it through an extra
connection.
"""

import copy
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
import redis
from celery import Celery
from django.conf import settings
from django.db import connections

from procurement.models import Article, Item, Outlet, Source
from tests.feeds.server import PAGE, site  # noqa: F401 — the fixture

# Committed for real (transaction=True): the workers read what the test writes.
pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

BROKER = "redis://127.0.0.1:6379/5"
QUEUE = "tracker-workers-test"
TASK = "procurement.tasks.sources.item_ingest_job"
PAGES = 12
COPIES = 5  # times each item is enqueued
WAIT = 180  # seconds for workers to start, and again to finish
ROOT = Path(settings.BASE_DIR)

PLACES = ["Pune", "Kochi", "Jodhpur", "Shillong", "Bhuj", "Leh", "Agra", "Nagpur", "Tezpur",
          "Port Blair", "Bareilly", "Hakimpet"]
SYSTEMS = ["radar", "training simulator", "fuel depot", "runway", "hangar", "repair workshop",
           "missile store", "control tower", "barracks", "signals centre", "ammunition depot",
           "medical wing"]


def article_page(n: int) -> bytes:
    """A made-up local report, different for each n."""
    place, thing = PLACES[n], SYSTEMS[n]
    paragraphs = [
        f"{place.upper()}, March {n + 1} — Engineers finished work on a new {thing} at the "
        f"{place} station on Monday, {n + 3} weeks later than planned, an officer said.",
        f"The {thing} at {place} cost about {40 + n * 7} crore rupees and replaces a building "
        f"that dated from {1950 + n}. It is the {n + 1}th project of its kind this year.",
        f"Local contractors from {place} did most of the work; {n + 20} of them were hired for "
        f"the job, and the station's commander thanked them at a short ceremony.",
    ]
    return PAGE.format(title=f"New {thing} opens at {place}", date=f"2025-03-{n + 1:02d}",
                       paragraphs="".join(f"<p>{p}</p>" for p in paragraphs)).encode()


@pytest.fixture
def broker():
    client = redis.Redis.from_url(BROKER, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.RedisError as error:
        message = f"Redis at {BROKER} is not reachable ({error}); the worker tests need it."
        if os.environ.get("TRACKER_REQUIRE_WORKERS") == "1":
            pytest.fail(message)
        pytest.skip(message)
    client.flushdb()  # database 5 is these tests' own
    yield client
    client.flushdb()
    client.close()


@pytest.fixture
def shared_db(tmp_path, django_db_blocker):
    """(alias, DATABASE_URL): a database both this test and the workers use."""
    if connections["default"].vendor == "postgresql":
        conf = connections["default"].settings_dict
        auth = quote(conf["USER"] or "", safe="")
        if conf.get("PASSWORD"):
            auth += ":" + quote(conf["PASSWORD"], safe="")
        yield "default", (f"postgres://{auth}@{conf['HOST'] or '127.0.0.1'}:"
                          f"{conf['PORT'] or 5432}/{conf['NAME']}")
        return
    path = tmp_path / "workers.sqlite3"
    url = f"sqlite:///{path}"
    done = subprocess.run([sys.executable, "manage.py", "migrate", "--noinput"], cwd=ROOT,
                          env={**os.environ, "DATABASE_URL": url}, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    alias = "workers"
    conf = copy.deepcopy(connections.settings["default"])
    conf["NAME"] = str(path)
    connections.settings[alias] = conf
    try:
        with django_db_blocker.unblock():
            yield alias, url
    finally:
        connections[alias].close()
        del connections[alias]
        del connections.settings[alias]


@pytest.fixture
def workers(broker, shared_db, site, tmp_path):
    """Two workers, started and waited for; stopped (their process groups) afterwards."""
    _, url = shared_db
    env = {**os.environ, "DATABASE_URL": url, "CELERY_BROKER_URL": BROKER,
           "CELERY_QUEUE": QUEUE, "FEEDS_ALLOW_PRIVATE": "1", "FEEDS_HOST_DELAY": "0",
           "FEEDS_TIMEOUT": "10", "DATABASE_CONN_MAX_AGE": "0",
           "DJANGO_SETTINGS_MODULE": "tracker.settings"}
    processes, logs = [], []
    app = Celery("worker-tests", broker=BROKER)
    try:
        for n in (1, 2):
            log = tmp_path / f"worker{n}.log"
            logs.append(log)
            processes.append(subprocess.Popen(
                [sys.executable, "-m", "celery", "-A", "tracker", "worker", "--pool", "prefork",
                 "--concurrency", "1", "-n", f"tests{n}@%h", "-Q", QUEUE, "--without-gossip",
                 "--without-mingle", "--loglevel", "INFO", "--logfile", str(log)],
                cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT,
                start_new_session=True))
        deadline = time.monotonic() + WAIT
        while len(app.control.ping(timeout=1.0) or []) < 2:
            dead = [p for p in processes if p.poll() is not None]
            if dead or time.monotonic() > deadline:
                pytest.fail("The workers did not start:\n" + tail(logs))
        yield app, logs
    finally:
        for process in processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)
        app.close()


def tail(logs) -> str:
    return "\n".join(f"== {log.name}\n" + (log.read_text()[-3000:] if log.exists() else "")
                     for log in logs)


def test_two_workers_ingest_each_item_exactly_once(site, workers, shared_db, broker):
    """Every item is enqueued five times to two workers; each becomes one article, claimed
    once, and the workers report one ingestion per item between them."""
    app, logs = workers
    alias, _ = shared_db
    # bulk_create: no history rows, which simple_history would write to the default database.
    [outlet] = Outlet.objects.using(alias).bulk_create(
        [Outlet(slug="station-news", name="Station News", language="en")])
    [source] = Source.objects.using(alias).bulk_create(
        [Source(slug="station-news", url=site.url("/rss"), outlet=outlet, language="en")])
    items = []
    for n in range(PAGES):
        site.add(f"/local/{n}.html", article_page(n))
        items.append(Item.objects.using(alias).create(source=source,
                                                      url=site.url(f"/local/{n}.html")))
    for copy_number in range(COPIES):
        for item in (items if copy_number % 2 else reversed(items)):
            app.send_task(TASK, args=[item.pk], queue=QUEUE)

    deadline = time.monotonic() + WAIT
    final = {Item.State.INGESTED, Item.State.DUPLICATE, Item.State.REFUSED, Item.State.FAILED}
    while True:
        states = list(Item.objects.using(alias).values_list("state", flat=True))
        settled = all(s in final for s in states) and broker.llen(QUEUE) == 0
        if settled and finished(logs) == PAGES * COPIES:
            break
        if time.monotonic() > deadline:
            pytest.fail(f"Not done after {WAIT} s: {states}\n" + tail(logs))
        time.sleep(0.5)

    rows = list(Item.objects.using(alias).values_list("state", "attempts", "article_id"))
    assert [r[0] for r in rows] == [Item.State.INGESTED] * PAGES
    assert [r[1] for r in rows] == [1] * PAGES  # one winning claim each
    assert len({r[2] for r in rows}) == PAGES
    assert Article.objects.using(alias).count() == PAGES
    assert Article.objects.using(alias).filter(source="feed:station-news").count() == PAGES
    text = "".join(log.read_text() for log in logs)
    assert text.count(": 'ingested'") == PAGES
    assert text.count(": 'skipped'") == PAGES * (COPIES - 1)
    assert len(site.hits("/local/0.html")) == 1  # each page fetched once
    assert all("received" in log.read_text() for log in logs)  # both workers took jobs


def finished(logs) -> int:
    """Jobs the workers report done, from their logs."""
    return sum(log.read_text().count("succeeded in") for log in logs if log.exists())
