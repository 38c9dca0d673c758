"""The Gradio chat on a phone and a desktop: where the reader lands (no jump on load, each new answer from its
start), citations that lead to their source, sources open, targets of 24×24 px or more, Dutch labels, full-width
answers and the question box above the on-screen keyboard, and the conversation kept for the tab."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from playwright.sync_api import expect

from assistant.web.texts import web_texts
from browser.ui_helpers import (
    BOT,
    BOX,
    QUESTION,
    SOURCES,
    USER,
    answers,
    ask_chat,
    in_viewport,
    screenshot,
)

VIEWPORTS = pytest.mark.parametrize(("width", "height"), [(390, 844), (1100, 850)], ids=["phone", "desktop"])
FOLLOW_UP = "Hoe krijg ik jongeren in de buurt betrokken?"  # a long answer too

# the element of the conversation that scrolls, and where a node sits in it (px from its visible top)
SCROLLER = """node => {
    for (let e = node.parentElement; e; e = e.parentElement) {
        const s = getComputedStyle(e);
        if (/(auto|scroll)/.test(s.overflowY) && e.scrollHeight > e.clientHeight) return e;
    }
    return null;
}"""
OFFSET = f"""node => {{
    const box = ({SCROLLER})(node);
    const top = node.getBoundingClientRect().top - box.getBoundingClientRect().top;
    return {{top, atEnd: box.scrollTop + box.clientHeight >= box.scrollHeight - 2, height: box.clientHeight}};
}}"""


@VIEWPORTS
def test_chat_lands_at_the_top_and_at_each_new_answer(
    open_page: Any, live_app: Any, request: pytest.FixtureRequest, width: int, height: int
) -> None:
    page, watch = open_page(live_app.url + "/", width=width, height=height)
    box = page.locator(BOX)
    expect(box).to_be_focused()  # ready to type …
    page.wait_for_timeout(300)
    assert page.evaluate("scrollY") == 0  # … without the title and introduction scrolled away
    expect(page.locator("h1")).to_be_in_viewport()

    for count, question in enumerate((QUESTION, FOLLOW_UP), start=1):
        ask_chat(page, question, count)
        question_row = page.locator(USER).nth(count - 1)
        where = question_row.evaluate(OFFSET)
        # the new question at the top of the conversation, its answer's start under it; not the end of the answer
        assert 0 <= where["top"] <= 60, where
        assert not where["atEnd"], where
        expect(answers(page).nth(count - 1)).to_be_in_viewport()
        first_line = answers(page).nth(count - 1).locator("p, li").first
        assert first_line.evaluate(OFFSET)["top"] < where["height"], "the answer's start is out of sight"
    screenshot(page, request.node.name + "-second-answer")
    assert not watch.errors, watch.errors


@VIEWPORTS
def test_chat_citations_lead_to_their_source(
    open_page: Any, live_app: Any, expected: Any, request: pytest.FixtureRequest, width: int, height: int
) -> None:
    page, watch = open_page(live_app.url + "/", width=width, height=height)
    ask_chat(page, QUESTION, 1)
    expect(page.locator("#wijkwijzer-suggestions button").first).to_be_visible()
    answer = answers(page).first
    cites = answer.locator("a.ww-cite")
    expect(cites).to_have_count(answer.inner_text().count("["))
    numbers = {int(n) for n in cites.evaluate_all("links => links.map(a => a.dataset.n)")}
    assert numbers == {s.n for s in expected.sources}, numbers
    expect(cites.first).to_have_accessible_name(re.compile(rf"^Bron 1: {re.escape(expected.sources[0].approach)}"))

    # the sources are there without a tap (open, with links of a readable size)
    group = page.locator(SOURCES)
    expect(group.locator("[role=button]")).to_have_attribute("aria-expanded", "true")
    items = group.locator("ol > li")
    expect(items).to_have_count(len(expected.sources))
    links = group.locator("a[href]")
    assert all(
        float(size) >= 16 for size in links.evaluate_all("ls => ls.map(a => getComputedStyle(a).fontSize.slice(0, -2))")
    )

    # a citation highlights its source and moves the focus to it, in view; after the toggle closed them, too
    cites.nth(1).click()
    target = items.nth(int(cites.nth(1).get_attribute("data-n") or 0) - 1)
    expect(target).to_have_class("ww-hit")
    expect(target).to_be_focused()
    expect(target).to_be_in_viewport()
    group.locator("[role=button]").click()
    expect(group.locator("[role=button]")).to_have_attribute("aria-expanded", "false")
    cites.first.click()
    expect(group.locator("[role=button]")).to_have_attribute("aria-expanded", "true")
    expect(items.first).to_have_class("ww-hit")
    expect(items.first).to_be_focused()
    expect(page.locator("li.ww-hit")).to_have_count(1)
    screenshot(page, request.node.name + "-source")
    assert not watch.errors, watch.errors


@VIEWPORTS
def test_chat_targets_labels_and_width(open_page: Any, live_app: Any, width: int, height: int) -> None:
    # an English browser: Gradio would label its buttons in English; the page is Dutch all the same
    page, watch = open_page(live_app.url + "/", width=width, height=height, locale="en-US")
    ask_chat(page, QUESTION, 1)

    # every target in the conversation and around it at least 24×24 px: Gradio's icon buttons (copy, thumbs,
    # bin), the "Bronnen" toggle, citations, chips, the send and reset buttons
    targets = page.locator(
        "#wijkwijzer-chat button:visible:not([disabled]), #wijkwijzer-chat [role=button]:visible,"
        " #wijkwijzer-chat a.ww-cite, #wijkwijzer-suggestions button:visible, #wijkwijzer-send, #wijkwijzer-reset"
    )
    sizes = targets.evaluate_all(
        "ts => ts.filter(t => t.getClientRects().length).map(t => {"
        " const r = t.getBoundingClientRect(); return [t.outerHTML.slice(0, 80), r.width, r.height]; })"
    )
    assert len(sizes) >= 8, sizes
    small = [s for s in sizes if s[1] < 24 or s[2] < 24]
    assert not small, small

    # Dutch names for every control and region Gradio labels, and no raw Markdown read out as a message's name
    english = list(web_texts()["gradio_labels"])
    names = page.evaluate(
        "() => [...document.querySelectorAll('[aria-label], [title]')]"
        ".flatMap(e => [e.getAttribute('aria-label'), e.getAttribute('title')]).filter(Boolean)"
    )
    assert not [n for n in names if n in english or "'s message" in n], names
    expect(page.locator("#wijkwijzer-chat [role=log]")).to_have_attribute("aria-label", "Gesprek")
    expect(page.locator(f"{BOT}[aria-label], {USER}[aria-label]")).to_have_count(0)
    for name in ("Kopieer dit bericht", "Vind ik leuk", "Vind ik niet leuk"):
        expect(page.get_by_role("button", name=name, exact=True).first).to_be_attached()
    nameless = page.evaluate(
        "() => [...document.querySelectorAll('button')].filter(b => !b.disabled && b.offsetParent"
        " && !(b.getAttribute('aria-label') || b.textContent.trim())).length"
    )
    assert nameless == 0

    # answers use the width of the conversation (on a phone: nearly the whole screen)
    answer = answers(page).first.bounding_box()
    chat = page.locator("#wijkwijzer-chat").bounding_box()
    assert answer and chat and answer["width"] >= 0.85 * chat["width"], (answer, chat)
    if width < 500:
        assert answer["width"] >= 0.85 * width, (answer, width)
    assert not watch.errors, watch.errors


def test_chat_question_box_stays_above_the_keyboard(open_page: Any, live_app: Any) -> None:
    """The page asks for `interactive-widget=resizes-content`: the keyboard shrinks the viewport (here: 844 → 508 px,
    a 336 px keyboard), and the question box with its button stays in view."""
    page, watch = open_page(live_app.url + "/", width=390, height=844)
    page.wait_for_function("document.querySelector('meta[name=viewport]').content.includes('interactive-widget')")
    assert "interactive-widget=resizes-content" in page.evaluate(
        "document.querySelector('meta[name=viewport]').content"
    )
    ask_chat(page, QUESTION, 1)
    box = page.locator(BOX)
    send = page.locator("#wijkwijzer-send")
    box.evaluate("b => b.scrollIntoView({block: 'end'})")  # a tap on the box at the bottom of the screen
    box.focus()
    box.press_sequentially("Hoe")
    page.set_viewport_size({"width": 390, "height": 508})
    page.wait_for_timeout(300)
    assert in_viewport(page, box) and in_viewport(page, send), (box.bounding_box(), send.bounding_box())
    send_box, text_box = send.bounding_box(), box.bounding_box()
    assert send_box and text_box and send_box["y"] < text_box["y"] + text_box["height"]  # beside the box, not under it
    assert not watch.errors, watch.errors


def test_chat_keeps_the_conversation_for_the_tab(open_page: Any, live_app: Any, expected: Any) -> None:
    page, watch = open_page(live_app.url + "/", width=390, height=844)
    ask_chat(page, QUESTION, 1)
    chips = page.locator("#wijkwijzer-suggestions button.wijkwijzer-chip:visible")
    suggestions = chips.all_inner_texts()
    assert suggestions, "an approach answer suggests next questions"

    page.reload()
    expect(answers(page)).to_have_count(1)
    expect(page.locator(USER)).to_have_text([QUESTION])
    expect(answers(page).first).to_contain_text(expected.sources[0].approach)
    expect(page.locator(f"{SOURCES} ol > li")).to_have_count(len(expected.sources))
    expect(answers(page).first.locator("a.ww-cite").first).to_be_visible()
    expect(chips).to_have_text(suggestions)

    # the restored conversation is this conversation: a follow-up is answered with it as history
    ask_chat(page, "Wie voert het uit?", 2)
    history = [{"role": "user", "content": QUESTION}, {"role": "assistant", "content": expected.text}]
    follow_up = live_app.runtime.service.ask("Wie voert het uit?", history)
    expect(answers(page).nth(1)).to_contain_text(follow_up.sources[0].approach)

    # another tab does not see it; "Nieuw gesprek" clears it, also after a reload
    other, _ = open_page(live_app.url + "/", width=390, height=844)
    other.wait_for_timeout(1000)
    expect(other.locator(USER)).to_have_count(0)
    page.locator("#wijkwijzer-reset").click()
    expect(page.locator(USER)).to_have_count(0)
    page.wait_for_function("sessionStorage.getItem('wijkwijzer-chat') === null")
    page.reload()
    expect(page.locator("#wijkwijzer-chat button.example").first).to_be_visible()
    expect(page.locator(USER)).to_have_count(0)

    # Gradio's bin ("Gesprek wissen") clears it too, suggestions included
    ask_chat(page, QUESTION, 1)
    page.get_by_role("button", name="Gesprek wissen").click()
    expect(page.locator(USER)).to_have_count(0)
    expect(page.locator("#wijkwijzer-suggestions")).to_be_hidden()
    page.wait_for_function("sessionStorage.getItem('wijkwijzer-chat') === null")

    # a damaged or forged store is ignored or shown as text, never run
    forged = {"v": 1, "chat": [{"role": "user", "content": '<img src=x onerror="window.__xss=1">'}, {"role": "x"}]}
    page.evaluate("s => sessionStorage.setItem('wijkwijzer-chat', s)", json.dumps(forged))
    page.reload()
    expect(page.locator(USER)).to_have_text(['<img src=x onerror="window.__xss=1">'])
    page.wait_for_timeout(300)
    assert page.evaluate("window.__xss") is None
    assert page.locator("#wijkwijzer-chat img").count() == 0
    assert not watch.errors, watch.errors
