"""The Gradio chat at `/` in a real browser: examples, typed questions, sources, "Nieuw gesprek", suggestions,
comparison tables, help lines as tap-to-call links (in the widget too), and no HTML run from a question."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from browser.ui_helpers import (
    COMPARISON,
    CRISIS,
    QUESTION,
    VAGUE,
    XSS,
    W,
    ask_widget,
    assert_target_size,
    contrast,
    history_of,
    no_injected_markup,
    open_widget,
    screenshot,
)


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
    assert page.evaluate("sessionStorage.getItem('wijkwijzer-chat')") is None

    # a typed question, sent with Enter
    box.fill(QUESTION)
    box.press("Enter")
    expect(bot.first).to_contain_text("[1]")
    expect(sources).to_have_count(1)
    names = {s.approach for s in expected.sources}
    text = bot.first.inner_text()
    assert any(name in text for name in names), (names, text[:300])

    # the 'Bronnen' block is open without a tap and lists the numbered sources, one item each, every page linked once
    # (a later source of the same page says "link bij n": chat_ui.sources_markdown)
    expect(sources).to_have_attribute("aria-expanded", "true")
    expect(page.locator("#wijkwijzer-chat .thought-group ol > li")).to_have_count(len(expected.sources))
    links = page.locator("#wijkwijzer-chat .thought-group a[href]")
    expect(links).to_have_count(len({s.url for s in expected.sources if s.url}))
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
    tel = bot.locator('a[href^="tel:"]')
    assert all(t is None for t in tel.evaluate_all("links => links.map(a => a.getAttribute('target'))"))
    assert not watch.errors, watch.errors


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
    screenshot(page, request.node.name + "-suggestions")

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
    screenshot(page, request.node.name + "-table")
    page.locator("#wijkwijzer-reset").click()
    expect(page.locator("#wijkwijzer-suggestions")).to_be_hidden()
    assert not watch.errors, watch.errors
