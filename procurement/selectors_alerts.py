"""Reads for alerts: a reader's follows, the events of their feeds, a feed's owner by token."""

import secrets

from django.db.models import Q

from .models import Entity, Event, Follow, Programme, Subscriber
from .models.alerts import FOLLOWABLE_KINDS
from .services.alerts import followed_condition

FEED_ITEMS = 50
TOKEN_MAX = 64

# The URL word of each followable kind, as in the site's own addresses (/systems/s-400/).
FEED_KINDS = {Entity.URL_PREFIX[kind]: kind for kind in FOLLOWABLE_KINDS}
FEED_KINDS["programmes"] = "programme"


def follow_list(*, user):
    """The reader's follows, newest first, with what each points to (one query)."""
    return Follow.objects.filter(user=user).select_related(
        "entity", "programme__buyer", "programme__platform")


def subscriber_by_token(token: str) -> Subscriber | None:
    """The active reader whose feed token this is, else None. One query by the unique index;
    the stored token is then compared in constant time, so a near miss takes as long as a far
    one."""
    if not token or len(token) > TOKEN_MAX:
        return None
    subscriber = (Subscriber.objects.select_related("user")
                  .filter(feed_token=token, user__is_active=True).first())
    if subscriber is None or not secrets.compare_digest(subscriber.feed_token, token):
        return None
    return subscriber


def followed_target(*, user, kind: str, slug: str):
    """The item `user` follows at /<kind>/<slug>/ (a feed's address), else None. One query."""
    model_kind = FEED_KINDS.get(kind)
    if model_kind is None:
        return None
    if model_kind == "programme":
        follow = Follow.objects.filter(user=user, programme__slug=slug) \
            .select_related("programme__buyer", "programme__platform").first()
        return follow.programme if follow else None
    follow = Follow.objects.filter(user=user, entity__slug=slug, entity__kind=model_kind) \
        .select_related("entity").first()
    return follow.entity if follow else None


def feed_events(*, user, target=None, limit: int = FEED_ITEMS):
    """The newest events about what `user` follows, or about one followed `target`.

    A platform's events include its programmes' claims and status changes (they carry the
    platform as their entity), so following a system is enough to hear about its deals.
    """
    if target is None:
        condition = followed_condition(user)
    elif isinstance(target, Programme):
        condition = Q(programme=target)
    else:
        condition = Q(entity=target)
    return Event.objects.filter(condition).order_by("-created", "-pk")[:limit]
