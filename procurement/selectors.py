"""Reads. Each selector returns what its caller renders, with related rows already loaded.

Page views call these and nothing else touches the ORM, so each page's query count is fixed by
the selectors it calls (the view tests pin those counts with 1 row and with 100).
"""

import datetime
import unicodedata

from django.db import connection
from django.db.models import (BooleanField, Case, Count, Exists, F, OuterRef, Prefetch, Q,
                              QuerySet, Subquery, Sum, Value, When, Window)
from django.db.models.expressions import RawSQL
from django.db.models.functions import RowNumber

from .models import (Agreement, Alias, Article, Country, DailyMentions, DailyMentionTotal,
                     Entity, Forum, Meeting, Mention,
                     Organisation, Outcome, Outlet, Person, Place, Platform, Programme,
                     Review, StatusClaim)
from .models.articles import naming
from .text import fold_alias

# Aliases read best grouped by script (Latin, Devanagari, Cyrillic…), then alphabetically.
ALIASES = Prefetch("aliases", queryset=Alias.objects.order_by("script", "language", "text"))


def mention_totals(rows, *, of: str) -> list:
    """Set `mention_total` (visible mentions) on each of `rows`, articles (`of="article"`) or
    entities (`of="entity"`), with one query over those rows' mentions alone; returns the rows
    as a list.

    Lists count for the rows they show, after paging: a count annotated on the whole list
    groups every mention in the database before the first row can be returned.
    """
    rows = list(rows)
    if not rows:
        return rows
    ids = [r.pk for r in rows]
    if of == "entity":  # the daily tallies: a row per day named, not one per mention
        totals = dict(DailyMentions.objects.filter(entity_id__in=ids)
                      .values_list("entity_id").annotate(n=Sum("mentions")).order_by())
    else:
        totals = dict(Mention.objects.visible().filter(article_id__in=ids)
                      .values_list("article_id").annotate(n=Count("pk")).order_by())
    for row in rows:
        row.mention_total = totals.get(row.pk, 0)
    return rows


def in_chunks_with_totals(queryset: QuerySet, *, of: str, size: int = 500):
    """Every row of `queryset`, read `size` at a time (prefetches included), each chunk with
    its `mention_total`: for exports that stream from the first row."""
    chunk = []
    for row in queryset.iterator(chunk_size=size):
        chunk.append(row)
        if len(chunk) == size:
            yield from mention_totals(chunk, of=of)
            chunk = []
    yield from mention_totals(chunk, of=of)


# Programmes and claims ------------------------------------------------------------------------

def programme_list(*, within: QuerySet | None = None) -> QuerySet[Programme]:
    """Programmes (all, or those of `within`, e.g. a FilterSet's result) with their confirmed
    claims loaded (not their articles: lists show the status, not the evidence), so `.status`
    runs no query."""
    base = Programme.objects.all() if within is None else within
    return base.with_evidence(sources=False).order_by("platform__name", "buyer__name")


PENDING_SHOWN = 10  # claims awaiting review listed on a programme's page; the rest linked


def claims_pending(*, programmes, limit: int = PENDING_SHOWN) -> dict[int, tuple[list, int]]:
    """{programme id: (its newest `limit` claims awaiting review, how many await)} for the
    programmes given that have any. Two queries, reading only those programmes' pending claims:
    a programme's page shows a preview of the queue, not the queue (a busy one holds
    thousands)."""
    ids = [p.pk for p in programmes]
    if not ids:
        return {}
    totals = dict(StatusClaim.objects.pending().filter(programme_id__in=ids)
                  .values_list("programme_id").annotate(n=Count("pk")).order_by())
    if not totals:
        return {}
    # The newest are ranked on the claims' own columns, and only they are joined to their
    # articles: ranking the joined rows read an article for every pending claim (10 ms for
    # 1,400 on PostgreSQL, growing with the queue).
    ranked = (StatusClaim.objects.pending().filter(programme_id__in=list(totals))
              .annotate(nth=Window(RowNumber(), partition_by=[F("programme_id")],
                                   order_by=[F("reported_on").desc(nulls_last=True),
                                             F("pk").desc()]))
              .filter(nth__lte=limit).values("pk"))
    newest = (StatusClaim.objects.filter(pk__in=ranked).select_related("article__outlet")
              .order_by("programme_id", F("reported_on").desc(nulls_last=True), "-pk"))
    shown: dict[int, list] = {pk: [] for pk in totals}
    for claim in newest:
        shown[claim.programme_id].append(claim)
    return {pk: (shown[pk], n) for pk, n in totals.items()}


