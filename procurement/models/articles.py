"""Outlets, articles, stories (reprints of one report) and the mentions found in articles."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ..text.slug import is_slug
from .choices import Language, Review
from .entities import Alias, Country, Entity


def validate_slug_any_script(value: str) -> None:
    # Django's slug validators refuse Devanagari vowel signs and viramas, which outlet names in
    # Hindi cannot do without ("ट्रैकर-डेमो-डेस्क", not "टरकर-डम-डसक").
    if not is_slug(value):
        raise ValidationError(
            _("Use letters (in any script, with their vowel signs), digits, hyphens or "
              "underscores."), code="invalid")


class Outlet(models.Model):
    slug = models.CharField(
        max_length=80, unique=True, validators=[validate_slug_any_script],
        help_text="Its address in the API: letters in any script, digits and hyphens.")
    name = models.CharField(max_length=200, unique=True, help_text="As the outlet names itself.")
    url = models.URLField(blank=True)
    language = models.CharField(max_length=2, choices=Language.choices, blank=True)
    country = models.ForeignKey(Country, models.SET_NULL, null=True, blank=True,
                                related_name="outlets")
    # SET_NULL: an outlet's articles stay attributable if the country entry goes.

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Story(models.Model):
    """Articles that report the same event: wire copy and its reprints count once as evidence."""

    title = models.CharField(max_length=300)
    created = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-created"]
        verbose_name_plural = "stories"

    def __str__(self) -> str:
        return self.title


class Article(models.Model):
    title = models.CharField(max_length=500)
    url = models.URLField(max_length=500, blank=True)
    outlet = models.ForeignKey(Outlet, models.PROTECT, null=True, blank=True,
                               related_name="articles", db_index=False)
    # PROTECT: articles are evidence; an outlet with articles is merged, not deleted.
    # No index of its own: the (outlet, published_on) index leads with it.
    language = models.CharField(max_length=2, choices=Language.choices, blank=True)
    published_on = models.DateField(null=True, blank=True,
        help_text="Publication date from the dateline or the source; empty when unknown.")
    dateline = models.CharField(max_length=200, blank=True, editable=False,
        help_text="The dateline text the date was read from.")
    body = models.TextField(help_text="The text as the source wrote it (Unicode NFC, LF line ends).")
    hash = models.CharField(max_length=64, unique=True, editable=False,
        help_text="SHA-256 of the normalised body; the same text is never stored twice.")
    signature = models.JSONField(default=list, editable=False,
        help_text="MinHash signature used to find near-duplicates.")
    story = models.ForeignKey(Story, models.SET_NULL, null=True, blank=True,
                              related_name="articles")
    # SET_NULL: dissolving a story must not delete its articles.
    source = models.CharField(max_length=300, blank=True, editable=False,
        help_text="Where the text came from (file name, 'admin', 'api').")
    furniture_from = models.PositiveIntegerField(null=True, blank=True, editable=False,
        help_text="Where the page furniture at the end of the body starts (\"Related Posts\" and "
                  "the list under it). Kept in the body but not searched for names or claims. "
                  "Empty: the whole body is the report. Computed on ingestion.")
    created = models.DateTimeField(auto_now_add=True)
    dated_on = models.DateField(editable=False,
        help_text="The date lists sort by: the publication date, or the day the tracker received "
                  "the article when it has none. Computed.")
    # Stored, not computed in each query: ordering by COALESCE(published_on, the day received)
    # cannot use an index, so every page of a large article list would sort the whole table.

    # History rows are read per article and by date (the changes feed), never by hash, outlet
    # or story: indexing those would cost every ingested article three more index writes.
    history = HistoricalRecords(excluded_fields=["body", "signature"],
                                no_db_index=["hash", "outlet", "story"])

    class Meta:
        ordering = ["-dated_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["url"], condition=~Q(url=""),
                                    name="procurement_article_unique_url"),
            models.CheckConstraint(condition=~Q(body=""), name="procurement_article_has_body"),
        ]
        indexes = [models.Index(fields=["published_on"], name="procurement_article_published"),
                   # ^ article lists are filtered by date range
                   models.Index(fields=["dated_on", "id"], name="procurement_article_dated"),
                   # ^ article lists and the dashboard are newest first, undated by day received
                   models.Index(fields=["outlet", "published_on"], name="procurement_article_outlet")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("procurement:article", args=[self.pk])

    def save(self, *args, **kwargs):
        # Derived, like an entity's kind: kept in step whenever an editor changes the date.
        # (Ingestion writes its INSERT itself and sets it the same way, in services/ingest.py.)
        self.dated_on = article_dated_on(self.published_on, self.created)
        if kwargs.get("update_fields") is not None and "published_on" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "dated_on"}
        super().save(*args, **kwargs)


def article_dated_on(published_on, created) -> datetime.date:
    """The publication date when known, else the day (in the site's time zone) it was received."""
    if published_on is not None:
        return published_on
    return timezone.localdate(created or timezone.now())


class StoryBand(models.Model):
    """One locality-sensitive-hashing band of an article's signature (near-duplicate index)."""

    # No index of its own: the unique (article, key) index leads with it.
    article = models.ForeignKey(Article, models.CASCADE, related_name="bands", db_index=False)
    key = models.CharField(max_length=40)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["article", "key"],
                                               name="procurement_band_unique")]
        indexes = [models.Index(fields=["key"], name="procurement_band_key")]
        # ^ ingestion looks up earlier articles sharing a band

    def __str__(self) -> str:
        return self.key


