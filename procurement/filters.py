"""One FilterSet per resource, shared by the REST API and the HTML lists."""

import django_filters as filters
from django_filters.constants import EMPTY_VALUES
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from .models import (Agreement, Alias, Article, Country, Entity, Forum, Language, Meeting,
                     MeetingReport, Mention, Organisation, Outcome, Outlet, Person, Place,
                     Platform, Programme, Review, Script, StatusClaim, Story)
from .models.articles import naming
from .selectors import article_ids_with_words
from .status import derive_status
from .text import fold_alias


# Django-style placeholders filled through `params`: a value such as "100%" must reach the reader
# as written, and a message formatted beforehand would be formatted again with `%` downstream.
UNKNOWN_SLUG = "No %(noun)s has the slug “%(value)s”."
UNKNOWN_ID = "No %(noun)s has the id %(value)s."


class KnownRecord:
    """A form field naming a record (by slug, or by id) that cleans to the record's id.

    A name that matches nothing is refused with a message naming it: a typo in `?entity=`
    answers 400 from the API and shows a message over the pages' filter form, instead of an
    empty list that reads as "nothing was written about it". It costs one indexed lookup per
    such filter in the request; the rows are then compared with the id, without a join.
    """

    unknown = UNKNOWN_SLUG
    known: dict = {}  # slug → id of records the caller has already read (see known_records)

    def __init__(self, *, model, key="slug", **kwargs):
        self.model, self.key = model, key
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if value in EMPTY_VALUES:
            return None
        pk = self.known.get(value)
        if pk is None:
            # No ORDER BY (the model's default ordering): the key is unique.
            found = self.model._default_manager.filter(**{self.key: value}).order_by()
            pk = next(iter(found.values_list("pk", flat=True)[:1]), None)
        if pk is None:
            raise ValidationError(self.unknown, code="unknown",
                                  params={"noun": self.model._meta.verbose_name, "value": value})
        return pk


class KnownSlugField(KnownRecord, forms.CharField):
    pass


class KnownIdField(KnownRecord, forms.IntegerField):
    # A whole number the database can hold: a decimal or 1e300 is refused before the lookup.
    unknown = UNKNOWN_ID

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 2**63 - 1)
        super().__init__(key="pk", **kwargs)


def known_records(filterset, **records) -> None:
    """Give `filterset`'s slug filters records already read for the page (name=rows), so a slug
    among them is not looked up again; a slug not among them is still looked up.

    For a page that reads the records anyway (a select of outlets). Not for lean() FilterSets,
    whose form fields are shared between requests.
    """
    for name, rows in records.items():
        filterset.form.fields[name].known = {row.slug: row.pk for row in rows}


class SlugFilter(filters.CharFilter):
    """Rows linked to the `model` record with this slug; an unknown slug is refused (400).

    `field_name` is the link itself (outlet, programme__platform), not its slug: the record's id
    is looked up while the form is validated, and the rows are compared with it.
    """

    field_class = KnownSlugField

    def __init__(self, model, *args, **kwargs):
        super().__init__(*args, model=model, **kwargs)


@extend_schema_field(OpenApiTypes.INT)
class IdFilter(filters.NumberFilter):
    """Rows linked to the `model` record with this id; an id that is not a whole number the
    database can hold (a decimal, 1e300) or that no record has is refused with 400."""

    field_class = KnownIdField

    def __init__(self, model, *args, **kwargs):
        super().__init__(*args, model=model, **kwargs)


