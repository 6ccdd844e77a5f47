"""End-to-end ingestion benchmark: synthetic articles through the real pipeline into a database.

    python bench/ingest.py [--articles 2000] [--aliases 20000] [--size 6000] [--batch 200]
                           [--workers 2]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tracker_bench python bench/ingest.py

Builds a fresh database (an SQLite file in a temporary folder, or the PostgreSQL database named
in DATABASE_URL, dropped and re-created), loads the aliases and a programme for each well-known
platform, then ingests articles three ways, each a different set of the same size so none is a
duplicate of another's: through `article_ingest`, one transaction per article (read, normalise,
dateline, hash, MinHash, match, store article + mentions + suggested claims + story bands); through
`articles_ingest`, one transaction per batch and a savepoint per article, in one process; and,
with --workers N, in N processes at once, each ingesting its share into the same database. In
the same run it measures a raw baseline: the same article rows inserted with plain SQL, one
transaction per article, no text work. It prints articles/s, MB/s, latency percentiles, queries
per article and the ratio to the baseline, and the CPU an article costs: in the process and in
its PostgreSQL backend, and for the processes run at once, with the cores they kept busy (CPU,
not wall time, is what a rate on given cores comes down to). What is loaded before the timed
runs is frozen for the garbage collector, as the ingest command does for its run.
"""

import argparse
import gc
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def prepare_database(url: str | None) -> str:
    if not url:
        return "sqlite:///" + str(Path(tempfile.mkdtemp(prefix="ingest-bench-")) / "bench.sqlite3")
    import psycopg

    name = url.rsplit("/", 1)[1]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    return url


