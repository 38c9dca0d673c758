"""The Gradio chat at `/`: a view over :class:`Runtime`; the conversation lives in each browser session only."""

from __future__ import annotations

import html
from collections.abc import Iterator
from typing import Any

import gradio as gr

from assistant.types import Answer
from assistant.web.ratelimit import client_address
from assistant.web.runtime import Runtime, WebError
from assistant.web.texts import label, web_texts

SET_LANGUAGE = "() => { document.documentElement.lang = 'nl'; }"
# the send button in a dark teal (white text at 8:1) instead of Gradio's orange (2.8:1, below WCAG AA)
CSS = """
#wijkwijzer-chat { min-height: 24rem; }
#wijkwijzer-send { background: #0b4f59; border-color: #0b4f59; color: #ffffff; }
#wijkwijzer-send:hover { background: #083a42; }
"""


def text_of(content: Any) -> str:
    """Plain text of a Gradio message content (a string, or a list of content parts)."""
    if isinstance(content, str):
        return content
    if isinstance(content, dict):
        return str(content.get("text") or content.get("content") or "")
    if isinstance(content, list | tuple):
        return "".join(text_of(part) for part in content)
    return ""


def shown(question: str) -> str:
    """A question as the chat shows it: HTML-escaped, so that markup in it is shown as text, never rendered."""
    return html.escape(question, quote=False)


def shown_text(message: dict[str, Any]) -> str:
    """The text of a chat message as asked or answered (user messages are stored escaped, see `shown`)."""
    text = text_of(message.get("content"))
    return html.unescape(text) if message.get("role") == "user" else text


def conversation(chat: list[dict[str, Any]]) -> list[dict[str, str]]:
    """The turns the service needs: user questions and answers, without the 'Bronnen' blocks."""
    return [
        {"role": str(m["role"]), "content": shown_text(m)}
        for m in chat
        if m.get("role") in ("user", "assistant") and not (m.get("metadata") or {}).get("title")
    ]


def sources_markdown(answer: Answer) -> str:
    lines = []
    for s in answer.sources:
        where = f"{s.approach} — {s.section}" if s.section not in ("", "overzicht") else s.approach
        link = f"[{where}]({s.url})" if s.url else f"{where} ({label('no_link')})"
        lines.append(f"{s.n}. {link}")
    return "\n".join(lines)


def _client(request: gr.Request | None, rt: Runtime) -> str:
    if request is None or request.client is None:
        return "gradio"
    return client_address(request.client.host, dict(request.headers), rt.trusted_proxies)


def build_chat(rt: Runtime) -> gr.Blocks:
    texts = web_texts()

    def respond(message: str, chat: list[dict[str, Any]] | None, request: gr.Request) -> Iterator[tuple[str, Any]]:
        chat = list(chat or [])
        question = (message or "").strip()
        try:
            rt.check_question(question)
            rt.require_ready()
            rt.check_rate(_client(request, rt))
        except WebError as exc:
            raise gr.Error(exc.message) from None
        history = conversation(chat)
        chat += [{"role": "user", "content": shown(question)}, {"role": "assistant", "content": ""}]
        yield "", chat
        try:
            events = rt.stream(question, history)
        except WebError as exc:
            raise gr.Error(exc.message) from None
        for event in events:
            if event.kind == "delta":
                chat[-1] = {"role": "assistant", "content": text_of(chat[-1]["content"]) + event.text}
            elif event.kind == "replace":
                chat[-1] = {"role": "assistant", "content": event.text}
            elif event.kind == "done" and event.answer is not None and event.answer.sources:
                sources = gr.ChatMessage(
                    content=sources_markdown(event.answer),
                    metadata={"title": label("sources"), "status": "done"},
                )
                chat.append(sources)  # type: ignore[arg-type]
            yield "", chat

    def pick_example(data: gr.SelectData) -> str:
        value = data.value
        return str(value.get("text", "")) if isinstance(value, dict) else str(value)

    def on_like(chat: list[dict[str, Any]] | None, data: gr.LikeData) -> None:
        chat = list(chat or [])
        index = data.index if isinstance(data.index, int) else data.index[0]
        while 0 < index < len(chat) and (chat[index].get("metadata") or {}).get("title"):
            index -= 1  # a thumb on the 'Bronnen' block rates the answer above it
        answer = text_of(chat[index].get("content")) if 0 <= index < len(chat) else ""
        question = next(
            (shown_text(m) for m in reversed(chat[:index]) if m.get("role") == "user"),
            "",
        )
        if not question:
            return
        try:
            rt.rate(question, answer, "up" if data.liked else "down", None)
        except WebError as exc:
            gr.Warning(exc.message)
            return
        gr.Info(label("thanks_up") if data.liked else label("thanks_down"))

    with gr.Blocks(title=texts["title"], fill_height=True) as demo:
        gr.Markdown(f"# {texts['title']}\n\n{texts['intro']}")
        chatbot = gr.Chatbot(
            label=label("chatbot"),
            elem_id="wijkwijzer-chat",
            examples=[{"text": q} for q in texts["examples"]],
            feedback_options=("Like", "Dislike"),
            scale=1,
            height="60vh",
        )
        with gr.Row():
            box = gr.Textbox(
                label=label("input"),
                placeholder=label("placeholder"),
                max_length=rt.settings.max_query_chars,
                scale=8,
                elem_id="wijkwijzer-question",
                autofocus=True,
            )
            send = gr.Button(label("send"), variant="primary", scale=1, elem_id="wijkwijzer-send")
        reset = gr.Button(label("reset"), variant="secondary", size="sm", elem_id="wijkwijzer-reset")

        box.submit(respond, [box, chatbot], [box, chatbot], api_name="ask")
        send.click(respond, [box, chatbot], [box, chatbot], api_visibility="private")
        chatbot.example_select(pick_example, None, box, api_visibility="private").then(
            respond, [box, chatbot], [box, chatbot], api_visibility="private"
        )
        chatbot.like(on_like, [chatbot], None, api_visibility="private")
        reset.click(lambda: ([], ""), None, [chatbot, box], api_visibility="private")
    demo.queue(default_concurrency_limit=8)
    return demo
