"""Daily mention tallies (models.tallies), kept by triggers on both databases, filled from the
mentions already stored.

The triggers fire on every insert and delete of a mention, on an update of the columns that
decide whether and where it counts (review, ambiguous, entity, article), and on a change of an
article's day. On SQLite, Django alters a table by rebuilding it, which drops its triggers: a
later migration that alters Mention or Article on SQLite must create these again
(SQLITE_TRIGGERS; the tally tests fail without them).
"""

import django.db.models.deletion
from django.db import migrations, models

DAILY, TOTAL = "procurement_dailymentions", "procurement_dailymentiontotal"
MENTION, ARTICLE = "procurement_mention", "procurement_article"


def visible(row: str) -> str:
    """models.articles.mention_visible, in SQL, for the trigger's OLD or NEW row."""
    return f"({row}.review <> 'rejected' AND NOT ({row}.review = 'machine' AND {row}.ambiguous))"


def _sqlite_add(row: str) -> str:
    return f"""
        INSERT INTO {DAILY} (entity_id, day, mentions)
            SELECT {row}.entity_id, dated_on, 1 FROM {ARTICLE} WHERE id = {row}.article_id
            ON CONFLICT (entity_id, day) DO UPDATE SET mentions = mentions + 1;
        INSERT INTO {TOTAL} (day, mentions)
            SELECT dated_on, 1 FROM {ARTICLE} WHERE id = {row}.article_id
            ON CONFLICT (day) DO UPDATE SET mentions = mentions + 1;"""


def _sqlite_remove(row: str) -> str:
    day = f"(SELECT dated_on FROM {ARTICLE} WHERE id = {row}.article_id)"
    return f"""
        UPDATE {DAILY} SET mentions = mentions - 1
            WHERE entity_id = {row}.entity_id AND day = {day};
        UPDATE {TOTAL} SET mentions = mentions - 1 WHERE day = {day};"""


_OF_ARTICLE = f"FROM {MENTION} m WHERE m.article_id = NEW.id AND {visible('m')}"
SQLITE_TRIGGERS = [
    f"""CREATE TRIGGER procurement_tally_insert AFTER INSERT ON {MENTION}
        WHEN {visible('NEW')} BEGIN {_sqlite_add('NEW')} END""",
    f"""CREATE TRIGGER procurement_tally_delete AFTER DELETE ON {MENTION}
        WHEN {visible('OLD')} BEGIN {_sqlite_remove('OLD')} END""",
    f"""CREATE TRIGGER procurement_tally_update_old
        AFTER UPDATE OF review, ambiguous, entity_id, article_id ON {MENTION}
        WHEN {visible('OLD')} BEGIN {_sqlite_remove('OLD')} END""",
    f"""CREATE TRIGGER procurement_tally_update_new
        AFTER UPDATE OF review, ambiguous, entity_id, article_id ON {MENTION}
        WHEN {visible('NEW')} BEGIN {_sqlite_add('NEW')} END""",
    # An article's day changed (its publication date edited): its mentions move with it.
    f"""CREATE TRIGGER procurement_tally_article_day AFTER UPDATE OF dated_on ON {ARTICLE}
        WHEN OLD.dated_on IS NOT NEW.dated_on BEGIN
        UPDATE {DAILY} SET mentions = mentions - (
            SELECT COUNT(*) {_OF_ARTICLE} AND m.entity_id = {DAILY}.entity_id)
            WHERE day = OLD.dated_on;
        UPDATE {TOTAL} SET mentions = mentions - (SELECT COUNT(*) {_OF_ARTICLE})
            WHERE day = OLD.dated_on;
        INSERT INTO {DAILY} (entity_id, day, mentions)
            SELECT m.entity_id, NEW.dated_on, COUNT(*) {_OF_ARTICLE} GROUP BY m.entity_id
            ON CONFLICT (entity_id, day) DO UPDATE SET mentions = mentions + excluded.mentions;
        INSERT INTO {TOTAL} (day, mentions)
            SELECT NEW.dated_on, COUNT(*) {_OF_ARTICLE}
            ON CONFLICT (day) DO UPDATE SET mentions = mentions + excluded.mentions;
        END""",
]
SQLITE_DROP = [f"DROP TRIGGER IF EXISTS {name}" for name in (
    "procurement_tally_insert", "procurement_tally_delete", "procurement_tally_update_old",
    "procurement_tally_update_new", "procurement_tally_article_day")]

