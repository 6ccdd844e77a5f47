"""articles_ingest: many articles, one transaction per batch, each article kept or refused alone."""

import datetime
import io
import json

import pytest
from django.core.management import call_command
from django.db import OperationalError, connection
from django.test.utils import CaptureQueriesContext

from procurement.management.commands.ingest import Command
from procurement.matching import current_automaton
from procurement import selectors, services
from procurement.models import (Article, Forum, Meeting, MeetingReport, Mention, Story,
                                 StoryBand)
from procurement.services.batches import articles_ingest
from procurement.services.ingest import IngestError, article_ingest, article_store

REPORT = ("Moscow. Russia's defence ministry said on Wednesday that the remaining S-400 "
          "squadrons for India are being prepared for shipment, with crews training near the "
          "factory and the last unit planned for next year. Officials in New Delhi said the "
          "schedule agreed in 2018 had slipped twice, but both sides now call it firm. ")


def texts(n: int, tag: str = "") -> list[dict]:
    """`n` articles unlike each other, each naming the S-400 once."""
    return [{"title": f"Report {tag}{i}",
             "body": f"Report {tag}{i}: a shipment of {i} S-400 parts {tag} reached port {i}."}
            for i in range(n)]


class Boom(RuntimeError):
    pass


def store_failing_on(title: str, error=None):
    """article_store, but the article titled `title` fails after everything of it is written:
    what a database error late in an article looks like."""
    def store(*, draft, automaton):
        result = article_store(draft=draft, automaton=automaton)
        if draft.title == title:
            if error is None:
                raise Boom("late failure")
            with connection.cursor() as cursor:
                cursor.execute("SELECT * FROM no_such_table_at_all")
        return result
    return store


def test_it_rolls_back_a_failed_article_alone_and_stores_the_rest_of_its_batch(s400):
    """A failure late in one article undoes its article row, mentions and bands only."""
    items = texts(4)
    outcomes = list(articles_ingest(items=items, store=store_failing_on("Report 2"), batch=10))
    assert [type(o).__name__ for o in outcomes] == ["IngestResult", "IngestResult", "Boom",
                                                   "IngestResult"]
    assert sorted(Article.objects.values_list("title", flat=True)) == [
        "Report 0", "Report 1", "Report 3"]
    assert Mention.objects.count() == 3
    assert set(Mention.objects.values_list("article__title", flat=True)) == {
        "Report 0", "Report 1", "Report 3"}
    assert StoryBand.objects.filter(article__title="Report 2").count() == 0
    assert Article.history.filter(title="Report 2").count() == 0
    assert Article.history.count() == 3


def test_it_keeps_the_batch_usable_after_a_database_error_in_one_article(s400):
    """On PostgreSQL an error aborts the whole transaction unless its savepoint is rolled
    back; the articles after it must still go in."""
    outcomes = list(articles_ingest(items=texts(3), store=store_failing_on("Report 1", "sql"),
                                    batch=10))
    assert not isinstance(outcomes[0], Exception) and not isinstance(outcomes[2], Exception)
    assert "no_such_table_at_all" in str(outcomes[1])
    assert sorted(Article.objects.values_list("title", flat=True)) == ["Report 0", "Report 2"]
    assert Mention.objects.count() == 2


def test_it_tries_an_article_again_when_the_database_ended_a_deadlock_with_it(s400):
    """Two workers' batches can wait on each other's rows; PostgreSQL then fails one
    statement. The article is undone to its savepoint and stored on the next try."""
    calls = []

    class Deadlock(Exception):
        sqlstate = "40P01"

    def store(*, draft, automaton):
        calls.append(draft.title)
        result = article_store(draft=draft, automaton=automaton)
        if len(calls) <= 2:  # the batch written without savepoints, then the first savepoint
            raise OperationalError("deadlock detected") from Deadlock()
        return result

    outcomes = list(articles_ingest(items=texts(2), store=store))
    assert calls == ["Report 0", "Report 0", "Report 0", "Report 1"]
    assert not any(isinstance(o, Exception) for o in outcomes)
    assert Article.objects.count() == 2 and Mention.objects.count() == 2
    assert Article.history.count() == 2


def test_it_writes_a_batch_without_savepoints_unless_an_article_fails(s400):
    """Savepoints cost two statements an article; a batch takes them only to undo a failure."""
    with CaptureQueriesContext(connection) as clean:
        list(articles_ingest(items=texts(3, "clean "), batch=10))
    with CaptureQueriesContext(connection) as failing:
        outcomes = list(articles_ingest(items=texts(3, "failing "), batch=10,
                                        store=store_failing_on("Report failing 1")))
    savepoints = lambda queries: sum(  # noqa: E731
        q["sql"].startswith("SAVEPOINT") for q in queries.captured_queries)
    # The batch's own transaction is a savepoint where the caller (this test) has one open.
    outer = 1 if connection.in_atomic_block else 0
    assert savepoints(clean) == outer
    assert savepoints(failing) == 2 * outer + 3  # undone, then written with one per article
    assert [type(o).__name__ for o in outcomes] == ["IngestResult", "Boom", "IngestResult"]
    assert Article.objects.count() == 5 and Mention.objects.count() == 5


