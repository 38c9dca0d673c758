"""axe-core (pinned in tests/browser/package-lock.json) on `/` and `/embed`, on a phone and a desktop, in each state a
reader meets: on load, after an answer (sources open, suggestions shown), with a source highlighted, with a notice.
No critical or serious violation may be found; each state leaves a screenshot in test-artifacts/axe-*.png."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from browser.ui_helpers import BOX, NOTICE, QUESTION, SOURCES, W, ask_chat, open_widget

VIEWPORTS = pytest.mark.parametrize(("width", "height"), [(390, 844), (1100, 850)], ids=["phone", "desktop"])


@VIEWPORTS
def test_axe_on_the_chat(open_page: Any, live_app: Any, axe: Any, width: int, height: int) -> None:
    device = "phone" if width < 500 else "desktop"
    page, watch = open_page(live_app.url + "/", width=width, height=height)
    expect(page.locator("#wijkwijzer-chat button.example").first).to_be_visible()
    page.wait_for_function("document.documentElement.lang === 'nl'")
    axe(page, f"chat-{device}-load")

    ask_chat(page, QUESTION, 1)
    expect(page.locator("#wijkwijzer-suggestions button").first).to_be_visible()
    expect(page.locator(f"{SOURCES} [role=button]")).to_have_attribute("aria-expanded", "true")
    axe(page, f"chat-{device}-answer-sources-open")

    page.locator("#wijkwijzer-chat a.ww-cite").nth(1).click()
    expect(page.locator(f"{SOURCES} li.ww-hit")).to_be_focused()
    expect(page.locator(f"{SOURCES} li.ww-hit")).to_be_in_viewport(ratio=1)
    axe(page, f"chat-{device}-source-highlighted")

    page.locator(f"{SOURCES} [role=button]").click()  # the sources folded shut
    expect(page.locator(f"{SOURCES} [role=button]")).to_have_attribute("aria-expanded", "false")
    axe(page, f"chat-{device}-sources-closed")

    page.locator(BOX).press("Enter")
    expect(page.locator(NOTICE)).to_be_visible()
    # Gradio dims an event's outputs while it runs (the notice, for a moment): check the notice as it stays
    page.wait_for_function(
        """selector => {
            for (let e = document.querySelector(selector); e; e = e.parentElement) {
                if (getComputedStyle(e).opacity !== '1') return false;
            }
            return true;
        }""",
        arg=NOTICE,
    )
    axe(page, f"chat-{device}-notice")
    assert not watch.errors, watch.errors


@VIEWPORTS
def test_axe_on_the_widget(open_page: Any, live_app: Any, axe: Any, width: int, height: int) -> None:
    device = "phone" if width < 500 else "desktop"
    page, watch = open_page(live_app.url + "/embed", width=width, height=height)
    expect(page.locator(f"{W} button.toggle")).to_be_visible()
    axe(page, f"embed-{device}-load")

    open_widget(page)
    page.locator(f"{W} button.send").click()  # an empty question: the hint under the box
    expect(page.locator(f"{W} .form-note")).to_be_visible()
    axe(page, f"embed-{device}-open-hint")

    page.locator(f"{W} textarea").fill(QUESTION)
    page.locator(f"{W} button.send").click()
    expect(page.locator(f"{W} .msg.assistant .answer")).to_have_count(1)
    expect(page.locator(f"{W} .log")).to_have_attribute("aria-busy", "false")
    axe(page, f"embed-{device}-answer")

    page.locator(f"{W} .answer a.cite").first.click()  # opens the sources at source 1
    expect(page.locator(f"{W} details.sources li.hit")).to_be_in_viewport(ratio=1)
    axe(page, f"embed-{device}-sources-open")

    page.locator(f"{W} textarea").fill("a" * 1200)
    page.locator(f"{W} button.send").click()
    expect(page.locator(f"{W} .count")).to_be_visible()
    axe(page, f"embed-{device}-too-long")
    assert not watch.errors, watch.errors
