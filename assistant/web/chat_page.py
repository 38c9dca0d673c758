"""The chat page around Gradio's components: its style, its script (static/chat.js), the notice for a question
that cannot be answered, and the conversation kept in the tab's sessionStorage."""

from __future__ import annotations

import html
import json
from importlib import resources
from typing import Any

from assistant.web.texts import label, web_texts

#: sessionStorage key of the chat's conversation (this tab only; the widget uses its own key)
STORE_KEY = "wijkwijzer-chat"
#: messages restored from sessionStorage at most (as many as the widget keeps) and the characters of each
MAX_RESTORED = 60
MAX_RESTORED_CHARS = 20_000

# Colours: the send button in a dark teal (white text at 8:1) instead of Gradio's orange (2.8:1, below WCAG AA);
# the suggestion chips in the same teal on white (8:1), wrapping long questions. Targets (chips, Gradio's icon
# buttons, the "Bronnen" toggle, citations) are never below 24×24 px (WCAG 2.5.8). A comparison table scrolls
# sideways inside its bubble instead of squeezing its columns on a phone (the bubble scrolls, not the table: a
# table set to `display: block` loses its table semantics in some screen readers). On a phone, answers use the
# full width and the question box keeps its button beside it, so both stay in view above the keyboard.
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
#wijkwijzer-chat .icon-button { min-width: 2rem; min-height: 2rem; justify-content: center; align-items: center; }
#wijkwijzer-chat .thought-group > [role=button] { min-height: 2.75rem; padding: 0.5rem 0.75rem; font-size: 1rem;
  font-weight: 600; align-items: center; }
#wijkwijzer-chat .thought-group > [role=button] button { pointer-events: none; }
#wijkwijzer-chat .thought-group > [role=button] .md, #wijkwijzer-chat .thought-group > [role=button] .md p {
  font-size: 1rem; font-weight: 600; color: #1b1b1b; }
#wijkwijzer-chat .thought-group a { display: inline-block; min-height: 24px; padding: 0.125rem 0; font-size: 1rem; }
#wijkwijzer-chat .thought-group .message-content { opacity: 1; }
#wijkwijzer-chat .thought-group a { color: #0b4f59; }
#wijkwijzer-chat .thought-group li.ww-hit { background: #fff3c4; outline: 2px solid #0b4f59; border-radius: 0.25rem; }
#wijkwijzer-chat a.ww-cite { display: inline-block; min-width: 24px; min-height: 24px; text-align: center;
  color: #0b4f59; font-weight: 600; }
#wijkwijzer-notice .ww-notice { margin: 0; padding: 0.5rem 0.75rem; border: 1px solid #b3261e; border-radius: 0.5rem;
  background: #fdf0ef; color: #7a1712; }
#wijkwijzer-question .ww-count { margin: 0.25rem 0 0; font-size: 0.875rem; color: #3d3d3d; text-align: right; }
#wijkwijzer-question .ww-count.ww-over { color: #b3261e; font-weight: 600; }
@media (max-width: 640px) {
  #wijkwijzer-chat .message-row.bubble { max-width: 100% !important; margin-left: 0; margin-right: 0; }
  #wijkwijzer-input-row { flex-wrap: nowrap; align-items: flex-end; }
  #wijkwijzer-input-row > * { min-width: 0 !important; }
  #wijkwijzer-send { flex: 0 0 auto; min-width: 5rem; }
}
"""

# Gradio scopes the CSS above to its content (`.gradio-container .contain …`); the page's own margins and the footer
# lie outside it, so these rules go into the page's <head>: narrower margins on a phone (the conversation gets the
# width), and Gradio's grey footer text darkened to 4.5:1 or more; so is the progress text Gradio shows while a
# component loads (axe found it at low contrast on one CI run, when the page was checked while it showed).
HEAD = """<style>
@media (max-width: 640px) { .gradio-container > .main { padding-left: 0.5rem !important;
  padding-right: 0.5rem !important; } }
