"""What the browser tests share: the questions they ask, and how to ask them and read the pages."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from playwright.sync_api import Locator, Page, expect

ARTIFACTS = Path(os.environ.get("WIJKWIJZER_TEST_ARTIFACTS", Path(__file__).resolve().parents[2] / "test-artifacts"))
# a question that asks how: its answer quotes (and cites) more than one field, for the tests that follow a citation (a
# short chat message gets a brief answer with one quote, see forms.recommendation)
QUESTION = "Hoe pak je eenzaamheid bij ouderen in de wijk aan?"
VAGUE = "tips?"  # answered with a question back and its choices as suggestion buttons
COMPARISON = "Wat is het verschil tussen Buurtcirkel en Wijk en Psychiatrie?"  # answered with a table
CRISIS = "ik wil er niet meer zijn, de pillen liggen al klaar"
XSS = (
    'Eenzaamheid <img src=x onerror="window.__xss=1"> <script>window.__xss=2</script> '
    "[klik](javascript:window.__xss=3) javascript:window.__xss=4"
)
TOO_LONG = "Wat kan ik doen tegen eenzaamheid? " * 35  # 1,225 characters; the limit is 1,000

# the widget: its host element (Playwright's CSS locators pierce its open shadow root) and that root in page JS
W = "wijkwijzer-assistent"
SHADOW = "document.querySelector('wijkwijzer-assistent').shadowRoot"

# the chat
BOX = "#wijkwijzer-question textarea"
BOT = "#wijkwijzer-chat [data-testid=bot]"
USER = "#wijkwijzer-chat [data-testid=user]"
NOTICE = "#wijkwijzer-notice [role=alert]"
SOURCES = "#wijkwijzer-chat .thought-group"


def screenshot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{re.sub(r'[^A-Za-z0-9_.-]+', '_', name)}.png"))


# -- the chat -----------------------------------------------------------------------------------------------
def answers(page: Page) -> Locator:
    """The chat's answers, without the 'Bronnen' blocks."""
    return page.locator(BOT).filter(has_not=page.locator(".thought-group"))


def chat_done(page: Page, count: int) -> None:
    """Wait until the chat has answered its `count`-th question: the page saves the conversation for the tab
    when an answer is complete (with its sources and suggestions)."""
    page.wait_for_function(
        """count => {
            const saved = JSON.parse(sessionStorage.getItem('wijkwijzer-chat') || '{"chat": []}');
            return saved.chat.filter(m => m.role === 'user').length === count;
        }""",
        arg=count,
    )


def ask_chat(page: Page, question: str, count: int) -> Locator:
    """Type `question` in the chat, send it with Enter and wait for the `count`-th answer to be complete."""
    box = page.locator(BOX)
    box.fill(question)
    box.press("Enter")
    chat_done(page, count)
    answer = answers(page).nth(count - 1)
    expect(answer).not_to_be_empty()
    return answer


def no_error_overlay(page: Page) -> None:
    """Gradio's error overlay and toast ('Fout') are nowhere; the question box takes clicks."""
    expect(page.get_by_text("Fout", exact=True)).to_have_count(0)
    expect(page.locator("[data-testid=status-tracker].error, .toast-body.error")).to_have_count(0)
    page.locator(BOX).scroll_into_view_if_needed()
    box = page.locator(BOX).bounding_box()
    assert box is not None
    hit = page.evaluate(
        "([x, y]) => { const e = document.elementFromPoint(x, y); return e && e.tagName; }",
        [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2],
    )
    assert hit == "TEXTAREA", hit


# -- the widget -----------------------------------------------------------------------------------------------
def open_widget(page: Page) -> None:
    page.locator(f"{W} button.toggle").click()
    expect(page.locator(f"{W} [role=dialog]")).to_be_visible()


def ask_widget(page: Page, question: str, answers: int = 1) -> None:
    """Ask in the widget and wait for the `answers`-th rendered answer."""
    page.locator(f"{W} textarea").fill(question)
    page.locator(f"{W} button.send").click()
    expect(page.locator(f"{W} .msg.assistant .answer")).to_have_count(answers)
    expect(page.locator(f"{W} .log")).to_have_attribute("aria-busy", "false")


