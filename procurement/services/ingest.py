"""Ingestion: one article in, its mentions, suggested claims and story link out.

`article_read` checks and prepares input without touching the database, so forms can show its
refusals; `article_store` writes one article and everything derived from it in one transaction.
The admin and the API store one article at a time; the `ingest` command stores many
at once through `batches.articles_ingest`, which runs `article_store` for each article inside
its batch's transaction.
"""

import datetime
import functools
import json
import re
from contextvars import ContextVar
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from ..matching import current_automaton
from ..models import (Article, Entity, Language, Mention, Outlet, Programme, Review, StatusClaim,
                      Story, StoryBand)
from ..models.articles import article_dated_on
from ..text import (NEAR_DUPLICATE_THRESHOLD, Folded, bands, detect_language, find_dateline,
                    fingerprint, fold, parse_iso_date, similarity, storage_form, suggest_claims)
from ..text.layout import layout
from ..text.slug import shorten, slug_of
from .candidates import candidates_collect
from .descriptions import described_mentions
from .meetings import meeting_report_suggest

BODY_MISSING = "The article has no body: give its text in 'body'."
BODY_EMPTY = "The article body is empty (only white space)."
BODY_NOT_TEXT = "The body is not text: it contains NUL or other control bytes (a binary file?)."
BODY_NOT_UTF8 = "The text is not valid UTF-8 (first bad byte at offset {offset}); save it as UTF-8."
BODY_TOO_LARGE = "The article is {size:,} bytes; the limit is {limit:,} (INGEST_MAX_BYTES)."
LANGUAGE_UNKNOWN = "Language '{value}' is not one of: hi, en, ru, zh."
URL_INVALID = "'{value}' is not a valid URL."
URL_TAKEN = "Another article (id {pk}) already has this URL with different text."
FIELD_NOT_TEXT = "Field '{name}' must be text."
DATE_NOT_TEXT = "Field 'published_on' must be a date written as text, YYYY-MM-DD (not {kind})."
TOO_LONG = "The {label} is {length:,} characters long; at most {limit:,} are allowed."
NOT_UNICODE = ("The {label} contains an unpaired surrogate ({code}), which is not a character; "
               "the sender's encoding is broken.")
FIELD_CONTROL = "The {label} contains control characters (NUL or similar), which text never has."
OUTLET_BUSY = "Could not create outlet '{name}': other writers kept taking its name or address."

# Control characters other than tab, newline and carriage return do not occur in news copy.
# Unpaired surrogates ("\\ud800" in JSON) are not characters: no database driver can encode
# them, so they are looked for in the same pass and refused with their own reason.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def max_length(model, name: str) -> int:
    """The column's limit, as the model declares it: the one number PostgreSQL enforces."""
    return model._meta.get_field(name).max_length


class IngestError(ValueError):
    """Input that cannot become an article; the message is written for the person who sent it."""


@dataclass
class Draft:
    title: str
    body: str
    url: str
    outlet: str
    language: str
    published_on: datetime.date | None
    dateline: str
    hash: str
    signature: list
    source: str
    folded: Folded | None = field(default=None, repr=False)  # fold(body), shared by every step
    furniture_from: int | None = None  # where the page furniture tail starts; see text.layout
    # (automaton, alias matches, claim cues, described mentions) once `draft_match` ran: a
    # batch reads its articles so before it opens its transaction, which on SQLite locks out
    # other writers.
    matched: tuple | None = field(default=None, repr=False, compare=False)


@dataclass(frozen=True)
class Found:
    """A mention as stored by ingestion, described without another query."""

    entity_id: int
    slug: str
    kind: str
    alias_id: int
    start: int
    end: int
    text: str
    ambiguous: bool = False  # one of several entities the name may mean; an editor decides


@dataclass
class IngestResult:
    article: Article
    duplicate: bool
    mentions: list[Found] = field(default_factory=list)
    claims: list = field(default_factory=list)