POSTGRES_TRIGGERS = [
    f"""CREATE FUNCTION procurement_tally_add(entity bigint, article bigint, n integer)
        RETURNS void LANGUAGE plpgsql AS $$
        DECLARE d date;
        BEGIN
            SELECT dated_on INTO d FROM {ARTICLE} WHERE id = article;
            IF d IS NULL THEN RETURN; END IF;
            IF n < 0 THEN
                -- Only an existing row goes down: the entity's rows may be gone already (a
                -- deleted entity's tallies are deleted before its mentions).
                UPDATE {DAILY} SET mentions = mentions + n WHERE entity_id = entity AND day = d;
                UPDATE {TOTAL} SET mentions = mentions + n WHERE day = d;
                RETURN;
            END IF;
            INSERT INTO {DAILY} (entity_id, day, mentions) VALUES (entity, d, n)
                ON CONFLICT (entity_id, day) DO UPDATE SET mentions = {DAILY}.mentions + n;
            INSERT INTO {TOTAL} (day, mentions) VALUES (d, n)
                ON CONFLICT (day) DO UPDATE SET mentions = {TOTAL}.mentions + n;
        END $$""",
    f"""CREATE FUNCTION procurement_tally_mention() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP IN ('UPDATE', 'DELETE') AND {visible('OLD')} THEN
                PERFORM procurement_tally_add(OLD.entity_id, OLD.article_id, -1);
            END IF;
            IF TG_OP IN ('UPDATE', 'INSERT') AND {visible('NEW')} THEN
                PERFORM procurement_tally_add(NEW.entity_id, NEW.article_id, 1);
            END IF;
            RETURN NULL;
        END $$""",
    f"""CREATE TRIGGER procurement_tally_mention
        AFTER INSERT OR DELETE OR UPDATE OF review, ambiguous, entity_id, article_id
        ON {MENTION} FOR EACH ROW EXECUTE FUNCTION procurement_tally_mention()""",
    f"""CREATE FUNCTION procurement_tally_article() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE r record;
        BEGIN
            IF NEW.dated_on IS DISTINCT FROM OLD.dated_on THEN
                FOR r IN SELECT m.entity_id, COUNT(*) AS n {_OF_ARTICLE} GROUP BY m.entity_id
                LOOP
                    UPDATE {DAILY} SET mentions = mentions - r.n
                        WHERE entity_id = r.entity_id AND day = OLD.dated_on;
                    UPDATE {TOTAL} SET mentions = mentions - r.n WHERE day = OLD.dated_on;
                    INSERT INTO {DAILY} (entity_id, day, mentions)
                        VALUES (r.entity_id, NEW.dated_on, r.n)
                        ON CONFLICT (entity_id, day) DO UPDATE SET mentions = {DAILY}.mentions + r.n;
                    INSERT INTO {TOTAL} (day, mentions) VALUES (NEW.dated_on, r.n)
                        ON CONFLICT (day) DO UPDATE SET mentions = {TOTAL}.mentions + r.n;
                END LOOP;
            END IF;
            RETURN NULL;
        END $$""",
    f"""CREATE TRIGGER procurement_tally_article AFTER UPDATE OF dated_on ON {ARTICLE}
        FOR EACH ROW EXECUTE FUNCTION procurement_tally_article()""",
]
POSTGRES_DROP = [
    f"DROP TRIGGER IF EXISTS procurement_tally_article ON {ARTICLE}",
    f"DROP TRIGGER IF EXISTS procurement_tally_mention ON {MENTION}",
    "DROP FUNCTION IF EXISTS procurement_tally_article()",
    "DROP FUNCTION IF EXISTS procurement_tally_mention()",
    "DROP FUNCTION IF EXISTS procurement_tally_add(bigint, bigint, integer)",
]

# The counts of the mentions already stored (the same as `manage.py rebuild_tallies`).
FILL = [
    f"""INSERT INTO {DAILY} (entity_id, day, mentions)
        SELECT m.entity_id, a.dated_on, COUNT(*) FROM {MENTION} m
        JOIN {ARTICLE} a ON a.id = m.article_id WHERE {visible('m')}
        GROUP BY m.entity_id, a.dated_on""",
    f"""INSERT INTO {TOTAL} (day, mentions)
        SELECT a.dated_on, COUNT(*) FROM {MENTION} m
        JOIN {ARTICLE} a ON a.id = m.article_id WHERE {visible('m')}
        GROUP BY a.dated_on""",
]


def create(apps, schema_editor):
    triggers = (POSTGRES_TRIGGERS if schema_editor.connection.vendor == "postgresql"
                else SQLITE_TRIGGERS)
    for statement in FILL + triggers:
        schema_editor.execute(statement)


def drop(apps, schema_editor):
    drops = POSTGRES_DROP if schema_editor.connection.vendor == "postgresql" else SQLITE_DROP
    for statement in drops:
        schema_editor.execute(statement)


class Migration(migrations.Migration):

    dependencies = [
        ('procurement', '0013_search_fts'),
    ]

    operations = [
        migrations.CreateModel(
            name='DailyMentionTotal',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('day', models.DateField(unique=True)),
                ('mentions', models.IntegerField(default=0)),
            ],
        ),
        migrations.CreateModel(
            name='DailyMentions',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('day', models.DateField(help_text="The articles' day (published, or else received).")),
                ('mentions', models.IntegerField(default=0)),
                ('entity', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='daily_mentions', to='procurement.entity')),
            ],
            options={
                'verbose_name_plural': 'daily mentions',
                'constraints': [models.UniqueConstraint(fields=('entity', 'day'), name='procurement_dailymentions_unique')],
            },
        ),
        migrations.RunPython(create, drop),
    ]
