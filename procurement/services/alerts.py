"""Alerts: following items, the events written about them, and the daily e-mail digest.

Webhooks and their deliveries are in services/webhooks.py. Nothing here runs on ingestion:
new articles become events in `events_collect`, a job that reads behind ingestion.
"""

import datetime
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ..models import (Article, Cursor, Entity, Event, Follow, Mention, Programme, Review,
                      StatusClaim, Subscriber, Webhook)
from ..models.alerts import FOLLOWABLE_KINDS, new_token
from ..status import derive_status

log = logging.getLogger(__name__)

NOT_FOLLOWABLE = "Only systems, people, meetings and programmes can be followed."
ALREADY_FOLLOWING = "You already follow this."

ARTICLE_CURSOR = "articles"
ARTICLE_CHUNK = 500       # articles read per step of events_collect
ARTICLE_STEPS = 20        # steps per run: at most 10,000 articles a minute, whatever the backlog
FAN_OUT_CHUNK = 500       # events fanned out to webhooks per step
DIGEST_MOST = 200         # events listed in one digest; the rest are counted


# Follows ------------------------------------------------------------------------------------

def _target_fields(target) -> dict:
    if isinstance(target, Programme):
        return {"programme": target}
    if isinstance(target, Entity) and target.kind in FOLLOWABLE_KINDS:
        return {"entity": target}
    raise ValidationError(NOT_FOLLOWABLE)


def follow_create(*, user, target) -> Follow:
    """Follow an entity (of a followable kind) or a programme; following twice is refused."""
    fields = _target_fields(target)
    if Follow.objects.filter(user=user, **fields).exists():
        raise ValidationError(ALREADY_FOLLOWING)
    follow = Follow(user=user, **fields)
    follow.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            follow.save()
    except IntegrityError:  # the same click twice at once: the first one won
        raise ValidationError(ALREADY_FOLLOWING) from None
    subscriber_get(user=user)
    return follow


def follow_delete(*, user, target) -> int:
    """Stop following; returns how many follows went (0 when there was none)."""
    deleted, _ = Follow.objects.filter(user=user, **_target_fields(target)).delete()
    return deleted


# The reader's settings ----------------------------------------------------------------------

def subscriber_get(*, user) -> Subscriber:
    """The reader's alert settings, made on first use (a new token, the digest on)."""
    subscriber, _ = Subscriber.objects.get_or_create(user=user)
    return subscriber


def subscriber_update(*, subscriber: Subscriber, digest: bool) -> Subscriber:
    if digest and not subscriber.digest:
        # Switched back on: the first digest covers from now, not the months it was off.
        subscriber.digest_sent = timezone.now()
    subscriber.digest = digest
    subscriber.full_clean()
    subscriber.save(update_fields=["digest", "digest_sent"])
    return subscriber


def subscriber_reset_token(*, subscriber: Subscriber) -> Subscriber:
    """A new private token: every feed address given out before stops working."""
    subscriber.feed_token = new_token()
    subscriber.save(update_fields=["feed_token"])
    return subscriber


# Events -------------------------------------------------------------------------------------

def _link(path: str) -> dict:
    return {"path": path, "url": settings.SITE_URL + path}


def _entity_ref(entity) -> dict:
    return {"id": entity.pk, "slug": entity.slug, "kind": entity.kind, "name": entity.name,
            "url": settings.SITE_URL + entity.get_absolute_url()}


def _programme_ref(programme) -> dict:
    return {"id": programme.pk, "slug": programme.slug, "name": str(programme),
            "url": settings.SITE_URL + programme.get_absolute_url()}


def _status_ref(derived) -> dict:
    return {"status": derived.status, "label": str(derived.label),
            "units_delivered": derived.units_delivered,
            "as_of": derived.as_of.isoformat() if derived.as_of else None}