def decode_text(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise IngestError(BODY_NOT_UTF8.format(offset=error.start)) from None


def _unreadable(label: str, text: str) -> IngestError | None:
    """Why `text` cannot be stored as text, if it cannot: one regex pass in the usual case."""
    bad = _CONTROL.search(text)
    if bad is None:
        return None
    if _SURROGATE.match(bad.group()):
        return IngestError(NOT_UNICODE.format(label=label, code=f"\\u{ord(bad.group()):04x}"))
    return IngestError(BODY_NOT_TEXT if label == "body" else FIELD_CONTROL.format(label=label))


def _text(name: str, value, label: str = "") -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise IngestError(FIELD_NOT_TEXT.format(name=name))
    error = _unreadable(label or name, value)
    if error:
        raise error
    return value.strip()


def _within(model, name: str, label: str, text: str) -> str:
    """`text`, refused when longer than its column: PostgreSQL would fail the whole
    transaction on it ("value too long") and SQLite would store it regardless."""
    limit = max_length(model, name)
    if len(text) > limit:
        raise IngestError(TOO_LONG.format(label=label, length=len(text), limit=limit))
    return text


def _published_on(value, dateline) -> datetime.date | None:
    if isinstance(value, datetime.date):  # from a form or a serializer, already checked
        return value
    if value is None or isinstance(value, str) and not value.strip():
        return dateline.date if dateline else None
    if not isinstance(value, str):
        # A number such as 20250101 is not guessed at: refused, as the API refuses it.
        kind = {bool: "true or false", int: "a number", float: "a number",
                list: "a list", dict: "an object"}.get(type(value), type(value).__name__)
        raise IngestError(DATE_NOT_TEXT.format(kind=kind))
    try:
        return parse_iso_date(value.strip())
    except ValueError as error:
        raise IngestError(str(error)) from None


def article_read(*, body, title="", url="", outlet="", language="", published_on=None,
                 source="") -> Draft:
    """Check and prepare one article. Raises IngestError with a reason a person understands.

    What the sender gave (title, URL, outlet) is refused when longer than its column; what is
    derived (a title from the first line, the dateline, the source label) is shortened.
    """
    if body is None:
        raise IngestError(BODY_MISSING)
    if isinstance(body, bytes):
        body = decode_text(body)
    if not isinstance(body, str):
        raise IngestError(FIELD_NOT_TEXT.format(name="body"))
    size = len(body.encode("utf-8", "surrogatepass"))
    if size > settings.INGEST_MAX_BYTES:
        raise IngestError(BODY_TOO_LARGE.format(size=size, limit=settings.INGEST_MAX_BYTES))
    error = _unreadable("body", body)
    if error:
        raise error
    body = storage_form(body)
    if not body.strip():
        raise IngestError(BODY_EMPTY)

    title = storage_form(_text("title", title))
    page = layout(body)
    if title:
        title = _within(Article, "title", "title", title)
    else:
        # The first line that reads like a headline: not "Share This Article", not a bare date.
        title = page.title[:max_length(Article, "title")]
    # Checked before URLValidator, which lets anything up to 2,048 characters through.
    url = _within(Article, "url", "URL", _text("url", url, "URL"))
    if url:
        try:
            URLValidator()(url)
        except ValidationError:
            raise IngestError(URL_INVALID.format(value=url[:200])) from None
    outlet = _within(Outlet, "name", "outlet name",
                     storage_form(_text("outlet", outlet, "outlet name")))
    language = _text("language", language).lower() or detect_language(body)
    if language not in Language.values:
        raise IngestError(LANGUAGE_UNKNOWN.format(value=language[:20]))

    dateline = find_dateline(body)
    published_on = _published_on(published_on, dateline)

    folded = fold(body)
    digest, signature = fingerprint(body, folded)
    return Draft(title=title, body=body, url=url, outlet=outlet, language=language,
                 published_on=published_on,
                 dateline=dateline.text[:max_length(Article, "dateline")] if dateline else "",
                 hash=digest, signature=list(signature),
                 source=_text("source", source)[:max_length(Article, "source")], folded=folded,
                 furniture_from=page.furniture_from)


def _outlet_named(name: str) -> Outlet | None:
    return Outlet.objects.filter(name=name).first()


def outlet_get_or_create(*, name: str) -> Outlet:
    """The outlet called `name`, created if new; safe against other writers doing the same.

    Two ingest runs (or an API call and a run) can both miss the outlet and both insert it.
    The insert runs in a savepoint, so the loser's IntegrityError undoes only the insert — not
    the article around it — and the row the winner wrote is read instead. If the winner took
    the slug for another name, the next free slug is tried.
    """
    limit = max_length(Outlet, "slug")
    base = slug_of(name, max_length=limit) or "outlet"
    for _attempt in range(5):
        outlet = _outlet_named(name)
        if outlet is not None:
            return outlet
        slug, n = base, 1
        while Outlet.objects.filter(slug=slug).exists():
            n += 1
            slug = f"{shorten(base, limit - len(str(n)) - 1)}-{n}"
        try:
            with transaction.atomic():
                return Outlet.objects.create(name=name, slug=slug)
        except IntegrityError:
            continue
    raise IngestError(OUTLET_BUSY.format(name=name))


# Three MinHash rows per band (21 bands of 64 bins): a pair at the near-duplicate threshold
# (0.5) shares a band with probability 0.94, a reprint (0.8+) with certainty, while unrelated
# articles on the same subject (0.1–0.2) almost never do, so the candidate list stays short as
# the archive grows. Two rows per band made ~1% of all earlier articles candidates.
BAND_ROWS = 3


def _insert_sql(model, fields: list, rows: int) -> str:
    """INSERT INTO <table> (<columns of fields>) VALUES (%s, …), … for `rows` rows."""
    quote = connection.ops.quote_name
    row_marks = "(" + ", ".join(["%s"] * len(fields)) + ")"
    return (f"INSERT INTO {quote(model._meta.db_table)} "
            f"({', '.join(quote(f.column) for f in fields)}) "
            f"VALUES {', '.join([row_marks] * rows)}")


def _insert_rows(model, fields: list[str], rows: list[tuple]) -> None:
    """INSERT machine-made rows, a few hundred per statement.

    The ingest path writes ~30 band and mention rows per article; bulk_create spends more time
    building model instances and SQL for them than the database spends storing them (measured:
    2 ms of an 8 ms article on SQLite). No signals fire: these rows have no history by design.
    """
    fields = [model._meta.get_field(name) for name in fields]
    if connection.vendor == "postgresql":
        return _copy_rows(model, fields, rows)
    with connection.cursor() as cursor:
        for at in range(0, len(rows), _ROWS_PER_INSERT):
            batch = rows[at:at + _ROWS_PER_INSERT]
            cursor.execute(_insert_sql(model, fields, len(batch)),
                           [value for row in batch for value in row])


def _copy_rows(model, fields: list, rows) -> None:
    """PostgreSQL: the rows in by COPY, the way it loads many rows fastest.

    A multi-row INSERT of a batch's ~4,000 band rows has ~8,000 placeholders, which the driver
    parses on every call (too long for its cache): 1.2 ms of each article's 7.5 ms (measured).
    COPY fires the same triggers, and errors are raised as Django's, like the INSERT's.
    """
    if not rows:
        return
    quote = connection.ops.quote_name
    sql = (f"COPY {quote(model._meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) "
           "FROM STDIN")
    with connection.cursor() as cursor, connection.wrap_database_errors:
        with cursor.cursor.copy(sql) as copy:
            for row in rows:
                copy.write_row(row)


_ROWS_PER_INSERT = 500  # 3,500 parameters: well inside SQLite's and PostgreSQL's limits


def _prepared(fields: list, values) -> list:
    # Text, ints and NULL go to the driver as they are; dates, times and JSON need the field.
    return [v if v is None or type(v) in _PLAIN else f.get_db_prep_save(v, connection)
            for f, v in zip(fields, values)]


def _insert_record(model, values: dict) -> int:
    """INSERT one row given as {attname: value}, each value prepared by its field; its id.

    For the article row and its history row: Model.save() with django-simple-history's
    post_save handler cost 0.75 ms of a 2 ms budget per article, mostly building a second model
    instance field by field. No signals fire; nothing in the project listens to these.
    """
    fields = [model._meta.get_field(name) for name in values]  # by name or attname
    params = _prepared(fields, values.values())
    sql = _insert_sql(model, fields, 1)
    returning = connection.features.can_return_columns_from_insert
    if returning:
        sql += f" RETURNING {connection.ops.quote_name(model._meta.pk.column)}"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0] if returning else cursor.lastrowid


