"""Polling feeds and ingesting their pages: conditional polls, back-off, claims, outcomes."""

import datetime

from django.test import Client
from django.utils import timezone

from procurement.models import Article, Item, Mention, Source
from procurement.selectors_sources import ITEM_LEASE, sources_due
from procurement.services.sources import (ITEM_ATTEMPTS, backoff, fetchers_forget, item_claim,
                                          item_ingest, source_lease, source_poll)
from procurement.tasks.sources import sources_poll_due
from tests.feeds.server import (atom, desk, feeds, rss, site, sitemap,  # noqa: F401 — fixtures
                                sitemap_index)

S400 = "/news/s400-deliveries.html"
FRIGATE = "/news/frigate-handover.html"
HELICOPTER = "/news/helicopter-order.html"
COPY = "/wire/s400-copy.html"


def make_source(outlet, url, **overrides) -> Source:
    fields = dict(slug="demo-rss", url=url, outlet=outlet, language="en", interval=30)
    fields.update(overrides)
    return Source.objects.create(**fields)


def test_it_records_new_items_once_and_asks_conditionally_the_second_time(feeds, site, desk):
    """The first poll creates an item per page; the second sends the ETag back, gets 304 and
    creates nothing."""
    site.add("/rss", rss(site.base, [S400, FRIGATE]), etag='"feed-1"')
    source = make_source(desk, site.url("/rss"))
    first = source_poll(source=source)
    assert first.error == "" and first.listed == 2 and first.created == 2
    source.refresh_from_db()
    assert source.etag == '"feed-1"' and source.failures == 0 and source.error == ""
    assert source.succeeded == source.polled
    assert source.due == source.polled + datetime.timedelta(minutes=30)
    assert sorted(Item.objects.values_list("url", "state")) == [
        (site.url(FRIGATE), "new"), (site.url(S400), "new")]

    second = source_poll(source=source)
    assert second.not_modified and second.created == 0
    assert site.hits("/rss")[1]["If-None-Match"] == '"feed-1"'
    assert Item.objects.count() == 2


def test_it_does_not_create_an_item_twice_when_a_page_is_listed_again(feeds, site, desk):
    """A page already known (from this feed or another) is not a new item."""
    site.add("/rss", rss(site.base, [S400]))
    site.add("/atom", atom(site.base, [S400, FRIGATE]))
    source_poll(source=make_source(desk, site.url("/rss")))
    result = source_poll(source=make_source(desk, site.url("/atom"), slug="demo-atom"))
    assert result.listed == 2 and result.created == 1
    assert Item.objects.count() == 2
    assert Item.objects.get(url=site.url(S400)).source.slug == "demo-rss"


def test_it_reads_a_sitemap_index_one_level_deep(feeds, site, desk):
    """The sitemaps an index lists are read; the pages they list become items."""
    site.add("/sitemap-index.xml", sitemap_index(site.base, ["/s1.xml", "/s2.xml"]))
    site.add("/s1.xml", sitemap(site.base, [S400]))
    site.add("/s2.xml", sitemap(site.base, [FRIGATE, HELICOPTER]))
    source = make_source(desk, site.url("/sitemap-index.xml"), kind=Source.Kind.SITEMAP)
    result = source_poll(source=source)
    assert result.error == "" and result.created == 3
    item = Item.objects.get(url=site.url(FRIGATE))
    assert item.title == "Second stealth frigate handed over at Kaliningrad yard"


def test_a_failing_source_backs_off_while_another_still_polls(feeds, site, desk, s400):
    """One feed answering 404 gets its error and a doubled wait; the other is polled and its
    pages ingested, in the same round."""
    site.add_articles()
    site.add("/rss", rss(site.base, [S400, FRIGATE]))
    good = make_source(desk, site.url("/rss"), slug="a-good")
    bad = make_source(desk, site.url("/missing.xml"), slug="b-bad")
    assert sources_poll_due() == 2

    bad.refresh_from_db()
    assert bad.error == "The feed answered 404 Not Found."
    assert bad.failures == 1 and bad.succeeded is None
    assert bad.due == bad.polled + datetime.timedelta(minutes=60)
    good.refresh_from_db()
    assert good.error == "" and good.failures == 0
    assert sorted(Item.objects.values_list("state", flat=True)) == ["ingested", "ingested"]
    assert Article.objects.filter(source="feed:a-good").count() == 2
    assert sources_poll_due() == 0  # neither is due again yet

    # Fixed: the next poll clears the error and the count of failures.
    site.add("/missing.xml", rss(site.base, [HELICOPTER]))
    Source.objects.filter(pk=bad.pk).update(due=None)
    assert sources_poll_due() == 1
    bad.refresh_from_db()
    assert bad.error == "" and bad.failures == 0 and bad.succeeded == bad.polled


