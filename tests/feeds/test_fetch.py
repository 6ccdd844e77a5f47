"""The feed client: conditional GET, robots.txt, redirects, size and time limits, addresses."""

import ipaddress
import socket

import pytest

from procurement.feeds import Fetcher, FetchError, FetchSettings, refusal
from procurement.feeds.fetch import AddressRefused
from tests.feeds.server import rss, site  # noqa: F401 — the fixture

OPEN = FetchSettings(user_agent="tracker-tests", timeout=2, max_bytes=100_000,
                     max_redirects=2, host_delay=0, allow_private=True)


def fetcher(**changes) -> Fetcher:
    return Fetcher(FetchSettings(**{**OPEN.__dict__, **changes}))


def test_it_asks_conditionally_and_takes_a_304_as_not_modified(site):
    """The ETag and Last-Modified of the first answer go back; an unchanged feed answers 304."""
    url = site.add("/rss", rss(site.base, []), etag='"v1"',
                   headers={"Last-Modified": "Thu, 26 Jun 2025 08:00:00 GMT"})
    client = fetcher()
    first = client.get(url, what="feed")
    assert first.status == 200 and first.headers["etag"] == '"v1"'
    second = client.get(url, what="feed", etag=first.headers["etag"],
                        modified=first.headers["last-modified"])
    assert second.not_modified and second.body == b""
    sent = site.hits("/rss")[1]
    assert sent["If-None-Match"] == '"v1"'
    assert sent["If-Modified-Since"] == "Thu, 26 Jun 2025 08:00:00 GMT"
    assert sent["User-Agent"] == "tracker-tests"


def test_it_names_the_status_of_a_failed_answer(site):
    """A 404 is a sentence, and not worth retrying; a 503 is."""
    with pytest.raises(FetchError, match=r"^The feed answered 404 Not Found\.$") as missing:
        fetcher().get(site.url("/gone"), what="feed")
    assert missing.value.retry is False
    site.add("/busy", b"", status=503)
    with pytest.raises(FetchError, match="answered 503 Service Unavailable") as busy:
        fetcher().get(site.url("/busy"))
    assert busy.value.retry is True


def test_it_honours_robots_txt_and_reads_it_once(site):
    """A disallowed path is not requested; robots.txt is read once for many requests."""
    site.add("/robots.txt", b"User-agent: *\nDisallow: /private/\n")
    site.add("/private/feed", b"secret")
    site.add("/open", b"fine")
    client = fetcher()
    with pytest.raises(FetchError, match="robots.txt does not allow"):
        client.get(site.url("/private/feed"))
    assert client.get(site.url("/open")).body == b"fine"
    assert client.get(site.url("/open")).body == b"fine"
    assert site.hits("/private/feed") == []
    assert len(site.hits("/robots.txt")) == 1


def test_it_stays_away_when_robots_txt_fails_but_not_when_it_is_missing(site):
    """robots.txt answering 500 means: do not fetch; answering 404 means: no rules."""
    site.add("/robots.txt", b"", status=500)
    site.add("/feed", b"x")
    with pytest.raises(FetchError, match="robots.txt could not be read"):
        fetcher().get(site.url("/feed"))
    assert site.hits("/feed") == []
    del site.routes["/robots.txt"]
    assert fetcher().get(site.url("/feed")).body == b"x"


def test_it_follows_a_few_redirects_and_refuses_more(site):
    """Two redirects are followed; a third is refused."""
    site.add("/a", status=301, headers={"Location": "/b"})
    site.add("/b", status=302, headers={"Location": site.url("/c")})
    site.add("/c", b"arrived")
    answer = fetcher().get(site.url("/a"))
    assert answer.body == b"arrived" and answer.url == site.url("/c")
    site.add("/c", status=307, headers={"Location": "/d"})
    site.add("/d", b"too far")
    with pytest.raises(FetchError, match="redirected more than 2 times"):
        fetcher().get(site.url("/a"))
    assert site.hits("/d") == []


def test_it_checks_each_redirect_target_again(site):
    """A redirect into a path robots.txt disallows is refused like a direct request."""
    site.add("/robots.txt", b"User-agent: *\nDisallow: /private/\n")
    site.add("/open", status=302, headers={"Location": "/private/x"})
    site.add("/private/x", b"secret")
    with pytest.raises(FetchError, match="does not allow"):
        fetcher().get(site.url("/open"))
    assert site.hits("/private/x") == []
    site.add("/elsewhere", status=302, headers={"Location": "ftp://example.org/file"})
    with pytest.raises(FetchError, match="not http or https"):
        fetcher().get(site.url("/elsewhere"))


@pytest.mark.parametrize("length", [True, False], ids=["declared", "undeclared"])
def test_it_refuses_a_body_over_the_limit(site, length):
    """Refused whether the size is declared up front or only found while reading."""
    site.add("/big", b"x" * 300_000, length=length)
    with pytest.raises(FetchError, match=r"larger than 100,000 bytes \(FEEDS_MAX_BYTES\)"):
        fetcher().get(site.url("/big"), what="page")
    site.add("/small", b"x" * 99_000, length=length)
    assert len(fetcher().get(site.url("/small")).body) == 99_000