def insert_records(model, rows: list[dict]) -> None:
    """INSERT rows given as {attname: value}, all with the same names, as few statements as the
    parameter limit allows; for the history rows a batch of articles writes at its end."""
    if not rows:
        return
    fields = [model._meta.get_field(name) for name in rows[0]]
    if connection.vendor == "postgresql":
        return _copy_rows(model, fields, [_prepared(fields, row.values()) for row in rows])
    per_statement = max(1, _ROWS_PER_INSERT * 7 // len(fields))
    with connection.cursor() as cursor:
        for at in range(0, len(rows), per_statement):
            batch = rows[at:at + per_statement]
            cursor.execute(_insert_sql(model, fields, len(batch)),
                           [p for row in batch for p in _prepared(fields, row.values())])


_PLAIN = (str, int)


@functools.cache
def _article_history():
    # Article.history builds a new manager class on every access (0.4 ms); the model is fixed.
    return Article.history.model


def _article_insert(values: dict, history_rows: list | None = None) -> Article:
    """The article row and its "created" history row, as Article.objects.create() would write.

    `history_rows`: where a batch collects history rows to write them together at its end."""
    values["created"] = timezone.now()
    # No save() runs here, so the derived sort date is set as Article.save() would set it.
    values["dated_on"] = article_dated_on(values.get("published_on"), values["created"])
    article = Article(**values)
    article.pk = _insert_record(Article, {f.attname: getattr(article, f.attname)
                                          for f in Article._meta.concrete_fields
                                          if not f.primary_key})
    article._state.adding, article._state.db = False, connection.alias
    if getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
        history = _article_history()
        row = {f.attname: getattr(article, f.attname) for f in history.tracked_fields}
        row.update(history_date=values["created"], history_type="+", history_change_reason="",
                   history_user=history.get_default_history_user(article))
        # history_user is a model instance (or None); its column takes the id.
        row["history_user"] = getattr(row["history_user"], "pk", None)
        if history_rows is None:
            _insert_record(history, row)
        else:
            history_rows.append(row)
    return article


def _article_with_hash(digest: str) -> int | None:
    # Plain SQL, no body loaded: asked once per article and almost always answered "none".
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id FROM {quote(Article._meta.db_table)} "
                       f"WHERE {quote('hash')} = %s", [digest])
        row = cursor.fetchone()
    return row[0] if row else None


