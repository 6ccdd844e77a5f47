"""Alerts: events from editors' decisions and new articles, digests, webhook deliveries."""

import datetime
import hashlib
import hmac
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from procurement import services
from procurement.models import (Article, Cursor, Delivery, Event, Follow, Mention, Review,
                                StatusClaim, Subscriber, Webhook)
from procurement.services import alerts, webhooks
from procurement.services.alerts import events_collect, follow_create

from .conftest import make_article, make_claim

LATER = datetime.timedelta(minutes=5)


# A receiver for webhooks: a real HTTP server on a free local port --------------------------

class Receiver:
    def __init__(self):
        self.requests = []
        self.status = 200
        self.lock = threading.Lock()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server.server_address[1]}/hook?x=1"


@pytest.fixture
def receiver(settings):
    """An HTTP server thread that records what it is sent and answers `receiver.status`."""
    settings.WEBHOOKS_ALLOW_PRIVATE = True  # it listens on the loopback address
    state = Receiver()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            with state.lock:
                state.requests.append({"path": self.path, "headers": dict(self.headers),
                                       "body": body})
            self.send_response(state.status)
            self.end_headers()
            self.wfile.write(b"thanks" if state.status < 300 else b"not today")

        def log_message(self, *args):
            pass

    state.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=state.server.serve_forever, daemon=True)
    thread.start()
    yield state
    state.server.shutdown()
    state.server.server_close()


# Fixtures ----------------------------------------------------------------------------------

@pytest.fixture
def reader(django_user_model):
    return django_user_model.objects.create_user("reader", "reader@example.org", "pw-for-tests")


@pytest.fixture
def pending(programme):
    return make_claim(programme, review=Review.MACHINE, status=StatusClaim.Status.CONTRACTED,
                      occurred_on=datetime.date(2024, 3, 1))


def received(*, title="S-400 regiment arrives", body=None, when=None, **fields) -> Article:
    """An article received `when` (default: long enough ago to be read by events_collect)."""
    body = body or f"{title}. The S-400 was mentioned by officials on Monday."
    article = make_article(title=title, body=body, hash=hashlib.sha256(body.encode()).hexdigest(),
                           published_on=timezone.localdate(), **fields)
    Article.objects.filter(pk=article.pk).update(
        created=when or timezone.now() - datetime.timedelta(minutes=10))
    return article


def name(article, entity, text="S-400", **fields) -> Mention:
    start = article.body.index(text)
    return Mention.objects.create(article=article, entity=entity, start=start,
                                  end=start + len(text), text=text, **fields)


def start_cursor():
    """events_collect starts at the newest article; tests start it before theirs."""
    Cursor.objects.update_or_create(name=alerts.ARTICLE_CURSOR, defaults={"position": 0})


# Events from editors' decisions ------------------------------------------------------------

def test_it_records_a_confirmed_claim_and_a_status_change_when_an_editor_confirms(
        pending, editor):
    """Confirming the first claim of a programme is news twice: the claim, and the status."""
    services.claim_review(claim=pending, review=Review.CONFIRMED, editor=editor)
    events = {e.kind: e for e in Event.objects.all()}
    assert set(events) == {"claim.confirmed", "status.changed"}
    change = events["status.changed"]
    assert change.programme_id == pending.programme_id
    assert change.entity_id == pending.programme.platform_id  # a system's followers hear too
    assert change.payload["before"]["status"] == "" and change.payload["after"]["status"] == "contracted"
    assert events["claim.confirmed"].claim_id == pending.pk
    assert events["claim.confirmed"].payload["claim"]["label"] == "contracted"


def test_it_records_no_status_change_when_a_confirmation_leaves_the_status_as_it_was(
        programme, editor):
    """A second source for the standing status is a confirmed claim, not a change."""
    make_claim(programme, status=StatusClaim.Status.CONTRACTED, occurred_on=datetime.date(2024, 3, 1))
    older = make_claim(programme, review=Review.MACHINE, status=StatusClaim.Status.NEGOTIATING,
                       occurred_on=datetime.date(2023, 1, 1))
    services.claim_review(claim=older, review=Review.CONFIRMED, editor=editor)
    assert list(Event.objects.values_list("kind", flat=True)) == ["claim.confirmed"]


def test_it_records_a_status_change_when_a_confirmation_is_taken_back(programme, editor):
    """Rejecting the claim that decided the status changes the status: that is news too."""
    make_claim(programme, status=StatusClaim.Status.CONTRACTED, occurred_on=datetime.date(2020, 1, 1))
    latest = make_claim(programme, status=StatusClaim.Status.IN_DELIVERY,
                        occurred_on=datetime.date(2024, 1, 1))
    services.claim_review(claim=latest, review=Review.REJECTED, editor=editor)
    event = Event.objects.get()
    assert event.kind == "status.changed"
    assert (event.payload["before"]["status"], event.payload["after"]["status"]) == \
        ("in_delivery", "contracted")