def events_record_claim(*, claim: StatusClaim, before: str) -> list[Event]:
    """Events for an editor's decision on a claim, in the caller's transaction.

    `before`: the claim's review before the decision. A claim newly confirmed is news
    (claim.confirmed, once per claim however often it is re-reviewed); a decision that changes
    the programme's derived status or delivered count — confirming, or taking back a
    confirmation — is news too (status.changed). Two queries when either review is
    "confirmed" (the programme's confirmed claims, one insert), none otherwise.
    """
    now_confirmed = claim.review == Review.CONFIRMED
    was_confirmed = before == Review.CONFIRMED
    if now_confirmed == was_confirmed:
        return []
    rows = list(StatusClaim.objects
                .filter(Q(programme_id=claim.programme_id, review=Review.CONFIRMED)
                        | Q(pk=claim.pk))
                .select_related("programme__buyer", "programme__platform", "article"))
    this = next(c for c in rows if c.pk == claim.pk)
    others = [c for c in rows if c.pk != claim.pk]
    after = derive_status(others + [this] if now_confirmed else others)
    earlier = derive_status(others + [this] if was_confirmed else others)
    programme = this.programme
    common = {"programme": _programme_ref(programme), "platform": _entity_ref(programme.platform),
              **_link(programme.get_absolute_url())}
    events = []
    if now_confirmed:
        events.append(Event(
            kind=Event.Kind.CLAIM_CONFIRMED, claim=this, programme=programme,
            entity_id=programme.platform_id, article=this.article,
            payload={**common, "title": f"{programme}: {this.get_status_display()}",
                     "claim": {"id": this.pk, "status": this.status,
                               "label": this.get_status_display(),
                               "units_delivered": this.units_delivered,
                               "occurred_on": this.occurred_on.isoformat()
                               if this.occurred_on else None,
                               "quote": this.quote, "source": this.source,
                               "article": this.article_id,
                               "article_title": this.article.title if this.article else ""}}))
    if (earlier.status, earlier.units_delivered) != (after.status, after.units_delivered):
        events.append(Event(
            kind=Event.Kind.STATUS_CHANGED, claim=this, programme=programme,
            entity_id=programme.platform_id,
            payload={**common, "title": f"{programme}: {earlier.label or '—'} → "
                                        f"{after.label or '—'}",
                     "before": _status_ref(earlier), "after": _status_ref(after)}))
    # ignore_conflicts: a claim confirmed, sent back and confirmed again was news once.
    return Event.objects.bulk_create(events, ignore_conflicts=True) if events else []


def watched_entities() -> Q:
    """The condition on `entity_id` for entities someone hears about: followed by an active
    reader, or chosen by an active webhook (two subqueries)."""
    followed = Follow.objects.filter(entity__isnull=False, user__is_active=True) \
        .values("entity_id")
    hooked = Webhook.entities.through.objects.filter(webhook__active=True) \
        .values("entity_id")
    return Q(entity_id__in=followed) | Q(entity_id__in=hooked)


def _article_cursor() -> Cursor:
    """The job's place in the article table, locked for this transaction. Made at the newest
    article the first time: alerts start when they are switched on, not with the archive."""
    cursor = Cursor.objects.select_for_update().filter(name=ARTICLE_CURSOR).first()
    if cursor is None:
        newest = Article.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        try:
            with transaction.atomic():
                Cursor.objects.create(name=ARTICLE_CURSOR, position=newest)
        except IntegrityError:
            pass  # another worker made it first
        cursor = Cursor.objects.select_for_update().get(name=ARTICLE_CURSOR)
    return cursor