def near_duplicates(keys: list[str], with_key: bool = False) -> list[tuple]:
    """(id, signature, story_id, title) of the articles sharing a band key with `keys`; with
    `with_key`, one row per shared key, the key first (a batch reads its articles' all at once).
    """
    # Plain SQL for the same reason as _insert_rows: the ORM query cost 0.6 ms of each article.
    quote = connection.ops.quote_name
    article, band = quote(Article._meta.db_table), quote(StoryBand._meta.db_table)
    # PostgreSQL takes the keys as one array: a batch's 3,000 placeholders cost the driver more
    # to parse than the database to answer.
    if connection.vendor == "postgresql":
        among, params = "= ANY(%s)", [list(keys)]
    else:
        among, params = f"IN ({', '.join(['%s'] * len(keys))})", keys
    with connection.cursor() as cursor:
        if with_key:
            cursor.execute(
                f"SELECT b.{quote('key')}, a.id, a.signature, a.story_id, a.title "
                f"FROM {band} b JOIN {article} a ON a.id = b.article_id "
                f"WHERE b.{quote('key')} {among}", params)
        else:
            cursor.execute(
                f"SELECT id, signature, story_id, title FROM {article} "
                f"WHERE id IN (SELECT article_id FROM {band} WHERE {quote('key')} {among})",
                params)
        return cursor.fetchall()


