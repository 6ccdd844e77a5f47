"""Reads for the API: each returns what its serializer renders, with related rows loaded.

Every list costs the same number of queries whatever its page size (tests/api/test_queries.py
holds each to it): related rows come from select_related (one row each) or prefetch_related
(one query per relation per page, never per row).
"""

import functools

from django.db.models import Case, CharField, F, Prefetch, QuerySet, Value, When
from django.db.models.functions import Cast
from django.db.models.query import BaseIterable

from ..models import (Agreement, Alias, Article, Country, Entity, Forum, Meeting, MeetingReport,
                      Mention, Organisation, Outcome, Outlet, Person, Place, Platform, Programme,
                      Review, StatusClaim, Story)

# In the order editors entered them, which usually puts the official name first.
ALIASES = Prefetch("aliases", queryset=Alias.objects.order_by("pk"))
# Article text is large (kilobytes per row) and rarely what a related row is for.
ARTICLE_TEXT = ("body", "signature")


def _entity_refs(model) -> QuerySet:
    # An EntityRef needs slug, kind and name, all on the Entity table; the child's own columns
    # come along with the parent join and cost nothing extra to skip.
    return model.objects.order_by("name", "pk")


def entity_list() -> QuerySet[Entity]:
    return Entity.objects.prefetch_related(ALIASES).order_by("name", "pk")


def country_list() -> QuerySet[Country]:
    return Country.objects.prefetch_related(ALIASES).order_by("name", "pk")


def person_list() -> QuerySet[Person]:
    return (Person.objects.select_related("nation")
            .prefetch_related(ALIASES, Prefetch("meetings", queryset=_entity_refs(Meeting)))
            .order_by("name", "pk"))


def organisation_list() -> QuerySet[Organisation]:
    return (Organisation.objects.select_related("nation").prefetch_related(ALIASES)
            .order_by("name", "pk"))


def platform_programmes() -> QuerySet[Programme]:
    """Programmes with their confirmed claims (and each claim's article outlet) loaded."""
    return Programme.objects.with_evidence().order_by("buyer__name", "kind", "pk")


def platform_list() -> QuerySet[Platform]:
    """Platforms with their names and each programme's status and evidence. Five queries."""
    return (Platform.objects.select_related("origin", "maker", "parent")
            .prefetch_related(ALIASES, Prefetch("programmes", queryset=platform_programmes()))
            .order_by("name", "pk"))


def forum_list() -> QuerySet[Forum]:
    return (Forum.objects.prefetch_related(
        ALIASES, Prefetch("members", queryset=_entity_refs(Country)),
        Prefetch("meetings", queryset=Meeting.objects.order_by("-starts_on", "name")))
        .order_by("name", "pk"))


def place_list() -> QuerySet[Place]:
    return (Place.objects.select_related("nation")
            .prefetch_related(ALIASES, Prefetch("meetings", queryset=_entity_refs(Meeting)
                                                .order_by("-starts_on", "name")))
            .order_by("name", "pk"))


def _meeting_reports() -> QuerySet[MeetingReport]:
    """A meeting's visible reports, confirmed first, then newest; article text left behind."""
    return (MeetingReport.objects.visible().select_related("article")
            .defer(*[f"article__{name}" for name in ARTICLE_TEXT])
            .order_by(Case(When(review=Review.CONFIRMED, then=Value(0)), default=Value(1)),
                      F("article__published_on").desc(nulls_last=True), "-article_id"))


def meeting_list() -> QuerySet[Meeting]:
    outcomes = Outcome.objects.select_related("subject").order_by("subject__name", "pk")
    return (Meeting.objects.select_related("parent_forum", "host", "location")
            .prefetch_related(ALIASES, Prefetch("participants", queryset=_entity_refs(Person)),
                              Prefetch("outcomes", queryset=outcomes),
                              Prefetch("agreements", queryset=_entity_refs(Agreement)),
                              Prefetch("reports", queryset=_meeting_reports()))
            .order_by("-starts_on", "name", "pk"))


def agreement_list() -> QuerySet[Agreement]:
    return (Agreement.objects.select_related("at_meeting")
            .prefetch_related(ALIASES, Prefetch("parties", queryset=_entity_refs(Country)),
                              Prefetch("platforms", queryset=_entity_refs(Platform)),
                              Prefetch("programmes", queryset=Programme.objects.order_by("slug")))
            .order_by("-signed_on", "name", "pk"))


def programme_list() -> QuerySet[Programme]:
    return (Programme.objects.with_evidence()
            .prefetch_related(Prefetch("agreements", queryset=_entity_refs(Agreement)))
            .order_by("platform__name", "buyer__name", "kind", "pk"))


