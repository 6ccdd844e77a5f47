"""One FilterSet per resource, shared by the REST API and the HTML lists."""

import django_filters as filters
from django_filters.constants import EMPTY_VALUES
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.db.models.expressions import RawSQL
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from .models import (Agreement, Alias, Article, Country, Entity, Forum, Language, Meeting,
                     Mention, Organisation, Outcome, Outlet, Person, Platform, Programme, Review,
                     Script, StatusClaim)
from .selectors import article_ids_with_words
from .status import derive_status
from .text import fold_alias


@extend_schema_field(OpenApiTypes.INT)
class IdFilter(filters.NumberFilter):
    """A row id: a whole number the database can hold (a decimal or 1e300 is refused with 400,
    not passed on to fail in the database)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 2**63 - 1)
        super().__init__(*args, **kwargs)


def _entity_id(slug: str) -> RawSQL:
    # The id by a scalar subquery. Written as SQL: it is built on every request of the busiest
    # API list, and the ORM's Subquery costs more to build than the whole page's database work.
    return RawSQL(f"SELECT id FROM {Entity._meta.db_table} WHERE slug = %s", (slug,))


class EntitySlugFilter(filters.CharFilter):
    """Rows about the entity with this slug, compared by id through a subquery, not a join.

    With the id coming from a subquery, PostgreSQL reads the (entity, article) index in order
    and stops after one page; joined by slug, it sorted every mention of a popular entity first
    (300 ms instead of 1 ms for 28,000 mentions of S-400).
    """

    def filter(self, qs, value):
        if value in EMPTY_VALUES:
            return qs
        return qs.filter(**{self.field_name: _entity_id(value)})


class MentionFilter(filters.FilterSet):
    entity = EntitySlugFilter(field_name="entity_id", label="entity (slug)")
    kind = filters.ChoiceFilter(field_name="entity__kind", choices=Entity.Kind.choices)
    article = IdFilter(field_name="article_id")
    review = filters.ChoiceFilter(choices=Review.choices)
    published_after = filters.DateFilter(field_name="article__published_on", lookup_expr="gte")
    published_before = filters.DateFilter(field_name="article__published_on", lookup_expr="lte")
    language = filters.ChoiceFilter(field_name="article__language", choices=Language.choices)
    outlet = filters.CharFilter(field_name="article__outlet__slug", label="outlet (slug)")

    class Meta:
        model = Mention
        fields = ["entity", "kind", "article", "review", "published_after", "published_before",
                  "language", "outlet"]


class ArticleFilter(filters.FilterSet):
    entity = filters.CharFilter(method="filter_entity", label="mentions entity (slug)")
    published_after = filters.DateFilter(field_name="published_on", lookup_expr="gte")
    published_before = filters.DateFilter(field_name="published_on", lookup_expr="lte")
    language = filters.ChoiceFilter(choices=Language.choices)
    outlet = filters.CharFilter(field_name="outlet__slug", label="outlet (slug)")
    story = IdFilter(field_name="story_id")
    q = filters.CharFilter(method="filter_text", label="words in the title or text")

    class Meta:
        model = Article
        fields = ["entity", "published_after", "published_before", "language", "outlet", "story",
                  "q"]

    def filter_entity(self, queryset, name, value):
        # A subquery rather than a join, so an article naming the entity twice is listed once.
        hits = Mention.objects.visible().filter(entity_id=_entity_id(value)).values("article_id")
        return queryset.filter(pk__in=hits)

    def filter_text(self, queryset, name, value):
        # The search page's word match, so PostgreSQL's trigram index serves it too.
        return queryset.filter(pk__in=article_ids_with_words(value)) if value.split() else queryset


class ClaimFilter(filters.FilterSet):
    programme = filters.CharFilter(field_name="programme__slug", label="programme (slug)")
    platform = filters.CharFilter(field_name="programme__platform__slug", label="platform (slug)")
    status = filters.ChoiceFilter(choices=StatusClaim.Status.choices)
    review = filters.ChoiceFilter(choices=Review.choices)

    class Meta:
        model = StatusClaim
        fields = ["programme", "platform", "status", "review"]


class ProgrammeFilter(filters.FilterSet):
    buyer = filters.CharFilter(field_name="buyer__slug", label="buyer (country slug)")
    supplier = filters.CharFilter(field_name="supplier__slug", label="supplier (country slug)")
    platform = filters.CharFilter(field_name="platform__slug", label="platform (slug)")
    kind = filters.ChoiceFilter(choices=Programme.Kind.choices)
    status = filters.ChoiceFilter(method="filter_status", choices=StatusClaim.Status.choices,
                                  label="current (derived) status")

    class Meta:
        model = Programme
        fields = ["buyer", "supplier", "platform", "kind", "status"]

    def filter_status(self, queryset, name, value):
        # The status is derived from confirmed claims, so it is computed, not looked up. There
        # are tens of programmes, not millions; one pass over their claims is cheap.
        # prefetch_related(None): the queryset may already load the evidence (the API's does),
        # and Django refuses the same to_attr prefetched twice with different querysets.
        keep = [p.pk for p in queryset.prefetch_related(None).with_evidence()
                if derive_status(p.confirmed_claims).status == value]
        return queryset.filter(pk__in=keep)


class MeetingFilter(filters.FilterSet):
    forum = filters.CharFilter(field_name="parent_forum__slug", label="forum (slug)")
    starts_after = filters.DateFilter(field_name="starts_on", lookup_expr="gte")
    starts_before = filters.DateFilter(field_name="starts_on", lookup_expr="lte")
    participant = filters.CharFilter(field_name="participants__slug", label="participant (slug)",
                                     distinct=True)

    class Meta:
        model = Meeting
        fields = ["forum", "starts_after", "starts_before", "participant"]


def _named(queryset, value):
    """Entities with a name or alias containing `value`, aliases compared in matching form."""
    folded = fold_alias(value)
    aliases = Alias.objects.filter(entity=OuterRef("pk"), folded__contains=folded)
    return queryset.filter(Q(name__icontains=value.strip()) | (Q(Exists(aliases)) if folded else Q()))


class EntityFilter(filters.FilterSet):
    kind = filters.ChoiceFilter(choices=Entity.Kind.choices)
    q = filters.CharFilter(method="filter_name", label="name or alias (any script)")

    class Meta:
        model = Entity
        fields = ["kind", "q"]

    def filter_name(self, queryset, name, value):
        return _named(queryset, value)


class PlatformFilter(filters.FilterSet):
    category = filters.ChoiceFilter(choices=Platform.Category.choices)
    origin = filters.CharFilter(field_name="origin__slug", label="origin (country slug)")
    maker = filters.CharFilter(field_name="maker__slug", label="maker (organisation slug)")
    q = filters.CharFilter(method="filter_name", label="name or alias (any script)")

    class Meta:
        model = Platform
        fields = ["category", "origin", "maker", "q"]

    def filter_name(self, queryset, name, value):
        return _named(queryset, value)


class AgreementFilter(filters.FilterSet):
    category = filters.ChoiceFilter(choices=Agreement.Category.choices)
    status = filters.ChoiceFilter(choices=Agreement.Status.choices)
    party = filters.CharFilter(field_name="parties__slug", label="party (country slug)",
                               distinct=True)
    platform = filters.CharFilter(field_name="platforms__slug", label="platform (slug)",
                                  distinct=True)
    signed_after = filters.DateFilter(field_name="signed_on", lookup_expr="gte")
    signed_before = filters.DateFilter(field_name="signed_on", lookup_expr="lte")

    class Meta:
        model = Agreement
        fields = ["category", "status", "party", "platform", "signed_after", "signed_before"]


class CountryFilter(filters.FilterSet):
    q = filters.CharFilter(method="filter_name", label="name or alias (any script)")

    class Meta:
        model = Country
        fields = ["q"]

    def filter_name(self, queryset, name, value):
        return _named(queryset, value)


class PersonFilter(filters.FilterSet):
    country = filters.CharFilter(field_name="nation__slug", label="country (slug)")
    q = filters.CharFilter(method="filter_name", label="name or alias (any script)")

    class Meta:
        model = Person
        fields = ["country", "q"]

    def filter_name(self, queryset, name, value):
        return _named(queryset, value)


class OrganisationFilter(filters.FilterSet):
    category = filters.ChoiceFilter(choices=Organisation.Category.choices)
    country = filters.CharFilter(field_name="nation__slug", label="country (slug)")
    q = filters.CharFilter(method="filter_name", label="name or alias (any script)")

    class Meta:
        model = Organisation
        fields = ["category", "country", "q"]

    def filter_name(self, queryset, name, value):
        return _named(queryset, value)


class ForumFilter(filters.FilterSet):
    category = filters.ChoiceFilter(choices=Forum.Category.choices)
    member = filters.CharFilter(field_name="members__slug", label="member (country slug)",
                                distinct=True)
    q = filters.CharFilter(method="filter_name", label="name or alias (any script)")

    class Meta:
        model = Forum
        fields = ["category", "member", "q"]

    def filter_name(self, queryset, name, value):
        return _named(queryset, value)


class OutcomeFilter(filters.FilterSet):
    meeting = filters.CharFilter(field_name="meeting__slug", label="meeting (slug)")
    subject = filters.CharFilter(field_name="subject__slug", label="subject (entity slug)")
    result = filters.ChoiceFilter(choices=Outcome.Result.choices)

    class Meta:
        model = Outcome
        fields = ["meeting", "subject", "result"]


class AliasFilter(filters.FilterSet):
    entity = filters.CharFilter(field_name="entity__slug", label="entity (slug)")
    language = filters.ChoiceFilter(choices=Language.choices)
    script = filters.ChoiceFilter(choices=Script.choices)
    kind = filters.ChoiceFilter(choices=Alias.Kind.choices)
    matchable = filters.BooleanFilter()
    q = filters.CharFilter(method="filter_folded", label="text, compared in matching form")

    class Meta:
        model = Alias
        fields = ["entity", "language", "script", "kind", "matchable", "q"]

    def filter_folded(self, queryset, name, value):
        folded = fold_alias(value)
        return queryset.filter(folded__contains=folded) if folded else queryset.none()


class OutletFilter(filters.FilterSet):
    language = filters.ChoiceFilter(choices=Language.choices)
    country = filters.CharFilter(field_name="country__slug", label="country (slug)")

    class Meta:
        model = Outlet
        fields = ["language", "country"]
