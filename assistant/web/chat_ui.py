"""The Gradio chat at `/`: a view over :class:`Runtime`; the conversation lives in each browser session only."""

from __future__ import annotations

import html
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import gradio as gr

from assistant.types import Answer
from assistant.web.ratelimit import client_address
from assistant.web.runtime import Runtime, WebError
from assistant.web.texts import label, web_texts

SET_LANGUAGE = "() => { document.documentElement.lang = 'nl'; }"
#: Buttons for an answer's suggestions (the API sends 0–5); unused ones are hidden.
MAX_SUGGESTIONS = 5
# Here, not in templates/web.yaml, until that file gets a label for it: the chips' heading, which also names them.
SUGGESTIONS_LABEL = "Klik op een vraag om hem te stellen:"
# the send button in a dark teal (white text at 8:1) instead of Gradio's orange (2.8:1, below WCAG AA); the
# suggestion chips in the same teal on white (8:1), wrapping long questions, never below 24×24 px (WCAG 2.5.8);
# a comparison table scrolls sideways inside its bubble instead of squeezing its columns on a phone (the bubble
# scrolls, not the table: a table set to `display: block` loses its table semantics in some screen readers)
CSS = """
#wijkwijzer-chat { min-height: 24rem; }
#wijkwijzer-send { background: #0b4f59; border-color: #0b4f59; color: #ffffff; }
#wijkwijzer-send:hover { background: #083a42; }
#wijkwijzer-suggestions .wijkwijzer-chip { flex: 0 1 auto; width: auto; max-width: 100%; min-width: 24px;
  min-height: 2rem; padding: 0.25rem 0.75rem; font-size: 0.875rem; white-space: normal; text-align: left;
  background: #ffffff; color: #0b4f59;
  border: 1px solid #0b4f59; border-radius: 1rem; }
#wijkwijzer-suggestions .wijkwijzer-chip:hover { background: #e1eef0; }
#wijkwijzer-chat .message-content { overflow-x: auto; }
#wijkwijzer-chat th, #wijkwijzer-chat td { min-width: 11rem; vertical-align: top; }
#wijkwijzer-chat th:first-child, #wijkwijzer-chat td:first-child { min-width: 6rem; }
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


def chip_updates(suggestions: Sequence[str] | None) -> list[Any]:
    """Updates for the suggestion area and its buttons: the box shown only when there is a suggestion, one
    button per suggestion (its text is the question and the button's accessible name), the rest hidden.
    `None` (a question under way) hides them all, so no chip of the previous answer can be clicked meanwhile."""
    shown_ = [s for s in (suggestions or ()) if s.strip()][:MAX_SUGGESTIONS]
    buttons = [
        gr.update(value=shown_[i], visible=True) if i < len(shown_) else gr.update(value="", visible=False)
        for i in range(MAX_SUGGESTIONS)
    ]
    return [gr.update(visible=bool(shown_)), *buttons]


def unchanged() -> list[Any]:
    """No update for the suggestion area (while an answer streams in)."""
    return [gr.skip() for _ in range(MAX_SUGGESTIONS + 1)]


Responder = Callable[[str, list[dict[str, Any]] | None, gr.Request | None], Iterator[tuple[Any, ...]]]


def responder(rt: Runtime) -> Responder:
    """The chat's one way to ask: typed (Enter or the button), an example, or a suggestion chip. Yields the
    question box, the chat and the suggestion area (see `chip_updates`)."""

    def respond(
        message: str, chat: list[dict[str, Any]] | None, request: gr.Request | None
    ) -> Iterator[tuple[Any, ...]]:
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
        yield "", chat, *chip_updates(None)
        try:
            events = rt.stream(question, history)
        except WebError as exc:
            raise gr.Error(exc.message) from None
        for event in events:
            chips = unchanged()
            if event.kind == "delta":
                chat[-1] = {"role": "assistant", "content": text_of(chat[-1]["content"]) + event.text}
            elif event.kind == "replace":
                chat[-1] = {"role": "assistant", "content": event.text}
            elif event.kind == "done" and event.answer is not None:
                if event.answer.sources:
                    sources = gr.ChatMessage(
                        content=sources_markdown(event.answer),
                        metadata={"title": label("sources"), "status": "done"},
                    )
                    chat.append(sources)  # type: ignore[arg-type]
                chips = chip_updates(event.answer.suggestions)
            yield "", chat, *chips

    return respond


def build_chat(rt: Runtime) -> gr.Blocks:
    texts = web_texts()
    respond = responder(rt)

    def ask(message: str, chat: list[dict[str, Any]] | None, request: gr.Request) -> Iterator[tuple[Any, ...]]:
        yield from respond(message, chat, request)

    def ask_suggestion(
        suggestion: str, chat: list[dict[str, Any]] | None, request: gr.Request
    ) -> Iterator[tuple[Any, ...]]:
        # the same path as a typed question, but whatever is being typed in the box stays there
        for _box, *rest in respond(suggestion, chat, request):
            yield tuple(rest)

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
        # under the conversation, above the question box: the latest answer's next questions (hidden when none)
        with gr.Column(visible=False, elem_id="wijkwijzer-suggestions") as suggestion_area:
            gr.Markdown(SUGGESTIONS_LABEL)
            with gr.Row():
                chips = [
                    gr.Button("", visible=False, size="sm", scale=0, min_width=24, elem_classes=["wijkwijzer-chip"])
                    for _ in range(MAX_SUGGESTIONS)
                ]
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

        # buttons and layout blocks are not part of Gradio's API, so `/ask` still returns (box, chat)
        outputs = [box, chatbot, suggestion_area, *chips]
        box.submit(ask, [box, chatbot], outputs, api_name="ask")
        send.click(ask, [box, chatbot], outputs, api_visibility="private")
        chatbot.example_select(pick_example, None, box, api_visibility="private").then(
            ask, [box, chatbot], outputs, api_visibility="private"
        )
        for chip in chips:
            chip.click(ask_suggestion, [chip, chatbot], outputs[1:], api_visibility="private")
        chatbot.like(on_like, [chatbot], None, api_visibility="private")
        reset.click(
            lambda: ([], "", *chip_updates(())), None, [chatbot, box, suggestion_area, *chips], api_visibility="private"
        )
    demo.queue(default_concurrency_limit=8)
    return demo
