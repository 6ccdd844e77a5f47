"""What a feed lists: RSS 2.0 and Atom through feedparser, news sitemaps through defusedxml.

Both refuse XML that declares entities (the "billion laughs" bomb and external entities);
feedparser is otherwise lenient, as feeds in the wild are often not well-formed.
"""

import datetime
import gzip
import io
import xml.etree.ElementTree as ET
from calendar import timegm
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import defusedxml.ElementTree as SafeET
import feedparser
from defusedxml import DefusedXmlException

MAX_ENTRIES = 500  # per poll; a feed that lists more is read again at the next poll
MAX_CHILDREN = 20  # sitemaps read from one sitemap index

NOT_A_FEED = "The feed is neither RSS nor Atom ({reason})."
NOT_A_SITEMAP = "The sitemap is not readable XML ({reason})."
NOT_SITEMAP_ROOT = "The sitemap's root element is <{tag}>, not <urlset> or <sitemapindex>."
XML_BOMB = "The {what} declares XML entities, which feeds never need; it was not read."
GZIP_TOO_LARGE = "The sitemap unpacks to more than {limit:,} bytes (FEEDS_MAX_BYTES)."
GZIP_BROKEN = "The sitemap is gzip-compressed but broken ({reason})."


class ParseError(ValueError):
    """A body that is not the feed or sitemap it should be; the message is for editors."""


@dataclass(frozen=True)
class Entry:
    url: str
    guid: str = ""
    title: str = ""
    published: datetime.datetime | None = None  # aware, UTC


@dataclass
class Sitemap:
    entries: list[Entry] = field(default_factory=list)
    children: list[str] = field(default_factory=list)  # sitemaps an index lists


def _web(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def _refuse_entities(body: bytes, what: str) -> None:
    """Refuse entity declarations; leave other breakage to the lenient parser."""
    try:
        SafeET.fromstring(body, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        raise ParseError(XML_BOMB.format(what=what)) from None
    except ET.ParseError:
        pass


def _struct_time(value) -> datetime.datetime | None:
    if not value:
        return None
    try:
        return datetime.datetime.fromtimestamp(timegm(value), tz=datetime.UTC)
    except (OverflowError, ValueError, TypeError):
        return None


def parse_feed(body: bytes, base_url: str) -> list[Entry]:
    """The entries of an RSS or Atom feed, with links made absolute; at most MAX_ENTRIES."""
    _refuse_entities(body, "feed")
    parsed = feedparser.parse(body, response_headers={"content-location": base_url},
                              resolve_relative_uris=True, sanitize_html=False)
    if not parsed.get("version") and not parsed.entries:
        reason = parsed.get("bozo_exception") or "no channel or feed element"
        raise ParseError(NOT_A_FEED.format(reason=str(reason)[:200]))
    entries = []
    for item in parsed.entries:
        link = urljoin(base_url, (item.get("link") or "").strip())
        if not _web(link):
            continue
        entries.append(Entry(url=link, guid=(item.get("id") or "").strip()[:500],
                             title=" ".join((item.get("title") or "").split())[:500],
                             published=_struct_time(item.get("published_parsed")
                                                    or item.get("updated_parsed"))))
    return entries[:MAX_ENTRIES]


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _child_text(element, name: str) -> str:
    for child in element.iter():
        if child is not element and _local(child.tag) == name:
            return (child.text or "").strip()
    return ""


def _w3c_date(text: str) -> datetime.datetime | None:
    """A sitemap date: 2025-06-26, or 2025-06-26T09:30:00+05:30 (Z allowed)."""
    if not text:
        return None
    try:
        value = datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=datetime.UTC)
    return value.astimezone(datetime.UTC)


def _gunzip(body: bytes, limit: int) -> bytes:
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(body)) as packed:
            data = packed.read(limit + 1)
    except (OSError, EOFError) as error:
        raise ParseError(GZIP_BROKEN.format(reason=error)) from None
    if len(data) > limit:
        raise ParseError(GZIP_TOO_LARGE.format(limit=limit))
    return data


def parse_sitemap(body: bytes, base_url: str, *, limit: int = 5_000_000) -> Sitemap:
    """A sitemap's pages (with Google News title and date when given), or an index's sitemaps.

    Gzip-compressed sitemaps (sitemap.xml.gz) are unpacked up to `limit` bytes.
    """
    if body[:2] == b"\x1f\x8b":
        body = _gunzip(body, limit)
    try:
        root = SafeET.fromstring(body, forbid_dtd=False, forbid_entities=True,
                                 forbid_external=True)
    except DefusedXmlException:
        raise ParseError(XML_BOMB.format(what="sitemap")) from None
    except ET.ParseError as error:
        raise ParseError(NOT_A_SITEMAP.format(reason=error)) from None
    tag = _local(root.tag)
    found = Sitemap()
    if tag == "sitemapindex":
        for child in root:
            loc = urljoin(base_url, _child_text(child, "loc"))
            if _local(child.tag) == "sitemap" and _web(loc):
                found.children.append(loc)
        found.children = found.children[:MAX_CHILDREN]
        return found
    if tag != "urlset":
        raise ParseError(NOT_SITEMAP_ROOT.format(tag=tag[:50]))
    for child in root:
        if _local(child.tag) != "url":
            continue
        loc = urljoin(base_url, _child_text(child, "loc"))
        if not _web(loc):
            continue
        published = (_w3c_date(_child_text(child, "publication_date"))
                     or _w3c_date(_child_text(child, "lastmod")))
        title = " ".join(_child_text(child, "title").split())[:500]
        found.entries.append(Entry(url=loc, title=title, published=published))
    found.entries = found.entries[:MAX_ENTRIES]
    return found
