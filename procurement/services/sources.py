"""Polling outlets' feeds and ingesting the pages they list.

`source_poll` asks a feed for what changed and records each new page as an Item; whichever
worker wins `item_claim` then runs `item_ingest`: the page is fetched, trafilatura takes the
article text out of it, and `article_ingest` stores it exactly as a file would be (duplicates,
datelines, mentions). The jobs in tasks.sources and the `poll` command call these; a failing
source or page is recorded on its own row and never stops the others.
"""

import datetime
import logging
import threading
from dataclasses import dataclass

from django.conf import settings
from django.db.models import F, Q
from django.utils import timezone

from ..feeds import (Entry, Fetcher, FetchError, FetchSettings, PageError, ParseError, extract,
                     parse_feed, parse_sitemap)
from ..models import Article, Item, Source
from ..selectors_sources import ITEM_LEASE
from .ingest import IngestError, article_ingest

log = logging.getLogger(__name__)

MAX_WAIT = datetime.timedelta(days=1)  # the longest back-off after repeated failures
SOURCE_LEASE = datetime.timedelta(minutes=10)  # a poll taken by one worker, hidden from others
ITEM_ATTEMPTS = 3  # tries of a page that fails for a passing reason (timeout, 503)

UNEXPECTED = "The poll failed unexpectedly ({kind}); the details are in the server's log."
INGEST_UNEXPECTED = "Ingestion failed unexpectedly ({kind}); the details are in the server's log."
GAVE_UP = "{reason} (gave up after {attempts} attempts)."
SITEMAP_CHILD = "{reason} (in {url})"

FEED_ACCEPT = ("application/rss+xml, application/atom+xml, application/xml;q=0.9, "
               "text/xml;q=0.9, */*;q=0.5")
PAGE_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5"


def feed_settings() -> FetchSettings:
    return FetchSettings(user_agent=settings.FEEDS_USER_AGENT, timeout=settings.FEEDS_TIMEOUT,
                         max_bytes=settings.FEEDS_MAX_BYTES,
                         max_redirects=settings.FEEDS_MAX_REDIRECTS,
                         host_delay=settings.FEEDS_HOST_DELAY,
                         allow_private=settings.FEEDS_ALLOW_PRIVATE)


_fetchers: dict[FetchSettings, Fetcher] = {}
_fetchers_lock = threading.Lock()


def fetcher() -> Fetcher:
    """The process's client for the current settings: robots.txt and host delays are
    remembered across polls and pages (a new one after the settings change, as in tests)."""
    wanted = feed_settings()
    with _fetchers_lock:
        if wanted not in _fetchers:
            _fetchers[wanted] = Fetcher(wanted)
        return _fetchers[wanted]


def fetchers_forget() -> None:
    """Forget robots.txt and host delays (tests start each from nothing)."""
    with _fetchers_lock:
        _fetchers.clear()


# Sources -----------------------------------------------------------------------------------

@dataclass
class PollResult:
    source: Source
    listed: int = 0  # pages the feed lists now
    created: int = 0  # of which new to the tracker
    not_modified: bool = False
    error: str = ""


def backoff(*, interval: int, failures: int) -> datetime.timedelta:
    """The wait after `failures` failed polls in a row: the interval doubled each time, at most
    a day (a feed that is down for a week is still tried once a day)."""
    minutes = interval * 2 ** min(failures, 20)
    return min(datetime.timedelta(minutes=minutes), MAX_WAIT)


def source_lease(*, source: Source, now: datetime.datetime | None = None) -> bool:
    """Take a due source for one poll, so the next beat tick does not enqueue it again while
    the poll runs; False when another process took it first. A poll that dies leaves the
    source due again after SOURCE_LEASE."""
    now = now or timezone.now()
    taken = (Source.objects.filter(pk=source.pk, enabled=True)
             .filter(Q(due__isnull=True) | Q(due__lte=now))
             .update(due=now + SOURCE_LEASE))
    return taken == 1