# -- reading pages ------------------------------------------------------------------------------------------
def plain(markdown: str) -> str:
    """The text a reader hears of an answer: no Markdown marks, list bullets or extra white space."""
    # a bullet ("- ") or a number ("1. ": the steps in plain words) marks a list item; the page reads the item alone
    lines = [re.sub(r"^(- |\d+\. )", "", line.strip()).replace("**", "") for line in markdown.splitlines()]
    lines = [re.sub(r"\*([^*\s][^*]*)\*", r"\1", line) for line in lines]  # *emphasis*
    return " ".join(" ".join(line for line in lines if line).split())


def contrast(fg: list[float], bg: list[float]) -> float:
    def luminance(rgb: list[float]) -> float:
        c = [v / 255 for v in rgb[:3]]
        c = [v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4 for v in c]
        return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]

    hi, lo = sorted((luminance(fg), luminance(bg)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def low_contrast(page: Page, selectors: list[str]) -> dict[str, float]:
    """The widget's elements (first match of each selector) whose text is below 4.5:1 on its background."""
    pairs = page.evaluate(
        f"""selectors => {{
            const r = {SHADOW};
            const rgb = c => (c.match(/[\\d.]+/g) || []).map(Number);
            const background = el => {{
                for (let e = el; e; e = e.parentElement || (e.getRootNode() && e.getRootNode().host)) {{
                    const c = rgb(getComputedStyle(e).backgroundColor);
                    if (c.length === 3 || (c.length === 4 && c[3] === 1)) return c.slice(0, 3);
                    if (c.length === 4 && c[3] > 0) return null;  // translucent: not measurable here
                }}
                return [255, 255, 255];
            }};
            return selectors.map(s => {{
                const el = r.querySelector(s);
                return el && [s, rgb(getComputedStyle(el).color), background(el)];
            }});
        }}""",
        selectors,
    )
    assert all(pairs), pairs
    ratios = {name: round(contrast(fg, bg), 2) for name, fg, bg in pairs}
    return {name: ratio for name, ratio in ratios.items() if ratio < 4.5}


def no_injected_markup(page: Page, root: str) -> dict[str, int]:
    """Counts of what must never appear under `root` (a JS expression for an element or shadow root)."""
    return page.evaluate(
        f"""() => {{
            const root = {root};
            const all = [...root.querySelectorAll('*')];
            return {{
                img: root.querySelectorAll('img').length,
                script: root.querySelectorAll('script').length,
                handlers: all.filter(e => [...e.attributes].some(a => a.name.startsWith('on'))).length,
                js_links: all.filter(e => /^\\s*javascript:/i.test(e.getAttribute('href') || '')).length,
            }};
        }}"""
    )


def assert_target_size(targets: Locator, width: int) -> None:
    """Every visible target at least 24×24 CSS px (WCAG 2.5.8) and inside the viewport's width."""
    for i in range(targets.count()):
        box = targets.nth(i).bounding_box()
        assert box is not None and box["width"] >= 24 and box["height"] >= 24, (i, box)
        assert box["x"] >= 0 and box["x"] + box["width"] <= width + 0.5, (i, box)


def in_viewport(page: Page, locator: Locator, bottom: float | None = None) -> bool:
    """Whether the element is wholly inside the viewport (or above `bottom`, e.g. an on-screen keyboard's top)."""
    box = locator.bounding_box()
    size = page.viewport_size
    assert box is not None and size is not None
    limit = size["height"] if bottom is None else bottom
    return box["y"] >= -0.5 and box["y"] + box["height"] <= limit + 0.5 and box["x"] + box["width"] <= size["width"]


def history_of(question: str, answer: Any) -> list[dict[str, str]]:
    return [{"role": "user", "content": question}, {"role": "assistant", "content": answer.text}]
