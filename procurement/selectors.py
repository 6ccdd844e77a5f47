"""Reads. Each selector returns what its caller renders, with related rows already loaded.

Page views call these and nothing else touches the ORM, so each page's query count is fixed by
the selectors it calls (the view tests pin those counts with 1 row and with 100).
"""

import datetime

from django.db import connection
from django.db.models import (BooleanField, Case, Count, Exists, F, FloatField, OuterRef,
                              Prefetch, Q, QuerySet, Subquery, Value, When)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce

from .models import (Agreement, Alias, Article, Country, Entity, Forum, Meeting, Mention,
                     Organisation, Outcome, Outlet, Person, Place, Platform, Programme,
                     Review, StatusClaim)
from .models.articles import mention_visible
from .text import fold_alias

# Aliases read best grouped by script (Latin, Devanagari, Cyrillic…), then alphabetically.
ALIASES = Prefetch("aliases", queryset=Alias.objects.order_by("script", "language", "text"))


def _mention_total(**options) -> Count:
    """Visible mentions of the row (an article or an entity): what the lists show and export."""
    return Count("mentions", filter=mention_visible("mentions__"), **options)


# Programmes and claims ------------------------------------------------------------------------

def programme_list(*, within: QuerySet | None = None) -> QuerySet[Programme]:
    """Programmes (all, or those of `within`, e.g. a FilterSet's result) with their confirmed
    claims loaded, so `.status` runs no query."""
    base = Programme.objects.all() if within is None else within
    return base.with_evidence().order_by("platform__name", "buyer__name")


def _timeline_claims() -> Prefetch:
    # Everything but rejected claims: confirmed ones make the timeline, machine-found ones are
    # listed apart as awaiting review. The article body comes along for the quote's context.
    claims = (StatusClaim.objects.visible()
              .select_related("article__outlet")
              .order_by("occurred_on", "reported_on", "pk"))
    return Prefetch("claims", queryset=claims, to_attr="timeline_claims")


def programme_detail(*, slug: str) -> Programme:
    """A programme with its evidence, all unrejected claims and agreements; raises DoesNotExist."""
    agreements = Agreement.objects.select_related("at_meeting").order_by("signed_on", "name")
    return (Programme.objects.with_evidence()
            .prefetch_related(_timeline_claims(), Prefetch("agreements", queryset=agreements))
            .get(slug=slug))


def programme_for_platform(*, platform: Platform) -> QuerySet[Programme]:
    """The platform's programmes (its variants' too) with status and timeline loaded."""
    return (Programme.objects.with_evidence().prefetch_related(_timeline_claims())
            .filter(Q(platform=platform) | Q(platform__parent=platform))
            .order_by("buyer__name", "kind"))


def programme_for_country(*, country: Country) -> QuerySet[Programme]:
    return (Programme.objects.with_evidence()
            .filter(Q(buyer=country) | Q(supplier=country))
            .order_by("platform__name"))


# Articles and mentions ------------------------------------------------------------------------

