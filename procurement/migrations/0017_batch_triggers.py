"""Triggers that let a batch of articles do once what one article did row by row.

SQLite: the search index (0013_search_fts) learned each article in its insert trigger, inside the
article's savepoint, and FTS5 flushes its pending terms at every savepoint. A batch
(`services.batches`) now holds the trigger back for its own transaction, by a row in
procurement_article_fts_hold, and indexes its kept articles with one INSERT … SELECT before it
commits: the index still commits with the articles, or not at all. SQLite has one writer at a
time and the row is never committed, so no other connection ever sees it; every other write
(admin, API, one article at a time, a failed batch stored again article by article) is indexed
by the trigger as before. TRIGGERS below replaces 0013's list for any later migration that
rebuilds procurement_article.

PostgreSQL: the tallies (0014_tallies) were kept by a trigger for each mention row. Mentions
arrive many per INSERT, so an insert is now tallied once per statement from its transition
table: one grouped upsert per statement instead of two per row, in (entity, day) order, so two
workers' batches take the tally rows' locks in the same order. Deletes and updates, rare and
mostly one row at a time, keep the row trigger.
"""

from django.db import migrations

ARTICLE, MENTION = "procurement_article", "procurement_mention"
DAILY, TOTAL = "procurement_dailymentions", "procurement_dailymentiontotal"
FTS, HOLD = "procurement_article_fts", "procurement_article_fts_hold"

_FORGET = (f"INSERT INTO {FTS} ({FTS}, rowid, title, body) "
           "VALUES ('delete', old.id, old.title, old.body);")
_LEARN = f"INSERT INTO {FTS} (rowid, title, body) VALUES (new.id, new.title, new.body);"
TRIGGERS = [
    f"""CREATE TRIGGER procurement_article_fts_insert AFTER INSERT ON {ARTICLE}
        WHEN NOT EXISTS (SELECT 1 FROM {HOLD}) BEGIN {_LEARN} END""",
    f"""CREATE TRIGGER procurement_article_fts_delete AFTER DELETE ON {ARTICLE}
        BEGIN {_FORGET} END""",
    f"""CREATE TRIGGER procurement_article_fts_update AFTER UPDATE OF title, body
        ON {ARTICLE} BEGIN {_FORGET} {_LEARN} END""",
]
SQLITE_FORWARD = [
    f"CREATE TABLE {HOLD} (held integer NOT NULL)",
    "DROP TRIGGER IF EXISTS procurement_article_fts_insert",
    TRIGGERS[0],
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS procurement_article_fts_insert",
    f"""CREATE TRIGGER procurement_article_fts_insert AFTER INSERT ON {ARTICLE}
        BEGIN {_LEARN} END""",
    f"DROP TABLE IF EXISTS {HOLD}",
]

_VISIBLE = "(m.review <> 'rejected' AND NOT (m.review = 'machine' AND m.ambiguous))"
_ADDED = (f"FROM added m JOIN {ARTICLE} a ON a.id = m.article_id "
          f"WHERE {_VISIBLE} AND a.dated_on IS NOT NULL")
POSTGRES_FORWARD = [
    f"DROP TRIGGER IF EXISTS procurement_tally_mention ON {MENTION}",
    f"""CREATE TRIGGER procurement_tally_mention
        AFTER DELETE OR UPDATE OF review, ambiguous, entity_id, article_id
        ON {MENTION} FOR EACH ROW EXECUTE FUNCTION procurement_tally_mention()""",
    f"""CREATE FUNCTION procurement_tally_mentions_added() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            INSERT INTO {DAILY} (entity_id, day, mentions)
                SELECT m.entity_id, a.dated_on, COUNT(*) {_ADDED}
                GROUP BY m.entity_id, a.dated_on ORDER BY m.entity_id, a.dated_on
                ON CONFLICT (entity_id, day)
                DO UPDATE SET mentions = {DAILY}.mentions + excluded.mentions;
            INSERT INTO {TOTAL} (day, mentions)
                SELECT a.dated_on, COUNT(*) {_ADDED} GROUP BY a.dated_on ORDER BY a.dated_on
                ON CONFLICT (day) DO UPDATE SET mentions = {TOTAL}.mentions + excluded.mentions;
            RETURN NULL;
        END $$""",
    f"""CREATE TRIGGER procurement_tally_mentions_added AFTER INSERT ON {MENTION}
        REFERENCING NEW TABLE AS added
        FOR EACH STATEMENT EXECUTE FUNCTION procurement_tally_mentions_added()""",
]
POSTGRES_BACKWARD = [
    f"DROP TRIGGER IF EXISTS procurement_tally_mentions_added ON {MENTION}",
    "DROP FUNCTION IF EXISTS procurement_tally_mentions_added()",
    f"DROP TRIGGER IF EXISTS procurement_tally_mention ON {MENTION}",
    f"""CREATE TRIGGER procurement_tally_mention
        AFTER INSERT OR DELETE OR UPDATE OF review, ambiguous, entity_id, article_id
        ON {MENTION} FOR EACH ROW EXECUTE FUNCTION procurement_tally_mention()""",
]


def _run(sqlite, postgres):
    def run(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        for sql in {"sqlite": sqlite, "postgresql": postgres}.get(vendor, []):
            schema_editor.execute(sql)
    return run


class Migration(migrations.Migration):
    dependencies = [
        ("procurement", "0016_alerts"),
    ]

    operations = [
        migrations.RunPython(_run(SQLITE_FORWARD, POSTGRES_FORWARD),
                             _run(SQLITE_BACKWARD, POSTGRES_BACKWARD), elidable=False),
    ]
