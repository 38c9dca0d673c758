"""HTTP for the approach pages linked from the overview: polite, bounded, and plain about what went wrong.

- One `httpx.Client` (injected in tests), a clear User-Agent, timeouts.
- robots.txt per host, fetched through the same client (RFC 9309: 4xx → everything allowed; 5xx → nothing
  allowed; Crawl-delay honoured up to :data:`MAX_CRAWL_DELAY`).
- At most one request per `interval` seconds per host (clock and sleep are injectable).
- Retries with exponential backoff on connection errors, time-outs, 5xx and 429 (Retry-After honoured), never
  waiting more than `retry_budget` seconds per URL. A host whose name does not resolve, or that refused every
  attempt, is not asked again in this run: without network every URL fails at once instead of after minutes.
- Redirects followed one hop at a time (each hop checked against its host's robots.txt and throttled).
- Conditional GET (If-None-Match / If-Modified-Since) when the caller has an ETag or Last-Modified.
- The body is streamed and cut off at `max_bytes`; other content types and empty bodies are skipped.
"""

from __future__ import annotations

import socket
import time
from collections.abc import Callable, Collection
from dataclasses import dataclass, replace
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import httpx

from assistant.settings import FETCH_USER_AGENT, Settings

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
PDF_TYPES = frozenset({"application/pdf"})
MAX_CRAWL_DELAY = 10.0  # seconds: a longer Crawl-delay in robots.txt is capped here
REDIRECTS = frozenset({301, 302, 303, 307, 308})
Clock = Callable[[], float]
Sleep = Callable[[float], None]


@dataclass(frozen=True)
class FetchConfig:
    user_agent: str = FETCH_USER_AGENT
    timeout: float = 15.0  # seconds per connect/read; the whole body gets 4x this
    interval: float = 1.0  # minimum seconds between two requests to one host
    max_bytes: int = 5_000_000
    retries: int = 2  # extra attempts after the first
    retry_budget: float = 20.0  # most seconds spent waiting between attempts for one URL
    backoff: float = 0.5  # first wait; doubles per attempt
    max_redirects: int = 5

    @classmethod
    def from_settings(cls, s: Settings) -> FetchConfig:
        return cls(
            user_agent=s.fetch_user_agent,
            timeout=s.fetch_timeout,
            interval=s.fetch_interval,
            max_bytes=s.fetch_max_bytes,
            retries=s.fetch_retries,
            retry_budget=s.fetch_retry_budget,
        )


@dataclass(frozen=True)
class FetchResult:
    """What one URL gave. `outcome`: ok | not_modified | gone | skipped | error; `reason` says why (Dutch)."""

    url: str
    outcome: str
    reason: str = ""
    final_url: str = ""
    status: int | None = None
    content_type: str = ""  # media type without parameters, e.g. "text/html"
    charset: str | None = None
    body: bytes = b""
    etag: str | None = None
    last_modified: str | None = None

    @property
    def is_pdf(self) -> bool:
        return self.content_type in PDF_TYPES


@dataclass(frozen=True)
class _Retry:
    reason: str
    retry_after: float | None = None
    connect: bool = False  # the host could not be reached at all
    status: int | None = None


@dataclass(frozen=True)
class _Redirect:
    location: str
    status: int


@dataclass(frozen=True)
class _Robots:
    parser: RobotFileParser | None  # None: everything allowed
    delay: float = 0.0

    def allows(self, user_agent: str, url: str) -> bool:
        return self.parser is None or self.parser.can_fetch(user_agent, url)


_Outcome = FetchResult | _Redirect | _Retry


class HostThrottle:
    """At most one request per `interval` seconds per host."""

    def __init__(self, interval: float, clock: Clock = time.monotonic, sleep: Sleep = time.sleep) -> None:
        self.interval = interval
        self.clock = clock
        self.sleep = sleep
        self._last: dict[str, float] = {}

    def wait(self, host: str, interval: float | None = None) -> None:
        gap = self.interval if interval is None else max(self.interval, interval)
        last = self._last.get(host)
        if last is not None:
            delay = last + gap - self.clock()
            if delay > 0:
                self.sleep(delay)
        self._last[host] = self.clock()


