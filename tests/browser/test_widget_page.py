"""The widget (`/widget.js`) in a real browser: on the demo page `/embed` and on a second, cross-origin host
page; keyboard-only use, zoom, errors and colour contrast."""

from __future__ import annotations

import functools
import http.server
import re
import threading
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from browser.ui_helpers import QUESTION, SHADOW, TOO_LONG, W, ask_widget, low_contrast, open_widget, plain


def test_widget_on_embed_page(open_page: Any, live_app: Any, expected: Any) -> None:
    page, watch = open_page(live_app.url + "/embed")
    assert page.evaluate("document.documentElement.lang") == "nl"
    # the page shows the one-line embed with this server's address, and uses it for real
    code = page.locator("pre code").inner_text()
    assert f'<script src="{live_app.url}/widget.js"' in code
    assert page.locator(f'script[src="{live_app.url}/widget.js"]').count() == 1

    toggle = page.locator(f"{W} button.toggle")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(toggle).to_have_accessible_name("Vraag het de WijkWijzer Assistent")
    open_widget(page)
    expect(toggle).to_have_attribute("aria-expanded", "true")
    assert page.evaluate(f"{SHADOW}.activeElement.tagName") == "TEXTAREA"

    ask_widget(page, QUESTION)
    answer = page.locator(f"{W} .msg.assistant .answer").first
    expect(answer).to_contain_text("[1]")
    assert expected.sources[0].approach in answer.inner_text()

    # numbered sources as links to their http(s) URLs
    items = page.locator(f"{W} details.sources li")
    expect(items).to_have_count(len(expected.sources))
    expect(page.locator(f"{W} details.sources summary")).to_contain_text("Bronnen")
    link = page.locator(f"{W} details.sources li a").first
    href = link.get_attribute("href") or ""
    assert href.startswith(("https://", "http://")) and href in {s.url for s in expected.sources}
    assert link.get_attribute("rel") == "noopener noreferrer" and link.get_attribute("target") == "_blank"

    # a citation [1] opens the sources and moves focus to source 1
    page.locator(f"{W} .answer a.cite", has_text="[1]").first.click()
    expect(items.first).to_be_visible()
    assert page.evaluate(f"{SHADOW}.activeElement.getAttribute('value')") == "1"

    # the host page's hostile CSS did not reach the widget
    style = page.evaluate(
        f"""() => {{
            const r = {SHADOW};
            const s = getComputedStyle(r.querySelector('.answer p'));
            const h = getComputedStyle(document.querySelector('{W}'));
            const d = getComputedStyle(r.querySelector('[role=dialog]'));
            return {{size: s.fontSize, color: s.color, font: s.fontFamily, display: h.display,
                     opacity: h.opacity, filter: h.filter, border: d.borderTopWidth}};
        }}"""
    )
    assert style["size"] == "16px", style  # the reader's default size: not the page's 30px, nor its 10px rem
    assert style["color"] != "rgb(255, 0, 0)" and "Comic" not in style["font"], style
    assert style["display"] == "block" and style["opacity"] == "1" and style["filter"] == "none", style
    assert style["border"] == "1px", style

    # thumbs up is stored
    page.locator(f"{W} .rate button[aria-label='Ja, nuttig']").click()
    expect(page.locator(f"{W} .rate .note")).to_have_text("Dank je voor je reactie!")

    # the conversation survives a reload (sessionStorage), "Nieuw gesprek" clears it
    page.reload()
    open_widget(page)
    expect(page.locator(f"{W} .msg.user")).to_contain_text(QUESTION)
    expect(page.locator(f"{W} details.sources li")).to_have_count(len(expected.sources))
    page.locator(f"{W} button.reset").click()
    expect(page.locator(f"{W} .msg")).to_have_count(0)
    assert page.evaluate("sessionStorage.length") == 0
    assert not watch.errors, watch.errors