def test_it_reports_a_second_copy_in_the_same_batch_as_a_duplicate_of_the_first(s400):
    items = texts(2) + [dict(texts(1)[0])]
    first, other, copy = articles_ingest(items=items, batch=10)
    assert not first.duplicate and not other.duplicate
    assert copy.duplicate
    assert copy.article.pk == first.article.pk
    assert Article.objects.count() == 2
    assert Mention.objects.count() == 2


def test_it_reports_a_text_stored_by_an_earlier_batch_or_call_as_a_duplicate(s400):
    before = article_ingest(**texts(1)[0]).article
    outcomes = list(articles_ingest(items=texts(3) + texts(3), batch=2))
    assert [o.duplicate for o in outcomes] == [True, False, False, True, True, True]
    assert outcomes[0].article.pk == before.pk
    assert outcomes[4].article.pk == outcomes[1].article.pk
    assert Article.objects.count() == 3


def test_it_refuses_a_second_text_under_a_url_taken_earlier_in_the_batch(s400):
    items = [{**t, "url": "https://example.org/s400"} for t in texts(2)]
    stored, refused = articles_ingest(items=items, batch=10)
    assert Article.objects.get().pk == stored.article.pk
    assert isinstance(refused, IngestError)
    assert str(refused) == (f"Another article (id {stored.article.pk}) already has this URL "
                            "with different text.")


def test_it_gives_the_outcomes_in_the_order_of_the_items_across_batches(s400):
    items = texts(5)
    items[2] = {"body": "   "}
    outcomes = list(articles_ingest(items=items, batch=2))
    assert len(outcomes) == 5
    assert [o.article.title if not isinstance(o, Exception) else "refused" for o in outcomes] == [
        "Report 0", "Report 1", "refused", "Report 3", "Report 4"]
    assert str(outcomes[2]) == "The article body is empty (only white space)."
    assert Article.objects.count() == 4


def test_it_links_a_reprint_to_its_original_in_the_same_batch(s400):
    """The original's bands are written at the batch's end; the reprint must still find it."""
    original, reprint = articles_ingest(items=[
        {"body": "Original headline\n" + REPORT},
        {"body": "A reprint\n" + REPORT + "Wire copy."}], batch=10)
    assert reprint.article.story_id is not None
    assert Article.objects.get(pk=original.article.pk).story_id == reprint.article.story_id
    assert Story.objects.count() == 1


def test_it_stores_each_article_as_a_single_call_would(s400):
    item = {"body": "Other text. " + REPORT, "title": "Same", "published_on": "2025-06-26"}
    single = article_ingest(**item).article
    Article.objects.all().delete()
    (batched,) = articles_ingest(items=[item])
    fields = ["title", "body", "language", "published_on", "dateline", "hash", "signature",
              "source", "furniture_from", "dated_on"]
    assert ({f: getattr(batched.article, f) for f in fields}
            == {f: getattr(single, f) for f in fields})
    assert (list(Mention.objects.values_list("entity_id", "alias_id", "start", "end", "text"))
            == [(m.entity_id, m.alias_id, m.start, m.end, m.text) for m in batched.mentions])
    assert StoryBand.objects.filter(article=batched.article).count() == 21


def test_it_links_the_meetings_each_article_describes_from_one_read_per_batch(belousov):
    """The batch reads the meetings around all its articles' dates at once; each article
    still gets only the meetings whose window holds its own date."""
    sco = Forum.objects.create(slug="sco", name="Shanghai Cooperation Organisation",
                               category=Forum.Category.MULTILATERAL)
    services.alias_create(entity=sco, text="SCO", kind="abbreviation")
    services.alias_create(entity=belousov, text="Belousov", kind="surname")
    meeting = Meeting.objects.create(slug="sco-ministers-2025", name="SCO ministers 2025",
                                     parent_forum=sco, starts_on=datetime.date(2025, 6, 25),
                                     ends_on=datetime.date(2025, 6, 26), place="Qingdao")
    meeting.participants.set([belousov])
    days = {"2025-06-22": True, "2025-06-21": False, "2025-07-06": True, "2025-07-07": False,
            "2026-06-27": False}
    items = [{"body": f"SCO ministers met; Belousov spoke in Qingdao. Report of {day}.",
              "published_on": day} for day in days]
    outcomes = list(articles_ingest(items=items, batch=10))
    linked = set(MeetingReport.objects.filter(meeting=meeting)
                 .values_list("article__published_on", flat=True))
    assert {str(day) for day in linked} == {day for day, inside in days.items() if inside}
    assert not any(isinstance(o, Exception) for o in outcomes)


