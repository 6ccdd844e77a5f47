"""The poll command: due or named sources once, in the foreground, with a summary per source."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from procurement.models import Article, Item, Source
from tests.feeds.server import atom, desk, feeds, rss, site  # noqa: F401 — fixtures

S400 = "/news/s400-deliveries.html"
FRIGATE = "/news/frigate-handover.html"
COPY = "/wire/s400-copy.html"


def run(*args) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = 0
    try:
        call_command("poll", *args, stdout=out, stderr=err)
    except SystemExit as exit:
        status = exit.code
    return status, out.getvalue(), err.getvalue()


def test_it_polls_due_sources_and_sums_each_up(feeds, site, desk):
    """New pages are ingested; a reprint counts as a duplicate, a page without an article as
    refused with its reason; exit status 0 when every feed answered."""
    site.add_articles()
    site.add("/video", b"<html><body><nav>Home</nav></body></html>")
    site.add("/rss", rss(site.base, [S400, FRIGATE]))
    site.add("/atom", atom(site.base, [COPY]).replace(
        b"</feed>", b'<entry><title>Clip</title><link href="/video"/><id>v</id></entry></feed>'))
    Source.objects.create(slug="desk-rss", url=site.url("/rss"), outlet=desk)
    Source.objects.create(slug="desk-wire", url=site.url("/atom"), outlet=desk)
    status, out, err = run("--no-progress")
    assert status == 0
    lines = out.splitlines()
    assert lines[0] == ("desk-rss: 2 listed; 2 new, 2 ingested, 0 duplicates, 0 refused, "
                        "0 failed, 0 to retry")
    assert lines[1] == ("desk-wire: 2 listed; 2 new, 0 ingested, 1 duplicates, 1 refused, "
                        "0 failed, 0 to retry")
    assert lines[2].startswith(f"  refused: {site.url('/video')} — ")
    assert err == ""
    assert Article.objects.count() == 2
    assert Item.objects.filter(state=Item.State.DUPLICATE).count() == 1

    status, out, _ = run()
    assert (status, out) == (0, "No source is due; name one with --source to poll it now.\n")


def test_it_polls_a_named_source_even_when_it_is_not_due(feeds, site, desk):
    """--source polls that source now; an unchanged feed says so."""
    site.add_articles()
    site.add("/rss", rss(site.base, [S400]), etag='"1"')
    Source.objects.create(slug="desk-rss", url=site.url("/rss"), outlet=desk)
    assert run("--source", "desk-rss")[0] == 0
    status, out, _ = run("--source", "desk-rss")
    assert status == 0
    assert out.startswith("desk-rss: not modified; 0 new, 0 ingested")
    assert Article.objects.count() == 1


def test_it_exits_1_when_a_source_fails_and_still_polls_the_others(feeds, site, desk):
    """The failing feed's error is printed and recorded; the other feed's pages go in."""
    site.add_articles()
    site.add("/rss", rss(site.base, [S400]))
    Source.objects.create(slug="a-broken", url=site.url("/nothing"), outlet=desk)
    Source.objects.create(slug="b-fine", url=site.url("/rss"), outlet=desk)
    status, out, _ = run("--no-progress")
    assert status == 1
    lines = out.splitlines()
    assert lines[0] == ("a-broken: poll failed; 0 new, 0 ingested, 0 duplicates, 0 refused, "
                        "0 failed, 0 to retry")
    assert lines[1] == "  error: The feed answered 404 Not Found."
    assert lines[2].startswith("b-fine: 1 listed; 1 new, 1 ingested")
    assert Source.objects.get(slug="a-broken").failures == 1
    assert Article.objects.count() == 1


def test_it_refuses_an_unknown_source_with_exit_status_2(desk):
    """The message names the sources there are."""
    Source.objects.create(slug="desk-rss", url="https://news.example.org/rss", outlet=desk)
    with pytest.raises(CommandError, match="No source has the slug 'nope'. Sources: desk-rss.") \
            as error:
        run("--source", "nope")
    assert error.value.returncode == 2
