"""One server process for all three front ends: the HTTP API (/api, /docs), the widget (/widget.js, /embed)
and the Gradio chat (/). `create_app()` is a factory: importing this module does no work."""

from __future__ import annotations

import html
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib import resources
from typing import Any

from fastapi import FastAPI, Request, Response
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import HTMLResponse

from assistant.settings import Settings
from assistant.web.admission import Admission
from assistant.web.api import router
from assistant.web.errors import AccessLog, BodyLimit, CatchAll, install_error_handlers
from assistant.web.runtime import Runtime

log = logging.getLogger("assistant.web")


def static_text(name: str) -> str:
    return resources.files("assistant").joinpath(f"web/static/{name}").read_text(encoding="utf-8")


def create_app(settings: Settings | None = None, runtime: Runtime | None = None, chat: bool = True) -> FastAPI:
    """The web app. The index is loaded (or built, on first run) in the background when the app starts;
    until then the API answers 503. Pass a `runtime` to share a service (tests, several apps)."""
    rt = runtime or Runtime(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        rt.start(background=True)
        yield
        rt.feedback.close()

    app = FastAPI(
        title="WijkWijzer Assistent API",
        version="1",
        description="Vragen over aanpakken voor leefbare wijken, beantwoord uit het WijkWijzer-overzicht met bronnen.",
        lifespan=lifespan,
    )
    app.state.runtime = rt
    install_error_handlers(app)
    app.include_router(router)

    @app.get("/widget.js", include_in_schema=False)
    def widget() -> Response:
        headers = {"Cache-Control": "public, max-age=300", "Access-Control-Allow-Origin": "*"}
        script = static_text("widget.js").replace("{{MAX_QUESTION_CHARS}}", str(rt.settings.max_query_chars))
        return Response(script, media_type="application/javascript; charset=utf-8", headers=headers)

    @app.get("/embed", include_in_schema=False)
    def embed(request: Request) -> HTMLResponse:
        origin = str(request.base_url).rstrip("/")
        return HTMLResponse(static_text("embed.html").replace("{{ORIGIN}}", html.escape(origin, quote=True)))

    app.add_middleware(CatchAll)  # innermost of ours: its 500 still passes through CORS
    app.add_middleware(BodyLimit, max_bytes=rt.settings.max_body_bytes)
    app.add_middleware(Admission, max_queue=rt.settings.max_queue)
    app.add_middleware(AccessLog)
    origins = rt.settings.cors_origin_list
    if origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=origins,
            allow_methods=["GET", "POST"],
            allow_headers=["Content-Type"],
            max_age=600,
        )
    if chat:
        import gradio as gr

        from assistant.web.chat_page import CSS, HEAD, page_script
        from assistant.web.chat_ui import build_chat

        script = page_script(rt.settings.max_query_chars)
        app = gr.mount_gradio_app(
            app,
            build_chat(rt),
            path="/",
            footer_links=["api"],
            run_history=False,
            js=script,
            css=CSS,
            head=HEAD,
        )
    return app


def server_config(
    app: FastAPI, settings: Settings, host: str | None = None, port: int | None = None, log_level: str = "info"
) -> Any:
    """uvicorn's configuration for the app. Its access log is off (it would log client addresses). Idle
    connections stay open `settings.keep_alive` seconds: with uvicorn's default of 5 s, the same as httpx's
    keep-alive expiry, a client now and then reused a connection the server was just closing (about 1 reset
    request in 6,000 under load; none in 21,000 with 60 s)."""
    import uvicorn

    return uvicorn.Config(
        app,
        host=host or settings.host,
        port=port or settings.port,
        access_log=False,
        log_level=log_level,
        timeout_keep_alive=settings.keep_alive,
    )


def serve(settings: Settings | None = None, host: str | None = None, port: int | None = None) -> None:
    """Run the server until interrupted."""
    import uvicorn

    settings = settings or Settings()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    uvicorn.Server(server_config(create_app(settings), settings, host, port)).run()