def test_widget_keyboard_only(open_page: Any, live_app: Any, expected: Any) -> None:
    page, watch = open_page(live_app.url + "/embed")
    focused = f"() => {SHADOW}.activeElement && {SHADOW}.activeElement.className"
    for _ in range(20):  # Tab from the top of the page to the chat button
        page.keyboard.press("Tab")
        if page.evaluate(focused) == "toggle":
            break
    else:
        pytest.fail("Tab never reached the widget's button")
    # the focus is visible
    assert page.evaluate(f"getComputedStyle({SHADOW}.activeElement).outlineStyle") == "solid"

    page.keyboard.press("Enter")
    expect(page.locator(f"{W} [role=dialog]")).to_be_visible()
    assert page.evaluate(focused) == "" and page.evaluate(f"{SHADOW}.activeElement.tagName") == "TEXTAREA"

    # only one live region, and the log is not one
    live_regions = page.evaluate(
        f"[...{SHADOW}.querySelectorAll('[aria-live],[role=log],[role=status],[role=alert]')].map(e => e.className)"
    )
    assert live_regions == ["sr-only live"], live_regions
    page.evaluate(
        f"""() => {{
            const live = {SHADOW}.querySelector('[aria-live]');
            window.__announced = [];
            new MutationObserver(() => window.__announced.push(live.textContent))
                .observe(live, {{childList: true, characterData: true, subtree: true}});
        }}"""
    )
    page.keyboard.type(QUESTION)
    page.keyboard.press("Enter")
    expect(page.locator(f"{W} .msg.assistant .answer")).to_have_count(1)
    expect(page.locator(f"{W} .log")).to_have_attribute("aria-busy", "false")
    expect(page.locator(f"{W} .live")).not_to_be_empty()
    announced = [t for t in page.evaluate("window.__announced") if t.strip()]
    assert len(announced) == 1, announced  # the final answer once, not every streamed piece
    assert " ".join(announced[0].split()) == plain(expected.text)
    assert QUESTION not in announced[0] and "Bronnen" not in announced[0]

    # Tab order inside the panel: the input, then the send button
    page.keyboard.press("Tab")
    assert page.evaluate(focused) == "send"
    page.keyboard.press("Shift+Tab")
    assert page.evaluate(f"{SHADOW}.activeElement.tagName") == "TEXTAREA"

    # Escape closes and returns focus to the button
    page.keyboard.press("Escape")
    expect(page.locator(f"{W} [role=dialog]")).to_be_hidden()
    assert page.evaluate(focused) == "toggle"
    expect(page.locator(f"{W} button.toggle")).to_have_attribute("aria-expanded", "false")
    page.keyboard.press("Enter")
    assert page.evaluate(f"{SHADOW}.activeElement.tagName") == "TEXTAREA"
    assert not watch.errors, watch.errors


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def test_widget_on_another_origin(open_page: Any, live_app: Any, cross_origin_port: int, tmp_path: Path) -> None:
    """A host page on another origin (in the server's CORS list) embeds the widget with one line."""
    (tmp_path / "index.html").write_text(
        '<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>Andere site</title></head>'
        f'<body><h1>Een andere site</h1><script src="{live_app.url}/widget.js" data-open="true"></script>'
        "</body></html>",
        encoding="utf-8",
    )
    handler = functools.partial(QuietHandler, directory=str(tmp_path))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", cross_origin_port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        page, watch = open_page(f"http://127.0.0.1:{cross_origin_port}/index.html")
        expect(page.locator(f"{W} [role=dialog]")).to_be_visible()  # data-open="true"
        assert page.evaluate("location.origin") != live_app.url
        api = f"{live_app.url}/api/ask/stream"
        with page.expect_response(lambda r: r.url == api and r.request.method == "POST") as response:
            ask_widget(page, QUESTION)
        assert response.value.headers.get("access-control-allow-origin") == f"http://127.0.0.1:{cross_origin_port}"
        expect(page.locator(f"{W} .answer").first).to_contain_text("[1]")
        expect(page.locator(f"{W} details.sources li a").first).to_have_attribute("href", re.compile(r"^https?://"))
        assert not watch.errors, watch.errors
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


