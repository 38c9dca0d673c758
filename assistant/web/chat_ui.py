"""The Gradio chat at `/`: a view over :class:`Runtime`; the conversation lives in the browser tab only (its
sessionStorage, see chat_page.py)."""

from __future__ import annotations

import html
import logging
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import gradio as gr

from assistant.answer.draft import templates
from assistant.types import Answer, source_name
from assistant.web.chat_page import LOAD_JS, SAVE_JS, notice, restored
from assistant.web.ratelimit import client_address
from assistant.web.runtime import Runtime, WebError
from assistant.web.texts import error_text, label, web_texts

log = logging.getLogger("assistant.web")

#: Buttons for an answer's suggestions (the API sends 0–5); unused ones are hidden.
MAX_SUGGESTIONS = 5


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
    """The numbered sources under an answer, one item per citation number (the page's script opens item n for [n]);
    a page linked above is not linked again: advisors 58 b found "the same link 2–5 times as separate sources" in 19
    of 25 answers, one per field an approach's quotes come from."""
    lines: list[str] = []
    linked: dict[str, int] = {}
    texts = templates().get(answer.language) or templates()["nl"]  # in the answer's language, as its labels are
    for s in answer.sources:
        where = s.label or source_name(s)
        if s.url and s.url in linked:
            link = f"{where} ({texts['source_same_link'].format(n=linked[s.url])})"
        else:
            link = f"[{where}]({s.url})" if s.url else f"{where} ({texts['source_no_link']})"
            if s.url:
                linked[s.url] = s.n
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
    """The chat's one way to ask: typed (Enter or the button), an example, a suggestion chip or the `/ask` API.
    Yields the question box, the chat and the suggestion area (see `chip_updates`). A question that cannot be
    asked (empty, too long, too many, not ready, index unreachable) raises WebError: before the first step, or
    right after it when the index cannot be reached (see `Runtime.stream`)."""

    def respond(
        message: str, chat: list[dict[str, Any]] | None, request: gr.Request | None
    ) -> Iterator[tuple[Any, ...]]:
        chat = list(chat or [])
        question = (message or "").strip()
        rt.check_question(question)
        rt.require_ready()
        rt.check_rate(_client(request, rt))
        history = conversation(chat)
        chat += [{"role": "user", "content": shown(question)}, {"role": "assistant", "content": ""}]
        yield "", chat, *chip_updates(None)
        for event in rt.stream(question, history):
            chips = unchanged()
            if event.kind == "delta":
                chat[-1] = {"role": "assistant", "content": text_of(chat[-1]["content"]) + event.text}
            elif event.kind == "replace":
                chat[-1] = {"role": "assistant", "content": event.text}
            elif event.kind == "done" and event.answer is not None:
                if event.answer.sources:
                    # no "status": Gradio then shows the block open (with "done" it starts folded shut)
                    chat.append(
                        {
                            "role": "assistant",
                            "content": sources_markdown(event.answer),
                            "metadata": {"title": label("sources")},
                        }
                    )
                chips = chip_updates(event.answer.suggestions)
            yield "", chat, *chips

    return respond


def shown_in_page(
    steps: Iterator[tuple[Any, ...]], message: str, chat: list[dict[str, Any]] | None
) -> Iterator[tuple[Any, ...]]:
    """The steps of `respond` for the page: (box, chat, notice, suggestion area, *chips). A question that cannot be
    asked or answered leaves the conversation as it was and the question in the box, and says why in the notice
    above the box; never Gradio's error overlay, which covers the conversation and the box until dismissed."""
    started = False
    try:
        for box, shown_chat, *chips in steps:
            yield (box, shown_chat, notice("") if not started else gr.skip(), *chips)
            started = True
        return
    except WebError as exc:
        why = exc.message
    except Exception:  # an unexpected failure while answering: the same notice, and the details in the log
        log.exception("chat answer failed")
        why = error_text("stream_failed")
    if not started:  # nothing shown yet: the conversation, the box and the suggestions stay as they are
        yield (gr.skip(), gr.skip(), notice(why), *unchanged())
    else:  # the question was shown with an empty answer: take both back, and give the question back to the box
        yield (message, list(chat or []), notice(why), *unchanged())


