"""Ingesting many articles at once: one transaction per batch, each article kept or refused alone.

`articles_ingest` gives the same outcome for each article as `article_ingest` would one at a
time — the stored article, the duplicate it is of, or the IngestError that refused it — but
commits once per batch and asks the database once per batch what it asked once per article:
which hashes and URLs are taken, which outlets exist, which meetings are near the articles'
dates. The band, mention and history rows, which nothing in the batch reads back, go in
together at the batch's end (multi-row INSERTs on SQLite, COPY on PostgreSQL).

A batch is written first without savepoints. Should an article fail, the batch is undone and
written again with a savepoint per article: the failed article rolls back to its savepoint
alone and the rest of its batch commits. Should the batch itself fail to commit (a deferred
constraint, the connection lost), its articles are
stored again one transaction each, so the one at fault is found and the others still land.
"""

from collections.abc import Iterable, Iterator
from itertools import islice

from django.db import (DatabaseError, IntegrityError, OperationalError, connection,
                       transaction)

from ..matching import current_automaton
from ..models import Article, Mention, Outlet, StoryBand
from ..text import bands
from .ingest import (_BATCH, BAND_ROWS, MENTION_COLUMNS, Draft, IngestError, IngestResult,
                     _article_history, _insert_rows, article_read, article_store, draft_match,
                     insert_records, near_duplicates, stored_meanwhile)
from .meetings import meetings_around

Outcome = IngestResult | Exception


class _Undo(Exception):
    """Raised inside an article's savepoint on a dry run, to undo what it wrote."""

    def __init__(self, result):
        super().__init__()
        self.result = result


