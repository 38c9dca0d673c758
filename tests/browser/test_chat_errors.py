"""The Gradio chat when a question cannot be asked or answered: empty, too long (413), too many (429), not ready
or index unreachable (503). Each leaves the conversation visible and usable, says why in Dutch above the question
box (never Gradio's error overlay), keeps the typed question, and the next question is answered."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from assistant.web.runtime import WebError
from assistant.web.texts import error_text
from browser.ui_helpers import BOX, NOTICE, QUESTION, TOO_LONG, USER, answers, ask_chat, no_error_overlay

FOLLOW_UP = "Wat is Buurtbemiddeling?"


@pytest.mark.parametrize(("width", "height"), [(390, 844), (1100, 850)], ids=["phone", "desktop"])
def test_chat_errors_leave_the_conversation(
    open_page: Any, live_app: Any, rate_limit: Any, width: int, height: int
) -> None:
    page, watch = open_page(live_app.url + "/", width=width, height=height)
    box = page.locator(BOX)
    notice = page.locator(NOTICE)
    first = ask_chat(page, QUESTION, 1)

    def conversation_kept(questions: int) -> None:
        expect(page.locator(USER)).to_have_count(questions)
        expect(answers(page)).to_have_count(questions)
        expect(first).to_be_visible()
        no_error_overlay(page)

    # an empty question, with Enter and with the button
    box.press("Enter")
    expect(notice).to_have_text(error_text("empty"))
    conversation_kept(1)
    page.locator("#wijkwijzer-send").click()
    expect(notice).to_have_text(error_text("empty"))
    conversation_kept(1)

    # a question over the limit: nothing cut off on the way in, the counter says so, and the question stays
    box.fill(TOO_LONG)
    expect(box).to_have_value(TOO_LONG)
    expect(page.locator("#wijkwijzer-count")).to_have_text(f"{len(TOO_LONG)}/1000 tekens: te lang")
    box.press("Enter")
    expect(notice).to_have_text(error_text("too_long", max=1000))
    expect(box).to_have_value(TOO_LONG)
    conversation_kept(1)

    # too many questions: the Dutch 429 message, the question stays for a second try
    rate_limit(1)
    ask_chat(page, FOLLOW_UP, 2)
    expect(notice).to_have_count(0)  # an answered question takes the notice away
    box.fill(QUESTION)
    box.press("Enter")
    expect(notice).to_contain_text("Je stelt veel vragen kort na elkaar. Probeer het over")
    expect(box).to_have_value(QUESTION)
    conversation_kept(2)

    # the next question (the limit lifted) is answered, the conversation goes on
    rate_limit(0)
    box.press("Enter")
    expect(answers(page)).to_have_count(3)
    expect(page.locator(USER).nth(2)).to_have_text(QUESTION)
    expect(notice).to_have_count(0)
    assert not watch.errors, watch.errors


def test_chat_not_ready_and_unreachable(open_page: Any, live_app: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """503s: while the index is loading (before anything is shown), and when the index cannot be reached (after
    the question was shown): the conversation as it was, the question back in the box."""
    runtime = live_app.runtime
    page, watch = open_page(live_app.url + "/", width=390, height=844)
    box = page.locator(BOX)
    notice = page.locator(NOTICE)
    ask_chat(page, QUESTION, 1)

    monkeypatch.setattr(runtime, "state", "starting")
    box.fill(FOLLOW_UP)
    box.press("Enter")
    expect(notice).to_have_text(error_text("starting"))
    expect(box).to_have_value(FOLLOW_UP)
    expect(page.locator(USER)).to_have_count(1)
    no_error_overlay(page)
    monkeypatch.setattr(runtime, "state", "ready")

    def unreachable(question: str, history: Any) -> Any:
        raise WebError(503, error_text("unavailable", reason="de index is niet bereikbaar"))

    monkeypatch.setattr(runtime, "stream", unreachable)
    box.press("Enter")
    expect(notice).to_have_text(error_text("unavailable", reason="de index is niet bereikbaar"))
    expect(box).to_have_value(FOLLOW_UP)
    expect(page.locator(USER)).to_have_count(1)  # the question shown for a moment is taken back
    expect(answers(page)).to_have_count(1)
    no_error_overlay(page)

    monkeypatch.undo()
    box.press("Enter")
    expect(answers(page)).to_have_count(2)
    expect(page.locator(USER).nth(1)).to_have_text(FOLLOW_UP)
    expect(notice).to_have_count(0)
    assert not watch.errors, watch.errors


def test_chat_counter_near_the_limit(open_page: Any, live_app: Any) -> None:
    page, _ = open_page(live_app.url + "/", width=390, height=844)
    box = page.locator(BOX)
    count = page.locator("#wijkwijzer-count")
    box.fill("a" * 700)
    expect(count).to_be_hidden()  # far from the limit: no counter
    box.fill("a" * 912)
    expect(count).to_have_text("912/1000 tekens")
    expect(count).to_be_visible()
    expect(box).to_have_attribute("aria-describedby", "wijkwijzer-count")
    box.fill("a" * 3000)  # a long paste is not cut off
    expect(box).to_have_value("a" * 3000)
    expect(count).to_have_text("3000/1000 tekens: te lang")
    colours = count.evaluate("e => [getComputedStyle(e).color, getComputedStyle(e).fontWeight]")
    assert colours == ["rgb(179, 38, 30)", "600"], colours
