"""The widget's question box on a phone and a desktop: the counter near the limit, the hint on an empty send, the
answers' width, and the panel above the on-screen keyboard."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from browser.ui_helpers import QUESTION, SHADOW, W, ask_widget, in_viewport, open_widget

VIEWPORTS = pytest.mark.parametrize(("width", "height"), [(390, 844), (1100, 850)], ids=["phone", "desktop"])

# Headless Chromium opens no on-screen keyboard: this stand-in for window.visualViewport lets a test say how much
# of the layout viewport the keyboard covers, as a phone's browser does (the page's layout viewport stays as it is).
FAKE_VISUAL_VIEWPORT = """(() => {
    const view = new EventTarget();
    view.offsetTop = 0;
    view.offsetLeft = 0;
    view.scale = 1;
    Object.defineProperty(view, 'width', {get: () => window.innerWidth});
    view.height = window.innerHeight;
    Object.defineProperty(window, 'visualViewport', {value: view, configurable: true});
    window.__keyboard = px => { view.height = window.innerHeight - px; view.dispatchEvent(new Event('resize')); };
})();"""


@VIEWPORTS
def test_widget_counter_and_empty_hint(open_page: Any, live_app: Any, width: int, height: int) -> None:
    page, watch = open_page(live_app.url + "/embed", width=width, height=height)
    open_widget(page)
    textarea = page.locator(f"{W} textarea")
    count = page.locator(f"{W} .count")
    note = page.locator(f"{W} .form-note")

    # an empty send: a hint, read out, focus stays in the box; typing takes it away
    textarea.press("Enter")
    expect(note).to_have_text("Typ eerst je vraag in het vak.")
    expect(note).to_be_visible()
    assert page.evaluate(f"{SHADOW}.activeElement.tagName") == "TEXTAREA"
    textarea.press_sequentially("Wat")
    expect(note).to_be_hidden()

    # the counter shows near the limit (the server's: served into widget.js), with the box's description
    textarea.fill("a" * 700)
    expect(count).to_be_hidden()
    textarea.fill("a" * 912)
    expect(count).to_have_text("912/1000 tekens")
    expect(count).to_be_visible()
    described = page.evaluate(
        f"{SHADOW}.querySelector('textarea').getAttribute('aria-describedby').split(' ')"
        f".map(id => {SHADOW}.getElementById(id).textContent)"
    )
    assert "912/1000 tekens" in described, described
    textarea.fill("a" * 3000)
    expect(count).to_have_text("3000/1000 tekens: te lang")
    expect(count).to_have_class("count over")
    for part in ("textarea", "button.send", ".count"):
        assert in_viewport(page, page.locator(f"{W} {part}")), part

    # sent: the box empties and the counter goes
    textarea.fill(QUESTION)
    textarea.press("Enter")
    expect(page.locator(f"{W} .msg.assistant .answer")).to_have_count(1)
    expect(count).to_be_hidden()
    assert not watch.errors, watch.errors


def test_widget_answers_use_the_width_on_a_phone(open_page: Any, live_app: Any) -> None:
    page, _ = open_page(live_app.url + "/embed", width=390, height=844)
    open_widget(page)
    ask_widget(page, QUESTION)
    bubble = page.locator(f"{W} .msg.assistant").first.bounding_box()
    assert bubble and bubble["width"] >= 0.85 * 390, bubble


def test_widget_stays_above_the_keyboard(open_page: Any, live_app: Any) -> None:
    """A host page that lets the keyboard cover its bottom (the default): the panel moves up and shrinks to what is
    left, so the question box and its button stay visible; when the keyboard closes, it is back where it was."""
    page, watch = open_page(live_app.url + "/embed", width=390, height=844, init_script=FAKE_VISUAL_VIEWPORT)
    open_widget(page)
    ask_widget(page, QUESTION)
    textarea = page.locator(f"{W} textarea")
    send = page.locator(f"{W} button.send")
    before = send.bounding_box()
    textarea.focus()
    page.evaluate("window.__keyboard(336)")  # a 336 px keyboard: 508 px of the screen left
    page.wait_for_timeout(100)
    for part in (textarea, send, page.locator(f"{W} .head .close"), page.locator(f"{W} .title")):
        assert in_viewport(page, part, bottom=508), part.bounding_box()
    expect(page.locator(f"{W} .msg.assistant .answer").first).to_be_visible()
    page.evaluate("window.__keyboard(0)")
    page.wait_for_timeout(100)
    assert send.bounding_box() == before
    assert not watch.errors, watch.errors