def test_it_waits_longer_after_each_failure_up_to_a_day():
    """30 minutes doubles with each failure and stops at a day."""
    waits = [backoff(interval=30, failures=n) for n in (1, 2, 3, 6, 40)]
    assert waits == [datetime.timedelta(minutes=60), datetime.timedelta(minutes=120),
                     datetime.timedelta(minutes=240), datetime.timedelta(days=1),
                     datetime.timedelta(days=1)]


def test_it_records_a_refused_private_address_as_the_error(settings, site, desk):
    """With FEEDS_ALLOW_PRIVATE off, a feed on 127.0.0.1 is not asked; the reason says how to
    allow it."""
    settings.FEEDS_ALLOW_PRIVATE = False
    fetchers_forget()
    site.add("/rss", rss(site.base, [S400]))
    source = make_source(desk, site.url("/rss"))
    result = source_poll(source=source)
    assert result.error == ("The address resolves to a loopback address (127.0.0.1); set "
                            "FEEDS_ALLOW_PRIVATE=1 to allow it.")
    source.refresh_from_db()
    assert source.failures == 1 and source.error == result.error
    assert site.requests == [] and Item.objects.count() == 0


def test_it_records_a_timeout_and_an_unreadable_feed(feeds, site, desk):
    """A slow feed times out; a page where the feed should be is not a feed."""
    feeds.FEEDS_TIMEOUT = 0.3
    site.add("/slow", rss(site.base, [S400]), delay=1.5)
    site.add("/html", b"<html><body><p>Our new website</p></body></html>")
    slow = source_poll(source=make_source(desk, site.url("/slow")))
    html = source_poll(source=make_source(desk, site.url("/html"), slug="demo-html"))
    assert slow.error == "Timed out after 0.3 s."
    assert html.error.startswith("The feed is neither RSS nor Atom")
    assert Source.objects.filter(failures=1).count() == 2


def test_only_one_claim_of_an_item_wins(feeds, site, desk):
    """The second claim fails while the first holds the item; after the lease it succeeds."""
    source = make_source(desk, site.url("/rss"))
    item = Item.objects.create(source=source, url=site.url(S400))
    other = Item.objects.get(pk=item.pk)
    assert item_claim(item=item) is True
    assert item_claim(item=other) is False
    assert item_claim(item=other, now=timezone.now() + ITEM_LEASE * 2) is True
    other.refresh_from_db()
    assert other.state == Item.State.CLAIMED and other.attempts == 2


def test_it_ingests_a_page_with_outlet_date_and_mentions(feeds, site, desk, s400):
    """The page's text becomes an article of the feed's outlet, dated by the page, with its
    mentions found as for any file."""
    site.add_articles()
    source = make_source(desk, site.url("/rss"))
    item = Item.objects.create(source=source, url=site.url(S400), title="From the feed")
    assert item_claim(item=item)
    outcome = item_ingest(item=item)
    item.refresh_from_db()
    assert not outcome.retry and item.state == Item.State.INGESTED and item.done
    article = item.article
    assert article.url == site.url(S400) and article.outlet == desk
    assert article.title == "S-400 deliveries to finish next year, officials say"
    assert article.published_on == datetime.date(2025, 6, 26)
    assert article.source == "feed:demo-rss" and article.language == "en"
    assert "Demo Desk. All rights reserved" not in article.body
    assert Mention.objects.filter(article=article, entity=s400).exists()


def test_the_same_text_at_a_second_address_is_a_duplicate(feeds, site, desk):
    """A reprint at another address points at the first article instead of adding one."""
    site.add_articles()
    source = make_source(desk, site.url("/rss"))
    first = Item.objects.create(source=source, url=site.url(S400))
    copy = Item.objects.create(source=source, url=site.url(COPY))
    for item in (first, copy):
        assert item_claim(item=item)
        item_ingest(item=item)
    first.refresh_from_db()
    copy.refresh_from_db()
    assert (first.state, copy.state) == (Item.State.INGESTED, Item.State.DUPLICATE)
    assert copy.article_id == first.article_id
    assert Article.objects.count() == 1


def test_it_refuses_pages_without_an_article_and_what_ingestion_refuses(feeds, site, desk):
    """Refusals keep their reason; the item is done with."""
    site.add_articles()
    site.add("/video", b"<html><body><nav>Home</nav><video src='/v.mp4'></video></body></html>")
    source = make_source(desk, site.url("/rss"))
    Article.objects.create(title="Other", body="Other text", hash="1" * 64, language="en",
                           url=site.url(FRIGATE))
    video = Item.objects.create(source=source, url=site.url("/video"))
    taken = Item.objects.create(source=source, url=site.url(FRIGATE))
    for item in (video, taken):
        assert item_claim(item=item)
        item_ingest(item=item)
        item.refresh_from_db()
        assert item.state == Item.State.REFUSED and item.done and item.article is None
    assert video.error.startswith("No article text") or video.error.startswith("Only ")
    assert taken.error.startswith("Another article (id ")
    assert Article.objects.count() == 1