def setup_fresh_django() -> None:
    """Point Django at a fresh benchmark database (DATABASE_URL's, or a temporary SQLite file)
    and set it up as production runs it."""
    os.environ["DATABASE_URL"] = prepare_database(os.environ.get("DATABASE_URL"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    # As in production: with DEBUG on, Django logs every query, which costs the ORM path alone.
    os.environ.setdefault("DEBUG", "0")
    os.environ.setdefault("SECRET_KEY", "benchmark-only-" + "x" * 40)
    import django

    django.setup()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--aliases", type=int, default=20_000)
    parser.add_argument("--size", type=int, default=6000, help="bytes per article")
    parser.add_argument("--batch", type=int, default=200, help="articles per transaction")
    parser.add_argument("--workers", type=int, default=2,
                        help="processes for the multi-worker run (1: none)")
    args = parser.parse_args()

    setup_fresh_django()
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from corpus import REAL_ENTITIES, make_aliases, make_articles
    from procurement.matching import current_automaton
    from procurement.models import Alias, Country, Entity, Platform, Programme, StatusClaim
    from procurement.services.batches import articles_ingest
    from procurement.services.ingest import article_ingest
    from procurement.text import fold_alias, script_of

    call_command("migrate", verbosity=0)
    vendor = connection.vendor
    aliases = make_aliases(args.aliases, seed=1)
    articles = make_articles(args.articles, aliases, seed=2, size=args.size)
    megabytes = sum(len(a.text.encode()) for a in articles) / 1e6

    entities = {}
    for a in aliases:
        entities.setdefault(a.entity_id, a)
    # The well-known platforms get a platform row and a purchase programme, so suggested claims
    # are written as they are for real articles; the generated entities are plain rows.
    known = {i for i, a in entities.items() if a.kind == "platform" and i <= len(REAL_ENTITIES)}
    Entity.objects.bulk_create(
        [Entity(pk=i, slug=f"e-{i}", name=a.text, kind=a.kind)
         for i, a in entities.items() if i not in known], batch_size=2000)
    buyer = Country.objects.create(pk=max(entities) + 1, slug="india", name="India", iso="IN")
    supplier = Country.objects.create(pk=max(entities) + 2, slug="russia", name="Russia", iso="RU")
    for i in sorted(known):
        platform = Platform.objects.create(pk=i, slug=f"e-{i}", name=entities[i].text)
        Programme.objects.create(slug=f"p-{i}", buyer=buyer, supplier=supplier,
                                 platform=platform, kind=Programme.Kind.PURCHASE)
    Alias.objects.bulk_create(
        [Alias(pk=a.alias_id, entity_id=a.entity_id, text=a.text, folded=fold_alias(a.text),
               script=script_of(a.text)) for a in aliases], batch_size=2000)
    started = time.perf_counter()
    automaton = current_automaton()
    build = time.perf_counter() - started
    # As the ingest command does once it has its automaton: what is loaded now lives for the
    # whole run, and the collector stops walking it.
    gc.freeze()

    # Raw baseline: the same rows, plain INSERTs, one transaction each, no text work.
    table = "bench_raw_article"
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE {table} (id integer primary key, title text, body text)")
    started = time.perf_counter()
    for a in articles:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {table} (id, title, body) VALUES (%s, %s, %s)",
                           [a.article_id, a.title, a.text])
    raw = time.perf_counter() - started

    latencies, mentions, claims = [], 0, 0
    sample = CaptureQueriesContext(connection)
    started = time.perf_counter()
    sampled = min(50, len(articles))
    for i, a in enumerate(articles):
        if i == 0:
            sample.__enter__()
        t0 = time.perf_counter()
        result = article_ingest(body=a.text, language=a.language, automaton=automaton)
        latencies.append(time.perf_counter() - t0)
        mentions += len(result.mentions)
        claims += len(result.claims)
        if i + 1 == sampled:
            sample.__exit__(None, None, None)
    ours = time.perf_counter() - started

    latencies.sort()
    pct = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000  # noqa: E731
    print(f"database: {vendor}; {args.articles} articles per run, {megabytes:.1f} MB, "
          f"{len(aliases)} aliases (automaton built in {build:.2f} s)")
    print(f"one per transaction: {args.articles / ours:.0f} articles/s, "
          f"{megabytes / ours:.2f} MB/s, {mentions} mentions, {claims} suggested claims; "
          f"latency p50 {pct(0.5):.2f} ms, p99 {pct(0.99):.2f} ms, "
          f"mean {statistics.mean(latencies) * 1000:.2f} ms; "
          f"{len(sample.captured_queries) / sampled:.1f} queries/article")
    assert StatusClaim.objects.count() == claims

    # The batch path, one process: a second set of articles, none a duplicate of the first.
    second = make_articles(args.articles, aliases, seed=3, size=args.size)
    fields = [{"body": a.text, "language": a.language} for a in second]
    with CaptureQueriesContext(connection) as queries:
        server = server_cpu(connection)
        client = time.process_time()
        started = time.perf_counter()
        outcomes = list(articles_ingest(items=fields, automaton=automaton, batch=args.batch))
        batched = time.perf_counter() - started
        client = time.process_time() - client
        server = server_cpu(connection) - server
    failures = [o for o in outcomes if isinstance(o, Exception)]
    assert not failures, failures[:3]
    assert not any(o.duplicate for o in outcomes)
    print(f"batches of {args.batch}, 1 process: {args.articles / batched:.0f} articles/s, "
          f"{megabytes / batched:.2f} MB/s, "
          f"{sum(len(o.mentions) for o in outcomes)} mentions, "
          f"{sum(len(o.claims) for o in outcomes)} suggested claims; "
          f"{len(queries.captured_queries) / args.articles:.2f} queries/article")
    # CPU, not wall time: what an article costs whatever else the machine runs, and so how many
    # cores a rate needs (the client's share spreads over workers, the server's over backends).
    per_article = (client + server) / args.articles
    print(f"CPU per article (batches): {client / args.articles * 1000:.2f} ms in this process"
          + (f" + {server / args.articles * 1000:.2f} ms in its PostgreSQL backend"
             if vendor == "postgresql" else " (SQLite runs in it)")
          + f"; 500 articles/s needs {500 * per_article:.1f} cores busy")

    if args.workers > 1:
        third = make_articles(args.articles, aliases, seed=4, size=args.size)
        rate, refused, busy, cost = run_workers(args.workers, third, automaton, args.batch)
        print(f"batches of {args.batch}, {args.workers} processes at once: {rate:.0f} "
              f"articles/s combined, {rate * megabytes / args.articles:.2f} MB/s; "
              f"{cost * 1000:.2f} ms CPU per article, {busy:.2f} cores busy on average"
              + (f"; {refused} not stored (errors)" if refused else "")
              + ("; SQLite lets one writer in at a time" if vendor == "sqlite" else ""))

    print(f"raw insert baseline: {args.articles / raw:.0f} articles/s; "
          f"ratio {raw / ours:.2f} (one per transaction), {raw / batched:.2f} (batches)")


def server_cpu(connection) -> float:
    """CPU seconds used so far by this connection's PostgreSQL backend (Linux /proc, server on
    this machine); 0 on SQLite or when the backend cannot be read."""
    if connection.vendor != "postgresql":
        return 0.0
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def run_workers(workers: int, articles, automaton, batch: int
                ) -> tuple[float, int, float, float]:
    """Ingest `articles` in `workers` forked processes at once, each its own share, into the
    same database: the combined articles/s from the moment all are ready to the last done,
    how many articles were not stored, the cores kept busy on average (the workers and their
    PostgreSQL backends) and the CPU seconds per article."""
    import multiprocessing

    from django.db import connections

    connections.close_all()  # each child opens its own connection
    context = multiprocessing.get_context("fork")
    ready = context.Barrier(workers + 1)
    done = context.Queue()
    shares = [articles[i::workers] for i in range(workers)]
    processes = [context.Process(target=_worker, args=(share, automaton, batch, ready, done))
                 for share in shares]
    for process in processes:
        process.start()
    ready.wait()
    started = time.perf_counter()
    results = [done.get() for _ in processes]
    elapsed = max(finished for finished, *_ in results) - started
    for process in processes:
        process.join()
    cpu = sum(client + server for _, _, client, server in results)
    return (len(articles) / elapsed, sum(refused for _, refused, *_ in results),
            cpu / elapsed, cpu / len(articles))


def _worker(share, automaton, batch, ready, done) -> None:
    from django.db import connection

    from procurement.services.batches import articles_ingest

    fields = [{"body": a.text, "language": a.language} for a in share]
    server = server_cpu(connection)
    ready.wait()
    client = time.process_time()
    outcomes = list(articles_ingest(items=fields, automaton=automaton, batch=batch))
    # perf_counter is the same clock in every process of the machine (CLOCK_MONOTONIC).
    done.put((time.perf_counter(), sum(isinstance(o, Exception) for o in outcomes),
              time.process_time() - client, server_cpu(connection) - server))


if __name__ == "__main__":
    main()