def article_latest(*, limit: int = 10) -> QuerySet[Article]:
    return (Article.objects.select_related("outlet")
            .annotate(mention_total=_mention_total())
            .order_by("-dated_on", "-pk")[:limit])


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
    """The article list's rows for CSV: flat values, one query however many rows."""
    return (Article.objects.order_by("-dated_on", "-pk")
            .annotate(mention_total=_mention_total())
            .values("pk", "published_on", "title", "outlet__name", "language", "url", "story_id",
                    "dateline", "mention_total"))


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
    return (Article.objects.filter(pk__in=visible.values("article_id"))
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


def mention_counts_by_day(*, entity: Entity | None = None) -> list[tuple[datetime.date, int]]:
    """(article day, visible mentions) for every day with any, oldest first. One query.

    The article day is its publication date, or the day it was received when it has none, so
    undated articles count in the week they came in rather than not at all.
    Grouped by day rather than by week in SQL so SQLite and PostgreSQL agree on week starts;
    the chart buckets them (a few thousand days at most).
    """
    mentions = Mention.objects.visible()
    if entity is not None:
        mentions = mentions.filter(entity=entity)
    rows = (mentions.values("article__dated_on").annotate(n=Count("pk"))
            .order_by("article__dated_on"))
    return [(row["article__dated_on"], row["n"]) for row in rows]


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
                      Prefetch("programmes", queryset=Programme.objects.with_evidence())),
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
    programmes = Programme.objects.with_evidence().order_by("buyer__name")
    return (Platform.objects.select_related("origin", "maker", "parent")
            .prefetch_related(ALIASES, Prefetch("programmes", queryset=programmes))
            .annotate(mention_total=_mention_total(distinct=True))
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
    """Entities of one kind, as that kind's model (so its FilterSet applies), with their names
    and how often articles mention them."""
    return (_KIND_MODELS.get(kind, Entity).objects.filter(kind=kind).prefetch_related(ALIASES)
            .annotate(mention_total=_mention_total())
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


# The same expression as the indexes of migration 0003_search, so PostgreSQL can use them.
# Unqualified columns in the filter: it runs inside a subquery, where Django renames the table.
_PG_DOCUMENT = "procurement_unaccent(lower({table}title || ' ' || {table}body))"
_PG_MATCH = (f"to_tsvector('simple'::regconfig, {_PG_DOCUMENT}) @@ "
             "plainto_tsquery('simple'::regconfig, procurement_unaccent(lower(%s)))")
_PG_RANK = (f"ts_rank(to_tsvector('simple'::regconfig, {_PG_DOCUMENT}), "
            "plainto_tsquery('simple'::regconfig, procurement_unaccent(lower(%s))))")
_PG_CONTAINS = f"{_PG_DOCUMENT} LIKE procurement_unaccent(lower(%s))"


SEARCH_WORDS = 10  # words of a query that count; more only slow the search down


def _every_word(words: list[str]) -> Q:
    """Title or body contains every word (case-insensitive); index-served on PostgreSQL.

    Unqualified columns on PostgreSQL: use it in a query on Article alone (or a subquery).
    """
    if connection.vendor == "postgresql":
        return Q(*[RawSQL(_PG_CONTAINS.format(table=""), [_like(w)], output_field=BooleanField())
                   for w in words])
    text = Q()
    for word in words:
        text &= Q(title__icontains=word) | Q(body__icontains=word)
    return text


def article_ids_with_words(q: str) -> QuerySet:
    """Ids of the articles whose title or text contains every word of `q` (the lists' `q`)."""
    return Article.objects.filter(_every_word(q.split()[:SEARCH_WORDS])).values("pk").order_by()


def article_search(*, q: str, entities=()) -> QuerySet[Article]:
    """Articles matching every word of `q`, or naming one of `entities`; best first.

    PostgreSQL: full-text search (`simple` configuration, since it has no Hindi stemmer, on an
    unaccented lower-cased document) or substring match of every word (pg_trgm), both served by
    GIN indexes. SQLite: substring match of every word in title or body.
    Naming an entity counts because the body may spell it in a way the words do not match
    (एस-४०० for एस-400). Each article carries `search_mentions`, its mentions of `entities`.
    """
    words = q.split()[:SEARCH_WORDS]
    if not words and not entities:
        return Article.objects.none()
    if connection.vendor == "postgresql":
        text = (Q(RawSQL(_PG_MATCH.format(table=""), [q], output_field=BooleanField()))
                | _every_word(words))
        # The rank is computed for the page's rows only, in the outer query.
        rank = RawSQL(_PG_RANK.format(table='"procurement_article".'), [q],
                      output_field=FloatField())
    else:
        text = _every_word(words)
        rank = Value(0.0, output_field=FloatField())
    # The two ways to match are combined with UNION in a subquery, not OR in the WHERE clause:
    # PostgreSQL answers each half from its own index then, where an OR with the mentions
    # subquery would make it compute every article's document.
    hits = Article.objects.filter(text).values("pk").order_by() if words else None
    named = Mention.objects.visible().filter(entity__in=entities)
    if entities:
        by_name = named.values("article_id").order_by()
        hits = by_name if hits is None else hits.union(by_name)
    return (Article.objects.filter(pk__in=hits).select_related("outlet").defer("signature")
            .annotate(rank=Coalesce(rank, 0.0))
            .prefetch_related(Prefetch("mentions", queryset=named.order_by("start"),
                                       to_attr="search_mentions"))
            .order_by("-rank", "-dated_on", "-pk"))


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