def programme_detail(*, slug: str) -> Programme:
    """A programme with its evidence (`confirmed_claims`, in date order, without their
    articles: `views.programmes.with_sources` loads those of the dates drawn) and agreements;
    raises DoesNotExist. Its claims awaiting review: `claims_pending`."""
    agreements = Agreement.objects.select_related("at_meeting").order_by("signed_on", "name")
    return (Programme.objects.with_evidence(sources=False)
            .prefetch_related(Prefetch("agreements", queryset=agreements))
            .get(slug=slug))


def programme_for_platform(*, platform: Platform) -> QuerySet[Programme]:
    """The platform's programmes (its variants' too) with their evidence loaded (not its
    articles, as `programme_detail`)."""
    return (Programme.objects.with_evidence(sources=False)
            .filter(Q(platform=platform) | Q(platform__parent=platform))
            .order_by("buyer__name", "kind"))


def programme_for_country(*, country: Country) -> QuerySet[Programme]:
    return (Programme.objects.with_evidence(sources=False)
            .filter(Q(buyer=country) | Q(supplier=country))
            .order_by("platform__name"))


# Articles and mentions ------------------------------------------------------------------------

def article_latest(*, limit: int = 10) -> list[Article]:
    """The newest articles with outlet and `mention_total`: two queries, each reading `limit`
    articles' rows."""
    latest = (Article.objects.select_related("outlet").defer("body", "signature")
              .order_by("-dated_on", "-pk")[:limit])
    return mention_totals(latest, of="article")


def article_list() -> QuerySet[Article]:
    """Articles newest first with outlet and the entities they name (for the list's tags).

    The mentions prefetch runs once per page, on the page's articles only.
    """
    mentions = Mention.objects.visible().select_related("entity").order_by("start")
    return (Article.objects.select_related("outlet")
            .defer("body", "signature")
            .prefetch_related(Prefetch("mentions", queryset=mentions, to_attr="visible_mentions"))
            .order_by("-dated_on", "-pk"))


def article_export() -> QuerySet[Article]:
    """The article list's rows for CSV, newest first, without their bodies; stream them with
    `in_chunks_with_totals` for the mention counts."""
    return (Article.objects.select_related("outlet").order_by("-dated_on", "-pk")
            .only("pk", "published_on", "title", "outlet__name", "language", "url", "story_id",
                  "dateline"))


def article_detail(*, pk: int) -> Article:
    """An article with outlet, story and the claims and outcomes it is evidence for."""
    return (Article.objects.select_related("outlet", "story")
            .prefetch_related(
                Prefetch("claims", queryset=StatusClaim.objects.visible()
                         .select_related("programme__platform", "programme__buyer")),
                Prefetch("outcomes", queryset=Outcome.objects.select_related("meeting", "subject")))
            .get(pk=pk))


def article_siblings(*, article: Article) -> QuerySet[Article]:
    """Other articles of the same story: reprints and near-duplicates."""
    if article.story_id is None:
        return Article.objects.none()
    return (Article.objects.filter(story_id=article.story_id).exclude(pk=article.pk)
            .select_related("outlet").defer("body", "signature")
            .order_by("dated_on", "pk"))


def mention_in_article(*, article: Article) -> QuerySet[Mention]:
    return article.mentions.visible().select_related("entity").order_by("start", "-end")


def article_mentioning(*, entity: Entity) -> QuerySet[Article]:
    """Articles naming `entity`, newest first, each with its mentions of it (`entity_mentions`).

    A subquery rather than a join, so an article naming the entity ten times is listed once.
    The body is loaded: pages show the sentence around the mention.
    """
    visible = Mention.objects.visible().filter(entity=entity)
    return (Article.objects.filter(naming(entity.pk))
            .select_related("outlet").defer("signature")
            .prefetch_related(Prefetch("mentions", queryset=visible.order_by("start"),
                                       to_attr="entity_mentions"))
            .order_by("-dated_on", "-pk"))


