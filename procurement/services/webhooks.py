"""Webhooks: registering them, and delivering events to them signed, with retries.

A delivery is a POST of JSON with these headers:

    X-Tracker-Event: claim.confirmed
    X-Tracker-Delivery: 1234                 (the same on every retry: receivers de-duplicate)
    X-Tracker-Timestamp: 1767225600          (Unix seconds of this attempt)
    X-Tracker-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<body>" with the secret>

Any 2xx answer is delivered. Anything else (or no answer within WEBHOOKS_TIMEOUT) is tried
again after 1 min × 6^(attempt − 1), at most 12 h, WEBHOOKS_MAX_ATTEMPTS times in all; a
webhook failing WEBHOOKS_MAX_FAILURES times in a row is switched off, with the reason kept.
Addresses are resolved and checked at every attempt and the connection goes to the address
checked, so a name that later resolves to a private address reaches nothing.
"""

import datetime
import hashlib
import hmac
import http.client
import ipaddress
import json
import socket
import ssl
import time
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from ..feeds.fetch import refusal
from ..models import Delivery, Event, Webhook

URL_NOT_HTTP = "A webhook address starts with http:// or https://."
URL_INVALID = "This is not a web address."
URL_HAS_PASSWORD = "Put no user name or password in the address; the signature proves the sender."
URL_PRIVATE = ("This address is private, loopback or link-local; webhooks only go to public "
               "addresses.")
EVENTS_UNKNOWN = "Unknown event kind: {kinds}. Choose from: {known}."
TOO_MANY = "You have {count} webhooks already, the most an account may have."
UNRESOLVED = "The host name did not resolve: {error}"

BACKOFF_FIRST = datetime.timedelta(minutes=1)
BACKOFF_FACTOR = 6
BACKOFF_MOST = datetime.timedelta(hours=12)
ANSWER_READ = 4096        # bytes of a receiver's answer kept (for the error shown)
SEND_CHUNK = 100          # deliveries sent per run of deliveries_send_due


# Addresses ----------------------------------------------------------------------------------

def _forbidden(address: str) -> bool:
    # The feeds' own classification: one list of what is not public (mapped and 6to4 IPv6
    # addresses included) for every request the tracker makes to an address it was given.
    return bool(refusal(ipaddress.ip_address(address.split("%")[0])))


def url_problem(url: str) -> str:
    """Why `url` cannot be a webhook address ("" when it can), from the address alone."""
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        return URL_NOT_HTTP if "://" in url and not url.lower().startswith(("http://", "https://")) \
            else URL_INVALID
    parts = urlsplit(url)
    if parts.username or parts.password:
        return URL_HAS_PASSWORD
    host = (parts.hostname or "").rstrip(".").lower()
    if settings.WEBHOOKS_ALLOW_PRIVATE:
        return ""
    if host == "localhost" or host.endswith((".localhost", ".local", ".internal")):
        return URL_PRIVATE
    try:
        if _forbidden(host):
            return URL_PRIVATE
    except ValueError:
        pass  # a host name: checked when it is resolved, at each attempt
    return ""


