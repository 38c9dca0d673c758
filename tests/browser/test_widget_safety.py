"""The widget never runs HTML from a question, an answer or a source (a forged stream), and its suggestions and
comparison tables."""

from __future__ import annotations

import json
from typing import Any

import pytest
from playwright.sync_api import expect

from browser.ui_helpers import (
    COMPARISON,
    SHADOW,
    VAGUE,
    XSS,
    W,
    ask_widget,
    assert_target_size,
    history_of,
    low_contrast,
    no_injected_markup,
    open_widget,
)


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
