"""Search index on SQLite: an FTS5 table over article title + body, trigram tokenizer.

Trigrams serve the substring search the search page and the lists' `q` have always done, in
any script (the word tokenizers split Devanagari at vowel signs), case-insensitively for ASCII
like LIKE. The table keeps no copy of the text (external content: it reads procurement_article)
and triggers keep it in step with every insert, update and delete of an article.

Django rebuilds a SQLite table to alter it (create a copy, drop the old one), and dropping a
table drops its triggers: a later migration that alters Article on SQLite must create them again
(TRIGGERS below; the search tests fail without them). PostgreSQL has its own indexes
(0003_search) and gets nothing here.
"""

from django.db import migrations

TABLE = "procurement_article_fts"
# An external-content FTS5 table is told what to forget with the old values: 'delete' rows.
_FORGET = (f"INSERT INTO {TABLE} ({TABLE}, rowid, title, body) "
           "VALUES ('delete', old.id, old.title, old.body);")
_LEARN = f"INSERT INTO {TABLE} (rowid, title, body) VALUES (new.id, new.title, new.body);"
TRIGGERS = [
    f"""CREATE TRIGGER procurement_article_fts_insert AFTER INSERT ON procurement_article
        BEGIN {_LEARN} END""",
    f"""CREATE TRIGGER procurement_article_fts_delete AFTER DELETE ON procurement_article
        BEGIN {_FORGET} END""",
    # Only when the text changes: re-indexing on every save of a date or a story would cost
    # ingestion and review for nothing.
    f"""CREATE TRIGGER procurement_article_fts_update AFTER UPDATE OF title, body
        ON procurement_article BEGIN {_FORGET} {_LEARN} END""",
]
FORWARD = [
    f"""CREATE VIRTUAL TABLE {TABLE} USING fts5(title, body, content='procurement_article',
        content_rowid='id', tokenize='trigram')""",
    *TRIGGERS,
    f"INSERT INTO {TABLE} ({TABLE}) VALUES ('rebuild')",  # the articles already there
]
BACKWARD = [
    "DROP TRIGGER IF EXISTS procurement_article_fts_update",
    "DROP TRIGGER IF EXISTS procurement_article_fts_delete",
    "DROP TRIGGER IF EXISTS procurement_article_fts_insert",
    f"DROP TABLE IF EXISTS {TABLE}",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "sqlite":
            return
        for sql in statements:
            schema_editor.execute(sql)
    return run


class Migration(migrations.Migration):
    dependencies = [
        ("procurement", "0012_candidates"),
    ]

    operations = [
        migrations.RunPython(_run(FORWARD), _run(BACKWARD), elidable=False),
    ]
