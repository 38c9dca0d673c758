"""Web front ends over the library: HTTP API, Gradio chat and the embeddable widget, in one server."""

from assistant.web.app import create_app, serve
from assistant.web.runtime import Runtime, WebError

__all__ = ["Runtime", "WebError", "create_app", "serve"]