def test_it_makes_every_article_a_batch_kept_searchable_and_none_it_rolled_back(s400):
    """On SQLite the batch indexes its articles at its end, not in their savepoints."""
    items = texts(4, "harbour ")
    outcomes = list(articles_ingest(items=items, store=store_failing_on("Report harbour 2"),
                                    batch=10))
    assert isinstance(outcomes[2], Boom)
    found = Article.objects.filter(pk__in=selectors.article_ids_with_words("harbour"))
    assert sorted(found.values_list("title", flat=True)) == [
        "Report harbour 0", "Report harbour 1", "Report harbour 3"]
    # An article stored on its own afterwards is indexed by the trigger, as before.
    article_ingest(title="Single", body="A single harbour report on S-400 parts.")
    assert Article.objects.filter(pk__in=selectors.article_ids_with_words("harbour")).count() == 4
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM procurement_article_fts_hold")
            assert cursor.fetchone() == (0,)


def test_it_stores_nothing_of_a_dry_run(s400):
    outcomes = list(articles_ingest(items=texts(3) + texts(1), batch=10, dry_run=True))
    assert [o.duplicate for o in outcomes] == [False, False, False, False]
    assert Article.objects.count() == 0 and Mention.objects.count() == 0


def test_it_asks_the_database_fewer_times_per_article_than_single_calls(
        s400, django_assert_max_num_queries):
    automaton = current_automaton()
    with CaptureQueriesContext(connection) as single:
        for fields in texts(10, "single "):
            article_ingest(automaton=automaton, **fields)
    # Per batch: look-ups of hashes/URLs and of near-duplicates, the deferred rows, a
    # transaction; per article: its savepoint, its row, and its suggested claims.
    with django_assert_max_num_queries(10 * 4 + 8):
        outcomes = list(articles_ingest(items=texts(10, "batch "), automaton=automaton))
    assert not any(isinstance(o, Exception) for o in outcomes)
    with CaptureQueriesContext(connection) as batched:
        list(articles_ingest(items=texts(10, "again "), automaton=automaton))
    assert len(batched.captured_queries) < len(single.captured_queries)


class Terminal(io.StringIO):
    """A stream that says it is a terminal, as stderr is when a person runs the command."""

    def isatty(self):
        return True


@pytest.fixture
def files(tmp_path):
    for i, fields in enumerate(texts(3)):
        (tmp_path / f"{i}.json").write_text(json.dumps(fields))
    return tmp_path


def ingest(files, *args, stderr):
    out = io.StringIO()
    call_command("ingest", str(files), *args, stdout=out, stderr=stderr)
    return out.getvalue()


def test_it_shows_a_progress_bar_on_a_terminal(s400, files, monkeypatch):
    monkeypatch.setattr(Command, "progress_delay", 0)
    err = Terminal()
    out = ingest(files, stderr=err)
    assert "3 articles created" in out
    assert "/3 [" in err.getvalue() and "file/s" in err.getvalue()
    assert Article.objects.count() == 3


def test_it_shows_no_progress_bar_when_switched_off(s400, files, monkeypatch):
    monkeypatch.setattr(Command, "progress_delay", 0)
    err = Terminal()
    out = ingest(files, "--no-progress", stderr=err)
    assert "3 articles created" in out
    assert err.getvalue() == ""
    assert Article.objects.count() == 3


def test_it_shows_no_progress_bar_when_stderr_is_not_a_terminal(s400, files, monkeypatch):
    monkeypatch.setattr(Command, "progress_delay", 0)
    err = io.StringIO()
    out = ingest(files, stderr=err)
    assert "3 articles created" in out
    assert err.getvalue() == ""


def test_it_reports_records_in_order_when_batches_are_small(s400, files):
    (files / "3.json").write_text("{not json")
    out = io.StringIO()
    with pytest.raises(SystemExit) as exit:
        call_command("ingest", "--json", "--batch", "2", str(files), stdout=out,
                     stderr=io.StringIO())
    assert exit.value.code == 1
    report = json.loads(out.getvalue())
    assert [c["file"][-6:] for c in report["created"]] == ["0.json", "1.json", "2.json"]
    assert [e["file"][-6:] for e in report["errors"]] == ["3.json"]
    assert Article.objects.count() == 3


@pytest.mark.skipif(connection.vendor != "postgresql",
                    reason="index and compression of the article text on PostgreSQL (0018)")
def test_it_indexes_an_article_once_for_search_and_compresses_its_text_with_lz4(db):
    """The trigram index is the only index over the text an insert updates (the full-text one
    cost 0.5 ms per article and is gone), and a long text is kept compressed by lz4 where the
    server has it, as pglz otherwise."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'procurement_article'"
                       " AND indexdef LIKE '%%USING gin%%'")
        assert [row[0] for row in cursor.fetchall()] == ["procurement_article_trgm"]
        cursor.execute("SELECT 'lz4' = ANY(enumvals) FROM pg_settings "
                       "WHERE name = 'default_toast_compression'")
        lz4 = cursor.fetchone()[0]
    body = " ".join(f"The S-400 regiment number {i} was delivered on schedule." for i in range(90))
    article = article_ingest(body=body).article
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_column_compression(body) FROM procurement_article WHERE id = %s",
                       [article.pk])
        assert cursor.fetchone()[0] == ("lz4" if lz4 else "pglz")
