"""The floor the mentions API is measured against: a bare WSGI app, one SQL query, json.dumps.

    DATABASE_URL=... gunicorn --workers 2 --chdir bench raw_baseline:application

Answers GET /api/v1/mentions/?entity=<slug>&page_size=<n> with the same rows, in the same order
and the same JSON shape (the first page; `next` is left null) as the Django API does, from the
same SQL the API's lean read path runs (procurement.api.selectors.mention_rows filtered by
entity slug, ordered as MentionCursorPagination orders it). No framework, no middleware, no
authentication, no throttling, no filter validation: everything the API adds on top is what
the ratio in bench/api.py prices. Reads DATABASE_URL (sqlite:///… or postgres://…) like the
project; imports nothing from Django, so its start-up and per-request cost are its own (the
text engine's pure-Python `variant_of` says, as in the API, which alias a spelling varies).
"""

import json
import os
import sqlite3
from urllib.parse import parse_qs, urlsplit

from procurement.text.variants import variant_of  # pure Python: the same answer the API gives

SQL = """
SELECT m.id, m.article_id, CAST(a.published_on AS text), e.slug, e.kind, e.name, m.alias_id,
       m.start, m."end", m.text, m.review, m.ambiguous, al.text, al.folded
FROM procurement_mention m
JOIN procurement_article a ON a.id = m.article_id
JOIN procurement_entity e ON e.id = m.entity_id
LEFT JOIN procurement_alias al ON al.id = m.alias_id
WHERE NOT (m.review = 'rejected') AND NOT (m.review = 'machine' AND m.ambiguous)
  AND m.entity_id = (SELECT id FROM procurement_entity WHERE slug = {param})
ORDER BY m.article_id DESC, m.start ASC, m.id ASC
LIMIT {param}
"""
MAX_PAGE_SIZE = 200  # as the API caps it

_connection = None


def connect():
    """One connection per worker process, kept for its life (as CONN_MAX_AGE does)."""
    global _connection
    if _connection is None:
        url = os.environ.get("DATABASE_URL", "")
        if url.startswith("sqlite:///"):
            _connection = sqlite3.connect(url[len("sqlite:///"):], check_same_thread=False)
        else:
            import psycopg

            # Client-side parameter binding, as Django uses by default with psycopg 3: no
            # server-prepared plans that the API does not get either.
            _connection = psycopg.connect(url, autocommit=True, cursor_factory=psycopg.ClientCursor)
    return _connection


def rows(slug: str, limit: int) -> list[tuple]:
    connection = connect()
    if isinstance(connection, sqlite3.Connection):
        return connection.execute(SQL.format(param="?"), (slug, limit)).fetchall()
    with connection.cursor() as cursor:
        cursor.execute(SQL.format(param="%s"), (slug, limit))
        return cursor.fetchall()


def page(slug: str, size: int, origin: str) -> dict:
    mentions, articles = f"{origin}/api/v1/mentions/", f"{origin}/api/v1/articles/"
    results = []
    # One row more than the page, as the API's cursor reads it to know whether a next page exists.
    for (pk, article, published, e_slug, kind, name, alias, start, end, text, review,
         ambiguous, alias_text, alias_folded) in rows(slug, size + 1)[:size]:
        results.append({
            "id": pk, "api_url": f"{mentions}{pk}/", "article": article,
            "article_url": f"{articles}{article}/",
            "published_on": published,
            "entity": {"slug": e_slug, "kind": kind, "name": name},
            "alias": alias, "start": start, "end": end, "text": text, "review": review,
            "ambiguous": bool(ambiguous),
            "variant_of": variant_of(text, alias_text, alias_folded),
        })
    return {"next": None, "previous": None, "results": results}


def application(environ, start_response):
    url = urlsplit(environ.get("PATH_INFO", ""))
    if url.path != "/api/v1/mentions/":
        start_response("404 Not Found", [("Content-Type", "application/json")])
        return [b'{"detail":"Not found."}']
    query = parse_qs(environ.get("QUERY_STRING", ""))
    slug = query.get("entity", [""])[0]
    try:
        size = max(1, min(int(query.get("page_size", ["50"])[0]), MAX_PAGE_SIZE))
    except ValueError:
        size = 50
    origin = f"{environ.get('wsgi.url_scheme', 'http')}://{environ.get('HTTP_HOST', 'localhost')}"
    body = json.dumps(page(slug, size, origin), ensure_ascii=False,
                      separators=(",", ":")).encode()
    start_response("200 OK", [("Content-Type", "application/json"),
                              ("Content-Length", str(len(body)))])
    return [body]