def test_it_records_a_claim_confirmed_once_however_often_it_is_confirmed(pending, editor):
    """Confirmed, sent back, confirmed again: one claim.confirmed event."""
    for review in (Review.CONFIRMED, Review.MACHINE, Review.CONFIRMED):
        services.claim_review(claim=pending, review=review, editor=editor)
    assert Event.objects.filter(kind="claim.confirmed").count() == 1
    assert Event.objects.filter(kind="status.changed").count() == 3


def test_it_records_nothing_for_decisions_between_unconfirmed_reviews(pending, editor,
                                                                     django_assert_num_queries):
    """Rejecting a claim nobody confirmed changes nothing anyone follows (and costs no query)."""
    with django_assert_num_queries(0):
        alerts.events_record_claim(claim=pending, before=Review.REJECTED)
    services.claim_review(claim=pending, review=Review.REJECTED, editor=editor)
    assert not Event.objects.exists()


def test_it_records_a_confirmation_in_two_queries(pending, editor, django_assert_num_queries):
    """The hook in claim_review reads the programme's confirmed claims once and inserts once."""
    pending.review = Review.CONFIRMED
    with django_assert_num_queries(2):
        alerts.events_record_claim(claim=pending, before=Review.MACHINE)
    assert Event.objects.count() == 2


# Events for new articles -------------------------------------------------------------------

def test_it_collects_new_articles_only_for_followed_entities(reader, s400, belousov):
    """An article naming a followed system is an event; one naming only others is not."""
    start_cursor()
    follow_create(user=reader, target=s400)
    followed = received(title="First")
    name(followed, s400)
    other = received(title="Second", body="Belousov said nothing about the S-400 deal.")
    name(other, belousov, text="Belousov")
    assert events_collect()["events"] == 1
    event = Event.objects.get()
    assert (event.kind, event.article_id, event.entity_id) == ("article.new", followed.pk, s400.pk)
    assert event.payload["article"]["title"] == "First"
    assert Cursor.objects.get(name="articles").position == other.pk


def test_it_collects_each_article_once_even_when_read_again(reader, s400):
    """Reading the same articles twice (a reset cursor, a second worker) adds nothing."""
    start_cursor()
    follow_create(user=reader, target=s400)
    name(received(), s400)
    events_collect()
    start_cursor()
    assert events_collect()["events"] == 1  # written again, and ignored as a duplicate
    assert Event.objects.count() == 1


def test_it_skips_rejected_and_ambiguous_mentions(reader, s400):
    """Only mentions analysts see make an article news."""
    start_cursor()
    follow_create(user=reader, target=s400)
    name(received(title="Rejected"), s400, review=Review.REJECTED)
    name(received(title="Ambiguous"), s400, ambiguous=True)
    events_collect()
    assert not Event.objects.exists()


def test_it_waits_for_articles_just_received_and_skips_archive_imports(reader, s400, settings):
    """An article younger than the settling time waits for the next run; one dated weeks ago is
    not news; the cursor stops before the waiting one."""
    start_cursor()
    follow_create(user=reader, target=s400)
    old = received(title="Archive")
    Article.objects.filter(pk=old.pk).update(dated_on=datetime.date(2019, 1, 1))
    name(old, s400)
    fresh = received(title="Fresh", when=timezone.now())
    name(fresh, s400)
    events_collect()
    assert not Event.objects.exists()
    assert Cursor.objects.get().position == old.pk
    events_collect(now=timezone.now() + LATER)
    assert list(Event.objects.values_list("article_id", flat=True)) == [fresh.pk]


def test_it_starts_with_the_newest_article_the_first_time(reader, s400):
    """Switching alerts on does not turn the archive into news."""
    follow_create(user=reader, target=s400)
    name(received(), s400)
    events_collect()
    assert not Event.objects.exists()
    name(received(title="After"), s400)
    events_collect()
    assert Event.objects.get().payload["title"] == "After"


def test_it_reads_a_bounded_number_of_articles_per_run(reader, s400):
    """A backlog is read a chunk at a time, `steps` chunks per run."""
    start_cursor()
    follow_create(user=reader, target=s400)
    for n in range(5):
        name(received(title=f"Article {n}"), s400)
    assert events_collect(chunk=2, steps=1)["events"] == 2
    assert events_collect(chunk=2, steps=5)["events"] == 3