def _article_events_step(*, now, chunk: int) -> tuple[int, bool]:
    """Read the next `chunk` settled articles; (events written, whether more may be waiting)."""
    settled = now - datetime.timedelta(seconds=settings.ALERTS_SETTLE_SECONDS)
    oldest = timezone.localdate(now) - datetime.timedelta(days=settings.ALERTS_ARTICLE_MAX_AGE_DAYS)
    with transaction.atomic():
        # Locked: a second worker waits here, then reads on from where this one stopped.
        cursor = _article_cursor()
        rows = list(Article.objects.filter(pk__gt=cursor.position).order_by("pk")
                    .values_list("pk", "created", "dated_on")[:chunk])
        # Stop at the first article too new to be sure the ones before it have all committed.
        ready = []
        for pk, created, dated_on in rows:
            if created > settled:
                break
            ready.append((pk, dated_on))
        if not ready:
            return 0, False
        recent = [pk for pk, dated_on in ready if dated_on >= oldest]
        pairs = list(Mention.objects.visible()
                     .filter(watched_entities(), article_id__in=recent)
                     .order_by().values_list("article_id", "entity_id").distinct()) \
            if recent else []
        events = []
        if pairs:
            articles = {a.pk: a for a in Article.objects.filter(pk__in={a for a, _ in pairs})
                        .select_related("outlet")
                        .only("pk", "title", "url", "published_on", "dated_on", "language",
                              "outlet__name", "outlet__slug")}
            entities = Entity.objects.in_bulk({e for _, e in pairs})
            for article_id, entity_id in pairs:
                article, entity = articles[article_id], entities[entity_id]
                events.append(Event(
                    kind=Event.Kind.ARTICLE_NEW, article=article, entity=entity,
                    payload={"title": article.title, "entity": _entity_ref(entity),
                             "article": {"id": article.pk, "title": article.title,
                                         "source_url": article.url,
                                         "outlet": article.outlet.name if article.outlet else "",
                                         "language": article.language,
                                         "published_on": article.published_on.isoformat()
                                         if article.published_on else None},
                             **_link(reverse("procurement:article", args=[article.pk]))}))
            Event.objects.bulk_create(events, ignore_conflicts=True)
        cursor.position = ready[-1][0]
        cursor.save(update_fields=["position", "updated"])
    return len(events), len(ready) == chunk


def _fan_out_step(*, now, chunk: int) -> tuple[int, bool]:
    """Deliveries for the events no webhook has seen yet; (deliveries made, more waiting)."""
    from ..models import Delivery

    with transaction.atomic():
        events = list(Event.objects.filter(fanned_out=False).order_by("pk")
                      .select_for_update(skip_locked=True)
                      .only("pk", "kind", "entity_id", "programme_id")[:chunk])
        if not events:
            return 0, False
        hooks = list(Webhook.objects.filter(active=True, owner__is_active=True)
                     .prefetch_related("entities", "programmes"))
        follows = {}
        for user_id, entity_id, programme_id in Follow.objects.filter(
                user_id__in={h.owner_id for h in hooks}).values_list(
                "user_id", "entity_id", "programme_id"):
            follows.setdefault(user_id, set()).add(("e", entity_id) if entity_id
                                                   else ("p", programme_id))
        deliveries = []
        for hook in hooks:
            chosen = {("e", e.pk) for e in hook.entities.all()} \
                | {("p", p.pk) for p in hook.programmes.all()}
            targets = chosen or follows.get(hook.owner_id, set())
            for event in events:
                if hook.events and event.kind not in hook.events:
                    continue
                if ("e", event.entity_id) in targets or ("p", event.programme_id) in targets:
                    deliveries.append(Delivery(webhook=hook, event=event, next_try=now))
        Delivery.objects.bulk_create(deliveries, ignore_conflicts=True)
        Event.objects.filter(pk__in=[e.pk for e in events]).update(fanned_out=True)
    return len(deliveries), len(events) == chunk


def events_collect(*, now=None, chunk: int = ARTICLE_CHUNK, steps: int = ARTICLE_STEPS) -> dict:
    """Write article.new events for articles received since the last run that name a watched
    entity, then make webhook deliveries for every event not yet fanned out.

    Bounded: at most `steps` chunks of each per run; the next run goes on where this one
    stopped. Safe to run twice at once (a locked cursor, unique events and deliveries).
    """
    now = now or timezone.now()
    written = made = 0
    for _step in range(steps):
        count, more = _article_events_step(now=now, chunk=chunk)
        written += count
        if not more:
            break
    for _step in range(steps):
        count, more = _fan_out_step(now=now, chunk=FAN_OUT_CHUNK)
        made += count
        if not more:
            break
    return {"events": written, "deliveries": made}


