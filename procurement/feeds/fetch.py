"""A careful HTTP client for outlets' feeds and pages.

Every request, and every redirect it follows, is checked before it is sent: http or https only,
robots.txt allows it, and the host resolves to a public address (unless `allow_private`). The
connection then goes to the very address that was checked, with the host name in `Host` and in
TLS (SNI and certificate check), so a name that resolves differently a moment later (DNS
rebinding) cannot point the request at the machine's own network. Bodies are read in chunks and
refused as soon as they pass the limit, and one host is asked at most once per `host_delay`.

Nothing here imports Django: the caller passes a `FetchSettings` (services.sources reads them
from the FEEDS_* settings).
"""

import ipaddress
import socket
import threading
import time
import urllib.robotparser
from dataclasses import dataclass, field
from http import HTTPStatus
from urllib.parse import urljoin, urlsplit

import urllib3
from urllib3.exceptions import (HTTPError, NewConnectionError, ProtocolError, ReadTimeoutError,
                                SSLError, TimeoutError as Urllib3Timeout)

ROBOTS_TTL = 3600.0  # seconds a host's robots.txt is trusted before it is read again
ROBOTS_MAX_BYTES = 500_000
CHUNK = 64 * 1024
REDIRECTS = {301, 302, 303, 307, 308}

NOT_HTTP = "The address {url} is not http or https."
NO_HOST = "The address {url} has no host name."
UNRESOLVED = "The host name {host} does not resolve ({reason})."
PRIVATE = ("The address resolves to a {kind} ({address}); set FEEDS_ALLOW_PRIVATE=1 to allow "
           "it.")
ROBOTS_DISALLOW = "The site's robots.txt does not allow the tracker to fetch {url}."
ROBOTS_UNREADABLE = ("The site's robots.txt could not be read ({reason}); nothing is fetched "
                     "from {host} until it can be.")
STATUS = "The {what} answered {code} {phrase}."
TOO_MANY_REDIRECTS = "The {what} redirected more than {limit} times."
REDIRECT_NOWHERE = "The {what} answered {code} (a redirect) without saying where to."
TOO_LARGE = "The {what} is larger than {limit:,} bytes (FEEDS_MAX_BYTES); it was not read."
TIMED_OUT = "Timed out after {seconds:g} s."
UNREACHABLE = "Could not connect to {host}: {reason}."
BROKEN = "The connection to {host} broke off: {reason}."
TLS = "The secure connection to {host} failed: {reason}."


class FetchError(Exception):
    """A request that did not give a usable answer; the message is for editors.

    `retry`: whether asking again later may help (a timeout, a 503), as opposed to an answer
    that will not change by itself (a 404, a disallowed or private address, an oversized body).
    """

    def __init__(self, message: str, *, retry: bool = False):
        super().__init__(message)
        self.retry = retry


class AddressRefused(FetchError):
    """The host resolves to an address the settings do not allow."""


class Unresolved(FetchError):
    """The host name does not resolve (now)."""


@dataclass(frozen=True)
class FetchSettings:
    user_agent: str = "defence-procurement-tracker"
    timeout: float = 10.0
    max_bytes: int = 5_000_000
    max_redirects: int = 3
    host_delay: float = 1.0
    allow_private: bool = False


@dataclass
class Response:
    url: str  # where the answer finally came from, after redirects
    status: int
    headers: dict = field(default_factory=dict)  # lower-case names
    body: bytes = b""

    @property
    def not_modified(self) -> bool:
        return self.status == HTTPStatus.NOT_MODIFIED