# Digests -----------------------------------------------------------------------------------

def test_it_mails_a_digest_grouped_by_item_and_never_the_same_events_twice(
        reader, s400, programme, pending, editor):
    """Events since the last digest, under the item followed; a second run sends nothing."""
    follow_create(user=reader, target=s400)
    follow_create(user=reader, target=programme)
    Subscriber.objects.update(created=timezone.now() - datetime.timedelta(days=1))
    start_cursor()
    name(received(title="Regiment arrives"), s400)
    events_collect()
    services.claim_review(claim=pending, review=Review.CONFIRMED, editor=editor)
    assert alerts.digests_send()["sent"] == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["reader@example.org"]
    text, (html, kind) = message.body, message.alternatives[0]
    assert kind == "text/html"
    assert "== S-400 Triumf ==" in text and "Regiment arrives" in text
    assert f"== {programme} ==" in text and "Status changed: — → contracted" in text
    # The claim events are under the programme, not repeated under its system.
    assert text.count("contracted") == 2
    assert "<h2>" in html and "Regiment arrives" in html
    assert alerts.digests_send()["sent"] == 0
    assert len(mail.outbox) == 1


def test_it_sends_no_digest_when_nothing_happened_or_the_digest_is_off(reader, s400, pending,
                                                                        editor):
    follow_create(user=reader, target=s400)
    assert alerts.digests_send()["sent"] == 0
    Subscriber.objects.update(digest=False)
    services.claim_review(claim=pending, review=Review.CONFIRMED, editor=editor)
    assert alerts.digests_send()["sent"] == 0
    assert mail.outbox == []


def test_it_keeps_the_digest_moment_when_the_mail_fails(reader, s400, pending, editor,
                                                        monkeypatch):
    """A mail server that refuses leaves the events for the next run."""
    follow_create(user=reader, target=s400)
    Subscriber.objects.update(created=timezone.now() - datetime.timedelta(days=1))
    services.claim_review(claim=pending, review=Review.CONFIRMED, editor=editor)

    def refuse(self, *args, **kwargs):
        raise OSError("mail server down")

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", refuse)
    assert alerts.digests_send() == {"sent": 0, "failed": 1, "events": 0}
    assert Subscriber.objects.get().digest_sent is None
    monkeypatch.undo()
    assert alerts.digests_send()["sent"] == 1


def test_it_sends_digests_from_the_command_with_a_dry_run_first(reader, s400, pending, editor,
                                                                capsys):
    follow_create(user=reader, target=s400)
    Subscriber.objects.update(created=timezone.now() - datetime.timedelta(days=1))
    services.claim_review(claim=pending, review=Review.CONFIRMED, editor=editor)
    call_command("send_digests", "--dry-run", "--user", "reader")
    assert "Would send 1 digest(s) listing 2 event(s)" in capsys.readouterr().out
    assert mail.outbox == [] and Subscriber.objects.get().digest_sent is None
    call_command("send_digests")
    assert len(mail.outbox) == 1


# Webhooks ----------------------------------------------------------------------------------

def hook(owner, url, **fields) -> Webhook:
    return webhooks.webhook_save(webhook=Webhook(owner=owner, url=url, **fields))


def test_it_delivers_a_signed_event_the_receiver_can_verify(reader, s400, pending, editor,
                                                            receiver):
    """The receiver recomputes the HMAC of "<timestamp>.<body>" with the secret."""
    follow_create(user=reader, target=s400)
    webhook = hook(reader, receiver.url)
    services.claim_review(claim=pending, review=Review.CONFIRMED, editor=editor)
    assert events_collect()["deliveries"] == 2
    assert webhooks.deliveries_send_due() == {"delivered": 2, "retrying": 0, "failed": 0,
                                              "skipped": 0}
    assert Delivery.objects.filter(state="delivered").count() == 2
    first = receiver.requests[0]
    headers, body = first["headers"], first["body"]
    assert first["path"] == "/hook?x=1"
    expected = hmac.new(webhook.secret.encode(), headers["X-Tracker-Timestamp"].encode() + b"."
                        + body, hashlib.sha256).hexdigest()
    assert hmac.compare_digest(headers["X-Tracker-Signature"], f"sha256={expected}")
    sent = json.loads(body)
    assert headers["X-Tracker-Event"] == sent["event"]
    assert headers["X-Tracker-Delivery"] == str(sent["delivery"])
    assert {r["headers"]["X-Tracker-Event"] for r in receiver.requests} == \
        {"claim.confirmed", "status.changed"}
    assert webhooks.deliveries_send_due()["delivered"] == 0  # nothing is sent twice


