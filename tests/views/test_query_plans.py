"""No page reads the whole mention or article table: each query's plan is checked.

A query count says nothing of what each query reads. Here every query a page runs (on the
small database `make_corpus` builds) is explained by the database itself — SQLite's EXPLAIN
QUERY PLAN, PostgreSQL's EXPLAIN with sequential scans and whole-index joins priced out, as
they are on a large table — and the page fails when a plan scans procurement_mention or procurement_article from
end to end. Walking an index in order to a LIMIT (the newest articles) is not a full read.
Exports read every row by design and are left out; the admin queues are in.
"""

import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from .test_queries import PAGES, _url

BIG = ("procurement_mention", "procurement_article")
ADMIN = [
    "/admin/procurement/mention/?review__exact=machine",
    "/admin/procurement/statusclaim/?review__exact=machine",
    "/admin/procurement/article/",
]


# Nodes that read all their input before giving a row: a LIMIT above them bounds nothing below.
_BLOCKING = {"Sort", "Aggregate", "Hash", "Materialize", "WindowAgg", "SetOp"}


def _pg_full_scans(node: dict, above: list[str]):
    """Sequential scans of a big table, unless a LIMIT above them stops the read (no blocking
    node between). With sequential scans priced out, one in the plan means no index can serve
    the query at all. (Whole-index walks are left to the SQLite check: PostgreSQL's choice
    between walking an index and sorting follows its statistics of a tiny test table, which
    change as the tests write, and says nothing of the plan at a million rows.)"""
    kind = node["Node Type"]
    if node.get("Relation Name") in BIG and kind == "Seq Scan":
        under_limit = "Limit" in above and not (
            _BLOCKING & set(above[len(above) - above[::-1].index("Limit"):]))
        if not under_limit:
            yield f"{kind} on {node['Relation Name']}"
    for child in node.get("Plans", []):
        yield from _pg_full_scans(child, above + [kind])


def _full_scans(sql: str, params) -> list[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Priced as on a large table: no sequential scans, joins by index lookups (on a tiny
            # table the planner merges or hashes whole tables, which it would not do at a
            # million rows).
            for setting in ("enable_seqscan", "enable_mergejoin", "enable_hashjoin"):
                cursor.execute(f"SET LOCAL {setting} = off")
            cursor.execute("EXPLAIN (FORMAT JSON) " + sql, params)
            plan = cursor.fetchone()[0]
            plan = json.loads(plan) if isinstance(plan, str) else plan
            return list(_pg_full_scans(plan[0]["Plan"], []))
        cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        plan = [row[-1] for row in cursor.fetchall()]
        # A LIMIT bounds an index walk only when rows come out in the index's order: a plan
        # that groups or sorts in a temporary tree reads every row first.
        limited = "LIMIT" in sql.upper() and not any("USE TEMP B-TREE" in l for l in plan)
        return [line for line in plan for table in BIG
                if (scan := re.match(rf"SCAN {table}\b(.*)", line))
                and not (limited and "USING" in scan.group(1))]


def _plans(client, url) -> list[tuple[str, list[str]]]:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
    assert response.status_code == 200
    found = []
    for query in context.captured_queries:
        sql = query["sql"]
        if not sql.lstrip().upper().startswith("SELECT"):
            continue
        # Captured SQL has its parameters inlined; explaining it as written is what ran.
        scans = _full_scans(sql.replace("%", "%%") if connection.vendor == "postgresql"
                            else sql, ())
        if scans:
            found.append((sql[:300], scans))
    return found


@pytest.mark.parametrize("url", [url for url, _ in PAGES])
def test_it_reads_no_page_by_scanning_every_mention_or_article(client, make_corpus, url):
    make_corpus(20)
    assert _plans(client, _url(url)) == []


@pytest.mark.parametrize("url", ADMIN)
def test_it_reads_no_review_queue_by_scanning_every_mention_or_article(editor_client,
                                                                       make_corpus, url):
    # More rows than a changelist page (100 articles, 50 mentions): a list that fits on one
    # page is read whole, without LIMIT, and rightly so.
    make_corpus(110)
    assert _plans(editor_client, url) == []
