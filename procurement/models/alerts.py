"""Alerts: what signed-in readers follow, what happened to it (events), and how they hear of it
(a private Atom feed, a daily e-mail digest, webhooks with their deliveries).

Events are an outbox: written once (by the claim review hook, or by the `events_collect` job
for new articles), then read by the feeds and digests and fanned out to webhooks. Nothing here
is written on the ingestion path.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .articles import Article
from .entities import Entity
from .programmes import Programme, StatusClaim

# The kinds of entity a reader can follow, besides programmes. Countries and places are left
# out on purpose: nearly every article names one, so following one would be following the feed.
FOLLOWABLE_KINDS = (Entity.Kind.PLATFORM, Entity.Kind.PERSON, Entity.Kind.MEETING)


def new_token() -> str:
    return secrets.token_urlsafe(32)


class Follow(models.Model):
    """One reader following one entity (system, person, meeting) or one programme."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="follows")
    entity = models.ForeignKey(Entity, models.CASCADE, null=True, blank=True,
                               related_name="follows")
    programme = models.ForeignKey(Programme, models.CASCADE, null=True, blank=True,
                                  related_name="follows")
    # CASCADE (both): following something that no longer exists means nothing.
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(entity__isnull=False) & Q(programme__isnull=True))
                | (Q(entity__isnull=True) & Q(programme__isnull=False)),
                name="procurement_follow_one_target"),
            models.UniqueConstraint(fields=["user", "entity"], condition=Q(entity__isnull=False),
                                    name="procurement_follow_unique_entity"),
            models.UniqueConstraint(fields=["user", "programme"],
                                    condition=Q(programme__isnull=False),
                                    name="procurement_follow_unique_programme"),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.target}"

    @property
    def target(self):
        return self.entity if self.entity_id else self.programme

    def get_absolute_url(self) -> str:
        return self.target.get_absolute_url()