def test_it_sends_only_the_chosen_kinds_about_the_chosen_items(reader, s400, belousov, pending,
                                                               editor, receiver):
    """A webhook limited to status changes of a person hears nothing of a system's claims; one
    with no items chosen follows its owner's follows."""
    chosen = hook(reader, receiver.url, events=["status.changed"])
    chosen.entities.set([belousov])
    follows = hook(reader, receiver.url, events=["status.changed"])
    follow_create(user=reader, target=s400)
    services.claim_review(claim=pending, review=Review.CONFIRMED, editor=editor)
    events_collect()
    assert list(Delivery.objects.values_list("webhook_id", "event__kind")) == \
        [(follows.pk, "status.changed")]


def test_it_retries_with_growing_waits_then_gives_up(reader, s400, pending, editor, receiver,
                                                     settings):
    """1 min, 6 min, 36 min… after each failure; failed after the last attempt."""
    settings.WEBHOOKS_MAX_ATTEMPTS = 4
    receiver.status = 503
    follow_create(user=reader, target=s400)
    webhook = hook(reader, receiver.url, events=["claim.confirmed"])
    services.claim_review(claim=pending, review=Review.CONFIRMED, editor=editor)
    now = timezone.now()
    events_collect(now=now)
    delivery = Delivery.objects.get()
    waits = []
    for _ in range(3):
        assert webhooks.deliveries_send_due(now=now)["retrying"] == 1
        delivery.refresh_from_db()
        waits.append(delivery.next_try - now)
        assert webhooks.deliveries_send_due(now=now)["retrying"] == 0  # not due yet
        now = delivery.next_try
    assert waits == [datetime.timedelta(minutes=1), datetime.timedelta(minutes=6),
                     datetime.timedelta(minutes=36)]
    assert webhooks.deliveries_send_due(now=now)["failed"] == 1
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts, delivery.status_code) == ("failed", 4, 503)
    assert "HTTP 503" in delivery.error
    webhook.refresh_from_db()
    assert webhook.failures == 4 and webhook.active and "not today" in webhook.last_error
    assert len(receiver.requests) == 4


def test_it_caps_the_wait_between_attempts_at_twelve_hours():
    assert [webhooks.backoff(n) for n in (1, 2, 5, 9)] == [
        datetime.timedelta(minutes=1), datetime.timedelta(minutes=6),
        datetime.timedelta(hours=12), datetime.timedelta(hours=12)]


def test_it_switches_a_webhook_off_after_too_many_failures_in_a_row(reader, s400, programme,
                                                                   editor, receiver, settings):
    """The reason is kept; setting it active again clears the count."""
    settings.WEBHOOKS_MAX_FAILURES = 3
    receiver.status = 500
    follow_create(user=reader, target=s400)
    webhook = hook(reader, receiver.url, events=["claim.confirmed"])
    for day in range(1, 5):
        claim = make_claim(programme, review=Review.MACHINE, occurred_on=datetime.date(2024, 1, day))
        services.claim_review(claim=claim, review=Review.CONFIRMED, editor=editor)
    events_collect()
    assert webhooks.deliveries_send_due()["retrying"] == 3
    webhook.refresh_from_db()
    assert not webhook.active
    assert "after 3 failed attempts in a row" in webhook.disabled_reason
    assert len(receiver.requests) == 3  # the fourth was not tried
    webhook.active = True
    webhooks.webhook_save(webhook=webhook)
    webhook.refresh_from_db()
    assert webhook.failures == 0 and webhook.disabled_reason == ""


def test_it_refuses_addresses_that_are_not_public_http(reader, settings):
    """Not http(s), a password in it, a private or loopback address: refused with a reason."""
    settings.WEBHOOKS_ALLOW_PRIVATE = False
    for url, message in [("ftp://example.org/hook", webhooks.URL_NOT_HTTP),
                         ("file:///etc/passwd", webhooks.URL_NOT_HTTP),
                         ("https://user:pw@example.org/hook", webhooks.URL_HAS_PASSWORD),
                         ("http://127.0.0.1:8000/hook", webhooks.URL_PRIVATE),
                         ("http://10.1.2.3/hook", webhooks.URL_PRIVATE),
                         ("http://[::1]/hook", webhooks.URL_PRIVATE),
                         ("http://169.254.169.254/latest/", webhooks.URL_PRIVATE),
                         ("http://localhost/hook", webhooks.URL_PRIVATE)]:
        with pytest.raises(ValidationError) as refused:
            hook(reader, url)
        assert refused.value.message_dict["url"] == [message], url
    assert not Webhook.objects.exists()
    assert hook(reader, "https://example.org/hook").pk