def _story_of(signature: list, keys: list[str], title: str, batch=None) -> int | None:
    """The story of the nearest earlier near-duplicate, created if that article had none.

    In a batch the earlier articles, stored before it or earlier in it, come from its look-up.
    """
    if not keys:
        return None
    candidates = near_duplicates(keys) if batch is None else batch.near_duplicates(keys)
    best, best_score = None, NEAR_DUPLICATE_THRESHOLD
    for pk, other, story_id, other_title in candidates:
        other = json.loads(other) if isinstance(other, str) else other
        score = similarity(signature, other)
        if score >= best_score:
            best, best_score = (pk, story_id, other_title), score
    if best is None:
        return None
    pk, story_id, other_title = best
    if story_id is None:
        story_id = Story.objects.create(title=other_title[:max_length(Story, "title")]).pk
        # A machine link, not an editor's edit: no history row for it. Only while the article
        # has no story: another writer may have given it one since the read above, and
        # overwriting that would split the reprints between two stories.
        if not Article.objects.filter(pk=pk, story__isnull=True).update(story_id=story_id):
            Story.objects.filter(pk=story_id).delete()
            story_id = Article.objects.filter(pk=pk).values_list("story_id", flat=True).first()
        if batch is not None:
            batch.story_given(pk, story_id)
    return story_id


_CLAIM_STATUS = {  # the engine's cue vocabulary → claim status an editor starts from
    "proposed": StatusClaim.Status.PROPOSED, "negotiating": StatusClaim.Status.NEGOTIATING,
    "discussed": StatusClaim.Status.NEGOTIATING, "contracted": StatusClaim.Status.CONTRACTED,
    "in_delivery": StatusClaim.Status.IN_DELIVERY, "delivered": StatusClaim.Status.DELIVERED,
    "stalled": StatusClaim.Status.STALLED, "cancelled": StatusClaim.Status.CANCELLED,
    "upgrade": StatusClaim.Status.PROPOSED,
}


def _claim_cues(body: str, found: list, folded) -> tuple[dict, list]:
    """The platforms `found` (match key → entity id) and the claim cues read around them."""
    platforms = {m.key: f.entity_id for m, f in found
                 if f.kind == Entity.Kind.PLATFORM and not f.ambiguous}
    if not platforms:
        return {}, []
    # Every match goes in, not only platforms: a designation inside another entity's name
    # ("G20") is then not taken for a platform we do not track. Where a shared name was read
    # as something else here, or left undecided, that match is not the platform's.
    named = [m for m, f in found
             if m.key not in platforms or f.kind == Entity.Kind.PLATFORM and not f.ambiguous]
    return platforms, suggest_claims(body, named, set(platforms), folded)


def draft_match(draft: Draft, automaton) -> tuple[list, tuple, list]:
    """(match, Found) for every alias match in the report part of the body, the claim cues
    around its platforms (`_claim_cues`) and the meetings and agreements it describes;
    worked out once per draft and automaton, and kept on the draft. Writes nothing (it reads
    the meetings and agreements a description may be of)."""
    if draft.matched is None or draft.matched[0] is not automaton:
        if draft.folded is not None:
            automaton.scan(draft.body, draft.folded)  # the matchers below read what it found
        pairs = [(m, Found(entity_id=t.entity_id, slug=t.slug, kind=t.kind,
                           alias_id=t.alias_id, start=m.start, end=m.end,
                           text=m.text[:_MENTION_TEXT], ambiguous=t.ambiguous))
                 for m, t in automaton.find(draft.body, draft.folded)
                 if in_report(m.end, draft.furniture_from)]
        # "the SCO meeting in Qingdao", "the 2018 deal": described, not named. The draft has
        # what is read of the article (body, furniture_from, published_on).
        described = described_mentions(article=draft, mentions=[f for _, f in pairs],
                                       folded=draft.folded)
        draft.matched = (automaton, pairs, _claim_cues(draft.body, pairs, draft.folded),
                         described)
    return draft.matched[1:]


