"""Outlets' feeds the tracker polls (services.sources) and the items it found in them."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .articles import Article, Outlet
from .choices import Language


class Source(models.Model):
    """One feed of one outlet: an RSS 2.0 or Atom feed, or a sitemap of news articles."""

    class Kind(models.TextChoices):
        FEED = "feed", _("RSS or Atom feed")
        SITEMAP = "sitemap", _("news sitemap")

    slug = models.SlugField(max_length=80, unique=True,
        help_text=_("Its address in the API and the name `poll --source` takes."))
    url = models.URLField(max_length=500, unique=True,
        help_text=_("The feed's own address (not the outlet's home page)."))
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.FEED)
    outlet = models.ForeignKey(Outlet, models.PROTECT, related_name="sources",
        help_text=_("Articles found in this feed are filed under this outlet."))
    # PROTECT: an outlet with feeds is merged, not deleted; its feeds would lose their owner.
    language = models.CharField(max_length=2, choices=Language.choices, blank=True,
        help_text=_("The feed's language; empty to detect it from each article."))
    interval = models.PositiveIntegerField(default=30,
        help_text=_("Minutes between polls. Failures wait longer (see 'next poll')."))
    enabled = models.BooleanField(default=True,
        help_text=_("Untick to stop polling without losing the feed's history."))

    # Kept by polling, not by editors: excluded from history below.
    polled = models.DateTimeField(null=True, blank=True, editable=False,
        help_text=_("When the feed was last asked for, successfully or not."))
    succeeded = models.DateTimeField(null=True, blank=True, editable=False,
        help_text=_("When the feed last answered with something readable."))
    due = models.DateTimeField(null=True, blank=True, db_index=True,
        help_text=_("Next poll; empty means as soon as possible. Set later after failures."))
    failures = models.PositiveIntegerField(default=0, editable=False,
        help_text=_("Failed polls in a row; each one doubles the wait, up to a day."))
    error = models.TextField(blank=True, editable=False,
        help_text=_("Why the last poll failed; empty once a poll succeeds."))
    etag = models.CharField(max_length=300, blank=True, editable=False,
        help_text=_("The feed's ETag, sent back so an unchanged feed costs one short answer."))
    modified = models.CharField(max_length=100, blank=True, editable=False,
        help_text=_("The feed's Last-Modified header, sent back for the same reason."))
    created = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords(excluded_fields=["polled", "succeeded", "due", "failures",
                                                 "error", "etag", "modified"])

    class Meta:
        ordering = ["slug"]
        constraints = [
            models.CheckConstraint(condition=Q(interval__gte=1),
                                   name="procurement_source_interval_positive"),
        ]

    def __str__(self) -> str:
        return self.slug

    def get_absolute_url(self) -> str:
        return reverse("admin:procurement_source_change", args=[self.pk])


class Item(models.Model):
    """An article page a feed listed: fetched and ingested once, whichever worker gets it."""

    class State(models.TextChoices):
        NEW = "new", _("waiting")
        CLAIMED = "claimed", _("being fetched")
        INGESTED = "ingested", _("ingested")
        DUPLICATE = "duplicate", _("already in the record")
        REFUSED = "refused", _("refused")
        FAILED = "failed", _("failed")

    source = models.ForeignKey(Source, models.CASCADE, related_name="items", db_index=False)
    # No index of its own: the (source, state) index leads with it.
    url = models.URLField(max_length=500, unique=True,
        help_text=_("The article page; a page listed by two feeds is fetched once."))
    guid = models.CharField(max_length=500, blank=True,
        help_text=_("The feed's own identifier for the item, when it gives one."))
    title = models.CharField(max_length=500, blank=True, help_text=_("As the feed lists it."))
    published = models.DateTimeField(null=True, blank=True,
        help_text=_("When the feed says the item was published."))
    state = models.CharField(max_length=10, choices=State.choices, default=State.NEW)
    claimed = models.DateTimeField(null=True, blank=True,
        help_text=_("When a worker took the item; another may take it after a lease expires."))
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True, help_text=_("Why the page was refused or failed."))
    article = models.ForeignKey(Article, models.SET_NULL, null=True, blank=True,
                                related_name="items")
    # SET_NULL: the item stays as a record that the page was seen if its article is deleted.
    seen = models.DateTimeField(auto_now_add=True)
    done = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-seen"]
        constraints = [
            models.CheckConstraint(condition=~Q(url=""), name="procurement_item_url_not_empty"),
        ]
        indexes = [models.Index(fields=["source", "state"], name="procurement_item_queue")]

    def __str__(self) -> str:
        return self.title or self.url

    def get_absolute_url(self) -> str:
        return reverse("admin:procurement_item_change", args=[self.pk])