# Digests ------------------------------------------------------------------------------------

def followed_condition(user) -> Q:
    """Events about what `user` follows (a condition on Event; two subqueries, no join)."""
    follows = Follow.objects.filter(user=user)
    return (Q(entity_id__in=follows.filter(entity__isnull=False).values("entity_id"))
            | Q(programme_id__in=follows.filter(programme__isnull=False).values("programme_id")))


def digest_sections(*, user, since, until) -> tuple[list[dict], int]:
    """The digest's content: events in (since, until] about what `user` follows, grouped by
    followed item (a programme before its system), oldest first within each; and how many
    more there were than DIGEST_MOST. Three queries."""
    follows = list(Follow.objects.filter(user=user).select_related("entity", "programme"))
    events = Event.objects.filter(followed_condition(user), created__lte=until)
    if since is not None:
        events = events.filter(created__gt=since)
    total = events.count()
    chosen = list(events.order_by("created", "pk")[:DIGEST_MOST])
    by_programme = {f.programme_id: f for f in follows if f.programme_id}
    by_entity = {f.entity_id: f for f in follows if f.entity_id}
    sections = {}
    for event in chosen:
        follow = by_programme.get(event.programme_id) or by_entity.get(event.entity_id)
        if follow is None:
            continue
        section = sections.setdefault(follow.pk, {"target": follow.target, "events": []})
        section["events"].append(event)
    return list(sections.values()), max(total - len(chosen), 0)


def digest_send(*, subscriber: Subscriber, now=None, dry_run: bool = False) -> int:
    """Mail one reader what happened since their last digest; returns the events it listed.

    Nothing is sent when nothing happened. The digest's moment advances only once the mail
    has gone, to `now` as read before the events were: an event written while this runs is
    in the next digest, not lost between two.
    """
    now = now or timezone.now()
    user = subscriber.user
    since = subscriber.digest_sent or subscriber.created
    sections, more = digest_sections(user=user, since=since, until=now)
    count = sum(len(s["events"]) for s in sections)
    if not count or not user.email:
        return 0
    if dry_run:
        return count
    context = {"user": user, "sections": sections, "more": more, "count": count,
               "site_url": settings.SITE_URL, "since": since, "until": now,
               "follows_url": settings.SITE_URL + reverse("procurement:follows")}
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Tracker digest: %(count)s updates on %(items)s followed items") % {
            "count": count + more, "items": len(sections)}
        text = render_to_string("procurement/email/digest.txt", context)
        html = render_to_string("procurement/email/digest.html", context)
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [user.email])
    message.attach_alternative(html, "text/html")
    message.send()
    Subscriber.objects.filter(pk=subscriber.pk).update(digest_sent=now)
    subscriber.digest_sent = now
    return count


def digests_send(*, now=None, user=None, dry_run: bool = False) -> dict:
    """The daily digests: one mail per reader with the digest on and something to tell.

    A failure to send one reader's mail is logged and leaves their moment where it was (the
    next run tries again); the others still go.
    """
    now = now or timezone.now()
    subscribers = Subscriber.objects.filter(digest=True, user__is_active=True) \
        .select_related("user").order_by("pk")
    if user is not None:
        subscribers = subscribers.filter(user=user)
    sent = failed = listed = 0
    for subscriber in subscribers.iterator(chunk_size=200):
        try:
            count = digest_send(subscriber=subscriber, now=now, dry_run=dry_run)
        except Exception:  # noqa: BLE001 — a bad address or a mail server hiccup for one reader
            log.exception("digest for %s not sent", subscriber.user)
            failed += 1
            continue
        if count:
            sent += 1
            listed += count
    return {"sent": sent, "failed": failed, "events": listed}