def article_reporting(*, meeting: Meeting) -> QuerySet[Article]:
    """Articles linked to `meeting` as its reports, confirmed first, then newest first.

    Each carries `report_review`, `report_reason`, `report_start`/`report_end` (the first name
    the link rests on) and its mentions of the meeting (`entity_mentions`). Rejected links are
    left out. The link is a join, not a subquery: (article, meeting) is unique.
    """
    visible = Mention.objects.visible().filter(entity=meeting)
    return (Article.objects
            .filter(meeting_reports__meeting=meeting,
                    meeting_reports__review__in=[Review.MACHINE, Review.CONFIRMED])
            .annotate(report_review=F("meeting_reports__review"),
                      report_reason=F("meeting_reports__reason"),
                      report_start=F("meeting_reports__evidence_start"),
                      report_end=F("meeting_reports__evidence_end"),
                      unconfirmed=Case(When(meeting_reports__review=Review.CONFIRMED,
                                            then=Value(0)), default=Value(1)))
            .select_related("outlet").defer("signature")
            .prefetch_related(Prefetch("mentions", queryset=visible.order_by("start"),
                                       to_attr="entity_mentions"))
            .order_by("unconfirmed", "-dated_on", "-pk"))


def mention_counts_recent(*, weeks: int) -> list[tuple[datetime.date, int]]:
    """(article day, visible mentions) for the `weeks` weeks up to the latest day with any
    mention, oldest first: what the dashboard's chart draws. Two queries on the daily tallies
    (models.tallies), however many mentions there are."""
    days = DailyMentionTotal.objects.filter(mentions__gt=0)
    latest = days.order_by("-day").values_list("day", flat=True).first()
    if latest is None:
        return []
    return list(days.filter(day__gt=latest - datetime.timedelta(weeks=weeks))
                .order_by("day").values_list("day", "mentions"))


def mention_counts_by_day(*, entity: Entity | None = None) -> list[tuple[datetime.date, int]]:
    """(article day, visible mentions) for every day with any, oldest first. One query, on the
    daily tallies (models.tallies), which the database keeps as mentions change.

    The article day is its publication date, or the day it was received when it has none, so
    undated articles count in the week they came in rather than not at all. Days rather than
    weeks so SQLite and PostgreSQL agree on week starts; the chart buckets them.
    """
    if entity is None:
        days = DailyMentionTotal.objects.all()
    else:
        days = DailyMentions.objects.filter(entity=entity)
    return list(days.filter(mentions__gt=0).order_by("day").values_list("day", "mentions"))


def outlet_choices() -> QuerySet[Outlet]:
    return Outlet.objects.order_by("name").only("slug", "name")


def entity_choices() -> QuerySet[Entity]:
    """Entities that articles mention, for the article filter's suggestions."""
    return (Entity.objects.filter(Exists(Mention.objects.visible().filter(entity=OuterRef("pk"))))
            .order_by("name").only("slug", "name", "kind"))


# Entities ---------------------------------------------------------------------------------------

def _meetings_with_outcomes() -> Prefetch:
    """A person's, forum's or place's meetings, each with what it decided (the pages list them
    alike)."""
    return Prefetch("meetings", queryset=Meeting.objects
                    .prefetch_related(Prefetch("outcomes", queryset=_outcomes()))
                    .order_by("-starts_on", "name"))


def _outcomes() -> QuerySet[Outcome]:
    return (Outcome.objects.select_related("subject", "article__outlet")
            .defer("article__body", "article__signature")
            .order_by("subject__name", "result"))


