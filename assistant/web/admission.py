"""A cap on the questions one process answers or holds at once, so a burst gets a quick 503 instead of
ever longer waits. The answers share the cores (embedding a question is the cost), so with the cap at N and
a throughput of R answers/s no accepted question waits much longer than N / R seconds."""

from __future__ import annotations

import logging

from starlette.types import ASGIApp, Receive, Scope, Send

from assistant.web.errors import error_response
from assistant.web.texts import error_text

log = logging.getLogger("assistant.web")

QUESTION_PATHS = frozenset({"/api/ask", "/api/ask/stream"})
RETRY_AFTER_SECONDS = 2


class Admission:
    """ASGI middleware: POSTs to the question endpoints beyond `max_queue` in progress get 503 with
    Retry-After. It runs on the event loop only, so a plain counter is safe. 0 turns the cap off."""

    def __init__(self, app: ASGIApp, max_queue: int) -> None:
        self.app = app
        self.max_queue = max_queue
        self.active = 0
        self.turned_away = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            self.max_queue <= 0
            or scope["type"] != "http"
            or scope["method"] != "POST"
            or scope["path"] not in QUESTION_PATHS
        ):
            await self.app(scope, receive, send)
            return
        if self.active >= self.max_queue:
            self.turned_away += 1
            if self.turned_away % 100 == 1:  # one line per hundred, not one per request, during a burst
                log.warning("busy: %d questions in progress, %d turned away so far", self.active, self.turned_away)
            headers = {"Retry-After": str(RETRY_AFTER_SECONDS)}
            await error_response(503, error_text("busy"), headers)(scope, receive, send)
            return
        self.active += 1
        try:
            await self.app(scope, receive, send)
        finally:
            self.active -= 1
