"""Following items: the button on their pages, the reader's list, and the private Atom feeds.

The feeds are read by feed readers, which cannot sign in: the token in the address is the
credential (an unknown token answers 404, as an unknown page would, saying nothing more).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.syndication.views import Feed
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..models import Entity, Event, Programme, Webhook
from ..selectors_alerts import (FEED_KINDS, feed_events, follow_list, followed_target,
                                subscriber_by_token)
from ..services.alerts import (follow_create, follow_delete, subscriber_get,
                               subscriber_reset_token, subscriber_update)

UNKNOWN_TARGET = gettext_lazy("That item does not exist (any more).")
UNKNOWN_ACTION = gettext_lazy("Nothing to do: the form did not say what.")
EVENT_LABELS = {Event.Kind.ARTICLE_NEW: gettext_lazy("New article"),
                Event.Kind.CLAIM_CONFIRMED: gettext_lazy("Claim confirmed"),
                Event.Kind.STATUS_CHANGED: gettext_lazy("Status changed")}


def feed_prefix(target) -> str:
    """The kind word of a followed item's feed address (systems, people, meetings, programmes)."""
    return "programmes" if isinstance(target, Programme) else Entity.URL_PREFIX[target.kind]


def _target(value: str):
    """"entity:12" or "programme:3" → the record, else None."""
    kind, _sep, pk = value.partition(":")
    model = {"entity": Entity, "programme": Programme}.get(kind)
    if model is None or not pk.isdigit() or len(pk) > 18:
        return None
    return model.objects.filter(pk=pk).first()


def _back(request):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()},
                                                  require_https=request.is_secure()):
        return redirect(target)
    return redirect("procurement:follows")


@login_required
def follows(request):
    """GET: what I follow, my feed addresses, digest and token. POST: follow, unfollow, digest
    on/off, new token (`action`), then back to `next` or here."""
    if request.method == "POST":
        return _act(request)
    subscriber = subscriber_get(user=request.user)
    token = subscriber.feed_token
    rows = []
    for follow in follow_list(user=request.user):
        target = follow.target
        rows.append({"follow": follow, "target": target, "feed": request.build_absolute_uri(
            reverse("procurement:follows-item-feed",
                    args=[token, feed_prefix(target), target.slug]))})
    return render(request, "procurement/follows.html", {
        "rows": rows, "subscriber": subscriber,
        "feed": request.build_absolute_uri(reverse("procurement:follows-feed", args=[token])),
        "webhooks": Webhook.objects.filter(owner=request.user).order_by("pk"),
    })


def _act(request):
    action = request.POST.get("action", "")
    if action in ("follow", "unfollow"):
        target = _target(request.POST.get("target", ""))
        if target is None:
            messages.error(request, UNKNOWN_TARGET)
            return _back(request)
        try:
            if action == "follow":
                follow_create(user=request.user, target=target)
                messages.success(request, _("You now follow %(item)s.") % {"item": target})
            else:
                follow_delete(user=request.user, target=target)
                messages.success(request, _("You no longer follow %(item)s.") % {"item": target})
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return _back(request)
    subscriber = subscriber_get(user=request.user)
    if action == "digest":
        subscriber_update(subscriber=subscriber, digest=request.POST.get("digest") == "on")
        messages.success(request, _("Daily digest switched on.") if subscriber.digest
                         else _("Daily digest switched off."))
    elif action == "reset":
        subscriber_reset_token(subscriber=subscriber)
        messages.success(request, _("New feed addresses made; the old ones no longer work."))
    else:
        messages.error(request, UNKNOWN_ACTION)
    return redirect("procurement:follows")


class FollowsFeed(Feed):
    """/follows/feed/<token>/ (everything the reader follows) and
    /follows/feed/<token>/<kind>/<slug>/ (one followed item). Two queries (three for one item)."""

    feed_type = Atom1Feed
    # ReadAccessMiddleware lets it through with reading closed: the token is the credential.
    opens_with_token = True

    def get_object(self, request, token, kind=None, slug=None):
        subscriber = subscriber_by_token(token)
        if subscriber is None:
            raise Http404
        target = None
        if kind is not None:
            # The target and the follow in one query; an item not followed is not found.
            target = followed_target(user=subscriber.user, kind=kind, slug=slug)
            if target is None:
                raise Http404
        return subscriber.user, target

    def title(self, obj):
        _user, target = obj
        if target is None:
            return _("Defence-procurement tracker: what I follow")
        return _("Defence-procurement tracker: %(item)s") % {"item": target}

    def subtitle(self, obj):
        return _("New articles, confirmed claims and status changes.")

    def link(self, obj):
        _user, target = obj
        return target.get_absolute_url() if target is not None else reverse("procurement:home")

    def items(self, obj):
        user, target = obj
        return feed_events(user=user, target=target)

    def item_title(self, item):
        return f"{EVENT_LABELS.get(item.kind, item.kind)}: {item.payload.get('title', '')}"

    def item_description(self, item):
        payload = item.payload
        if item.kind == Event.Kind.ARTICLE_NEW:
            article = payload.get("article", {})
            return _("%(entity)s is named in %(outlet)s (%(date)s).") % {
                "entity": payload.get("entity", {}).get("name", ""),
                "outlet": article.get("outlet") or _("an article"),
                "date": article.get("published_on") or _("undated")}
        if item.kind == Event.Kind.CLAIM_CONFIRMED:
            claim = payload.get("claim", {})
            return " · ".join(p for p in (claim.get("label"), claim.get("occurred_on"),
                                          claim.get("quote"), claim.get("source")) if p)
        before, after = payload.get("before", {}), payload.get("after", {})
        return _("Was: %(before)s. Now: %(after)s.") % {
            "before": before.get("label") or _("unknown"), "after": after.get("label") or _("unknown")}

    def item_link(self, item):
        return item.get_absolute_url()

    def item_guid(self, item):
        return f"tag:tracker,event:{item.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.created

    def item_updateddate(self, item):
        return item.created


__all__ = ["FEED_KINDS", "FollowsFeed", "feed_prefix", "follows"]