# What each kind's page shows besides its own fields: loaded in the one query that finds it.
_DETAIL = {
    Entity.Kind.PLATFORM: lambda: Platform.objects.select_related("origin", "maker", "parent")
    .prefetch_related(ALIASES, Prefetch("variants", queryset=Platform.objects.order_by("name")),
                      Prefetch("agreements", queryset=Agreement.objects
                               .select_related("at_meeting").prefetch_related("parties")
                               .order_by("signed_on", "name"))),
    Entity.Kind.COUNTRY: lambda: Country.objects.prefetch_related(
        ALIASES, Prefetch("people", queryset=Person.objects.order_by("name")),
        Prefetch("organisations", queryset=Organisation.objects.order_by("name")),
        Prefetch("platforms", queryset=Platform.objects.order_by("name")),
        Prefetch("forums", queryset=Forum.objects.order_by("name")),
        Prefetch("agreements", queryset=Agreement.objects.select_related("at_meeting")
                 .order_by("-signed_on", "name")),
        Prefetch("meetings_hosted", queryset=Meeting.objects.select_related("parent_forum")
                 .order_by("-starts_on"))),
    Entity.Kind.PERSON: lambda: Person.objects.select_related("nation")
    .prefetch_related(ALIASES, _meetings_with_outcomes()),
    Entity.Kind.ORGANISATION: lambda: Organisation.objects.select_related("nation")
    .prefetch_related(ALIASES, Prefetch("platforms", queryset=Platform.objects.order_by("name"))),
    Entity.Kind.FORUM: lambda: Forum.objects.prefetch_related(
        ALIASES, Prefetch("members", queryset=Country.objects.order_by("name")),
        _meetings_with_outcomes()),
    Entity.Kind.MEETING: lambda: Meeting.objects.select_related("parent_forum", "host", "location")
    .prefetch_related(ALIASES, Prefetch("participants", queryset=Person.objects
                                        .select_related("nation").order_by("name")),
                      Prefetch("outcomes", queryset=_outcomes()),
                      Prefetch("agreements", queryset=Agreement.objects.order_by("name"))),
    Entity.Kind.AGREEMENT: lambda: Agreement.objects.select_related("at_meeting")
    .prefetch_related(ALIASES, Prefetch("parties", queryset=Country.objects.order_by("name")),
                      Prefetch("platforms", queryset=Platform.objects.order_by("name")),
                      Prefetch("programmes",
                               queryset=Programme.objects.with_evidence(sources=False))),
    Entity.Kind.PLACE: lambda: Place.objects.select_related("nation")
    .prefetch_related(ALIASES, _meetings_with_outcomes()),
}


def entity_detail(*, kind: str, slug: str) -> Entity:
    """The entity of that kind, as its kind's class, with what its page shows; DoesNotExist."""
    if kind not in _DETAIL:
        raise Entity.DoesNotExist(kind)
    return _DETAIL[kind]().get(slug=slug)


def entity_by_slug(*, slug: str) -> Entity:
    """The entity with its aliases; raises Entity.DoesNotExist."""
    return Entity.objects.prefetch_related(ALIASES).get(slug=slug)


def outcome_about(*, subjects) -> QuerySet[Outcome]:
    """What meetings did about any of `subjects` (entities or pks), latest meeting first."""
    return (_outcomes().select_related("meeting__parent_forum")
            .filter(subject__in=subjects)
            .order_by(F("meeting__starts_on").desc(nulls_last=True), "meeting__name"))


# Lists --------------------------------------------------------------------------------------------

def platform_list() -> QuerySet[Platform]:
    """Platforms with origin, maker, their names and their programmes' evidence."""
    programmes = Programme.objects.with_evidence(sources=False).order_by("buyer__name")
    return (Platform.objects.select_related("origin", "maker", "parent")
            .prefetch_related(ALIASES, Prefetch("programmes", queryset=programmes))
            .order_by("name"))


def agreement_list() -> QuerySet[Agreement]:
    return (Agreement.objects.select_related("at_meeting")
            .prefetch_related(Prefetch("parties", queryset=Country.objects.order_by("name")),
                              Prefetch("platforms", queryset=Platform.objects.order_by("name")))
            .order_by(F("signed_on").desc(nulls_last=True), "name"))


