"""The HTTP API: /api/ask, /api/ask/stream (Server-Sent Events), /api/feedback, /api/health."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse, StreamingResponse

from assistant.web.ratelimit import client_address
from assistant.web.runtime import Runtime
from assistant.web.schemas import (
    AskRequest,
    AskResponse,
    ErrorResponse,
    FeedbackRequest,
    FeedbackResponse,
    HealthResponse,
    IndexSummary,
    SourceOut,
)
from assistant.web.texts import error_text

log = logging.getLogger("assistant.web")

ERRORS: dict[int | str, dict[str, object]] = {
    status: {"model": ErrorResponse, "description": text}
    for status, text in (
        (413, "Vraag of verzoek te groot"),
        (422, "Ongeldig verzoek of lege vraag"),
        (429, "Te veel vragen; zie Retry-After"),
        (503, "Index nog niet klaar of niet beschikbaar, of het is te druk (zie Retry-After)"),
    )
}


def runtime(request: Request) -> Runtime:
    rt: Runtime = request.app.state.runtime
    return rt


RuntimeDep = Annotated[Runtime, Depends(runtime)]


def rate_limited(request: Request, rt: RuntimeDep) -> None:
    if rt.limiter.enabled:
        peer = request.client.host if request.client else None
        rt.check_rate(client_address(peer, request.headers, rt.trusted_proxies))


def sse(event: str, data: object) -> str:
    return f"event: {event}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"


router = APIRouter(prefix="/api", tags=["api"])


@router.post("/ask", response_model=AskResponse, responses=ERRORS, dependencies=[Depends(rate_limited)])
def ask(body: AskRequest, rt: RuntimeDep) -> AskResponse:
    """Beantwoord een vraag met de passende aanpakken en genummerde bronnen."""
    question = rt.check_question(body.question)
    return AskResponse.of(rt.ask(question, [t.model_dump() for t in body.history]))


@router.post(
    "/ask/stream",
    responses={200: {"content": {"text/event-stream": {}}, "description": "delta/replace/sources/done"}, **ERRORS},
    dependencies=[Depends(rate_limited)],
)
def ask_stream(body: AskRequest, rt: RuntimeDep) -> StreamingResponse:
    """Hetzelfde antwoord als Server-Sent Events: `delta` (tekst erbij), `replace` (vervang de getoonde tekst),
    `sources` (de genummerde bronnen) en `done` (het hele antwoord als bij /api/ask). Bij een fout halverwege:
    `error`."""
    question = rt.check_question(body.question)
    stream = rt.stream(question, [t.model_dump() for t in body.history])  # errors here are still plain JSON

    def events() -> Iterator[str]:
        try:
            for event in stream:
                if event.kind in ("delta", "replace"):
                    yield sse(event.kind, {"text": event.text})
                elif event.kind == "done" and event.answer is not None:
                    response = AskResponse.of(event.answer)
                    yield sse("sources", {"sources": [s.model_dump() for s in response.sources]})
                    yield sse("done", response.model_dump())
        except Exception:
            log.exception("streamed answer failed")
            yield sse("error", {"error": error_text("stream_failed")})

    headers = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
    return StreamingResponse(events(), media_type="text/event-stream", headers=headers)


@router.post("/feedback", response_model=FeedbackResponse, responses=ERRORS, dependencies=[Depends(rate_limited)])
def feedback(body: FeedbackRequest, rt: RuntimeDep) -> FeedbackResponse:
    """Duim omhoog of omlaag voor een antwoord. Alleen de vraag (zonder e-mailadressen of telefoonnummers),
    de beoordeling, een eventuele opmerking en de genoemde aanpakken worden bewaard."""
    return FeedbackResponse(stored=rt.rate(body.question, body.answer, body.rating, body.comment))


@router.get("/health", response_model=HealthResponse, responses={503: {"model": HealthResponse}})
def health(rt: RuntimeDep) -> JSONResponse:
    """Of de assistent klaar is en wat de index bevat (503 zolang hij niet klaar is)."""
    summary = None
    info = rt.info
    if rt.state == "ready" and info is not None:
        summary = IndexSummary(
            build=info.build,
            model_id=info.model_id,
            created_at=info.created_at,
            chunks=info.chunks,
            approaches=len(info.approaches),
            sections=len(info.sections),
        )
    message = rt.message if rt.state == "error" else (error_text("starting") if rt.state != "ready" else None)
    body = HealthResponse(status=rt.state, message=message, index=summary)
    return JSONResponse(body.model_dump(), status_code=200 if rt.state == "ready" else 503)


__all__ = ["SourceOut", "router"]