def _suggested_claims(article: Article, cues: tuple[dict, list], programmes: dict
                      ) -> list[StatusClaim]:
    """Suggested claims from the `cues` (`_claim_cues`), filed under `programmes` (platform
    id → …).

    At most one per (programme, status) in an article: an editor confirms a status once per
    source, so a second sentence saying the same, or a second alias of the platform in the same
    sentence, adds only noise. The one kept has its cue nearest the platform, then the shortest
    quote, then the earliest.
    """
    platforms, suggestions = cues
    if not suggestions:
        return []
    kept: dict[tuple[int, str], tuple[tuple[int, int, int], StatusClaim]] = {}
    for s in suggestions:
        options = programmes.get(platforms[s.key], [])
        if s.status == "upgrade":
            # An upgrade cue speaks of the upgrade line alone; a platform without one has
            # nothing to file it under (a purchase is not "proposed" because of an upgrade).
            options = [o for o in options if o[1] == Programme.Kind.UPGRADE]
        else:
            options = sorted(options, key=lambda o: o[1] == Programme.Kind.UPGRADE)
        if not options:
            continue
        status = _CLAIM_STATUS.get(s.status, StatusClaim.Status.NEGOTIATING)
        rank = (s.distance, s.end - s.start, s.start)
        key = (options[0][0], status)
        if key in kept and kept[key][0] <= rank:
            continue
        kept[key] = rank, StatusClaim(
            programme_id=options[0][0], status=status, reported_on=article.published_on,
            article=article, quote=article.body[s.start:s.end], quote_start=s.start,
            quote_end=s.end, attribution=StatusClaim.Attribution.PRESS,
            confidence=StatusClaim.Confidence.LOW)
    claims = sorted((claim for _, claim in kept.values()), key=lambda c: c.quote_start)
    return StatusClaim.objects.bulk_create(claims) if claims else []


_MENTION_TEXT = max_length(Mention, "text")  # read once: looked at for every mention


def in_report(end: int, furniture_from: int | None) -> bool:
    """A match ending at `end` lies in the report, not in the page furniture after it.

    Names in "Related Posts" are other stories' headlines: mentioning them would tie this
    article to entities it does not discuss, and claims would be suggested from them.
    """
    return furniture_from is None or end <= furniture_from


# The batch (see `batches`) whose look-ups and deferred rows article_store uses, if any: set
# by `articles_ingest` around each batch, so the function that stores one article stays the
# one every caller (and the `ingest` command's per-record hook) calls.
_BATCH: ContextVar = ContextVar("ingest_batch", default=None)