def meeting_list() -> QuerySet[Meeting]:
    return (Meeting.objects.select_related("parent_forum", "host", "location")
            .prefetch_related(Prefetch("participants", queryset=Person.objects.order_by("name")),
                              Prefetch("outcomes", queryset=Outcome.objects
                                       .select_related("subject").order_by("subject__name")))
            .order_by(F("starts_on").desc(nulls_last=True), "name"))


def meeting_latest(*, limit: int = 5) -> QuerySet[Meeting]:
    return meeting_list()[:limit]


_KIND_MODELS = {Entity.Kind.COUNTRY: Country, Entity.Kind.PERSON: Person,
                Entity.Kind.ORGANISATION: Organisation, Entity.Kind.FORUM: Forum,
                Entity.Kind.PLACE: Place}


def entity_list(*, kind: str) -> QuerySet[Entity]:
    """Entities of one kind, as that kind's model (so its FilterSet applies), with their names.
    How often articles mention them: `mention_totals` on the rows shown."""
    return (_KIND_MODELS.get(kind, Entity).objects.filter(kind=kind).prefetch_related(ALIASES)
            .order_by("name"))


# Search ---------------------------------------------------------------------------------------

def entity_search(*, q: str, limit: int = 20) -> list[Entity]:
    """Entities with an alias whose matching form contains the query's (any script).

    The query is folded like the aliases (case, dashes, spaces, Devanagari digits, nukta), so
    'S400', 's 400' and 'एस-४००' all find S-400. Exact alias matches rank first, then prefixes.
    Each result carries `matched_aliases`. Two queries.
    """
    folded = fold_alias(q)
    if not folded:
        return []
    aliases = Alias.objects.filter(entity=OuterRef("pk"))
    matched = Alias.objects.filter(folded__contains=folded).order_by("-kind", "text")
    # "Qingdao meeting" finds "SCO Defence Ministers' Meeting, Qingdao 2025": every word in
    # the name, in any order.
    every_word = Q(*[Q(name__icontains=word) for word in q.split()[:10]])
    return list(
        Entity.objects.filter(Q(Exists(aliases.filter(folded__contains=folded))) | every_word)
        .annotate(exact=Exists(aliases.filter(folded=folded)),
                  prefix=Exists(aliases.filter(folded__startswith=folded)))
        .prefetch_related(Prefetch("aliases", queryset=matched, to_attr="matched_aliases"))
        .order_by("-exact", "-prefix", "name")[:limit])


def _like(word: str) -> str:
    return "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


# The same expression as the trigram index of migration 0003_search, so PostgreSQL can use it.
# Unqualified columns in the filter: it runs inside a subquery, where Django renames the table.
_PG_DOCUMENT = "procurement_unaccent(lower({table}title || ' ' || {table}body))"
_PG_CONTAINS = f"{_PG_DOCUMENT} LIKE procurement_unaccent(lower(%s))"
# The same test, opaque to the planner (migration 0018): it walks articles newest first.
_PG_WALK = f"procurement_contains({_PG_DOCUMENT}, procurement_unaccent(lower(%s)))"
# From this share of articles holding the words (as the planner estimates it), walking
# articles newest first finds a page of hits sooner than collecting every hit from the trigram
# index and sorting them: a walk reads about 21 / share articles for a page, the index every
# hit. Measured at 100,000 articles: "defence" (a third of them) 9 ms walking and 670 ms
# collected; "Prometey" (a few hundred) 2 ms collected.
COMMON_WORD_SHARE = 0.01


def words_are_common(words: list[str]) -> bool:
    """PostgreSQL: whether the planner's statistics (migration 0018) put the share of articles
    holding every word at COMMON_WORD_SHARE or more. One query, no rows read. (The estimate
    runs low for Devanagari words, which the full-text parser splits at vowel signs, and for
    parts of words, which it does not find at all: both then count as rare, the safe side.)"""
    with connection.cursor() as cursor:
        cursor.execute("SELECT procurement_words_share(%s)", [" ".join(words)])
        return cursor.fetchone()[0] >= COMMON_WORD_SHARE


SEARCH_WORDS = 10  # words of a query that count; more only slow the search down