def test_it_gives_up_on_a_slow_answer(site):
    """A server slower than the timeout is a timeout, worth retrying later."""
    site.add("/slow", b"late", delay=1.5)
    with pytest.raises(FetchError, match=r"^Timed out after 0.3 s\.$") as error:
        fetcher(timeout=0.3).get(site.url("/slow"))
    assert error.value.retry is True


def test_it_refuses_a_loopback_address_unless_private_hosts_are_allowed(site):
    """With FEEDS_ALLOW_PRIVATE off, 127.0.0.1 is refused before any request is sent."""
    site.add("/feed", b"x")
    with pytest.raises(AddressRefused, match=r"loopback address \(127.0.0.1\); set "
                                             r"FEEDS_ALLOW_PRIVATE=1 to allow it"):
        fetcher(allow_private=False).get(site.url("/feed"))
    assert site.requests == []


def test_it_connects_to_the_address_it_checked(site):
    """The host name is resolved once; the request goes to that address with the name in Host,
    so a second, different resolution (DNS rebinding) is never used."""
    site.add("/feed", b"x")
    asked = []

    def resolver(host, port):
        asked.append(host)
        return ["127.0.0.1"] if len(asked) <= 2 else ["10.9.9.9"]

    port = site.base.rsplit(":", 1)[1]
    client = Fetcher(OPEN, resolver=resolver)
    assert client.get(f"http://feeds.example.test:{port}/feed").body == b"x"
    assert site.hits("/feed")[0]["Host"] == f"feeds.example.test:{port}"
    assert asked == ["feeds.example.test", "feeds.example.test"]  # robots.txt, then the feed


def test_it_refuses_a_name_with_any_private_address():
    """One private address among public ones is enough to refuse."""
    client = Fetcher(FetchSettings(allow_private=False, host_delay=0),
                     resolver=lambda host, port: ["93.184.215.14", "10.0.0.5"])
    with pytest.raises(AddressRefused, match=r"private network \(10.0.0.5\)"):
        client.get("http://news.example.org/rss")


@pytest.mark.parametrize("address,kind", [
    ("127.0.0.1", "loopback address"), ("::1", "loopback address"),
    ("10.0.0.5", "private network"), ("192.168.1.20", "private network"),
    ("172.16.4.4", "private network"), ("fc00::1", "private network"),
    ("169.254.169.254", "link-local address"), ("fe80::1", "link-local address"),
    ("224.0.0.1", "multicast address"), ("ff02::1", "multicast address"),
    ("0.0.0.0", "unspecified address"), ("::", "unspecified address"),
    ("240.0.0.1", "reserved address"), ("100.64.0.1", "non-public address"),
    ("::ffff:127.0.0.1", "loopback address"), ("::ffff:10.0.0.5", "private network"),
    ("2002:0a00:0005::1", "private network"),
    ("93.184.215.14", ""), ("2606:4700::1111", ""),
])
def test_it_tells_public_addresses_from_the_rest(address, kind):
    """IPv4, IPv6 and IPv4 inside IPv6 (mapped, 6to4) are all classified."""
    assert refusal(ipaddress.ip_address(address)) == kind


def test_it_waits_between_requests_to_one_host():
    """The second request to a host within the delay waits for the rest of it."""
    now = [100.0]
    slept = []
    client = Fetcher(FetchSettings(host_delay=2.0), clock=lambda: now[0],
                     sleep=slept.append)
    client._wait_turn("news.example.org")
    now[0] += 0.5
    client._wait_turn("news.example.org")
    client._wait_turn("other.example.org")
    assert slept == [1.5]


def test_it_says_when_a_name_does_not_resolve(monkeypatch):
    """An unknown host name is a sentence, not a socket error."""
    def fail(*args, **kwargs):
        raise socket.gaierror(-2, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", fail)
    with pytest.raises(FetchError, match="does not resolve \\(Name or service not known\\)"):
        fetcher().get("http://no-such-host.example.test/rss")


def test_it_follows_a_redirected_robots_txt(site):
    """robots.txt moved elsewhere on the site is still read and obeyed."""
    site.add("/robots.txt", status=301, headers={"Location": "/rules.txt"})
    site.add("/rules.txt", b"User-agent: *\nDisallow: /private/\n")
    site.add("/private/feed", b"secret")
    with pytest.raises(FetchError, match="robots.txt does not allow"):
        fetcher().get(site.url("/private/feed"))
    assert site.hits("/private/feed") == []


def test_it_says_when_the_site_cannot_be_reached():
    """A refused connection is named, and worth retrying."""
    with socket.socket() as probe:  # a port nothing listens on: bound, then closed
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(FetchError, match="^Could not connect to 127.0.0.1: Connection refused"
                       ) as error:
        fetcher().get(f"http://127.0.0.1:{port}/rss")
    assert error.value.retry is True