.gradio-container footer, .gradio-container footer a, .gradio-container footer button,
.gradio-container footer div { color: #3d3d3d !important; }
.gradio-container .progress-text { color: #1b1b1b !important; opacity: 1 !important; }
</style>"""


def page_script(max_chars: int) -> str:
    """static/chat.js with this server's texts and question limit in place."""
    texts = web_texts()
    config = {
        "texts": {
            "examples": label("examples"),
            "source": label("source"),
            "count": label("count"),
            "count_over": label("count_over"),
            "gradio_labels": texts["gradio_labels"],
        },
        "max_chars": max_chars,
    }
    script = resources.files("assistant").joinpath("web/static/chat.js").read_text(encoding="utf-8")
    return script.replace('"__WIJKWIJZER_CHAT_CONFIG__"', json.dumps(config, ensure_ascii=False))


def notice(message: str) -> str:
    """A question that could not be asked (empty, too long, too many, not ready): a line above the question box,
    announced at once (role=alert), until the next question. Never an overlay over the conversation."""
    return f'<p class="ww-notice" role="alert">{html.escape(message)}</p>' if message else ""


#: the script of the save step after each change of the conversation: (chat, *suggestions) → sessionStorage
SAVE_JS = f"""(chat, ...suggestions) => {{
    try {{
        const kept = {{v: 1, chat: chat || [], suggestions: suggestions.filter(s => typeof s === "string" && s)}};
        if (kept.chat.length) sessionStorage.setItem("{STORE_KEY}", JSON.stringify(kept));
        else sessionStorage.removeItem("{STORE_KEY}");
    }} catch (e) {{}}  // storage full or blocked: the conversation is kept for this page only
}}"""
#: the script of the page's load step: what was saved for this tab, as the value of the hidden `saved` box
LOAD_JS = f"""() => {{
    try {{ return sessionStorage.getItem("{STORE_KEY}") || ""; }} catch (e) {{ return ""; }}
}}"""


def _text(content: Any) -> str | None:
    """A message's text as Gradio's front end holds it (a string or a list of text parts); None for anything else."""
    if isinstance(content, str):
        return content
    if isinstance(content, list) and all(isinstance(p, dict) and p.get("type") == "text" for p in content):
        return "".join(str(p.get("text", "")) for p in content)
    return None


def restored(saved: str) -> tuple[list[dict[str, Any]], list[str]]:
    """The conversation and suggestions saved in this tab (see SAVE_JS), or nothing: only user and assistant text
    messages, the 'Bronnen' blocks as such, the last MAX_RESTORED of them; anything else in it is dropped. The
    page shows it again as Gradio shows any message (Markdown, sanitised HTML), and it is sent as history as any
    conversation the browser sends, so nothing here is trusted more than a typed question."""
    try:
        data = json.loads(saved) if saved else {}
    except ValueError:
        return [], []
    if not isinstance(data, dict) or not isinstance(data.get("chat"), list):
        return [], []
    sources = label("sources")
    chat: list[dict[str, Any]] = []
    for message in data["chat"][-MAX_RESTORED:]:
        if not isinstance(message, dict) or message.get("role") not in ("user", "assistant"):
            continue
        text = _text(message.get("content"))
        if text is None:
            continue
        if message["role"] == "user":  # questions are kept escaped (chat_ui.shown): a forged one is escaped too
            text = html.escape(html.unescape(text), quote=False)
        kept: dict[str, Any] = {"role": message["role"], "content": text[:MAX_RESTORED_CHARS]}
        metadata = message.get("metadata")
        if isinstance(metadata, dict) and metadata.get("title"):
            if metadata.get("title") != sources or message["role"] != "assistant":
                continue
            kept["metadata"] = {"title": sources}
        chat.append(kept)
    suggestions = data.get("suggestions")
    chips = [s for s in suggestions if isinstance(s, str)] if isinstance(suggestions, list) and chat else []
    return chat, chips