class Batch:
    """What one batch of drafts needs from the database, read once; and the rows it defers.

    `article_store` asks it instead of the database while `articles_ingest` has it in place.
    Articles stored earlier in the batch count as stored: a second copy of a text is a
    duplicate of the first, a second text under a URL is refused.
    """

    def __init__(self, drafts: list[Draft]):
        hashes = [d.hash for d in drafts]
        urls = {d.url for d in drafts if d.url}
        # One query for both checks; the duplicates' rows come whole, as callers get them.
        found = Article.objects.filter(hash__in=hashes)
        if urls:
            found = found | Article.objects.filter(url__in=urls)
        self.by_hash: dict[str, Article] = {}
        self.by_url: dict[str, int] = {}
        for article in found.order_by():
            self.by_hash[article.hash] = article
            if article.url in urls:
                self.by_url[article.url] = article.pk
        names = {d.outlet for d in drafts if d.outlet}
        self.outlets = ({o.name: o for o in Outlet.objects.filter(name__in=names)}
                        if names else {})
        days = sorted(d.published_on for d in drafts if d.published_on)
        self.span = (days[0], days[-1]) if days else None
        self._around = None
        # Near-duplicate candidates for every article of the batch, one query: articles by id
        # as (id, signature, story_id, title), and the ids under each band key.
        self.keys = {d.hash: bands(d.signature, rows=BAND_ROWS) for d in drafts}
        every = sorted({k for keys in self.keys.values() for k in keys})
        self.articles: dict[int, list] = {}
        self.banded: dict[str, set[int]] = {}
        for at in range(0, len(every), _KEYS_PER_QUERY):
            for key, pk, signature, story_id, title in near_duplicates(
                    every[at:at + _KEYS_PER_QUERY], with_key=True):
                self.articles[pk] = [pk, signature, story_id, title]
                self.banded.setdefault(key, set()).add(pk)
        self.mention_rows: list[tuple] = []
        self.history_rows: list[dict] = []
        self.band_rows: list[tuple] = []
        self.stored: list[int] = []  # ids of the articles kept, for the search index
        self._held = False
        self._kept = (0, 0)
        self._stories: list[tuple[int, int]] = []

    def stored_with_hash(self, digest: str) -> Article | None:
        return self.by_hash.get(digest)

    def url_owner(self, url: str) -> int | None:
        return self.by_url.get(url)

    def outlet_named(self, name: str) -> Outlet | None:
        return self.outlets.get(name)

    def meetings_near(self, day):
        """The meetings around `day`, from one query for the whole batch, made when first
        needed (most batches of articles naming no forum or person never need it)."""
        if self._around is None:
            self._around = meetings_around(*self.span)
        return self._around(day)

    def band_keys(self, draft: Draft) -> list[str]:
        return self.keys.get(draft.hash) or bands(draft.signature, rows=BAND_ROWS)

    def near_duplicates(self, keys: list[str]) -> list[tuple]:
        """What `ingest.near_duplicates(keys)` would read now, without asking: the rows read
        for the batch, and the articles stored earlier in it."""
        found = set().union(*(self.banded.get(k, ()) for k in keys))
        return [tuple(self.articles[pk]) for pk in sorted(found)]

    def story_given(self, pk: int, story_id: int | None) -> None:
        """An earlier article was given a story; seen by later articles once this one is kept."""
        self._stories.append((pk, story_id))

    def begin(self) -> None:
        """An article's savepoint opens: rows deferred from here on are its own."""
        self._kept = (len(self.mention_rows), len(self.history_rows))
        self._stories = []

    def drop(self) -> None:
        """The article's savepoint was rolled back: so are the rows it deferred."""
        del self.mention_rows[self._kept[0]:]
        del self.history_rows[self._kept[1]:]
        self._stories = []

    def keep(self, result: IngestResult) -> None:
        """The article is stored (its savepoint released, when it had one): later articles
        see it as stored."""
        for pk, story_id in self._stories:
            if pk in self.articles:
                self.articles[pk][2] = story_id
        self._stories = []
        if result.duplicate:
            return
        article = result.article
        self.by_hash[article.hash] = article
        if article.url:
            self.by_url[article.url] = article.pk
        keys = self.keys.get(article.hash) or bands(article.signature, rows=BAND_ROWS)
        self.articles[article.pk] = [article.pk, article.signature, article.story_id,
                                     article.title]
        for key in keys:
            self.banded.setdefault(key, set()).add(article.pk)
        self.band_rows.extend((article.pk, key) for key in keys)
        self.stored.append(article.pk)

    def hold_search_index(self) -> None:
        """SQLite: the search index learns the batch's articles at its end, in one statement,
        not one by one in their savepoints, where FTS5 writes out what it has learned at each
        savepoint (migration 0017). Called inside the batch's transaction, which holds SQLite's
        one write lock: no other connection sees the hold, and a rollback lifts it."""
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute(f"INSERT INTO {_HOLD} (held) VALUES (1)")
            self._held = True

    def flush(self) -> None:
        """Write the rows deferred by every article kept, before the batch commits."""
        _insert_rows(StoryBand, ["article", "key"], self.band_rows)
        _insert_rows(Mention, MENTION_COLUMNS, self.mention_rows)
        insert_records(_article_history(), self.history_rows)
        if self._held:
            with connection.cursor() as cursor:
                for at in range(0, len(self.stored), _IDS_PER_QUERY):
                    ids = self.stored[at:at + _IDS_PER_QUERY]
                    cursor.execute(f"INSERT INTO {_FTS} (rowid, title, body) SELECT id, title, "
                                   f"body FROM {Article._meta.db_table} WHERE id IN "
                                   f"({', '.join(['%s'] * len(ids))})", ids)
                cursor.execute(f"DELETE FROM {_HOLD}")
            self._held = False
        self.band_rows, self.mention_rows, self.history_rows, self.stored = [], [], [], []


_FTS, _HOLD = "procurement_article_fts", "procurement_article_fts_hold"  # migration 0017


_KEYS_PER_QUERY = 3000  # band keys per look-up: inside both databases' parameter limits
_IDS_PER_QUERY = 3000  # article ids per statement, for the same reason


def _read(fields) -> Draft | Exception:
    if isinstance(fields, Draft):
        return fields
    try:
        return article_read(**fields)
    except Exception as error:  # IngestError, or a bug: this item's outcome either way
        return error


def _store_alone(draft: Draft, automaton, dry_run: bool, store) -> Outcome:
    """One article in its own transaction, as `article_ingest` stores it."""
    try:
        with transaction.atomic():
            result = store(draft=draft, automaton=automaton)
            if dry_run:
                raise _Undo(result)
        return result
    except _Undo as undo:
        return undo.result
    except Exception as error:
        if isinstance(error, DatabaseError) and not connection.in_atomic_block:
            # A lost connection is reopened for the next article rather than failing them all.
            connection.close_if_unusable_or_obsolete()
        return error