def test_it_refuses_at_sending_time_a_name_that_resolves_to_a_private_address(
        reader, s400, pending, editor, settings, monkeypatch):
    """A public-looking name whose answers include a private address reaches nothing."""
    follow_create(user=reader, target=s400)
    hook(reader, "https://hooks.example.org/in", events=["claim.confirmed"])
    services.claim_review(claim=pending, review=Review.CONFIRMED, editor=editor)
    events_collect()
    asked = []

    def resolve(host, port, **kwargs):
        asked.append(host)
        return [(2, 1, 6, "", ("93.184.215.14", port)), (2, 1, 6, "", ("10.0.0.5", port))]

    monkeypatch.setattr(webhooks.socket, "getaddrinfo", resolve)
    monkeypatch.setattr(webhooks.socket, "create_connection",
                        lambda *a, **k: pytest.fail("connected to a refused address"))
    assert webhooks.deliveries_send_due()["retrying"] == 1
    assert asked == ["hooks.example.org"]
    assert Delivery.objects.get().error == webhooks.URL_PRIVATE


def test_it_refuses_unknown_event_kinds_and_too_many_webhooks(reader, settings):
    with pytest.raises(ValidationError) as refused:
        hook(reader, "https://example.org/hook", events=["article.deleted"])
    assert "Unknown event kind: article.deleted" in refused.value.message_dict["events"][0]
    settings.WEBHOOKS_PER_USER = 1
    hook(reader, "https://example.org/hook")
    with pytest.raises(ValidationError):
        hook(reader, "https://example.org/other")
    assert Webhook.objects.count() == 1


def test_it_makes_no_deliveries_for_a_switched_off_webhook(reader, s400, pending, editor):
    follow_create(user=reader, target=s400)
    Webhook.objects.create(owner=reader, url="https://example.org/hook", active=False)
    services.claim_review(claim=pending, review=Review.CONFIRMED, editor=editor)
    events_collect()
    assert not Delivery.objects.exists()
    assert not Event.objects.filter(fanned_out=False).exists()


# Follows -----------------------------------------------------------------------------------

def test_it_refuses_to_follow_a_country_or_the_same_item_twice(reader, s400, india):
    follow_create(user=reader, target=s400)
    with pytest.raises(ValidationError, match="already follow"):
        follow_create(user=reader, target=s400)
    with pytest.raises(ValidationError, match="Only systems"):
        follow_create(user=reader, target=india)
    assert Follow.objects.count() == 1


def test_it_runs_the_scheduled_jobs_in_process_without_a_broker(reader, s400, pending, editor,
                                                                  receiver):
    """The names beat schedules exist, and run here (eagerly) as they would on a worker."""
    from django.conf import settings as django_settings

    from procurement.tasks import alerts as jobs

    scheduled = {entry["task"] for entry in django_settings.CELERY_BEAT_SCHEDULE.values()}
    assert {jobs.events_collect.name, jobs.deliveries_send_due.name,
            jobs.digests_send.name} <= scheduled
    follow_create(user=reader, target=s400)
    hook(reader, receiver.url)
    Subscriber.objects.update(created=timezone.now() - datetime.timedelta(days=1))
    services.claim_review(claim=pending, review=Review.CONFIRMED, editor=editor)
    assert jobs.events_collect.delay().get()["deliveries"] == 2
    assert jobs.deliveries_send_due.delay().get()["delivered"] == 2
    assert jobs.digests_send.delay().get()["sent"] == 1
    assert len(receiver.requests) == 2 and len(mail.outbox) == 1


def test_it_collects_and_fans_out_once_with_two_workers_at_once(transactional_db, reader, s400):
    """Two runs at the same moment (two workers): every article and event is handled once, and
    neither fails. (On SQLite, which runs one writer at a time, the runs simply take turns.)"""
    from django.db import connection, connections

    start_cursor()
    follow_create(user=reader, target=s400)
    Webhook.objects.create(owner=reader, url="https://example.org/hook")
    for n in range(24):
        name(received(title=f"Article {n}"), s400)
    errors, barrier = [], threading.Barrier(2)

    def worker():
        try:
            barrier.wait()
            events_collect(chunk=4, steps=10)
        except Exception as error:  # noqa: BLE001 — reported below
            errors.append(repr(error))
        finally:
            connections.close_all()

    if connection.vendor == "sqlite":
        for _ in range(2):
            events_collect(chunk=4, steps=10)
    else:
        threads = [threading.Thread(target=worker) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert errors == []
    assert Event.objects.count() == 24
    assert Delivery.objects.count() == 24
    assert not Event.objects.filter(fanned_out=False).exists()
