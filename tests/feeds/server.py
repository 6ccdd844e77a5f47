"""A small web site on 127.0.0.1 for the feed tests: feeds, a sitemap and article pages.

Every text here was written for these tests. `site` is a fixture: import it into a test module
(`from tests.feeds.server import site  # noqa: F401`) to use it there.
"""

import http.server
import threading
import time
from dataclasses import dataclass, field

import pytest

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{title} | Demo Desk</title>
<meta property="article:published_time" content="{date}T08:00:00+05:30"></head>
<body><nav><a href="/">Home</a> <a href="/defence">Defence</a> <a href="/subscribe">Subscribe</a></nav>
<article><h1>{title}</h1>{paragraphs}</article>
<aside><h2>Most read</h2><ul><li><a href="/x">Monsoon arrives early in Kerala</a></li></ul></aside>
<footer>Copyright Demo Desk. All rights reserved.</footer></body></html>"""

ARTICLES = {
    "/news/s400-deliveries.html": (
        "S-400 deliveries to finish next year, officials say", "2025-06-26",
        ["NEW DELHI, June 26 — The last two S-400 squadrons are expected in India before the end "
         "of next year, two officials familiar with the schedule said on Thursday.",
         "The air defence systems were ordered from Russia in 2018. Three squadrons have already "
         "been handed over and are deployed along the northern and western borders.",
         "Payment arrangements that had slowed the programme were settled during talks in "
         "Moscow this spring, the officials added, asking not to be named."]),
    "/news/frigate-handover.html": (
        "Second stealth frigate handed over at Kaliningrad yard", "2025-07-02",
        ["KALININGRAD, July 2 — The Indian Navy took delivery of its second new stealth frigate "
         "from the Yantar shipyard on Wednesday, ahead of its voyage home.",
         "The ship carries BrahMos missiles and will join the Western Fleet after sea trials "
         "in the Baltic and a port call on the way to Mumbai.",
         "Its crew of about two hundred sailors trained for months alongside Russian engineers "
         "at the yard before the flag was raised."]),
    "/news/helicopter-order.html": (
        "Army weighs more light utility helicopters for high posts", "2025-07-10",
        ["BENGALURU, July 10 — The Army is considering an order for further light utility "
         "helicopters to supply posts at high altitude, a senior officer said.",
         "The helicopters replace ageing Cheetah and Chetak machines that have flown since the "
         "nineteen-seventies and are increasingly hard to keep in the air.",
         "A decision is expected after winter trials in Ladakh end, the officer said."]),
}
# The same report under a second address: a wire story reprinted word for word.
ARTICLES["/wire/s400-copy.html"] = ARTICLES["/news/s400-deliveries.html"]


def page(path: str) -> bytes:
    title, date, paragraphs = ARTICLES[path]
    return PAGE.format(title=title, date=date,
                       paragraphs="".join(f"<p>{p}</p>" for p in paragraphs)).encode()


def rss(base: str, paths: list[str]) -> bytes:
    items = "".join(
        f"<item><title>{ARTICLES[p][0]}</title><link>{base}{p}</link><guid>{p}</guid>"
        f"<pubDate>Thu, 26 Jun 2025 08:00:00 +0530</pubDate></item>" for p in paths)
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            f"<title>Demo Desk: defence</title><link>{base}/</link>"
            f"<description>Defence news</description>{items}</channel></rss>").encode()


def atom(base: str, paths: list[str]) -> bytes:
    entries = "".join(
        f'<entry><title>{ARTICLES[p][0]}</title><link href="{p}"/><id>tag:demo,{p}</id>'
        f"<updated>2025-07-02T10:00:00Z</updated></entry>" for p in paths)
    return (f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom" '
            f'xml:base="{base}/"><title>Demo Desk wire</title><id>tag:demo,wire</id>'
            f"<updated>2025-07-02T10:00:00Z</updated>{entries}</feed>").encode()


def sitemap(base: str, paths: list[str]) -> bytes:
    urls = "".join(
        f"<url><loc>{base}{p}</loc><news:news><news:publication>"
        f"<news:name>Demo Desk</news:name><news:language>en</news:language></news:publication>"
        f"<news:publication_date>{ARTICLES[p][1]}</news:publication_date>"
        f"<news:title>{ARTICLES[p][0]}</news:title></news:news></url>" for p in paths)
    return ('<?xml version="1.0" encoding="UTF-8"?>'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
            'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">'
            f"{urls}</urlset>").encode()


def sitemap_index(base: str, paths: list[str]) -> bytes:
    maps = "".join(f"<sitemap><loc>{base}{p}</loc></sitemap>" for p in paths)
    return ('<?xml version="1.0" encoding="UTF-8"?><sitemapindex '
            f'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{maps}</sitemapindex>').encode()


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    headers: dict = field(default_factory=dict)
    etag: str = ""  # answered 304 when the request sends it back in If-None-Match
    delay: float = 0.0  # seconds before answering
    length: bool = True  # False: no Content-Length, the body ends when the connection closes


class Site:
    def __init__(self, port: int):
        self.base = f"http://127.0.0.1:{port}"
        self.routes: dict[str, Route] = {}
        self.requests: list[tuple[str, dict]] = []  # (path, headers) as received
        self.lock = threading.Lock()

    def url(self, path: str) -> str:
        return self.base + path

    def add(self, path: str, body: bytes = b"", **options) -> str:
        self.routes[path] = Route(body=body, **options)
        return self.url(path)

    def add_articles(self) -> None:
        for path in ARTICLES:
            self.add(path, page(path), headers={"Content-Type": "text/html; charset=utf-8"})

    def hits(self, path: str) -> list[dict]:
        with self.lock:
            return [headers for p, headers in self.requests if p == path]


class Handler(http.server.BaseHTTPRequestHandler):
    site: Site

    def do_GET(self):  # noqa: N802 — the name http.server calls
        site = self.server.site
        with site.lock:
            site.requests.append((self.path, dict(self.headers.items())))
        route = site.routes.get(self.path)
        if route is None:
            self.send_error(404)
            return
        if route.delay:
            time.sleep(route.delay)
        if route.etag and self.headers.get("If-None-Match") == route.etag:
            self.send_response(304)
            self.send_header("ETag", route.etag)
            self.end_headers()
            return
        self.send_response(route.status)
        for name, value in route.headers.items():
            self.send_header(name, value)
        if route.etag:
            self.send_header("ETag", route.etag)
        if route.length:
            self.send_header("Content-Length", str(len(route.body)))
        self.end_headers()
        try:
            self.wfile.write(route.body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client stopped reading (an oversized body): what the test wants

    def log_message(self, format, *args):
        pass


@pytest.fixture
def site():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.site = Site(server.server_address[1])
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True)
    thread.start()
    try:
        yield server.site
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def feeds(settings):
    """The test site is on 127.0.0.1, which only FEEDS_ALLOW_PRIVATE lets through."""
    from procurement.services.sources import fetchers_forget

    settings.FEEDS_ALLOW_PRIVATE = True
    settings.FEEDS_HOST_DELAY = 0
    settings.FEEDS_TIMEOUT = 2
    fetchers_forget()
    yield settings
    fetchers_forget()


@pytest.fixture
def desk(db):
    from procurement.models import Outlet

    return Outlet.objects.create(slug="demo-desk", name="Demo Desk", language="en")