def article_store(*, draft: Draft, automaton=None) -> IngestResult:
    """Write one prepared article with its mentions, suggested claims and story, atomically.

    `automaton`: pass one from `current_automaton()` when storing many articles in a row, to
    check the alias table's version once instead of once per article.

    Inside `articles_ingest` it runs in the savepoint the batch opened for the article: the
    duplicate, URL and outlet checks are answered from the batch's look-ups, and the mention
    and history rows are written with the batch's at its end.
    """
    batch = _BATCH.get()
    if batch is None:
        existing = _article_with_hash(draft.hash)
        if existing is not None:
            return IngestResult(article=Article.objects.get(pk=existing), duplicate=True)
        taken = draft.url and (Article.objects.filter(url=draft.url)
                               .values_list("pk", flat=True).first())
    else:
        existing = batch.stored_with_hash(draft.hash)
        if existing is not None:
            return IngestResult(article=existing, duplicate=True)
        taken = draft.url and batch.url_owner(draft.url)
    if taken:
        raise IngestError(URL_TAKEN.format(pk=taken))
    automaton = automaton or current_automaton()
    try:
        # In a batch the savepoint is the batch's, one per article: no second one here.
        with transaction.atomic(savepoint=batch is None):
            keys = batch.band_keys(draft) if batch else bands(draft.signature, rows=BAND_ROWS)
            outlet = None
            if draft.outlet:
                outlet = ((batch and batch.outlet_named(draft.outlet))
                          or outlet_get_or_create(name=draft.outlet))
            article = _article_insert(dict(
                title=draft.title, body=draft.body, url=draft.url, outlet=outlet,
                language=draft.language, published_on=draft.published_on,
                dateline=draft.dateline, hash=draft.hash, signature=draft.signature,
                story_id=_story_of(draft.signature, keys, draft.title, batch),
                source=draft.source,
                furniture_from=draft.furniture_from),
                history_rows=batch.history_rows if batch else None)
            if batch is None:  # a batch writes its articles' bands at its end
                _insert_rows(StoryBand, ["article", "key"], [(article.pk, k) for k in keys])
            pairs, cues, described = draft_match(draft, automaton)
            rows = [(article.pk, f.entity_id, f.alias_id, f.start, f.end, f.text,
                     Review.MACHINE, f.ambiguous) for _, f in pairs]
            if batch is None:
                _insert_rows(Mention, MENTION_COLUMNS, rows)
            else:
                batch.mention_rows.extend(rows)
            claims = _suggested_claims(article, cues, automaton.programmes)
            if described:
                # Stored as `described_mention_store` stores them: machine rows, like the
                # alias matches, with no history until an editor reviews them.
                Mention.objects.bulk_create(
                    [Mention(article=article, entity_id=d.entity_id, alias=None, start=d.start,
                             end=d.end, text=d.text, review=Review.MACHINE) for d in described],
                    ignore_conflicts=True)
            meeting_report_suggest(article=article, mentions=[f for _, f in pairs] + described,
                                   folded=draft.folded, nearby=batch and batch.meetings_near)
            # Names no alias matched, for the editors' queue of new entities.
            candidates_collect(article=article, matched_spans=[(m.start, m.end) for m, _ in pairs],
                               folded=draft.folded)
    except IntegrityError as error:
        if batch is not None:
            raise  # the batch rolls back the article's savepoint first, then asks
        return stored_meanwhile(draft, error)
    return IngestResult(article=article, duplicate=False,
                        mentions=[f for _, f in pairs] + described, claims=claims)


MENTION_COLUMNS = ["article", "entity", "alias", "start", "end", "text", "review", "ambiguous"]


def stored_meanwhile(draft: Draft, error: IntegrityError) -> IngestResult:
    """After the unique hash or URL index refused `draft`: another worker stored the same text
    a moment ago, reported as the duplicate it is; or other text under the same URL, refused
    as if that had been there first. Anything else is raised again."""
    existing = Article.objects.filter(hash=draft.hash).first()
    if existing is not None:
        return IngestResult(article=existing, duplicate=True)
    taken = draft.url and (Article.objects.filter(url=draft.url)
                           .values_list("pk", flat=True).first())
    if taken:
        raise IngestError(URL_TAKEN.format(pk=taken)) from None
    raise error


def article_ingest(*, automaton=None, **fields) -> IngestResult:
    """Read, check and store one article. Raises IngestError for bad input; writes nothing then."""
    return article_store(draft=article_read(**fields), automaton=automaton)


@dataclass
class ReextractResult:
    added: int = 0
    removed: int = 0