class MentionFilter(filters.FilterSet):
    # Compared by id: PostgreSQL then reads the (entity, article) index in order and stops after
    # one page; joined by slug, it sorted every mention of a popular entity first (300 ms
    # instead of 1 ms for 28,000 mentions of S-400).
    entity = SlugFilter(Entity, field_name="entity_id", label="entity (slug)")
    kind = filters.ChoiceFilter(field_name="entity__kind", choices=Entity.Kind.choices)
    article = IdFilter(Article, field_name="article_id")
    review = filters.ChoiceFilter(choices=Review.choices)
    # A choice, not BooleanFilter: that one ignores a value it cannot read ("maybe") and would
    # answer with every mention instead of a refusal.
    ambiguous = filters.TypedChoiceFilter(
        choices=[("true", "true"), ("false", "false")], coerce=lambda value: value == "true",
        label="a name several entities share, the text not saying which (true/false)")
    published_after = filters.DateFilter(field_name="article__published_on", lookup_expr="gte")
    published_before = filters.DateFilter(field_name="article__published_on", lookup_expr="lte")
    language = filters.ChoiceFilter(field_name="article__language", choices=Language.choices)
    outlet = SlugFilter(Outlet, field_name="article__outlet", label="outlet (slug)")

    class Meta:
        model = Mention
        fields = ["entity", "kind", "article", "review", "ambiguous", "published_after",
                  "published_before", "language", "outlet"]


class ArticleFilter(filters.FilterSet):
    entity = SlugFilter(Entity, method="filter_entity", label="mentions entity (slug)")
    meeting = SlugFilter(Meeting, method="filter_meeting",
                         label="reports meeting (slug): confirmed or suggested, not rejected")
    published_after = filters.DateFilter(field_name="published_on", lookup_expr="gte")
    published_before = filters.DateFilter(field_name="published_on", lookup_expr="lte")
    language = filters.ChoiceFilter(choices=Language.choices)
    outlet = SlugFilter(Outlet, field_name="outlet", label="outlet (slug)")
    story = IdFilter(Story, field_name="story_id")
    q = filters.CharFilter(method="filter_text", label="words in the title or text")

    class Meta:
        model = Article
        fields = ["entity", "meeting", "published_after", "published_before", "language", "outlet",
                  "story", "q"]

    def filter_entity(self, queryset, name, value):
        # A subquery rather than a join, so an article naming the entity twice is listed once;
        # of the form that reads fastest for how often it is named (models.articles.naming).
        return queryset.filter(naming(value))

    def filter_meeting(self, queryset, name, value):
        reports = (MeetingReport.objects.visible().filter(meeting_id=value)
                   .values("article_id"))
        return queryset.filter(pk__in=reports)

    def filter_text(self, queryset, name, value):
        # The search page's word match, so PostgreSQL's trigram index serves it too.
        return queryset.filter(pk__in=article_ids_with_words(value)) if value.split() else queryset


class ClaimFilter(filters.FilterSet):
    programme = SlugFilter(Programme, field_name="programme", label="programme (slug)")
    platform = SlugFilter(Platform, field_name="programme__platform", label="platform (slug)")
    status = filters.ChoiceFilter(choices=StatusClaim.Status.choices)
    review = filters.ChoiceFilter(choices=Review.choices)

    class Meta:
        model = StatusClaim
        fields = ["programme", "platform", "status", "review"]


class ProgrammeFilter(filters.FilterSet):
    buyer = SlugFilter(Country, field_name="buyer", label="buyer (country slug)")
    supplier = SlugFilter(Country, field_name="supplier", label="supplier (country slug)")
    platform = SlugFilter(Platform, field_name="platform", label="platform (slug)")
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
        keep = [p.pk for p in queryset.prefetch_related(None).with_evidence(sources=False)
                if derive_status(p.confirmed_claims).status == value]
        return queryset.filter(pk__in=keep)


class MeetingFilter(filters.FilterSet):
    forum = SlugFilter(Forum, field_name="parent_forum", label="forum (slug)")
    starts_after = filters.DateFilter(field_name="starts_on", lookup_expr="gte")
    starts_before = filters.DateFilter(field_name="starts_on", lookup_expr="lte")
    participant = SlugFilter(Person, field_name="participants", label="participant (slug)",
                             distinct=True)
    location = SlugFilter(Place, field_name="location", label="place (slug)")

    class Meta:
        model = Meeting
        fields = ["forum", "starts_after", "starts_before", "participant", "location"]