def build_chat(rt: Runtime) -> gr.Blocks:
    texts = web_texts()
    respond = responder(rt)

    # (not named `ask`: Gradio names even a private event after its function, and `/ask` is api_ask's)
    def ask_on_page(message: str, chat: list[dict[str, Any]] | None, request: gr.Request) -> Iterator[tuple[Any, ...]]:
        yield from shown_in_page(respond(message, chat, request), message, chat)

    def ask_suggestion(
        suggestion: str, chat: list[dict[str, Any]] | None, request: gr.Request
    ) -> Iterator[tuple[Any, ...]]:
        # the same path as a typed question, but whatever is being typed in the box stays there
        for _box, *rest in shown_in_page(respond(suggestion, chat, request), "", chat):
            yield tuple(rest)

    def api_ask(message: str, chat: list[dict[str, Any]] | None, request: gr.Request) -> Iterator[tuple[Any, ...]]:
        # `/ask` for API clients (gradio_client): the box and the chat; a question that cannot be asked is an
        # error of the call (the client raises it), as before
        try:
            for box, shown_chat, *_ in respond(message, chat, request):
                yield box, shown_chat
        except WebError as exc:
            raise gr.Error(exc.message) from None

    def restore(saved: str) -> tuple[Any, ...]:
        chat, suggestions = restored(saved)
        if not chat:
            return (gr.skip(), *unchanged())
        return (chat, *chip_updates(suggestions))

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
            buttons=["copy"],  # no share button (nothing to share to) and no second way to copy everything
            autoscroll=False,  # chat.js scrolls to the start of each new question instead of to the end
            scale=1,
            height="60vh",
        )
        # under the conversation, above the question box: the latest answer's next questions (hidden when none)
        with gr.Column(visible=False, elem_id="wijkwijzer-suggestions") as suggestion_area:
            gr.Markdown(label("suggestions"))
            with gr.Row():
                chips = [
                    gr.Button("", visible=False, size="sm", scale=0, min_width=24, elem_classes=["wijkwijzer-chip"])
                    for _ in range(MAX_SUGGESTIONS)
                ]
        notice_area = gr.HTML("", elem_id="wijkwijzer-notice")
        with gr.Row(elem_id="wijkwijzer-input-row"):
            # no max_length: the browser would cut a longer paste without a word; chat.js counts near the limit
            # and the server says when it is too long, keeping the question in the box
            box = gr.Textbox(
                label=label("input"),
                placeholder=label("placeholder"),
                max_lines=6,  # a long question scrolls inside the box: its button stays in view
                scale=8,
                elem_id="wijkwijzer-question",
            )
            send = gr.Button(label("send"), variant="primary", scale=1, elem_id="wijkwijzer-send")
        reset = gr.Button(label("reset"), variant="secondary", size="sm", elem_id="wijkwijzer-reset")
        saved = gr.Textbox(visible=False)  # carries the tab's saved conversation from LOAD_JS to `restore`
        api_trigger = gr.Button(visible=False)  # `/ask` for API clients, see api_ask

        # buttons, layout blocks and the notice are not part of Gradio's API: `/ask` returns (box, chat)
        outputs = [box, chatbot, notice_area, suggestion_area, *chips]
        save = {"fn": None, "inputs": [chatbot, *chips], "outputs": None, "js": SAVE_JS, "api_visibility": "private"}
        box.submit(ask_on_page, [box, chatbot], outputs, api_visibility="private").then(**save)
        send.click(ask_on_page, [box, chatbot], outputs, api_visibility="private").then(**save)
        chatbot.example_select(pick_example, None, box, api_visibility="private").then(
            ask_on_page, [box, chatbot], outputs, api_visibility="private"
        ).then(**save)
        for chip in chips:
            chip.click(ask_suggestion, [chip, chatbot], outputs[1:], api_visibility="private").then(**save)
        chatbot.like(on_like, [chatbot], None, api_visibility="private")
        cleared = (notice(""), *chip_updates(()))
        reset.click(lambda: ([], "", *cleared), None, outputs, api_visibility="private").then(**save)
        chatbot.clear(lambda: cleared, None, outputs[2:], api_visibility="private").then(**save)
        demo.load(restore, [saved], [chatbot, suggestion_area, *chips], js=LOAD_JS, api_visibility="private")
        api_trigger.click(api_ask, [box, chatbot], [box, chatbot], api_name="ask")
    demo.queue(default_concurrency_limit=8)
    return demo
