"""PostgreSQL: each stored article costs the server less; the search decides its plan itself.

The full-text GIN index of 0003_search cost every ingested article 0.5 ms of server time (its
tsvector built from the whole text, then indexed), a fifth of the server's work per article
(bench/ingest.py). It served the search in two ways, and both stay without it:
- Matching: the trigram index finds every word as a substring, which is what the search means
  on both databases (the `simple` parser also split Devanagari words at their vowel signs).
- Planning: its statistics told the planner how common a word is, so that a common word was
  found by walking the newest articles and a rare one through the trigram index. The same
  statistics now come from `procurement_article_words` (statistics on the expression, kept by
  ANALYZE, no index to update on insert; PostgreSQL 14 or later). The search asks the planner
  for its estimate (`procurement_words_share`: the share of articles holding the words) and
  writes the query in the form that suits it (selectors.article_search). For the walk, the
  word test is `procurement_contains`, which the trigram index cannot serve, so the planner
  walks the date index as asked.

The article text is compressed with lz4 rather than pglz when the server has it: a third of
pglz's time to store a 6 KB text (measured 28 against 87 µs), and faster to read back.
"""

from django.db import migrations

DOCUMENT = "procurement_unaccent(lower(title || ' ' || body))"
FORWARD = [
    "DROP INDEX IF EXISTS procurement_article_fts",
    f"""CREATE STATISTICS IF NOT EXISTS procurement_article_words
        ON (to_tsvector('simple'::regconfig, {DOCUMENT})) FROM procurement_article""",
    # The share of articles the planner expects to hold every word of `words`: its estimate
    # of the rows matching them over its estimate of all rows. Two EXPLAINs, no row read.
    f"""CREATE OR REPLACE FUNCTION procurement_words_share(words text) RETURNS double precision
       LANGUAGE plpgsql VOLATILE STRICT AS $$  -- VOLATILE: EXPLAIN is allowed in no other
       DECLARE matching json; every json;
       BEGIN
         EXECUTE format($q$EXPLAIN (FORMAT JSON) SELECT 1 FROM procurement_article
                          WHERE to_tsvector('simple'::regconfig, {DOCUMENT})
                          @@ plainto_tsquery('simple'::regconfig,
                                             procurement_unaccent(lower(%L)))$q$, words)
           INTO matching;
         EXECUTE 'EXPLAIN (FORMAT JSON) SELECT 1 FROM procurement_article' INTO every;
         RETURN (matching->0->'Plan'->>'Plan Rows')::double precision
                / greatest((every->0->'Plan'->>'Plan Rows')::double precision, 1);
       END $$""",
    # plpgsql, so the planner never inlines it into a LIKE the trigram index could serve.
    """CREATE OR REPLACE FUNCTION procurement_contains(document text, pattern text)
       RETURNS boolean LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
       AS $$ BEGIN RETURN document LIKE pattern; END $$""",
    """DO $$ BEGIN
         IF EXISTS (SELECT 1 FROM pg_settings WHERE name = 'default_toast_compression'
                    AND 'lz4' = ANY(enumvals)) THEN
           ALTER TABLE procurement_article ALTER COLUMN body SET COMPRESSION lz4;
         END IF;
       END $$""",
    # The new statistics are empty until the table is analysed, which autovacuum does only
    # after enough rows change: until then every word would count as rare. Not an empty table:
    # analysed empty, it would be planned as empty (foreign-key checks by sequential scan)
    # until autovacuum came round, where unanalysed it is planned as a table of some size.
    """DO $$ BEGIN
         IF EXISTS (SELECT 1 FROM procurement_article) THEN
           ANALYZE procurement_article;
         END IF;
       END $$""",
]
BACKWARD = [
    "ALTER TABLE procurement_article ALTER COLUMN body SET COMPRESSION default",
    "DROP FUNCTION IF EXISTS procurement_contains(text, text)",
    "DROP FUNCTION IF EXISTS procurement_words_share(text)",
    "DROP STATISTICS IF EXISTS procurement_article_words",
    f"""CREATE INDEX IF NOT EXISTS procurement_article_fts ON procurement_article
        USING gin (to_tsvector('simple'::regconfig, {DOCUMENT}))""",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for sql in statements:
            schema_editor.execute(sql, params=None)  # None: the % of format() stays as it is
    return run


class Migration(migrations.Migration):
    dependencies = [
        ("procurement", "0017_batch_triggers"),
    ]

    operations = [
        migrations.RunPython(_run(FORWARD), _run(BACKWARD), elidable=False),
    ]