def source_due_now(*, source: Source) -> Source:
    """Ask for a poll at the next opportunity (the admin's "poll now")."""
    Source.objects.filter(pk=source.pk).update(due=None)
    source.due = None
    return source


def _entries(source: Source, fetch: Fetcher):
    """(entries, answer) of the source; entries is None when the feed has not changed."""
    what = "sitemap" if source.kind == Source.Kind.SITEMAP else "feed"
    answer = fetch.get(source.url, what=what, etag=source.etag, modified=source.modified,
                       accept=FEED_ACCEPT)
    if answer.not_modified:
        return None, answer
    if source.kind == Source.Kind.FEED:
        return parse_feed(answer.body, answer.url), answer
    limit = fetch.settings.max_bytes
    sitemap = parse_sitemap(answer.body, answer.url, limit=limit)
    entries, errors = list(sitemap.entries), []
    # An index is read one level deep; an index listing indexes is not followed further.
    for child in sitemap.children:
        try:
            part = fetch.get(child, what="sitemap", accept=FEED_ACCEPT)
            entries += parse_sitemap(part.body, part.url, limit=limit).entries
        except (FetchError, ParseError) as error:
            errors.append(SITEMAP_CHILD.format(reason=str(error).rstrip("."), url=child))
    if errors and not entries:
        raise ParseError(errors[0])
    return entries, answer


def _items_create(source: Source, entries: list[Entry]) -> int:
    """New Items for the pages not seen before (by any source); returns how many."""
    wanted = {}
    for entry in entries:
        item = Item(source=source, url=entry.url, guid=entry.guid, title=entry.title,
                    published=entry.published)
        try:
            # Uniqueness is left to the database (ignore_conflicts): one query, not one a row.
            item.full_clean(exclude=["source", "article"], validate_unique=False,
                            validate_constraints=False)
        except Exception:  # noqa: BLE001 — a malformed link is skipped, the others land
            log.info("Feed %s lists an unusable link %r", source.slug, entry.url[:200])
            continue
        wanted.setdefault(entry.url, item)
    if not wanted:
        return 0
    known = set(Item.objects.filter(url__in=list(wanted)).values_list("url", flat=True))
    fresh = [item for url, item in wanted.items() if url not in known]
    Item.objects.bulk_create(fresh, ignore_conflicts=True)
    return Item.objects.filter(source=source, url__in=[i.url for i in fresh]).count()


def _record(source: Source, **values) -> None:
    """Write polling's own fields. Checked like any write, then stored with update(): a save()
    would add a history row for every poll, burying the editors' changes."""
    for name, value in values.items():
        setattr(source, name, value)
    source.full_clean(exclude=["slug", "url", "outlet"], validate_unique=False,
                      validate_constraints=False)
    Source.objects.filter(pk=source.pk).update(**values)


def source_poll(*, source: Source, fetch: Fetcher | None = None) -> PollResult:
    """Poll one feed now. Never raises for the feed's faults: they are recorded on the source
    (`error`, `failures`, a later `due`) and returned in the result."""
    fetch = fetch or fetcher()
    now = timezone.now()
    result = PollResult(source=source)
    try:
        entries, answer = _entries(source, fetch)
        if entries is None:
            result.not_modified = True
        else:
            result.listed = len(entries)
            result.created = _items_create(source, entries)
    except (FetchError, ParseError) as error:
        result.error = str(error)
    except Exception as error:  # noqa: BLE001 — one source's surprise must not stop the rest
        log.exception("Polling source %s failed", source.slug)
        result.error = UNEXPECTED.format(kind=type(error).__name__)
    if result.error:
        failures = source.failures + 1
        _record(source, polled=now, failures=failures, error=result.error,
                due=now + backoff(interval=source.interval, failures=failures))
        return result
    changes = dict(polled=now, succeeded=now, failures=0, error="",
                   due=now + datetime.timedelta(minutes=source.interval))
    if not result.not_modified:
        # Kept only when they fit: a validator (ETag) too long to store is simply not sent back.
        etag = answer.headers.get("etag", "")
        modified = answer.headers.get("last-modified", "")
        changes.update(etag=etag if len(etag) <= 300 else "",
                       modified=modified if len(modified) <= 100 else "")
    _record(source, **changes)
    return result