def search_words(q: str) -> list[str]:
    """The words of a query that count: split at spaces, punctuation at their ends dropped
    ("S-400," finds S-400; the hyphen inside stays; "%" alone is still looked for), at most
    SEARCH_WORDS."""
    return [_unpunctuated(word) or word for word in q.split()[:SEARCH_WORDS]]


def _unpunctuated(word: str) -> str:
    start, end = 0, len(word)
    while start < end and unicodedata.category(word[start]).startswith("P"):
        start += 1
    while end > start and unicodedata.category(word[end - 1]).startswith("P"):
        end -= 1
    return word[start:end]


# SQLite: the trigram FTS5 table of migration 0013_search_fts. A trigram index cannot look up
# a string shorter than three characters (FTS5 finds nothing for it), so shorter words are
# matched with LIKE, among the rows the longer words found when there are any.
_FTS_MATCH = ("{table}id IN (SELECT rowid FROM procurement_article_fts "
              "WHERE procurement_article_fts MATCH %s)")
_FTS_SHORTEST = 3


def _fts_phrases(words: list[str]) -> str:
    """An FTS5 query: each word a quoted string (so - * : ( are text), all of them required."""
    return " ".join('"' + word.replace('"', '""') + '"' for word in words)


def _every_word(words: list[str], *, table: str = "", walk: bool = False) -> Q:
    """Title or body contains every word (case-insensitive); index-served on both databases.

    Columns are unqualified unless `table` is given ('"procurement_article".'): use it in a query
    on Article alone (or a subquery). `walk`: the query walks articles newest first and stops at
    a page, so no index may serve the word test (SQLite would read every hit and sort them;
    PostgreSQL would collect every hit from the trigram index and sort them).
    On SQLite the id is then not looked up by its index (unary +); on PostgreSQL the test is
    `procurement_contains`, which no index serves.
    """
    if connection.vendor == "postgresql":
        test = _PG_WALK if walk else _PG_CONTAINS
        return Q(*[RawSQL(test.format(table=table), [_like(w)], output_field=BooleanField())
                   for w in words])
    text = Q()
    indexed = [w for w in words if len(w) >= _FTS_SHORTEST]
    if indexed:
        match = ("+" if walk else "") + _FTS_MATCH.format(table=table)
        text &= Q(RawSQL(match, [_fts_phrases(indexed)], output_field=BooleanField()))
    for word in words:
        if len(word) < _FTS_SHORTEST:
            text &= Q(title__icontains=word) | Q(body__icontains=word)
    return text


def article_ids_with_words(q: str) -> QuerySet:
    """Ids of the articles whose title or text contains every word of `q` (the lists' `q`)."""
    return Article.objects.filter(_every_word(search_words(q))).values("pk").order_by()


def article_search(*, q: str, entities=(), upto: int | None = None) -> QuerySet[Article]:
    """Articles matching every word of `q`, or naming one of `entities`; newest first.

    Neither counted nor ranked: the page shows a window of them (views.pages.window), and both
    databases find it by walking articles newest first and testing each, which stops once the
    window is full however common the words are. A rank would have to score every hit first
    (on PostgreSQL, compute each hit's document: seconds for a common word).
    `upto`: only the newest `upto` hits are wanted (the end of the window shown).
    Both databases: substring match of every word in title or body, case and accents aside
    (SQLite through the trigram FTS5 table, PostgreSQL through pg_trgm on an unaccented
    lower-cased document). Punctuation at a word's ends does not count (`search_words`).
    Naming an entity counts because the body may spell it in a way the words do not match
    (एस-४०० for एस-400). Each article carries `search_mentions`, its mentions of `entities`.
    One query per entity (naming() probes how often it is named), and on PostgreSQL one for
    the planner's estimate of the words (`words_are_common`).
    """
    words = search_words(q)
    if not words and not entities:
        return Article.objects.none()
    found = [naming(entity.pk) for entity in entities]
    if connection.vendor == "postgresql":
        if words:
            # Common words are found by walking the newest articles, rare ones through the
            # trigram index; the planner has no statistics for LIKE on the text to choose.
            found.append(_every_word(words, walk=words_are_common(words)))
        # Each way to match is its own query in a UNION, newest first and cut at `upto`, not
        # one OR: each is then planned on its own (a walk of the date index that stops early
        # for a common word or a much-named entity, an index lookup and a sort for a rare
        # one), where an OR with the mentions subquery makes PostgreSQL test every article.
        parts = [Article.objects.filter(condition).values("pk").order_by("-dated_on", "-pk")
                 for condition in found]
        if upto is not None:
            parts = [part[:upto] for part in parts]
        found = [Q(pk__in=parts[0].union(*parts[1:]))]
    elif words:
        found.append(_every_word(words, table='"procurement_article".', walk=True))
    named = Mention.objects.visible().filter(entity__in=entities)
    return (Article.objects.filter(Q(*found, _connector=Q.OR))
            .select_related("outlet").defer("signature")
            .prefetch_related(Prefetch("mentions", queryset=named.order_by("start"),
                                       to_attr="search_mentions"))
            .order_by("-dated_on", "-pk"))