def _mb(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB"


def _dns_failure(exc: BaseException) -> bool:
    """The host name did not resolve (no network, or no such host): trying again will not help."""
    seen: set[int] = set()
    todo: list[BaseException] = [exc]
    while todo:
        e = todo.pop()
        if id(e) in seen:
            continue
        seen.add(id(e))
        if isinstance(e, socket.gaierror):
            return True
        todo += [x for x in (e.__cause__, e.__context__, *e.args) if isinstance(x, BaseException)]
    return False


def retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds from a Retry-After header (delta-seconds or an HTTP date); None when absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value).timestamp()
    except (TypeError, ValueError, IndexError):
        return None
    return max(0.0, when - (time.time() if now is None else now))


class PageFetcher:
    """Fetch pages politely. Use as a context manager (closes the client it created)."""

    def __init__(
        self,
        config: FetchConfig | None = None,
        client: httpx.Client | None = None,
        clock: Clock = time.monotonic,
        sleep: Sleep = time.sleep,
    ) -> None:
        self.config = config or FetchConfig()
        self._own_client = client is None
        self.client = client or httpx.Client()
        self.clock = clock
        self.sleep = sleep
        self.throttle = HostThrottle(self.config.interval, clock, sleep)
        self._robots: dict[str, _Robots | FetchResult] = {}
        self._down: dict[str, str] = {}  # host → why it is not asked again in this run

    def __enter__(self) -> PageFetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._own_client:
            self.client.close()

    # -- public -------------------------------------------------------------------------------------
    def fetch(
        self,
        url: str,
        etag: str | None = None,
        last_modified: str | None = None,
        accept: Collection[str] = HTML_TYPES | PDF_TYPES,
    ) -> FetchResult:
        headers = {"Accept": ", ".join(sorted(accept)) + ", */*;q=0.1"}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        current = url
        for _ in range(self.config.max_redirects + 1):
            parts = urlsplit(current)
            if parts.scheme not in ("http", "https") or not parts.hostname:
                return FetchResult(url, "skipped", f"geen http(s)-adres: {current}", current)
            if parts.hostname.lower() in self._down:
                return FetchResult(url, "error", self._down[parts.hostname.lower()], current)
            rules = self._rules(current)
            if isinstance(rules, FetchResult):
                return replace(rules, url=url, final_url=current)
            if not rules.allows(self.config.user_agent, current):
                return FetchResult(url, "skipped", "robots.txt staat ophalen niet toe", current)
            got = self._get(current, headers, accept, rules.delay)
            if isinstance(got, _Redirect):
                current = urljoin(current, got.location)
                continue
            return replace(got, url=url, final_url=current)
        return FetchResult(url, "error", f"meer dan {self.config.max_redirects} doorverwijzingen", current)

    # -- robots.txt ---------------------------------------------------------------------------------
    def _rules(self, url: str) -> _Robots | FetchResult:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin not in self._robots:
            self._robots[origin] = self._load_robots(origin)
        return self._robots[origin]

    def _load_robots(self, origin: str) -> _Robots | FetchResult:
        current = f"{origin}/robots.txt"
        got: FetchResult | _Redirect = FetchResult(current, "error")
        for _ in range(self.config.max_redirects + 1):
            got = self._get(current, {"Accept": "text/plain, */*;q=0.1"}, None, 0.0)
            if not isinstance(got, _Redirect):
                break
            current = urljoin(current, got.location)
        if isinstance(got, _Redirect):
            return _Robots(None)  # a redirect loop: treat as unavailable (4xx-like), everything allowed
        if got.outcome == "ok":
            parser = RobotFileParser()
            parser.parse(got.body.decode("utf-8", errors="replace").splitlines())
            delay = parser.crawl_delay(self.config.user_agent)
            return _Robots(parser, min(float(delay or 0.0), MAX_CRAWL_DELAY))
        if got.outcome == "error" and got.status is not None and got.status >= 500:
            return FetchResult(origin, "skipped", f"robots.txt niet beschikbaar (HTTP {got.status})")
        if got.outcome == "error" and got.status is None:
            return got  # the host cannot be reached: the page cannot be either
        return _Robots(None)  # 4xx, empty: no rules

    # -- one URL, with retries ----------------------------------------------------------------------
    def _get(
        self, url: str, headers: dict[str, str], accept: Collection[str] | None, delay: float
    ) -> FetchResult | _Redirect:
        host = (urlsplit(url).hostname or "").lower()
        if host in self._down:
            return FetchResult(url, "error", self._down[host])
        deadline = self.clock() + self.config.retry_budget
        attempt = 0
        while True:
            self.throttle.wait(host, delay)
            got = self._attempt(url, headers, accept)
            if not isinstance(got, _Retry):
                return got
            attempt += 1
            wait = got.retry_after if got.retry_after is not None else self.config.backoff * 2 ** (attempt - 1)
            if attempt > self.config.retries or self.clock() + wait > deadline:
                reason = got.reason + (f", {attempt} pogingen" if attempt > 1 else "")
                if got.retry_after is not None and attempt <= self.config.retries:
                    reason += f", Retry-After {got.retry_after:g} s is te lang"
                if got.connect:
                    self._down[host] = got.reason
                return FetchResult(url, "error", reason, status=got.status)
            self.sleep(wait)

    def _attempt(self, url: str, headers: dict[str, str], accept: Collection[str] | None) -> _Outcome:
        cfg = self.config
        host = (urlsplit(url).hostname or "").lower()
        try:
            return self._send(url, headers, accept)
        except httpx.ConnectTimeout:
            return _Retry(f"geen verbinding: time-out na {cfg.timeout:g} s", connect=True)
        except httpx.TimeoutException:
            return _Retry(f"time-out na {cfg.timeout:g} s")
        except httpx.ConnectError as exc:
            if _dns_failure(exc):
                self._down[host] = f"geen verbinding: host {host} onbekend"
                return FetchResult(url, "error", self._down[host])
            return _Retry("geen verbinding", connect=True)
        except httpx.TransportError as exc:
            return _Retry(f"verbinding verbroken: {type(exc).__name__}")
        except httpx.HTTPError as exc:  # e.g. a body that does not decode (bad gzip)
            return FetchResult(url, "error", f"onleesbaar antwoord: {type(exc).__name__}")

    def _send(self, url: str, headers: dict[str, str], accept: Collection[str] | None) -> _Outcome:
        cfg = self.config
        request_headers = {"User-Agent": cfg.user_agent, **headers}
        start = self.clock()
        with self.client.stream(
            "GET", url, headers=request_headers, timeout=cfg.timeout, follow_redirects=False
        ) as resp:
            status = resp.status_code
            etag, modified = resp.headers.get("etag"), resp.headers.get("last-modified")
            if status in REDIRECTS and resp.headers.get("location"):
                return _Redirect(resp.headers["location"], status)
            if status == 304:
                return FetchResult(url, "not_modified", "ongewijzigd", status=304, etag=etag, last_modified=modified)
            if status in (404, 410):
                return FetchResult(url, "gone", f"weg ({status})", status=status)
            if status == 429 or status >= 500:
                return _Retry(f"HTTP {status}", retry_after(resp.headers.get("retry-after")), status=status)
            if status >= 300:
                return FetchResult(url, "error", f"HTTP {status}", status=status)
            media = resp.headers.get("content-type", "").split(";")[0].strip().lower()
            if accept is not None and media not in accept:
                what = "geen pdf" if set(accept) <= PDF_TYPES else "geen HTML"
                return FetchResult(url, "skipped", f"{what} maar {media or 'onbekend type'}", status=status)
            length = resp.headers.get("content-length", "")
            if length.isdigit() and int(length) > cfg.max_bytes:
                reason = f"te groot: {_mb(int(length))}, grens {_mb(cfg.max_bytes)}"
                return FetchResult(url, "skipped", reason, status=status)
            body = bytearray()
            for piece in resp.iter_bytes():
                body += piece
                if len(body) > cfg.max_bytes:
                    return FetchResult(url, "skipped", f"te groot: meer dan {_mb(cfg.max_bytes)}", status=status)
                if self.clock() - start > 4 * cfg.timeout:
                    return _Retry(f"te traag: niet binnen {4 * cfg.timeout:g} s geladen")
            if not bytes(body).strip():
                return FetchResult(url, "skipped", f"leeg antwoord, HTTP {status}", status=status)
            return FetchResult(
                url,
                "ok",
                status=status,
                content_type=media,
                charset=resp.charset_encoding,
                body=bytes(body),
                etag=etag,
                last_modified=modified,
            )