# Items -------------------------------------------------------------------------------------

def item_claim(*, item: Item, now: datetime.datetime | None = None) -> bool:
    """Take the item for this worker: True for exactly one of any number of workers asking.

    One UPDATE … WHERE state='new' (or the lease ran out): the database lets only one of them
    match, so two workers never fetch and ingest the same page.
    """
    now = now or timezone.now()
    won = (Item.objects.filter(pk=item.pk)
           .filter(Q(state=Item.State.NEW) | Q(state=Item.State.CLAIMED,
                                               claimed__lt=now - ITEM_LEASE))
           .update(state=Item.State.CLAIMED, claimed=now, attempts=F("attempts") + 1))
    if won:
        item.refresh_from_db(fields=["state", "claimed", "attempts"])
    return won == 1


@dataclass
class IngestOutcome:
    item: Item
    retry: bool = False  # the page failed for a passing reason and waits for another try
    mentions: int = 0


def _finish(item: Item, state: str, *, error: str = "", article: Article | None = None,
            retry: bool = False) -> IngestOutcome:
    """Record the outcome, if this worker still holds the item (its lease may have run out and
    another worker taken it; that one's outcome then stands)."""
    values = dict(state=state, error=error, article=article,
                  done=None if retry else timezone.now())
    if retry:
        values["claimed"] = None
    item.state, item.error, item.article = state, error, article
    item.done = values["done"]
    item.full_clean(exclude=["source", "article", "url"], validate_unique=False,
                    validate_constraints=False)
    kept = Item.objects.filter(pk=item.pk, state=Item.State.CLAIMED,
                               claimed=item.claimed).update(**values)
    if not kept:
        log.warning("Item %s was taken over by another worker; its outcome stands", item.pk)
    if retry:
        item.claimed = None
    return IngestOutcome(item=item, retry=retry)


def item_ingest(*, item: Item, fetch: Fetcher | None = None) -> IngestOutcome:
    """Fetch a claimed item's page, take its article text out and ingest it.

    Ends in `ingested`, `duplicate` (the same text is already in the record, perhaps from
    another outlet's page), `refused` (no article text, or ingestion refused it: the reason is
    in `error`) or `failed` (the page could not be fetched); a timeout or a 5xx puts it back to
    `new` for another try, up to ITEM_ATTEMPTS tries.
    """
    fetch = fetch or fetcher()
    source = item.source
    try:
        answer = fetch.get(item.url, what="page", accept=PAGE_ACCEPT)
        page = extract(answer.body, answer.url)
    except FetchError as error:
        if error.retry and item.attempts < ITEM_ATTEMPTS:
            return _finish(item, Item.State.NEW, error=str(error), retry=True)
        reason = str(error)
        if error.retry:
            reason = GAVE_UP.format(reason=reason.rstrip("."), attempts=item.attempts)
        return _finish(item, Item.State.FAILED, error=reason)
    except PageError as error:
        return _finish(item, Item.State.REFUSED, error=str(error))
    published = page.date
    if published is None and item.published is not None:
        published = timezone.localtime(item.published).date()
    try:
        found = article_ingest(
            body=page.text, title=(page.title or item.title)[:300], url=item.url,
            outlet=source.outlet.name, language=source.language, published_on=published,
            source=f"feed:{source.slug}")
    except IngestError as error:
        return _finish(item, Item.State.REFUSED, error=str(error))
    except Exception as error:  # noqa: BLE001 — recorded on the item; the next item goes on
        log.exception("Ingesting item %s (%s) failed", item.pk, item.url)
        return _finish(item, Item.State.FAILED,
                       error=INGEST_UNEXPECTED.format(kind=type(error).__name__))
    state = Item.State.DUPLICATE if found.duplicate else Item.State.INGESTED
    outcome = _finish(item, state, article=found.article)
    outcome.mentions = len(found.mentions)
    return outcome

