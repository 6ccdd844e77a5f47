"""Search indexes on PostgreSQL: full text and trigram on articles, trigram on alias forms.

PostgreSQL has no Hindi stemmer, so the document uses the `simple` configuration (lower-case
words, no stemming, no stop words) on an unaccented, lower-cased title + body. A pg_trgm index on
the same expression serves substring search (partial words, Devanagari words that the
full-text parser splits at vowel signs), and one on Alias.folded serves the entity search's
"contains" lookups, which a B-tree cannot.

`procurement/selectors.py` (article_search) writes these expressions exactly as here, or the
planner would not use the indexes. SQLite gets nothing here: its index is the FTS5 table of
0013_search_fts.
"""

from django.db import migrations

# unaccent() is STABLE (it reads its dictionary), and index expressions must be IMMUTABLE; the
# usual wrapper names the dictionary explicitly, which makes the result fixed.
FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    """CREATE OR REPLACE FUNCTION procurement_unaccent(text) RETURNS text
       LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
       AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$""",
    """CREATE INDEX IF NOT EXISTS procurement_article_fts ON procurement_article
       USING gin (to_tsvector('simple'::regconfig, procurement_unaccent(lower(title || ' ' || body))))""",
    """CREATE INDEX IF NOT EXISTS procurement_article_trgm ON procurement_article
       USING gin (procurement_unaccent(lower(title || ' ' || body)) gin_trgm_ops)""",
    """CREATE INDEX IF NOT EXISTS procurement_alias_folded_trgm ON procurement_alias
       USING gin (folded gin_trgm_ops)""",
]
BACKWARD = [
    "DROP INDEX IF EXISTS procurement_alias_folded_trgm",
    "DROP INDEX IF EXISTS procurement_article_trgm",
    "DROP INDEX IF EXISTS procurement_article_fts",
    "DROP FUNCTION IF EXISTS procurement_unaccent(text)",
    # The extensions stay: other database objects may use them, and they cost nothing.
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for sql in statements:
            schema_editor.execute(sql)
    return run


class Migration(migrations.Migration):
    dependencies = [
        ("procurement", "0002_roles"),
    ]

    operations = [
        migrations.RunPython(_run(FORWARD), _run(BACKWARD), elidable=False),
    ]
