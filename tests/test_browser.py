"""The front ends in a real browser (Debian's Chromium through Playwright): the Gradio chat at `/` and the widget
(`/widget.js`) on the demo page `/embed` and on a second, cross-origin host page. A screenshot of every test is saved
to $WIJKWIJZER_TEST_ARTIFACTS (default: test-artifacts/)."""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import os
import re
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, Playwright, expect, sync_playwright

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():
    WHY = "browser tests need Chromium at /usr/bin/chromium (Debian: apt-get install chromium)"
    if os.environ.get("WIJKWIJZER_REQUIRE_BROWSER"):  # CI: the browser tests must run, not skip
        pytest.fail(WHY, pytrace=False)
    pytest.skip(WHY, allow_module_level=True)

# Gradio's queue computes its analytics summary with pandas calls that pandas 3 deprecates (in a worker thread,
# after each chat event): third-party warnings we cannot fix here.
ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = Path(os.environ.get("WIJKWIJZER_TEST_ARTIFACTS", ROOT / "test-artifacts"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
QUESTION = "Wat kan ik doen tegen eenzaamheid bij ouderen?"
VAGUE = "tips?"  # answered with a question back and its choices as suggestion buttons
COMPARISON = "Wat is het verschil tussen Buurtcirkel en Wijk en Psychiatrie?"  # answered with a table
XSS = (
    'Eenzaamheid <img src=x onerror="window.__xss=1"> <script>window.__xss=2</script> '
    "[klik](javascript:window.__xss=3) javascript:window.__xss=4"
)
SHADOW = "document.querySelector('wijkwijzer-assistent').shadowRoot"
W = "wijkwijzer-assistent"  # the widget's host element; Playwright's CSS locators pierce its open shadow root

expect.set_options(timeout=15_000)


# -- fixtures ---------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def driver() -> Iterator[Playwright]:
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="module")
def browser(driver: Playwright) -> Iterator[Browser]:
    browser = driver.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


class Watch:
    """What a page did that it should not: uncaught script errors and dialogs (alert() from injected script)."""

    def __init__(self, page: Page) -> None:
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        page.on("dialog", self._dialog)

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()


def _screenshot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{re.sub(r'[^A-Za-z0-9_.-]+', '_', name)}.png"))


@pytest.fixture
def open_page(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Any]:
    """`open_page(url, width=…, height=…)` → (page, watch); each page gets a screenshot when the test ends."""
    contexts: list[Any] = []
    pages: list[Page] = []

    def make(url: str, width: int = 1100, height: int = 850, scale: float = 1) -> tuple[Page, Watch]:
        context = browser.new_context(
            viewport={"width": width, "height": height}, device_scale_factor=scale, locale="nl-NL"
        )
        contexts.append(context)
        page = context.new_page()
        pages.append(page)
        watch = Watch(page)
        page.goto(url)
        return page, watch

    yield make
    for i, page in enumerate(pages):
        with contextlib.suppress(Exception):  # a failed screenshot must not hide the test's own result
            _screenshot(page, request.node.name + (f"-{i + 1}" if i else ""))
    for context in contexts:
        context.close()


@pytest.fixture(scope="module")
def expected(live_app: Any) -> Any:
    """The answer the service gives to QUESTION (the same service the server uses)."""
    return live_app.runtime.service.ask(QUESTION, [])


# -- helpers ----------------------------------------------------------------------------------------------
def open_widget(page: Page) -> None:
    page.locator(f"{W} button.toggle").click()
    expect(page.locator(f"{W} [role=dialog]")).to_be_visible()


def ask_widget(page: Page, question: str, answers: int = 1) -> None:
    """Ask in the widget and wait for the `answers`-th rendered answer."""
    page.locator(f"{W} textarea").fill(question)
    page.locator(f"{W} button.send").click()
    expect(page.locator(f"{W} .msg.assistant .answer")).to_have_count(answers)
    expect(page.locator(f"{W} .log")).to_have_attribute("aria-busy", "false")


def plain(markdown: str) -> str:
    """The text a reader hears of an answer: no Markdown marks, list bullets or extra white space."""
    lines = [re.sub(r"^- ", "", line.strip()).replace("**", "") for line in markdown.splitlines()]
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


# -- the Gradio chat --------------------------------------------------------------------------------------
def test_gradio_chat(open_page: Any, live_app: Any, expected: Any) -> None:
    page, watch = open_page(live_app.url + "/")
    box = page.locator("#wijkwijzer-question textarea")
    expect(box).to_be_visible()
    page.wait_for_function("document.documentElement.lang === 'nl'")
    bot = page.locator("#wijkwijzer-chat [data-testid=bot]")
    sources = page.locator("#wijkwijzer-chat .thought-group .title", has_text="Bronnen")

    # an example question
    page.locator("#wijkwijzer-chat button.example").first.click()
    expect(bot.first).to_contain_text("[1]")
    expect(sources).to_have_count(1)

    # "Nieuw gesprek" clears the chat
    page.locator("#wijkwijzer-reset").click()
    expect(bot).to_have_count(0)
    expect(page.locator("#wijkwijzer-chat button.example").first).to_be_visible()

    # a typed question, sent with Enter
    box.fill(QUESTION)
    box.press("Enter")
    expect(bot.first).to_contain_text("[1]")
    expect(sources).to_have_count(1)
    names = {s.approach for s in expected.sources}
    text = bot.first.inner_text()
    assert any(name in text for name in names), (names, text[:300])

    # the collapsible 'Bronnen' block lists the numbered sources as links
    sources.click()
    links = page.locator("#wijkwijzer-chat .thought-group a[href]")
    expect(links.first).to_be_visible()
    hrefs = {links.nth(i).get_attribute("href") for i in range(links.count())}
    assert hrefs <= {s.url for s in expected.sources if s.url}, hrefs
    assert not watch.errors, watch.errors


def test_gradio_chat_does_not_run_html_from_a_question(open_page: Any, live_app: Any) -> None:
    page, watch = open_page(live_app.url + "/")
    box = page.locator("#wijkwijzer-question textarea")
    box.fill(XSS)
    box.press("Enter")
    expect(page.locator("#wijkwijzer-chat [data-testid=bot]").first).not_to_be_empty()
    expect(page.locator("#wijkwijzer-chat [data-testid=user]").first).to_contain_text("Eenzaamheid")
    page.wait_for_timeout(300)  # let any image error handler fire
    assert page.evaluate("window.__xss") is None
    found = no_injected_markup(page, "document.querySelector('#wijkwijzer-chat')")
    assert found == {"img": 0, "script": 0, "handlers": 0, "js_links": 0}, found
    assert not watch.dialogs


# -- the widget ---------------------------------------------------------------------------------------------
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


def test_widget_does_not_run_html(open_page: Any, live_app: Any) -> None:
    """Neither the question nor an answer or source with HTML (here a forged stream) creates elements or runs."""
    page, watch = open_page(live_app.url + "/embed")
    open_widget(page)
    ask_widget(page, XSS)
    expect(page.locator(f"{W} .msg.user")).to_contain_text('<img src=x onerror="window.__xss=1">')

    forged_answer = (
        'Kop met **vet <img src=x onerror="window.__xss=5">** en *schuin*.\n\n'
        "- Bron [1] en [2] en een onbekende [9]\n"
        "- Links: [klik](javascript:window.__xss=6) en [goed](https://example.org/pad)\n"
        "- Kaal: https://example.org/a_(b). Einde\n"
        "- <script>window.__xss=7</script> javascript:window.__xss=8"
    )
    sources = [
        {
            "n": 1,
            "approach": '<img src=x onerror="window.__xss=9">',
            "section": "doel",
            "url": "javascript:window.__xss=10",
            "snippet": "<b>vet</b>",
            "score": 0.9,
        },
        {"n": 2, "approach": "Buurtbemiddeling", "section": "overzicht", "url": "https://example.org/b", "snippet": ""},
    ]
    body = (
        f"event: delta\ndata: {json.dumps({'text': '<img src=x onerror=window.__xss=11>'})}\n\n"
        f"event: sources\ndata: {json.dumps({'sources': sources})}\n\n"
        f"event: done\ndata: {json.dumps({'answer': forged_answer, 'sources': sources, 'refused': False})}\n\n"
    )
    page.route(
        "**/api/ask/stream",
        lambda route: route.fulfill(status=200, headers={"Content-Type": "text/event-stream"}, body=body),
    )
    ask_widget(page, "Nog een vraag", answers=2)
    page.wait_for_timeout(300)  # let any image error handler fire

    assert page.evaluate("window.__xss") is None
    found = no_injected_markup(page, SHADOW)
    assert found == {"img": 0, "script": 0, "handlers": 0, "js_links": 0}, found
    assert page.evaluate(f"{SHADOW}.querySelectorAll('b').length") == 0
    forged = page.locator(f"{W} .msg.assistant").nth(1)
    expect(forged.locator("strong").first).to_have_text('vet <img src=x onerror="window.__xss=5">')
    expect(forged.locator("em")).to_have_text("schuin")
    expect(forged.locator("a.cite")).to_have_count(2)  # [1] and [2]; [9] has no source and stays text
    expect(forged.locator(".answer")).to_contain_text("[klik](javascript:window.__xss=6)")
    hrefs = forged.locator(".answer a:not(.cite)").evaluate_all("links => links.map(a => a.href)")
    assert hrefs == ["https://example.org/pad", "https://example.org/a_(b)"], hrefs
    expect(forged.locator("details.sources li").first).to_contain_text("geen link in het overzicht")
    expect(forged.locator("details.sources li a")).to_have_count(1)
    assert not watch.dialogs and not watch.errors, (watch.dialogs, watch.errors)


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

    # a question over 1,000 characters: the server's Dutch 413 message, and the question is kept
    too_long = "Wat kan ik doen tegen eenzaamheid? " * 35
    textarea.fill(too_long)
    page.locator(f"{W} button.send").click()
    error = page.locator(f"{W} .msg.error")
    expect(error).to_contain_text("Je vraag is te lang (meer dan 1000 tekens)")
    expect(page.locator(f"{W} .live")).to_have_text(re.compile(r"^Je vraag is te lang"))
    expect(textarea).to_have_value(too_long.strip())

    # the server cannot be reached: a Dutch message, and the question is kept
    page.route("**/api/ask/stream", lambda route: route.abort("connectionrefused"))
    textarea.fill(QUESTION)
    textarea.press("Enter")
    expect(error).to_have_count(2)
    expect(error.nth(1)).to_contain_text("niet bereikbaar")
    expect(textarea).to_have_value(QUESTION)
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


def test_help_lines_are_tap_to_call_links_in_both_uis(open_page: Any, live_app: Any) -> None:
    # the widget, on a phone-sized screen
    page, watch = open_page(live_app.url + "/embed", width=390, height=844)
    open_widget(page)
    ask_widget(page, CRISIS)
    answer = page.locator(f"{W} .msg.assistant .answer").first
    for number in ("113", "08000113", "112"):
        link = answer.locator(f'a[href="tel:{number}"]').first
        expect(link).to_be_visible()
        assert link.get_attribute("target") is None  # calling is not a new tab
    assert not watch.errors, watch.errors

    # the Gradio chat
    page, watch = open_page(live_app.url + "/", width=390, height=844)
    box = page.locator("#wijkwijzer-question textarea")
    box.fill(CRISIS)
    box.press("Enter")
    bot = page.locator("#wijkwijzer-chat [data-testid=bot]").first
    expect(bot.locator('a[href="tel:113"]').first).to_be_visible()
    expect(bot.locator('a[href="tel:08000113"]').first).to_be_visible()
    assert not watch.errors, watch.errors


# -- suggested next questions and comparison tables (#14) ----------------------------------------------------
def history_of(question: str, answer: Any) -> list[dict[str, str]]:
    return [{"role": "user", "content": question}, {"role": "assistant", "content": answer.text}]


def assert_target_size(buttons: Any, width: int) -> None:
    """Every button at least 24×24 CSS px (WCAG 2.5.8) and inside the viewport's width."""
    for i in range(buttons.count()):
        box = buttons.nth(i).bounding_box()
        assert box is not None and box["width"] >= 24 and box["height"] >= 24, (i, box)
        assert box["x"] >= 0 and box["x"] + box["width"] <= width + 0.5, (i, box)


def test_gradio_suggestions_and_comparison_table(open_page: Any, live_app: Any, request: pytest.FixtureRequest) -> None:
    service = live_app.runtime.service
    vague = service.ask(VAGUE, [])
    assert vague.intent == "vague" and len(vague.suggestions) >= 3, vague
    page, watch = open_page(live_app.url + "/")
    box = page.locator("#wijkwijzer-question textarea")
    chips = page.locator("#wijkwijzer-suggestions button.wijkwijzer-chip:visible")  # unused buttons are hidden
    users = page.locator("#wijkwijzer-chat [data-testid=user]")
    expect(page.locator("#wijkwijzer-suggestions")).to_be_hidden()  # nothing to suggest before an answer

    # a vague message: its choices as buttons under the conversation, named by their question
    box.fill(VAGUE)
    box.press("Enter")
    expect(chips).to_have_count(len(vague.suggestions))
    expect(chips).to_have_text(list(vague.suggestions))
    for i, text in enumerate(vague.suggestions):
        expect(chips.nth(i)).to_have_accessible_name(text)
    expect(page.locator("#wijkwijzer-suggestions")).to_contain_text("Klik op een vraag")
    assert_target_size(chips, 1100)
    colours = chips.first.evaluate("b => [getComputedStyle(b).color, getComputedStyle(b).backgroundColor]")
    fg, bg = ([float(v) for v in re.findall(r"[\d.]+", c)] for c in colours)
    assert contrast(fg, bg) >= 4.5, colours
    _screenshot(page, request.node.name + "-suggestions")

    # a click asks that question (with the conversation so far); the new answer brings its own suggestions
    picked = vague.suggestions[1]
    follow = service.ask(picked, history_of(VAGUE, vague))
    box.fill("half getypt")
    chips.nth(1).click()
    expect(users).to_have_count(2)
    expect(users.nth(1)).to_have_text(picked)
    expect(page.locator("#wijkwijzer-chat [data-testid=bot]", has_text="[1]").first).to_contain_text(
        follow.sources[0].approach
    )
    expect(chips).to_have_text(list(follow.suggestions))
    expect(box).to_have_value("half getypt")  # a suggestion leaves what is being typed alone

    # a comparison: a real table, the two approaches as column headers, quotes with their citations
    box.fill(COMPARISON)
    box.press("Enter")
    table = page.locator("#wijkwijzer-chat table")
    expect(table).to_have_count(1)
    expect(table).to_be_visible()
    for name in ("Buurtcirkel", "Wijk en Psychiatrie"):
        expect(table.locator("thead th", has_text=name)).to_have_count(1)
    expect(table.locator("tbody tr").first).to_contain_text("[1]")
    expect(table.locator("tbody a[href^='https://']").first).to_be_visible()
    table.scroll_into_view_if_needed()
    _screenshot(page, request.node.name + "-table")
    page.locator("#wijkwijzer-reset").click()
    expect(page.locator("#wijkwijzer-suggestions")).to_be_hidden()
    assert not watch.errors, watch.errors


@pytest.mark.parametrize(("width", "height"), [(390, 844), (1100, 850)], ids=["phone", "desktop"])
def test_widget_suggestions_and_comparison_table(open_page: Any, live_app: Any, width: int, height: int) -> None:
    service = live_app.runtime.service
    vague = service.ask(VAGUE, [])
    page, watch = open_page(live_app.url + "/embed", width=width, height=height)
    open_widget(page)
    chips = page.locator(f"{W} .chips button")

    # a vague message: its choices as buttons under the answer, in a group named in Dutch
    ask_widget(page, VAGUE)
    expect(chips).to_have_text(list(vague.suggestions))
    expect(page.locator(f"{W} .chips")).to_have_accessible_name("Vervolgvragen")
    for i, text in enumerate(vague.suggestions):
        expect(chips.nth(i)).to_have_accessible_name(text)
    chips.last.scroll_into_view_if_needed()
    assert_target_size(chips, width)

    # a click asks that question; only the latest answer has suggestions, and they survive a reload
    picked = vague.suggestions[0]
    follow = service.ask(picked, history_of(VAGUE, vague))
    chips.first.click()
    expect(page.locator(f"{W} .msg.assistant .answer")).to_have_count(2)
    expect(page.locator(f"{W} .msg.user").nth(1)).to_contain_text(picked)
    expect(page.locator(f"{W} .msg.assistant .answer").nth(1)).to_contain_text(follow.sources[0].approach)
    expect(page.locator(f"{W} .chips")).to_have_count(1 if follow.suggestions else 0)
    expect(chips).to_have_text(list(follow.suggestions))
    page.reload()
    open_widget(page)
    expect(chips).to_have_text(list(follow.suggestions))

    # a comparison: a real table (headers, a row per field, citations and links), scrolling inside its bubble
    ask_widget(page, COMPARISON, answers=3)
    answer = page.locator(f"{W} .msg.assistant .answer").nth(2)
    table = answer.locator(".table-wrap table")
    expect(table).to_have_count(1)
    for name in ("Buurtcirkel", "Wijk en Psychiatrie"):
        expect(table.locator("thead th[scope=col]", has_text=name)).to_have_count(1)
    expect(table.locator("tbody th[scope=row]", has_text="Doel")).to_have_count(1)
    expect(table.locator("tbody td a.cite").first).to_have_text("[1]")
    expect(table.locator("tbody td a[href^='https://www.movisie.nl/']")).to_have_count(2)
    table.locator("tbody th[scope=row]").first.scroll_into_view_if_needed()
    expect(table).to_be_visible()
    wrap = answer.locator(".table-wrap").bounding_box()
    bubble = page.locator(f"{W} .msg.assistant").nth(2).bounding_box()
    assert wrap and bubble and wrap["x"] >= bubble["x"] and wrap["x"] + wrap["width"] <= bubble["x"] + bubble["width"]
    low = low_contrast(
        page, [".answer thead th", ".answer tbody th", ".answer td", ".answer td a.cite", ".chips button"]
    )
    assert not low, low
    assert not watch.errors, watch.errors


def test_widget_tables_and_suggestions_run_no_html(open_page: Any, live_app: Any) -> None:
    """A forged answer: HTML in table cells stays text, only http(s) links become links, rows with too few or too
    many cells are evened out, "\\|" is a pipe inside a cell; suggestions that are not strings are dropped."""
    page, watch = open_page(live_app.url + "/embed")
    open_widget(page)
    forged = (
        "Inleiding\n"
        '| Onderdeel | A <img src=x onerror="window.__xss=1"> |\n'
        "| --- | :---: |\n"
        "| Doel | **vet** [1] en [klik](javascript:window.__xss=2) |\n"
        "| Pijp | a \\| b | te veel |\n"
        "| Kort |\n"
        "\n"
        "Na de tabel: https://example.org/x"
    )
    sources = [{"n": 1, "approach": "A", "section": "doel", "url": "https://example.org/a", "snippet": "", "score": 1}]
    suggestions = ['<img src=x onerror="window.__xss=3">', 42, None, "Wie voert A uit?"]
    done = {"answer": forged, "sources": sources, "refused": False, "suggestions": suggestions}
    body = f"event: done\ndata: {json.dumps(done)}\n\n"
    page.route(
        "**/api/ask/stream",
        lambda route: route.fulfill(status=200, headers={"Content-Type": "text/event-stream"}, body=body),
    )
    ask_widget(page, "Vergelijk")
    page.wait_for_timeout(300)  # let any image error handler fire
    assert page.evaluate("window.__xss") is None
    assert no_injected_markup(page, SHADOW) == {"img": 0, "script": 0, "handlers": 0, "js_links": 0}
    answer = page.locator(f"{W} .answer")
    expect(answer.locator("p")).to_have_text(
        ["Inleiding", "Na de tabel: https://example.org/x (opent in een nieuw venster)"]
    )
    rows = answer.locator("table tr")
    cells = rows.evaluate_all("rows => rows.map(r => [...r.children].map(c => c.textContent))")
    assert cells == [
        ["Onderdeel", 'A <img src=x onerror="window.__xss=1">'],
        ["Doel", "vet [1] en [klik](javascript:window.__xss=2)"],
        ["Pijp", "a | b"],
        ["Kort", ""],
    ], cells
    expect(answer.locator("table strong")).to_have_text("vet")
    expect(answer.locator("table a.cite")).to_have_text("[1]")
    expect(page.locator(f"{W} .chips button")).to_have_text(
        ['<img src=x onerror="window.__xss=3">', "Wie voert A uit?"]
    )
    assert not watch.dialogs and not watch.errors, (watch.dialogs, watch.errors)