def mention_visible(prefix: str = "") -> Q:
    """The condition for a mention analysts see: not rejected, and not an ambiguous one still
    awaiting an editor (the text did not say which of several entries it names).
    `prefix`: the path to the mention, e.g. "mentions__" to count an entity's mentions."""
    return ~Q(**{f"{prefix}review": Review.REJECTED}) \
        & ~Q(**{f"{prefix}review": Review.MACHINE, f"{prefix}ambiguous": True})


# Above this many visible mentions an entity is "common": the articles naming it are found by
# walking articles newest first and probing each for a mention, which finds a page of them
# within a few hundred articles. Below it, its articles are few: collecting their ids from the
# (entity, article) index and sorting them is faster than walking past every article.
COMMON_MENTIONS = 2000


def naming(entity_id) -> Q:
    """The condition for an article that names the entity (a visible mention of it), in the
    form that reads fastest for how often the entity is named (one cheap query decides)."""
    visible = Mention.objects.visible().filter(entity_id=entity_id)
    common = visible.order_by().values("pk")[COMMON_MENTIONS - 1:COMMON_MENTIONS].exists()
    if common:
        return Q(Exists(visible.filter(article_id=OuterRef("pk"))))
    return Q(pk__in=visible.order_by().values("article_id"))


class MentionQuerySet(models.QuerySet):
    def visible(self) -> "MentionQuerySet":
        """Mentions analysts see: everything but what editors rejected and the ambiguous ones
        no editor has decided yet."""
        return self.filter(mention_visible())

    def pending(self) -> "MentionQuerySet":
        return self.filter(review=Review.MACHINE)


class Mention(models.Model):
    """An entity found in an article: body[start:end] is exactly `text`."""

    # Neither foreign key has an index of its own: the unique span index leads with article,
    # the (entity, article) index with entity, and every extra index slows ingestion.
    article = models.ForeignKey(Article, models.CASCADE, related_name="mentions", db_index=False)
    entity = models.ForeignKey(Entity, models.CASCADE, related_name="mentions", db_index=False)
    # CASCADE: mentions are derived from text; re-extraction recreates them for any entity.
    alias = models.ForeignKey(Alias, models.SET_NULL, null=True, blank=True,
                              related_name="mentions")
    # SET_NULL: removing an alias keeps the mention and its matched text.
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    text = models.CharField(max_length=200, help_text="The matched text, as written.")
    review = models.CharField(max_length=10, choices=Review.choices, default=Review.MACHINE)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True,
                                    blank=True, related_name="+")
    # SET_NULL: a review outlives the editor's account.
    reviewed_at = models.DateTimeField(null=True, blank=True)
    ambiguous = models.BooleanField(
        _("ambiguous"), default=False, db_default=False,
        # ^ db_default too: ingestion writes mention rows with plain INSERTs that may omit it
        help_text=_("Several entries share this name and the text did not say which is meant; "
                    "confirm the right one (the others are then rejected)."))

    history = HistoricalRecords()
    objects = MentionQuerySet.as_manager()

    class Meta:
        ordering = ["article", "start"]
        constraints = [
            models.UniqueConstraint(fields=["article", "entity", "start", "end"],
                                    name="procurement_mention_unique_span"),
            models.CheckConstraint(condition=Q(start__lt=models.F("end")),
                                   name="procurement_mention_span_not_empty"),
        ]
        indexes = [models.Index(fields=["entity", "article"], name="procurement_mention_entity"),
                   # ^ "articles that mention X" and the mentions API filtered by entity
                   models.Index(fields=["review"], name="procurement_mention_review")]
                   # ^ the editors' review queue

    def __str__(self) -> str:
        return f"{self.text} → {self.entity_id} in article {self.article_id}"