class Subscriber(models.Model):
    """A reader's alert settings: the private feed token and the daily digest."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, models.CASCADE,
                                related_name="subscriber")
    feed_token = models.CharField(max_length=64, unique=True, default=new_token, editable=False,
        help_text=_("Private part of the reader's feed addresses. Resetting it stops every "
                    "old address at once."))
    digest = models.BooleanField(_("daily digest"), default=True,
        help_text=_("Send a daily e-mail of what happened to the followed items."))
    digest_sent = models.DateTimeField(null=True, blank=True, editable=False,
        help_text=_("Events up to this moment were in a digest already; empty: none sent."))
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["user__username"]

    def __str__(self) -> str:
        return str(self.user)

    def get_absolute_url(self) -> str:
        return reverse("procurement:follows")


class Event(models.Model):
    """Something that happened to a followable item, written once and read by every channel.

    An article naming three followed systems is three events (one per article and entity):
    feeds and digests are per item, webhooks filter by item, and the unique constraint below
    makes collecting them again harmless.
    """

    class Kind(models.TextChoices):
        ARTICLE_NEW = "article.new", _("new article")
        CLAIM_CONFIRMED = "claim.confirmed", _("claim confirmed")
        STATUS_CHANGED = "status.changed", _("status changed")

    kind = models.CharField(max_length=20, choices=Kind.choices)
    entity = models.ForeignKey(Entity, models.SET_NULL, null=True, blank=True,
                               related_name="events")
    programme = models.ForeignKey(Programme, models.SET_NULL, null=True, blank=True,
                                  related_name="events")
    article = models.ForeignKey(Article, models.SET_NULL, null=True, blank=True,
                                related_name="events")
    claim = models.ForeignKey(StatusClaim, models.SET_NULL, null=True, blank=True,
                              related_name="events")
    # SET_NULL (all four): an event already told someone something; the payload keeps what it
    # said after the record is merged or removed.
    payload = models.JSONField(default=dict,
        help_text=_("What the event says, as sent to webhooks: titles, slugs, statuses."))
    created = models.DateTimeField(auto_now_add=True, db_index=True)
    # ^ feeds and digests read events newest first, or since a moment
    fanned_out = models.BooleanField(default=False, editable=False,
        help_text=_("Whether webhook deliveries were made for it (events_collect)."))

    class Meta:
        ordering = ["-created", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["article", "entity"],
                                    condition=Q(kind="article.new"),
                                    name="procurement_event_unique_article"),
            models.UniqueConstraint(fields=["claim"], condition=Q(kind="claim.confirmed"),
                                    name="procurement_event_unique_claim"),
            models.CheckConstraint(condition=Q(kind__in=["article.new", "claim.confirmed",
                                                         "status.changed"]),
                                   name="procurement_event_kind_known"),
        ]
        indexes = [
            models.Index(fields=["entity", "created"], name="procurement_event_entity"),
            # ^ a followed item's feed and digest section
            models.Index(fields=["programme", "created"], name="procurement_event_programme"),
            models.Index(fields=["id"], condition=Q(fanned_out=False),
                         name="procurement_event_fan_out"),
            # ^ events_collect finds events not yet fanned out to webhooks
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.payload.get('title', '')}"

    def get_absolute_url(self) -> str:
        # Kept in the payload when the event is written: reading it costs no query, and the
        # link stays what it was when the event was sent.
        return self.payload.get("path") or reverse("procurement:home")


class Cursor(models.Model):
    """How far a job has read a table (events_collect: the last article id it has read)."""

    name = models.CharField(max_length=40, unique=True)
    position = models.BigIntegerField(default=0)
    updated = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.name} @ {self.position}"


class Webhook(models.Model):
    """An address that receives events as signed JSON POSTs."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="webhooks")
    url = models.URLField(max_length=500,
        help_text=_("Where events are POSTed: http or https, a public address."))
    description = models.CharField(max_length=200, blank=True)
    secret = models.CharField(max_length=64, default=new_token, editable=False,
        help_text=_("Signs every delivery (HMAC-SHA256); shown once, when the webhook is made."))
    events = models.JSONField(default=list, blank=True,
        help_text=_("Event kinds to send; empty for every kind."))
    entities = models.ManyToManyField(Entity, blank=True, related_name="webhooks",
        help_text=_("Only these items; leave entities and programmes empty for everything "
                    "the owner follows."))
    programmes = models.ManyToManyField(Programme, blank=True, related_name="webhooks")
    active = models.BooleanField(default=True,
        help_text=_("Cleared after too many failures in a row; set it again to resume."))
    failures = models.PositiveIntegerField(default=0, editable=False,
        help_text=_("Failed attempts in a row; a success sets it back to 0."))
    disabled_reason = models.TextField(blank=True, editable=False)
    last_error = models.TextField(blank=True, editable=False)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created", "-pk"]

    def __str__(self) -> str:
        return self.url

    def get_absolute_url(self) -> str:
        return reverse("api:webhook-detail", args=[self.pk])


class Delivery(models.Model):
    """One event sent (or to be sent) to one webhook, with its retries."""

    class State(models.TextChoices):
        PENDING = "pending", _("pending")
        DELIVERED = "delivered", _("delivered")
        FAILED = "failed", _("failed")

    webhook = models.ForeignKey(Webhook, models.CASCADE, related_name="deliveries")
    event = models.ForeignKey(Event, models.CASCADE, related_name="deliveries")
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_try = models.DateTimeField(null=True, blank=True,
        help_text=_("When it is tried next; later after each failure."))
    status_code = models.PositiveSmallIntegerField(null=True, blank=True,
        help_text=_("The HTTP status of the last attempt; empty when no answer came."))
    error = models.TextField(blank=True)
    delivered = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name_plural = "deliveries"
        constraints = [
            models.UniqueConstraint(fields=["webhook", "event"],
                                    name="procurement_delivery_unique"),
        ]
        indexes = [models.Index(fields=["next_try"], condition=Q(state="pending"),
                                name="procurement_delivery_due")]
        # ^ deliveries_send_due reads the pending deliveries whose time has come

    def __str__(self) -> str:
        return f"{self.event} → {self.webhook}"