@pytest.mark.parametrize(("width", "height"), [(640, 400), (320, 480)])
def test_widget_at_200_and_400_percent_zoom(open_page: Any, live_app: Any, width: int, height: int) -> None:
    """640×400 CSS px is a 1280×800 screen at 200% zoom; 320 px wide is WCAG's reflow width (400%)."""
    page, _ = open_page(live_app.url + "/embed", width=width, height=height, scale=2)
    toggle = page.locator(f"{W} button.toggle")
    expect(toggle).to_be_in_viewport()
    open_widget(page)
    ask_widget(page, QUESTION)
    for part in ("[role=dialog]", "textarea", "button.send", "button.close", "button.toggle"):
        box = page.locator(f"{W} {part}").bounding_box()
        assert box is not None, part
        assert box["x"] >= 0 and box["y"] >= 0, (part, box)
        assert box["x"] + box["width"] <= width + 0.5 and box["y"] + box["height"] <= height + 0.5, (part, box)
    # the input is really there to type in: not covered by anything
    on_top = page.evaluate(
        f"""() => {{
            const r = {SHADOW}, t = r.querySelector('textarea').getBoundingClientRect();
            const hit = r.elementFromPoint(t.x + t.width / 2, t.y + t.height / 2);
            return hit && hit.tagName;
        }}"""
    )
    assert on_top == "TEXTAREA"
    expect(page.locator(f"{W} textarea")).to_be_visible()


def test_widget_errors(open_page: Any, live_app: Any) -> None:
    page, watch = open_page(live_app.url + "/embed")
    open_widget(page)
    textarea = page.locator(f"{W} textarea")
    note = page.locator(f"{W} .form-note")
    sent: list[str] = []
    page.on("request", lambda r: sent.append(r.url) if "/api/ask" in r.url else None)

    # an empty question: a hint under the box, read out, and nothing sent
    page.locator(f"{W} button.send").click()
    expect(note).to_have_text("Typ eerst je vraag in het vak.")
    expect(page.locator(f"{W} .live")).to_have_text("Typ eerst je vraag in het vak.")
    assert page.evaluate(f"{SHADOW}.activeElement.tagName") == "TEXTAREA"

    # a question over 1,000 characters: the reason under the box (the server's words), the question kept, nothing
    # sent; the counter says how far over it is
    textarea.fill(TOO_LONG)
    textarea.press("Enter")
    expect(note).to_have_text(re.compile(r"^Je vraag is te lang \(meer dan 1000 tekens\)"))
    expect(page.locator(f"{W} .count")).to_have_text(f"{len(TOO_LONG)}/1000 tekens: te lang")
    expect(textarea).to_have_value(TOO_LONG)
    assert sent == [], sent
    expect(page.locator(f"{W} .msg")).to_have_count(0)

    # the server says no (here: too many questions): its Dutch message in the conversation, the question kept
    page.route(
        "**/api/ask/stream",
        lambda route: route.fulfill(
            status=429,
            headers={"Content-Type": "application/json", "Retry-After": "30"},
            body='{"error": "Je stelt veel vragen kort na elkaar. Probeer het over 30 seconden opnieuw."}',
        ),
    )
    textarea.fill(QUESTION)
    expect(note).to_be_hidden()  # a question that can be sent: the note has gone
    textarea.press("Enter")
    error = page.locator(f"{W} .msg.error")
    expect(error).to_contain_text("Je stelt veel vragen kort na elkaar")
    expect(textarea).to_have_value(QUESTION)

    # the server cannot be reached: a Dutch message, and the question is kept
    page.unroute("**/api/ask/stream")
    page.route("**/api/ask/stream", lambda route: route.abort("connectionrefused"))
    textarea.press("Enter")
    expect(error).to_have_count(2)
    expect(error.nth(1)).to_contain_text("niet bereikbaar")
    expect(textarea).to_have_value(QUESTION)

    # and the next question is answered
    page.unroute("**/api/ask/stream")
    textarea.press("Enter")
    expect(page.locator(f"{W} .msg.assistant .answer")).to_have_count(1)
    assert not watch.errors, watch.errors


def test_widget_colour_contrast(open_page: Any, live_app: Any) -> None:
    """WCAG AA: at least 4.5:1 for the widget's text on its background, and on its buttons."""
    page, _ = open_page(live_app.url + "/embed")
    open_widget(page)
    ask_widget(page, QUESTION)
    page.locator(f"{W} details.sources summary").first.click()
    selectors = [
        ".toggle span",
        ".title",
        ".head .reset",
        ".intro",
        ".msg.user",
        ".answer p",
        ".answer li",
        ".answer a",
        ".answer a.cite",
        "details.sources summary",
        "details.sources li a",
        ".snippet",
        ".rate span",
        ".rate button",
        ".chips button",
        "textarea",
        ".send",
    ]
    low = low_contrast(page, selectors)
    assert not low, low


CRISIS = "ik wil er niet meer zijn, de pillen liggen al klaar"