def claim_list(*, include_rejected: bool) -> QuerySet[StatusClaim]:
    claims = StatusClaim.objects.all()
    if not include_rejected:
        claims = claims.visible()
    return (claims.select_related("programme", "article__outlet", "reviewed_by")
            .defer(*(f"article__{name}" for name in ARTICLE_TEXT))
            .order_by("programme__slug", "occurred_on", "pk"))


def outcome_list() -> QuerySet[Outcome]:
    return Outcome.objects.select_related("meeting", "subject").order_by("-pk")


def alias_list() -> QuerySet[Alias]:
    return Alias.objects.select_related("entity").order_by("entity__name", "text", "pk")


def outlet_list() -> QuerySet[Outlet]:
    return Outlet.objects.select_related("country").order_by("name", "pk")


def story_list() -> QuerySet[Story]:
    articles = (Article.objects.select_related("outlet").defer(*ARTICLE_TEXT)
                .order_by("published_on", "pk"))
    return Story.objects.prefetch_related(Prefetch("articles", queryset=articles)).order_by("-pk")


def article_list() -> QuerySet[Article]:
    """Articles without their text (lists never show it); the cursor sets the order."""
    return Article.objects.select_related("outlet").defer(*ARTICLE_TEXT)


def article_detail() -> QuerySet[Article]:
    """Articles with text and visible mentions (`visible_mentions`), in reading order."""
    mentions = (Mention.objects.visible().select_related("entity").order_by("start", "-end", "pk"))
    return (Article.objects.select_related("outlet").defer("signature")
            .prefetch_related(Prefetch("mentions", queryset=mentions,
                                       to_attr="visible_mentions")))


# The columns of one mention row, in the order of the tuples mention_rows() yields. One query
# joins article, entity and alias for them. The date comes as ISO text (a cast in SQL), the form
# the JSON needs, rather than as a date object to be converted back, row after row.
MENTION_COLUMNS = ("id", "article_id", "entity__slug", "entity__kind", "entity__name",
                   "alias_id", "start", "end", "text", "review", "ambiguous",
                   "alias__text", "alias__folded", "published_on")


class RawTupleIterable(BaseIterable):
    """Rows as the database driver returns them: no per-value converters, no dicts.

    For the mentions list only, whose columns need no conversion (integers, text, and the date
    cast to text). It also compiles each shape of query once: a request's query differs from
    the previous one of the same shape only in the values of its WHERE clause, so the SQL is
    looked up by the compiled WHERE clause (a seventh of the cost of compiling everything) and
    the rest of the query's structure. Together these save about a quarter of the list's time.
    """

    def __iter__(self):
        query = self.queryset.query
        compiler = query.get_compiler(self.queryset.db)
        where, params = compiler.compile(query.where)
        key = (query.model, where, query.order_by, query.standard_ordering, query.low_mark,
               query.high_mark, tuple(query.alias_map), query.values_select,
               tuple(query.annotation_select), query.distinct)
        sql = _COMPILED.get(key)
        if sql is None:
            sql, all_params = compiler.as_sql()
            # Replaying new WHERE values into cached SQL is only sound when they are all of
            # its parameters (nothing in SELECT or ORDER BY takes one).
            if list(all_params) == list(params):
                if len(_COMPILED) >= 1000:
                    _COMPILED.clear()
                _COMPILED[key] = sql
            params = all_params
        with compiler.connection.cursor() as cursor:
            cursor.execute(sql, params)
            yield from cursor.fetchall()


_COMPILED: dict = {}


@functools.cache
def _mention_rows(include_rejected: bool) -> QuerySet:
    mentions = Mention.objects.all() if include_rejected else Mention.objects.visible()
    rows = mentions.values(*MENTION_COLUMNS[:-1],
                           published_on=Cast("article__published_on", CharField()))
    query = rows.query
    assert (*query.values_select, *query.annotation_select) == MENTION_COLUMNS
    rows._iterable_class = RawTupleIterable
    return rows


def mention_rows(*, include_rejected: bool = False) -> QuerySet:
    """Mentions as plain tuples (MENTION_COLUMNS): the lean read path for the big list.

    Rejected mentions are left out unless asked for: they are kept only so that matching again
    cannot bring them back. (The query is built once per process and cloned: resolving its
    columns across three joins is a measurable share of a request.)
    """
    return _mention_rows(include_rejected).all()


def mention_detail() -> QuerySet[Mention]:
    return (Mention.objects.select_related("entity", "article", "alias")
            .only("id", "article_id", "entity_id", "alias_id", "start", "end", "text", "review",
                  "ambiguous", "entity__slug", "entity__kind", "entity__name",
                  "article__published_on", "alias__text", "alias__folded"))
