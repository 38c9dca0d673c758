"""Every error of the HTTP API is JSON `{"error": "<Dutch message>"}`; client input never causes a 500."""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from assistant.errors import WijkWijzerError
from assistant.web.runtime import WebError
from assistant.web.texts import error_text

log = logging.getLogger("assistant.web")

_FIELDS = {
    "question": "vraag",
    "history": "gesprek",
    "rating": "beoordeling",
    "comment": "opmerking",
    "answer": "antwoord",
}
_REASONS = {
    "missing": "ontbreekt",
    "string_type": "moet tekst zijn",
    "list_type": "moet een lijst zijn",
    "literal_error": "heeft een ongeldige waarde",
    "string_too_long": "is te lang",
    "string_too_short": "is leeg",
    "too_long": "heeft te veel beurten",
    "json_invalid": "is geen geldige JSON",
    "model_attributes_type": "moet een JSON-object zijn",
    "dict_type": "moet een JSON-object zijn",
    "model_type": "moet een JSON-object zijn",
}


def error_response(status: int, message: str, headers: Mapping[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status, headers=headers)


def _describe(exc: RequestValidationError) -> str:
    parts: list[str] = []
    for err in exc.errors()[:3]:
        loc = [str(p) for p in err.get("loc", ()) if p not in ("body",)]
        where = " → ".join(_FIELDS.get(p, p) for p in loc) or "verzoek"
        parts.append(f"{where} {_REASONS.get(str(err.get('type')), 'is ongeldig')}")
    return "; ".join(parts) or "onbekende fout"


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(WebError)
    async def web_error(request: Request, exc: WebError) -> JSONResponse:
        return error_response(exc.status, exc.message, exc.headers)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        question = next((e for e in exc.errors() if tuple(e.get("loc", ())) == ("body", "question")), None)
        if question is not None and question.get("type") == "string_too_short":
            return error_response(422, error_text("empty"))
        return error_response(422, error_text("invalid", details=_describe(exc)))

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> JSONResponse:
        messages = {
            404: error_text("not_found"),
            405: error_text("method"),
            413: error_text("body_too_large", max=request.app.state.runtime.settings.max_body_bytes),
        }
        return error_response(exc.status_code, messages.get(exc.status_code, str(exc.detail)), exc.headers)

    @app.exception_handler(WijkWijzerError)
    async def expected(request: Request, exc: WijkWijzerError) -> JSONResponse:
        # an expected failure below the web layer (the store, the model, a file): its message, no traceback
        log.warning("%s on %s %s: %s", type(exc).__name__, request.method, request.url.path, exc)
        return error_response(503, error_text("unavailable", reason=str(exc)), {"Retry-After": "5"})

    @app.exception_handler(Exception)
    async def internal(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        return error_response(500, error_text("internal"))


class BodyLimit:
    """ASGI middleware: a request body over `max_bytes` gets the JSON 413 — at once when Content-Length says so,
    else as soon as the counted bytes pass the limit (raised as an HTTPException FastAPI passes on)."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length", b"0")
        if not declared.isdigit() or int(declared) > self.max_bytes:
            await error_response(413, error_text("body_too_large", max=self.max_bytes))(scope, receive, send)
            return
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > self.max_bytes:
                raise HTTPException(413)
            return message

        await self.app(scope, counted, send)


class AccessLog:
    """ASGI middleware: method, path, status and time of API calls only — no client address, no question."""

    def __init__(self, app: ASGIApp, prefix: str = "/api/") -> None:
        self.app = app
        self.prefix = prefix

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(self.prefix):
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 0

        async def send_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, send_status)
        finally:
            ms = (time.perf_counter() - started) * 1000
            log.info("%s %s %d %.0f ms", scope["method"], scope["path"], status or 500, ms)


class CatchAll:
    """ASGI middleware inside CORS: an unexpected error becomes the Dutch JSON 500 *with* CORS headers, so the
    widget on another site can show it (Starlette's own handler answers outside the CORS middleware)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracked(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, tracked)
        except Exception:
            if started:
                raise
            log.exception("unexpected error on %s %s", scope.get("method"), scope.get("path"))
            await error_response(500, error_text("internal"))(scope, receive, send)
