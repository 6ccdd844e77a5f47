"""Reading what feeds list: RSS 2.0, Atom, news sitemaps and sitemap indexes; no XML bombs."""

import datetime
import gzip

import pytest

from procurement.feeds import ParseError, parse_feed, parse_sitemap
from tests.feeds.server import atom, rss, sitemap, sitemap_index

BASE = "https://news.example.org"
PATHS = ["/news/s400-deliveries.html", "/news/frigate-handover.html"]

BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<rss version="2.0"><channel><title>&lol3;</title></channel></rss>"""


def test_it_reads_an_rss_feed():
    """Links, identifiers, titles and dates of every item."""
    entries = parse_feed(rss(BASE, PATHS), BASE + "/rss")
    assert [e.url for e in entries] == [BASE + p for p in PATHS]
    first = entries[0]
    assert first.title == "S-400 deliveries to finish next year, officials say"
    assert first.guid == BASE + "/news/s400-deliveries.html"  # made absolute, like links
    assert first.published == datetime.datetime(2025, 6, 26, 2, 30, tzinfo=datetime.UTC)


def test_it_reads_an_atom_feed_with_relative_links():
    """Atom links relative to xml:base come out absolute."""
    entries = parse_feed(atom(BASE, PATHS), BASE + "/atom")
    assert [e.url for e in entries] == [BASE + p for p in PATHS]
    assert entries[1].guid == "tag:demo,/news/frigate-handover.html"
    assert entries[1].published == datetime.datetime(2025, 7, 2, 10, 0, tzinfo=datetime.UTC)


def test_it_reads_a_broken_feed_as_far_as_it_goes():
    """An unclosed tag or a stray ampersand does not lose the items before it."""
    body = rss(BASE, PATHS).replace(b"</channel></rss>", b"<item><title>Tom & Jerry")
    entries = parse_feed(body, BASE + "/rss")
    assert [e.url for e in entries][:2] == [BASE + p for p in PATHS]


def test_it_skips_links_that_are_not_web_addresses():
    """A javascript: or mailto: link is not a page to fetch."""
    body = rss(BASE, PATHS[:1]).replace(f"{BASE}/news/s400-deliveries.html".encode(),
                                        b"javascript:alert(1)")
    assert parse_feed(body, BASE + "/rss") == []


def test_it_refuses_what_is_not_a_feed():
    """An HTML page where the feed should be is refused with a reason."""
    with pytest.raises(ParseError, match="neither RSS nor Atom"):
        parse_feed(b"<html><body><p>Welcome</p></body></html>", BASE + "/rss")


@pytest.mark.parametrize("parse", [lambda b: parse_feed(b, BASE),
                                   lambda b: parse_sitemap(b, BASE)], ids=["feed", "sitemap"])
def test_it_refuses_xml_that_declares_entities(parse):
    """The billion-laughs bomb is refused before it expands."""
    with pytest.raises(ParseError, match="declares XML entities"):
        parse(BOMB)


def test_it_reads_a_news_sitemap():
    """Google News titles and publication dates come with each page."""
    found = parse_sitemap(sitemap(BASE, PATHS), BASE + "/sitemap.xml")
    assert found.children == []
    assert [e.url for e in found.entries] == [BASE + p for p in PATHS]
    assert found.entries[1].title == "Second stealth frigate handed over at Kaliningrad yard"
    assert found.entries[1].published == datetime.datetime(2025, 7, 2, tzinfo=datetime.UTC)


def test_it_lists_the_sitemaps_of_an_index():
    """An index gives its sitemaps to read, no pages."""
    found = parse_sitemap(sitemap_index(BASE, ["/a.xml", "/b.xml"]), BASE + "/index.xml")
    assert found.children == [BASE + "/a.xml", BASE + "/b.xml"] and found.entries == []


def test_it_unpacks_a_gzip_sitemap_within_the_limit():
    """sitemap.xml.gz is read; one that unpacks past the limit is refused."""
    packed = gzip.compress(sitemap(BASE, PATHS))
    assert len(parse_sitemap(packed, BASE).entries) == 2
    with pytest.raises(ParseError, match="unpacks to more than 1,000 bytes"):
        parse_sitemap(gzip.compress(b" " * 50_000 + sitemap(BASE, PATHS)), BASE, limit=1_000)


def test_it_refuses_a_sitemap_of_another_kind():
    """XML that is neither <urlset> nor <sitemapindex> is refused, naming its root."""
    with pytest.raises(ParseError, match="root element is <rss>"):
        parse_sitemap(rss(BASE, PATHS), BASE)
    with pytest.raises(ParseError, match="not readable XML"):
        parse_sitemap(b"<urlset><url>", BASE)