# Recent changes ---------------------------------------------------------------------------------

# Models whose history the changes page merges, by the label used in ?model= and in the feed.
# Entities are listed by kind: each kind keeps its own history table (HistoricalRecords with
# inherit=True), holding the shared Entity fields too.
HISTORY_MODELS = {
    "programme": Programme, "statusclaim": StatusClaim, "outcome": Outcome,
    "platform": Platform, "country": Country, "person": Person, "organisation": Organisation,
    "forum": Forum, "meeting": Meeting, "agreement": Agreement, "alias": Alias,
    "article": Article, "outlet": Outlet, "mention": Mention,
}


def change_list(*, labels=None) -> QuerySet:
    """(label, history_id, history_date) of every recorded change, newest first: one UNION ALL
    query, so a page of it costs one query whatever the number of tables or rows.

    Machine-found mentions are created by the hundred at ingestion; their creation is not an
    edit and is left out (an editor's review of one is kept).
    """
    parts = []
    for label, model in HISTORY_MODELS.items():
        if labels and label not in labels:
            continue
        history = model.history.model.objects.all()
        if model is Mention:
            history = history.exclude(history_type="+")
        parts.append(history.annotate(label=Value(label))
                     .values("label", "history_id", "history_date").order_by())
    if not parts:
        return Programme.history.model.objects.none().values("history_id")
    return parts[0].union(*parts[1:], all=True).order_by("-history_date", "-history_id")


def change_records(*, refs) -> dict:
    """{(label, history_id): historical record} for `refs`, each with `.previous` (the record
    before it, or None) and its user loaded. One query per table present in `refs`."""
    by_label: dict[str, list[int]] = {}
    for ref in refs:
        by_label.setdefault(ref["label"], []).append(ref["history_id"])
    records = {}
    for label, ids in by_label.items():
        history = HISTORY_MODELS[label].history.model
        before = (history.objects.filter(id=OuterRef("id"), history_date__lt=OuterRef("history_date"))
                  .order_by("-history_date", "-history_id").values("history_id")[:1])
        previous_ids = (history.objects.filter(history_id__in=ids)
                        .annotate(previous=Subquery(before)).values("previous"))
        # The page's records and the ones before them, in one query.
        rows = {r.history_id: r for r in history.objects.select_related("history_user")
                .filter(Q(history_id__in=ids) | Q(history_id__in=previous_ids))}
        # Each object's versions, oldest first: a record's previous is the one before it.
        versions: dict[int, list] = {}
        for r in sorted(rows.values(), key=lambda r: (r.history_date, r.history_id)):
            versions.setdefault(r.id, []).append(r)
        for history_id in ids:
            record = rows[history_id]
            chain = versions[record.id]
            at = chain.index(record)
            record.previous = chain[at - 1] if at else None
            records[(label, history_id)] = record
    return records


def change_targets(*, entity_ids, programme_ids) -> tuple[dict, dict]:
    """Entities and programmes that changes refer to, by pk, for their names and links."""
    entities = {e.pk: e for e in Entity.objects.filter(pk__in=set(entity_ids)).only("slug", "name", "kind")}
    programmes = {p.pk: p for p in Programme.objects.filter(pk__in=set(programme_ids))
                  .select_related("buyer", "platform")}
    return entities, programmes