def article_reextract(*, article: Article, automaton, entity_id: int | None = None) -> ReextractResult:
    """Match the article again after aliases changed.

    Editors' decisions survive: confirmed and rejected mentions are never touched (a rejected one
    stays, hidden, so matching again cannot bring it back). Machine-found mentions that the new
    aliases no longer find are removed; new finds are added as machine-found.

    A shared name read again may be decided where it was not, or the reverse: machine-found
    mentions take the new `ambiguous` flag. Where an editor confirmed one entity for a span,
    no other entity is added at that span: the editor has said what the text means there.
    """
    matched = [(m, t) for m, t in automaton.find(article.body)
               if in_report(m.end, article.furniture_from)]
    found = [(m, t) for m, t in matched if entity_id is None or t.entity_id == entity_id]
    existing = article.mentions.all()
    if entity_id is not None:
        existing = existing.filter(entity_id=entity_id)
    by_span = {(m.entity_id, m.start, m.end): m for m in existing}
    wanted = {(t.entity_id, m.start, m.end): (m, t) for m, t in found}
    described = _described_again(article, matched, by_span, entity_id)
    stale = [m.pk for key, m in by_span.items()
             if key not in wanted and key not in described and m.review == Review.MACHINE]
    reflag = {flag: [m.pk for key, m in by_span.items()
                     if key in wanted and m.review == Review.MACHINE
                     and m.ambiguous != flag and wanted[key][1].ambiguous == flag]
              for flag in (True, False)}
    new = [(key, m, t) for key, (m, t) in wanted.items() if key not in by_span]
    if new:
        decided = _confirmed_spans(article, by_span, entity_id)
        new = [Mention(article=article, entity_id=t.entity_id, alias_id=t.alias_id,
                       start=m.start, end=m.end, text=m.text[:_MENTION_TEXT],
                       ambiguous=t.ambiguous)
               for key, m, t in new if decided.get((m.start, m.end), key[0]) == key[0]]
    new += [Mention(article=article, entity_id=d.entity_id, start=d.start, end=d.end,
                    text=d.text) for key, d in described.items() if key not in by_span]
    with transaction.atomic():
        if stale:
            Mention.objects.filter(pk__in=stale).delete()
        for flag, pks in reflag.items():
            if pks:  # machine rows: no history, as ingestion writes none for them
                Mention.objects.filter(pk__in=pks).update(ambiguous=flag)
        Mention.objects.bulk_create(new)
    return ReextractResult(added=len(new), removed=len(stale))


def _described_again(article: Article, matched: list, by_span: dict, entity_id: int | None
                     ) -> dict:
    """{(entity id, start, end): described mention} as the names matched now read; none that
    overlaps a mention an editor rejected, so a rejected description stays rejected even where
    the phrase is now read a little wider or narrower."""
    kinds = {t.kind for _, t in matched if t.entity_id == entity_id}
    if entity_id is not None and kinds and not kinds & {Entity.Kind.MEETING,
                                                        Entity.Kind.AGREEMENT}:
        return {}  # only one entity's mentions are redone, and it is never described
    rejected = [key for key, m in by_span.items() if m.review == Review.REJECTED]
    names = [Found(entity_id=t.entity_id, slug=t.slug, kind=t.kind, alias_id=t.alias_id,
                   start=m.start, end=m.end, text=m.text, ambiguous=t.ambiguous)
             for m, t in matched]
    return {(d.entity_id, d.start, d.end): d
            for d in described_mentions(article=article, mentions=names, avoid=rejected)
            if entity_id is None or d.entity_id == entity_id}


def _confirmed_spans(article: Article, by_span: dict, entity_id: int | None) -> dict:
    """{(start, end): entity id} of the article's spans an editor confirmed an entity for.

    `by_span` already holds every mention when `entity_id` is None; otherwise the other
    entities' confirmations are read (one query)."""
    spans = {(start, end): entity for (entity, start, end), m in by_span.items()
             if m.review == Review.CONFIRMED}
    if entity_id is not None:
        spans.update(((start, end), entity) for entity, start, end in article.mentions
                     .filter(review=Review.CONFIRMED).exclude(entity_id=entity_id)
                     .values_list("entity_id", "start", "end"))
    return spans