def _store_in(batch: Batch, draft: Draft, automaton, dry_run: bool, store) -> Outcome:
    """One article in its savepoint inside the batch's transaction."""
    for attempt in range(_ATTEMPTS):
        batch.begin()
        try:
            with transaction.atomic():
                result = store(draft=draft, automaton=automaton)
                if dry_run:
                    raise _Undo(result)
        except _Undo as undo:
            batch.drop()
            return undo.result
        except IntegrityError as error:
            # Another writer stored the text or took the URL since the batch's look-ups.
            batch.drop()
            try:
                return stored_meanwhile(draft, error)
            except Exception as refused:
                return refused
        except Exception as error:
            batch.drop()
            # Another worker's batch holds a row this article updates (a candidate's count)
            # and waits for one this batch holds: PostgreSQL gave up on this article. Its
            # savepoint is undone and the other batch goes on, so asking again succeeds.
            if attempt + 1 < _ATTEMPTS and _deadlock(error):
                continue
            return error
        break
    batch.keep(result)
    return result


_ATTEMPTS = 3


def _deadlock(error: Exception) -> bool:
    return isinstance(error, OperationalError) and getattr(
        error.__cause__, "sqlstate", None) == "40P01"


class _Undone(Exception):
    """An article failed in a batch written without savepoints: the batch is written again."""


def _store_plainly(batch: Batch, draft: Draft, automaton, store) -> Outcome:
    """One article straight into the batch's transaction, with no savepoint of its own."""
    try:
        result = store(draft=draft, automaton=automaton)
    except Exception as error:
        # Part of the article may be written, and on PostgreSQL the transaction is aborted:
        # only undoing the whole batch is sure to undo the article.
        raise _Undone from error
    batch.keep(result)
    return result


def _write(batch: Batch, drafts: list, write) -> list[Outcome]:
    """The batch's transaction: each draft through `write`, then the deferred rows."""
    with transaction.atomic():
        batch.hold_search_index()
        token = _BATCH.set(batch)
        try:
            outcomes = [write(d) if isinstance(d, Draft) else d for d in drafts]
        finally:
            _BATCH.reset(token)
        batch.flush()
    return outcomes


def _batch_ingest(items: list, automaton, dry_run: bool, store) -> list[Outcome]:
    drafts = [_read(fields) for fields in items]
    good = [d for d in drafts if isinstance(d, Draft)]
    if not good:
        return drafts
    try:
        # The look-ups and the text work go before the transaction: on SQLite it holds the one
        # write lock, and other workers can take it meanwhile. What others store in between
        # is caught by the unique indexes (see `_store_in`).
        batch = Batch(good)
        for draft in good:
            if batch.stored_with_hash(draft.hash) is None:
                draft_match(draft, automaton)
        if not dry_run:
            # Almost every batch stores every article: written first without a savepoint per
            # article (two statements each, 7-15% of PostgreSQL's time per article). Should one
            # fail, the batch is undone and written again with savepoints, where that article
            # rolls back alone; each outcome is the same either way.
            try:
                return _write(batch, drafts,
                              lambda d: _store_plainly(batch, d, automaton, store))
            except _Undone:
                batch = Batch(good)  # its look-ups and deferred rows went with the rollback
        return _write(batch, drafts, lambda d: _store_in(batch, d, automaton, dry_run, store))
    except Exception:
        # The batch could not commit as a whole: one transaction per article finds the one
        # at fault and lets the others land.
        return [_store_alone(d, automaton, dry_run, store) if isinstance(d, Draft) else d
                for d in drafts]


def articles_ingest(*, items: Iterable, automaton=None, batch: int = 200, dry_run: bool = False,
                    store=None) -> Iterator[Outcome]:
    """Read, check and store many articles; one outcome per item, in the order given.

    `items`: dicts of the fields `article_ingest` takes (or Drafts already read). Each outcome
    is the IngestResult (`duplicate` set for a text already stored, in an earlier batch or
    earlier in this one), or the exception that refused the item: an IngestError with its
    reason, or whatever unexpected error stopped it. Nothing of a refused item is stored.

    `batch`: articles per transaction. `dry_run`: store each article and roll it back, as a
    check of what would happen (each article then sees only what was there before).
    `store`: the function writing one article, `article_store` unless given.
    Outcomes come a batch at a time, after its commit.
    """
    automaton = automaton or current_automaton()
    store = store or article_store
    items = iter(items)
    while chunk := list(islice(items, max(1, batch))):
        yield from _batch_ingest(chunk, automaton, dry_run, store)


__all__ = ["Batch", "IngestError", "Outcome", "articles_ingest"]