def test_a_page_that_keeps_failing_is_retried_then_given_up(feeds, site, desk):
    """A 503 puts the item back to wait; after the last attempt it fails with the reason; a
    404 fails at once."""
    site.add("/busy", b"", status=503)
    source = make_source(desk, site.url("/rss"))
    item = Item.objects.create(source=source, url=site.url("/busy"))
    for attempt in range(1, ITEM_ATTEMPTS):
        assert item_claim(item=item)
        assert item_ingest(item=item).retry
        item.refresh_from_db()
        assert (item.state, item.attempts) == (Item.State.NEW, attempt)
        assert item.error == "The page answered 503 Service Unavailable."
    assert item_claim(item=item)
    assert not item_ingest(item=item).retry
    item.refresh_from_db()
    assert item.state == Item.State.FAILED
    assert item.error == ("The page answered 503 Service Unavailable (gave up after "
                          f"{ITEM_ATTEMPTS} attempts).")
    gone = Item.objects.create(source=source, url=site.url("/gone"))
    assert item_claim(item=gone)
    item_ingest(item=gone)
    gone.refresh_from_db()
    assert gone.state == Item.State.FAILED and gone.attempts == 1


def test_due_sources_are_enabled_ones_whose_time_has_come(desk):
    """Disabled and not-yet-due sources wait; a leased source is not due for anyone else."""
    now = timezone.now()
    due = make_source(desk, "https://a.example.org/rss", slug="due")
    make_source(desk, "https://b.example.org/rss", slug="later",
                due=now + datetime.timedelta(minutes=5))
    make_source(desk, "https://c.example.org/rss", slug="off", enabled=False)
    assert [s.slug for s in sources_due()] == ["due"]
    assert source_lease(source=due) is True
    assert source_lease(source=due) is False
    assert list(sources_due()) == []


# Editors' views: the admin and the API ---------------------------------------------------------

def test_the_admin_lists_sources_with_their_errors_and_polls_one_now(feeds, site, desk,
                                                                     editor_client):
    """The list shows the last error; "poll now" polls at once when no broker is configured."""
    site.add_articles()
    site.add("/rss", rss(site.base, [S400]))
    source = make_source(desk, site.url("/rss"), due=timezone.now() + datetime.timedelta(days=1))
    Source.objects.filter(pk=source.pk).update(error="The feed answered 500 Internal Server "
                                                     "Error.", failures=2)
    response = editor_client.get("/admin/procurement/source/")
    assert response.status_code == 200
    assert "The feed answered 500 Internal Server Error." in response.content.decode()

    response = editor_client.post("/admin/procurement/source/",
                                  {"action": "poll_now", "_selected_action": [source.pk]})
    assert response.status_code == 302
    source.refresh_from_db()
    assert source.failures == 0 and source.error == "" and source.succeeded is not None
    item = Item.objects.get()
    assert item.state == Item.State.INGESTED

    response = editor_client.get("/admin/procurement/item/?state=ingested")
    assert response.status_code == 200
    assert f"/admin/procurement/article/{item.article_id}/change/" in response.content.decode()
    assert editor_client.get(f"/admin/procurement/item/{item.pk}/change/").status_code == 200
    assert editor_client.get("/admin/procurement/item/add/").status_code == 403
    assert editor_client.post(f"/admin/procurement/item/{item.pk}/change/",
                              {"state": "new"}).status_code == 403
    item.refresh_from_db()
    assert item.state == Item.State.INGESTED


def test_the_api_lists_sources_and_shows_errors_to_editors_only(desk, editor_client):
    """Readers see every source and its health; the error text only editors see."""
    client = Client()  # anonymous (editor_client is the `client` fixture, signed in)
    make_source(desk, "https://a.example.org/rss", slug="a-feed")
    failing = make_source(desk, "https://b.example.org/rss", slug="b-feed")
    Source.objects.filter(pk=failing.pk).update(
        failures=3, error="The address resolves to a private network (10.0.0.5); set "
                          "FEEDS_ALLOW_PRIVATE=1 to allow it.")
    response = client.get("/api/v1/sources/")
    assert response.status_code == 200
    rows = response.json()["results"]
    assert [r["slug"] for r in rows] == ["a-feed", "b-feed"]
    assert rows[1]["outlet"] == "demo-desk" and rows[1]["failures"] == 3
    assert rows[1]["error"] == ""

    response = editor_client.get("/api/v1/sources/?failing=true")
    assert response.status_code == 200
    [row] = response.json()["results"]
    assert row["slug"] == "b-feed" and row["error"].startswith("The address resolves")
    assert client.get("/api/v1/sources/b-feed/").json()["api_url"].endswith(
        "/api/v1/sources/b-feed/")
    assert client.get("/api/v1/sources/?failing=maybe").status_code == 400
    assert client.get("/api/v1/sources/?outlet=no-such-outlet").status_code == 400
    assert editor_client.post("/api/v1/sources/", {}).status_code == 405  # read-only