def _named(queryset, name, value):
    """Entities with a name or alias containing `value`, aliases compared in matching form."""
    folded = fold_alias(value)
    aliases = Alias.objects.filter(entity=OuterRef("pk"), folded__contains=folded)
    return queryset.filter(Q(name__icontains=value.strip()) | (Q(Exists(aliases)) if folded else Q()))


def name_filter() -> filters.CharFilter:
    """`?q=`: any name or alias, in any script; every entity kind's list takes it."""
    return filters.CharFilter(method=_named, label="name or alias (any script)")


class EntityFilter(filters.FilterSet):
    kind = filters.ChoiceFilter(choices=Entity.Kind.choices)
    q = name_filter()

    class Meta:
        model = Entity
        fields = ["kind", "q"]


class PlatformFilter(filters.FilterSet):
    category = filters.ChoiceFilter(choices=Platform.Category.choices)
    origin = SlugFilter(Country, field_name="origin", label="origin (country slug)")
    maker = SlugFilter(Organisation, field_name="maker", label="maker (organisation slug)")
    q = name_filter()

    class Meta:
        model = Platform
        fields = ["category", "origin", "maker", "q"]


class AgreementFilter(filters.FilterSet):
    category = filters.ChoiceFilter(choices=Agreement.Category.choices)
    status = filters.ChoiceFilter(choices=Agreement.Status.choices)
    party = SlugFilter(Country, field_name="parties", label="party (country slug)",
                       distinct=True)
    platform = SlugFilter(Platform, field_name="platforms", label="platform (slug)",
                          distinct=True)
    signed_after = filters.DateFilter(field_name="signed_on", lookup_expr="gte")
    signed_before = filters.DateFilter(field_name="signed_on", lookup_expr="lte")

    class Meta:
        model = Agreement
        fields = ["category", "status", "party", "platform", "signed_after", "signed_before"]


class CountryFilter(filters.FilterSet):
    q = name_filter()

    class Meta:
        model = Country
        fields = ["q"]


class PersonFilter(filters.FilterSet):
    country = SlugFilter(Country, field_name="nation", label="country (slug)")
    q = name_filter()

    class Meta:
        model = Person
        fields = ["country", "q"]


class OrganisationFilter(filters.FilterSet):
    category = filters.ChoiceFilter(choices=Organisation.Category.choices)
    country = SlugFilter(Country, field_name="nation", label="country (slug)")
    q = name_filter()

    class Meta:
        model = Organisation
        fields = ["category", "country", "q"]


class ForumFilter(filters.FilterSet):
    category = filters.ChoiceFilter(choices=Forum.Category.choices)
    member = SlugFilter(Country, field_name="members", label="member (country slug)",
                        distinct=True)
    q = name_filter()

    class Meta:
        model = Forum
        fields = ["category", "member", "q"]


class PlaceFilter(filters.FilterSet):
    category = filters.ChoiceFilter(choices=Place.Category.choices)
    country = SlugFilter(Country, field_name="nation", label="country (slug)")
    q = name_filter()

    class Meta:
        model = Place
        fields = ["category", "country", "q"]


class OutcomeFilter(filters.FilterSet):
    meeting = SlugFilter(Meeting, field_name="meeting", label="meeting (slug)")
    subject = SlugFilter(Entity, field_name="subject", label="subject (entity slug)")
    result = filters.ChoiceFilter(choices=Outcome.Result.choices)

    class Meta:
        model = Outcome
        fields = ["meeting", "subject", "result"]


class AliasFilter(filters.FilterSet):
    entity = SlugFilter(Entity, field_name="entity", label="entity (slug)")
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
    country = SlugFilter(Country, field_name="country", label="country (slug)")

    class Meta:
        model = Outlet
        fields = ["language", "country"]
