"""What the web layers share: the service, its readiness, the rate limiter and the feedback store.

`start()` loads (or, on first run, builds) the index in a background thread, so the server accepts requests
at once and answers 503 with a Dutch message until it is ready. Nothing here holds a conversation.
"""

from __future__ import annotations

import itertools
import logging
import threading
import time
from collections.abc import Iterator, Sequence
from typing import Literal

from assistant.errors import WijkWijzerError
from assistant.feedback import FeedbackError, FeedbackStore, feedback_store
from assistant.retrieve.retriever import QueryError, clean_query
from assistant.service import IndexInfo, WijkWijzer
from assistant.settings import Settings
from assistant.store import IndexUnavailable
from assistant.types import Answer, StreamEvent
from assistant.web.ratelimit import RateLimiter, parse_networks
from assistant.web.texts import error_text

log = logging.getLogger("assistant.web")

RELOAD_CHECK_SECONDS = 2.0
RETRY_SECONDS = 2.0
State = Literal["starting", "building", "ready", "error"]


class WebError(WijkWijzerError):
    """An error with an HTTP status and a message for end users (Dutch)."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}


def unavailable(exc: IndexUnavailable) -> WebError:
    """503 for a request that found the index unreachable; the next request tries again."""
    log.warning("index unavailable: %s", exc)
    return WebError(503, error_text("unavailable", reason=str(exc)), {"Retry-After": "5"})


class Runtime:
    def __init__(
        self,
        settings: Settings | None = None,
        service: WijkWijzer | None = None,
        feedback: FeedbackStore | None = None,
    ) -> None:
        self.settings = settings or Settings()
        self.service = service or WijkWijzer(self.settings)
        self.feedback = feedback or feedback_store(self.settings)
        self.limiter = RateLimiter(self.settings.rate_limit)
        self.trusted_proxies = parse_networks(self.settings.trusted_proxy_list)
        self.state: State = "starting"
        self.message: str | None = None
        self.ready_seconds: float | None = None
        self._thread: threading.Thread | None = None
        self._names: list[str] | None = None
        self.info: IndexInfo | None = None
        self._checked = 0.0
        self._reload = threading.Lock()

    # -- readiness ----------------------------------------------------------------------------------
    def start(self, background: bool = True) -> None:
        if self._thread is not None:
            return
        self._thread = threading.Thread(target=self._prepare, name="wijkwijzer-warm-up", daemon=True)
        self._thread.start()
        if not background:
            self._thread.join()

    def wait_ready(self, timeout: float | None = None) -> bool:
        if self._thread is not None:
            self._thread.join(timeout)
        return self.state == "ready"

    def _prepare(self) -> None:
        started = time.perf_counter()
        while True:
            try:
                self._load()
                break
            except IndexUnavailable as exc:  # e.g. the Chroma server is not up yet: keep trying
                self.message = str(exc)
                log.warning("index not reachable, retrying: %s", exc)
                time.sleep(RETRY_SECONDS)
            except (WijkWijzerError, OSError) as exc:  # a broken overview, model or index folder
                self.state, self.message = "error", str(exc)
                log.error("index not usable: %s", exc)
                return
            except Exception as exc:  # any other failure must not kill the server: report it on /api/health
                self.state, self.message = "error", f"{type(exc).__name__}: {exc}"
                log.exception("warm-up failed")
                return
        self.ready_seconds = time.perf_counter() - started
        self.state, self.message = "ready", None
        log.info("ready in %.1f s", self.ready_seconds)

    def _load(self) -> None:
        if not self.service.has_index():
            self.state = "building"
            log.info("no index yet: building it")
            self.service.build_index()
        self.service.warm_up()
        self.info = self.service.info()

    def require_ready(self) -> None:
        if self.state == "error":
            raise WebError(503, error_text("unavailable", reason=self.message))
        if self.state != "ready":
            raise WebError(503, error_text("starting"), {"Retry-After": "10"})

    # -- requests -----------------------------------------------------------------------------------
    def check_rate(self, client: str) -> None:
        wait = self.limiter.check(client)
        if wait is not None:
            seconds = RateLimiter.retry_after(wait)
            raise WebError(429, error_text("rate_limited", seconds=seconds), {"Retry-After": str(seconds)})

    def check_question(self, question: str) -> str:
        """The question as asked, or a 422/413 error (checked before any work is done)."""
        limit = self.settings.max_query_chars
        if len(question) > limit:
            raise WebError(413, error_text("too_long", max=limit))
        try:
            clean_query(question, limit)
        except QueryError:
            raise WebError(422, error_text("empty")) from None
        return question

    def reload_if_rebuilt(self) -> None:
        """At most every `RELOAD_CHECK_SECONDS`: pick up an index rebuilt by `wijkwijzer index` (no restart,
        no failed request; a failed reload keeps the serving build and is logged)."""
        now = time.monotonic()
        if self.state != "ready" or now - self._checked < RELOAD_CHECK_SECONDS or not self._reload.acquire(False):
            return
        try:
            self._checked = now
            if self.service.reload_if_rebuilt():
                self.info = self.service.info()
                log.info("switched to index build %s", self.info.build)
        except (WijkWijzerError, OSError) as exc:  # the serving build stays in use
            log.warning("new index build not used: %s", exc)
        finally:
            self._reload.release()

    def ask(self, question: str, history: Sequence[dict[str, str]]) -> Answer:
        self.require_ready()
        self.reload_if_rebuilt()
        try:
            answer = self.service.ask(question, history)
        except IndexUnavailable as exc:
            raise unavailable(exc) from exc
        self.record(question, answer)
        return answer

    def stream(self, question: str, history: Sequence[dict[str, str]]) -> Iterator[StreamEvent]:
        """The answer as events (see `WijkWijzer.ask_stream`). Not ready or an unreachable index raise WebError
        here, before the first event, since retrieval runs for the first one; a refused answer is recorded."""
        self.require_ready()
        self.reload_if_rebuilt()
        events = self.service.ask_stream(question, history)
        try:
            first = next(events)
        except IndexUnavailable as exc:
            raise unavailable(exc) from exc
        return self._recorded(question, itertools.chain([first], events))

    def _recorded(self, question: str, events: Iterator[StreamEvent]) -> Iterator[StreamEvent]:
        for event in events:
            if event.kind == "done" and event.answer is not None:
                self.record(question, event.answer)
            yield event

    def record(self, question: str, answer: Answer) -> None:
        """Keep a refused question (scrubbed) for the content-gap report; a store failure is only logged."""
        if not (answer.refused and self.settings.record_refused) or answer.crisis:
            return
        try:
            self.feedback.add_refused(question, answer.language)
        except FeedbackError as exc:
            log.warning("refused question not stored: %s", exc)

    def rate(self, question: str, answer_text: str, rating: str, comment: str | None) -> bool:
        """Store a thumbs up/down. Crisis questions are never stored. Raises WebError when the store fails."""
        if self.service.assess_crisis(question).tier or (comment and self.service.assess_crisis(comment).tier):
            return False
        names = [name for name in self.approach_names() if name in answer_text]
        try:
            self.feedback.add_rating(question, rating, names, comment)
        except FeedbackError as exc:
            log.warning("feedback not stored: %s", exc)
            raise WebError(503, error_text("feedback_failed")) from exc
        return True

    def approach_names(self) -> list[str]:
        if self._names is None:
            try:
                self._names = [a.name for a in self.service.overview().approaches]
            except (OSError, ValueError):
                return []
        return self._names