def refusal(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str:
    """What kind of non-public address this is, or "" for a public one."""
    if isinstance(address, ipaddress.IPv6Address):
        # ::ffff:10.0.0.5 reaches 10.0.0.5; 2002::/16 (6to4) embeds an IPv4 address too.
        inner = address.ipv4_mapped or address.sixtofour
        if inner is not None:
            return refusal(inner)
    checks = [("loopback address", address.is_loopback),
              ("unspecified address", address.is_unspecified),
              ("link-local address", address.is_link_local),
              ("multicast address", address.is_multicast),
              ("reserved address", address.is_reserved),
              ("private network", address.is_private),
              # 100.64.0.0/10 (carrier NAT) and the like: neither private nor public.
              ("non-public address", not address.is_global)]
    return next((kind for kind, hit in checks if hit), "")


def resolve(host: str, port: int) -> list[str]:
    """The host's addresses, in the order the system prefers them."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise Unresolved(UNRESOLVED.format(host=host, reason=getattr(error, "strerror", None)
                                           or error), retry=True) from None
    return list(dict.fromkeys(info[4][0] for info in infos))


class Fetcher:
    """One per process: it remembers robots.txt per host and when each host was last asked.

    Safe to share between threads. The per-host delay is kept per process; several workers on
    one host each keep their own (the Celery queue spreads a host's items over time anyway).
    """

    def __init__(self, settings: FetchSettings, *, resolver=resolve, clock=time.monotonic,
                 sleep=time.sleep):
        self.settings = settings
        self._resolve = resolver
        self._clock = clock
        self._sleep = sleep
        self._lock = threading.Lock()
        self._robots: dict[str, tuple[float, urllib.robotparser.RobotFileParser | None]] = {}
        self._last: dict[str, float] = {}

    # The one public method ----------------------------------------------------------------

    def get(self, url: str, *, what: str = "page", etag: str = "", modified: str = "",
            accept: str = "*/*") -> Response:
        """GET `url`, following redirects; a 304 comes back as a Response (`not_modified`).

        Raises FetchError for anything else but a 2xx answer.
        """
        headers = {"Accept": accept}
        if etag:
            headers["If-None-Match"] = etag
        if modified:
            headers["If-Modified-Since"] = modified
        for _ in range(self.settings.max_redirects + 1):
            self._check_robots(url)
            answer = self._request(url, headers, what=what)
            if answer.status not in REDIRECTS:
                break
            target = answer.headers.get("location", "").strip()
            if not target:
                raise FetchError(REDIRECT_NOWHERE.format(what=what, code=answer.status))
            url = urljoin(url, target)
        else:
            raise FetchError(TOO_MANY_REDIRECTS.format(what=what,
                                                       limit=self.settings.max_redirects))
        if answer.status == HTTPStatus.NOT_MODIFIED or 200 <= answer.status < 300:
            return answer
        try:
            phrase = HTTPStatus(answer.status).phrase
        except ValueError:
            phrase = ""
        # Rate limits and server trouble pass; a missing or forbidden page does not.
        raise FetchError(STATUS.format(what=what, code=answer.status, phrase=phrase).replace(
            " .", "."), retry=answer.status in (408, 425, 429) or answer.status >= 500)

    # Checks ------------------------------------------------------------------------------------

    def _target(self, url: str) -> tuple[str, str, int]:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https"):
            raise FetchError(NOT_HTTP.format(url=url[:200]))
        if not parts.hostname:
            raise FetchError(NO_HOST.format(url=url[:200]))
        try:
            port = parts.port or (443 if parts.scheme == "https" else 80)
        except ValueError:
            raise FetchError(NO_HOST.format(url=url[:200])) from None
        return parts.scheme, parts.hostname, port

    def _address(self, host: str, port: int) -> str:
        """The first address of `host` that may be asked; refused if any is not public.

        Refusing when *any* address is private (not only the first) means a name cannot mix a
        public and a private address and hope the private one is tried.
        """
        addresses = self._resolve(host, port)
        if not addresses:
            raise Unresolved(UNRESOLVED.format(host=host, reason="no addresses"), retry=True)
        if not self.settings.allow_private:
            for text in addresses:
                kind = refusal(ipaddress.ip_address(text.split("%")[0]))
                if kind:
                    raise AddressRefused(PRIVATE.format(kind=kind, address=text))
        return addresses[0]

    def _check_robots(self, url: str) -> None:
        scheme, host, port = self._target(url)
        origin = f"{scheme}://{f'[{host}]' if ':' in host else host}:{port}"
        now = self._clock()
        with self._lock:
            cached = self._robots.get(origin)
        if cached is None or cached[0] < now:
            parser = self._read_robots(origin, host)
            with self._lock:
                self._robots[origin] = (now + ROBOTS_TTL, parser)
        else:
            parser = cached[1]
        if parser is not None and not parser.can_fetch(self.settings.user_agent, url):
            raise FetchError(ROBOTS_DISALLOW.format(url=url[:300]))

    def _read_robots(self, origin: str, host: str):
        """The site's rules; None when it has none (4xx). Any other failure refuses the site,
        as the robots.txt convention asks: a crawler that cannot read the rules stays away.
        Failures to reach the host at all are reported as such (a timeout, a refused
        connection), being about the site rather than its rules."""
        url = f"{origin}/robots.txt"
        # Redirects are followed (http to https is common), each target checked like any.
        for _ in range(self.settings.max_redirects + 1):
            answer = self._request(url, {"Accept": "text/plain"}, what="robots.txt",
                                   limit=ROBOTS_MAX_BYTES)
            target = answer.headers.get("location", "").strip()
            if answer.status not in REDIRECTS or not target:
                break
            url = urljoin(url, target)
        if 400 <= answer.status < 500:
            return None
        if not 200 <= answer.status < 300:
            raise FetchError(ROBOTS_UNREADABLE.format(
                reason=f"it answered {answer.status}", host=host), retry=True)
        parser = urllib.robotparser.RobotFileParser()
        parser.parse(answer.body.decode("utf-8", "replace").splitlines())
        return parser

    # The request ---------------------------------------------------------------------------

    def _wait_turn(self, host: str) -> None:
        delay = self.settings.host_delay
        if delay <= 0:
            return
        with self._lock:
            now = self._clock()
            start = max(now, self._last.get(host, now - delay) + delay)
            self._last[host] = start  # reserve the slot before sleeping, so threads queue
        if start > now:
            self._sleep(start - now)

    def _request(self, url: str, headers: dict, *, what: str, limit: int | None = None):
        scheme, host, port = self._target(url)
        address = self._address(host, port)
        self._wait_turn(host)
        limit = limit or self.settings.max_bytes
        timeout = self.settings.timeout
        parts = urlsplit(url)
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        default_port = port == (443 if scheme == "https" else 80)
        headers = {"User-Agent": self.settings.user_agent, "Accept-Encoding": "gzip, deflate",
                   "Host": host if default_port else f"{host}:{port}", **headers}
        if ":" in host and not host.startswith("["):
            headers["Host"] = f"[{host}]" if default_port else f"[{host}]:{port}"
        options = dict(timeout=urllib3.Timeout(connect=timeout, read=timeout), retries=False,
                       maxsize=1)
        if scheme == "https":
            pool = urllib3.HTTPSConnectionPool(address, port, server_hostname=host,
                                               assert_hostname=host, cert_reqs="CERT_REQUIRED",
                                               **options)
        else:
            pool = urllib3.HTTPConnectionPool(address, port, **options)
        deadline = self._clock() + timeout * 3  # a slow drip of bytes ends too
        try:
            raw = pool.urlopen("GET", path, headers=headers, redirect=False,
                               preload_content=False, assert_same_host=False)
            try:
                answer = Response(url=url, status=raw.status,
                                  headers={k.lower(): v for k, v in raw.headers.items()})
                if answer.status in REDIRECTS or answer.status == HTTPStatus.NOT_MODIFIED:
                    return answer
                declared = answer.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > limit:
                    raise FetchError(TOO_LARGE.format(what=what, limit=limit))
                chunks, size = [], 0
                # Counted after decompression: a small gzip bomb is refused like a big page.
                for chunk in raw.stream(CHUNK, decode_content=True):
                    size += len(chunk)
                    if size > limit:
                        raise FetchError(TOO_LARGE.format(what=what, limit=limit))
                    if self._clock() > deadline:
                        raise FetchError(TIMED_OUT.format(seconds=timeout), retry=True)
                    chunks.append(chunk)
                answer.body = b"".join(chunks)
                return answer
            finally:
                raw.release_conn()
                raw.close()
        except FetchError:
            raise
        except NewConnectionError as error:
            # Before the timeouts: urllib3 makes it a subclass of ConnectTimeoutError.
            if "timed out" in str(error).lower():
                raise FetchError(TIMED_OUT.format(seconds=timeout), retry=True) from None
            raise FetchError(UNREACHABLE.format(host=host, reason=_reason(error)),
                             retry=True) from None
        except (ReadTimeoutError, Urllib3Timeout, socket.timeout):
            raise FetchError(TIMED_OUT.format(seconds=timeout), retry=True) from None
        except SSLError as error:
            raise FetchError(TLS.format(host=host, reason=_reason(error))) from None
        except (ProtocolError, HTTPError, OSError) as error:
            if "timed out" in str(error).lower():
                raise FetchError(TIMED_OUT.format(seconds=timeout), retry=True) from None
            raise FetchError(BROKEN.format(host=host, reason=_reason(error)), retry=True) from None
        finally:
            pool.close()


def _reason(error: Exception) -> str:
    """The innermost cause, short: "Connection refused" rather than urllib3's whole chain."""
    while error.__cause__ is not None or error.__context__ is not None:
        error = error.__cause__ or error.__context__
    text = getattr(error, "strerror", None) or str(error) or type(error).__name__
    return text.split(": ")[-1][:200]