def _resolve(host: str, port: int) -> str:
    """The address to connect to; refuses a name with any private address among its answers
    (checking only the first would let a name with two answers pick its target)."""
    try:
        answers = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as error:
        raise OSError(UNRESOLVED.format(error=error)) from None
    addresses = [a[4][0] for a in answers]
    if not settings.WEBHOOKS_ALLOW_PRIVATE and any(_forbidden(a) for a in addresses):
        raise OSError(URL_PRIVATE)
    return addresses[0]


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """Connects to the address already checked, whatever the name resolves to by then."""

    def __init__(self, *args, address: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.address = address

    def connect(self):
        self.sock = socket.create_connection((self.address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection, _PinnedHTTPConnection):
    # HTTPSConnection.connect() wraps what _PinnedHTTPConnection.connect() opened, with the
    # host name for SNI and certificate checks.
    pass


def _post(url: str, body: bytes, headers: dict) -> tuple[int, str]:
    """POST without following redirects; (status, start of the answer). Raises OSError."""
    parts = urlsplit(url)
    https = parts.scheme == "https"
    port = parts.port or (443 if https else 80)
    address = _resolve(parts.hostname, port)
    timeout = settings.WEBHOOKS_TIMEOUT
    if https:
        connection = _PinnedHTTPSConnection(parts.hostname, port, address=address,
                                            timeout=timeout,
                                            context=ssl.create_default_context())
    else:
        connection = _PinnedHTTPConnection(parts.hostname, port, address=address,
                                           timeout=timeout)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    try:
        connection.request("POST", path, body=body, headers=headers)
        response = connection.getresponse()
        answer = response.read(ANSWER_READ).decode("utf-8", "replace")
        return response.status, answer
    except http.client.HTTPException as error:
        raise OSError(f"Not an HTTP answer: {error!r}") from None
    finally:
        connection.close()


# Signing ------------------------------------------------------------------------------------

def signature(*, secret: str, timestamp: str, body: bytes) -> str:
    """The X-Tracker-Signature value; receivers compute the same and compare in constant time."""
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "sha256=" + digest.hexdigest()


def _body(*, delivery_id, event: Event | None, kind: str, payload: dict) -> bytes:
    return json.dumps({
        "delivery": delivery_id, "event": kind,
        "event_id": event.pk if event else None,
        "created": (event.created if event else timezone.now()).isoformat(),
        "data": payload,
    }, ensure_ascii=False, sort_keys=True).encode()


def _headers(*, secret: str, kind: str, delivery_id, body: bytes) -> dict:
    timestamp = str(int(time.time()))
    return {"Content-Type": "application/json; charset=utf-8",
            "User-Agent": "defence-procurement-tracker-webhooks/1",
            "X-Tracker-Event": kind, "X-Tracker-Delivery": str(delivery_id),
            "X-Tracker-Timestamp": timestamp,
            "X-Tracker-Signature": signature(secret=secret, timestamp=timestamp, body=body)}


def _send(*, webhook: Webhook, kind: str, delivery_id, event, payload) -> tuple[int | None, str]:
    """(HTTP status or None, error text; "" when delivered)."""
    body = _body(delivery_id=delivery_id, event=event, kind=kind, payload=payload)
    headers = _headers(secret=webhook.secret, kind=kind, delivery_id=delivery_id, body=body)
    problem = url_problem(webhook.url)
    if problem:
        return None, problem
    try:
        status, answer = _post(webhook.url, body, headers)
    except (OSError, ValueError) as error:
        return None, str(error) or error.__class__.__name__
    if 200 <= status < 300:
        return status, ""
    return status, f"HTTP {status}: {answer[:500]}".strip()


# Webhooks -----------------------------------------------------------------------------------

def webhook_save(*, webhook: Webhook, entities=None, programmes=None) -> Webhook:
    """Create or update a webhook: a public http(s) address, known event kinds, a cap per
    account. `entities`/`programmes`: the items it is limited to (None leaves them as they are;
    empty lists mean everything the owner follows)."""
    errors = {}
    problem = url_problem(webhook.url)
    if problem:
        errors["url"] = problem
    unknown = sorted(set(webhook.events) - set(Event.Kind.values))
    if unknown:
        errors["events"] = EVENTS_UNKNOWN.format(kinds=", ".join(map(str, unknown)),
                                                 known=", ".join(Event.Kind.values))
    if webhook._state.adding:
        count = Webhook.objects.filter(owner=webhook.owner).count()
        if count >= settings.WEBHOOKS_PER_USER:
            errors["url"] = TOO_MANY.format(count=count)
    if errors:
        raise ValidationError(errors)
    webhook.events = sorted(set(webhook.events))
    if webhook.active and not webhook._state.adding:
        # Switched back on (or edited): the failures that switched it off are history.
        stored = Webhook.objects.filter(pk=webhook.pk).values_list("active", flat=True).first()
        if stored is False:
            webhook.failures, webhook.disabled_reason = 0, ""
    webhook.full_clean()
    with transaction.atomic():
        webhook.save()
        if entities is not None:
            webhook.entities.set(entities)
        if programmes is not None:
            webhook.programmes.set(programmes)
    return webhook


def webhook_ping(*, webhook: Webhook) -> dict:
    """Send a signed `ping` now, outside the queue; the answer says what happened. Neither the
    failure count nor any delivery changes: a test is not a failure of the real thing."""
    status, error = _send(webhook=webhook, kind="ping", delivery_id="ping", event=None,
                          payload={"webhook": webhook.pk, "message": "It works."})
    return {"delivered": not error, "status_code": status, "error": error}


# Deliveries ---------------------------------------------------------------------------------

def backoff(attempts: int) -> datetime.timedelta:
    """The wait after the `attempts`-th failed attempt: 1 min, 6 min, 36 min, 3.6 h, 12 h…"""
    return min(BACKOFF_FIRST * BACKOFF_FACTOR ** (attempts - 1), BACKOFF_MOST)


def _record(*, delivery: Delivery, status, error: str, now) -> Delivery:
    webhook = delivery.webhook
    delivery.attempts += 1
    delivery.status_code = status
    delivery.error = error[:2000]
    if not error:
        delivery.state, delivery.delivered, delivery.next_try = Delivery.State.DELIVERED, now, None
        Webhook.objects.filter(pk=webhook.pk).update(failures=0, last_error="")
    else:
        if delivery.attempts >= settings.WEBHOOKS_MAX_ATTEMPTS:
            delivery.state, delivery.next_try = Delivery.State.FAILED, None
        else:
            delivery.next_try = now + backoff(delivery.attempts)
        Webhook.objects.filter(pk=webhook.pk).update(failures=F("failures") + 1,
                                                     last_error=delivery.error)
        reason = (f"Switched off on {now:%Y-%m-%d %H:%M} UTC after "
                  f"{settings.WEBHOOKS_MAX_FAILURES} failed attempts in a row; the last one: "
                  f"{delivery.error}")
        Webhook.objects.filter(pk=webhook.pk, active=True,
                               failures__gte=settings.WEBHOOKS_MAX_FAILURES) \
            .update(active=False, disabled_reason=reason[:2000])
    delivery.save(update_fields=["attempts", "status_code", "error", "state", "delivered",
                                 "next_try"])
    return delivery


def delivery_attempt(*, delivery: Delivery, now=None) -> Delivery:
    """Try one delivery now and record the outcome (delivered, retry later, or failed)."""
    now = now or timezone.now()
    status, error = _send(webhook=delivery.webhook, kind=delivery.event.kind,
                          delivery_id=delivery.pk, event=delivery.event,
                          payload=delivery.event.payload)
    return _record(delivery=delivery, status=status, error=error, now=now)


def deliveries_send_due(*, now=None, limit: int = SEND_CHUNK) -> dict:
    """Send the pending deliveries whose time has come, oldest due first.

    Each one is taken under a lock and its next try moved past the time an attempt can take,
    so a second worker running at once takes other deliveries, and a worker that dies
    mid-send leaves its deliveries to be tried again later, not lost.
    """
    now = now or timezone.now()
    lease = datetime.timedelta(seconds=settings.WEBHOOKS_TIMEOUT * 3 + 60)
    with transaction.atomic():
        due = list(Delivery.objects
                   .filter(state=Delivery.State.PENDING, next_try__lte=now,
                           webhook__active=True)
                   .order_by("next_try", "pk")
                   .select_for_update(skip_locked=True, of=("self",))[:limit])
        Delivery.objects.filter(pk__in=[d.pk for d in due]).update(next_try=now + lease)
    counts = {"delivered": 0, "retrying": 0, "failed": 0, "skipped": 0}
    hooks = {}
    for delivery in Delivery.objects.filter(pk__in=[d.pk for d in due]) \
            .select_related("webhook", "event").order_by("next_try", "pk"):
        # One instance per webhook, so a switch-off seen after one delivery holds for the rest.
        delivery.webhook = hooks.setdefault(delivery.webhook_id, delivery.webhook)
        if not delivery.webhook.active:  # switched off by an earlier delivery of this run
            Delivery.objects.filter(pk=delivery.pk).update(next_try=now)
            counts["skipped"] += 1
            continue
        delivery = delivery_attempt(delivery=delivery, now=now)
        counts[{"delivered": "delivered", "failed": "failed"}.get(delivery.state, "retrying")] += 1
        if delivery.state != Delivery.State.DELIVERED:
            delivery.webhook.refresh_from_db(fields=["active"])
    return counts
