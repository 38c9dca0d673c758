"""The browser tests' fixtures: Debian's Chromium through Playwright, one page per call of `open_page` with a
screenshot when the test ends, and axe-core (from the npm registry, pinned in package-lock.json and installed here
with `npm ci`) for the accessibility checks. Screenshots go to $WIJKWIJZER_TEST_ARTIFACTS (default:
test-artifacts/)."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, Playwright, expect, sync_playwright

from assistant.web.ratelimit import RateLimiter
from browser.ui_helpers import QUESTION, screenshot

CHROMIUM = Path("/usr/bin/chromium")

HERE = Path(__file__).resolve().parent
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
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1100, "height": 850}

expect.set_options(timeout=15_000)


# per module and autouse, so that it runs before the module-scoped browser below (a function-scoped check ran after
# the browser failed to launch: an error instead of a skip on a machine without Chromium)
@pytest.fixture(scope="module", autouse=True)
def _needs_chromium() -> None:
    if not CHROMIUM.exists():
        why = "browser tests need Chromium at /usr/bin/chromium (Debian: apt-get install chromium)"
        if os.environ.get("WIJKWIJZER_REQUIRE_BROWSER"):  # CI: the browser tests must run, not skip
            pytest.fail(why, pytrace=False)
        pytest.skip(why)


# per module, not per session: Playwright's sync API keeps an asyncio loop running in this thread while it is
# open, and later tests that call asyncio.run() (tests/test_load.py) would fail
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


@pytest.fixture
def open_page(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Any]:
    """`open_page(url, width=…, height=…, init_script=…)` → (page, watch); each page gets a screenshot when the
    test ends. `init_script` runs in the page before any of its own scripts."""
    contexts: list[Any] = []
    pages: list[Page] = []

    def make(
        url: str,
        width: int = DESKTOP["width"],
        height: int = DESKTOP["height"],
        scale: float = 1,
        locale: str = "nl-NL",
        init_script: str | None = None,
    ) -> tuple[Page, Watch]:
        context = browser.new_context(
            viewport={"width": width, "height": height}, device_scale_factor=scale, locale=locale
        )
        contexts.append(context)
        page = context.new_page()
        if init_script:
            page.add_init_script(init_script)
        pages.append(page)
        watch = Watch(page)
        page.goto(url)
        return page, watch

    yield make
    for i, page in enumerate(pages):
        with contextlib.suppress(Exception):  # a failed screenshot must not hide the test's own result
            screenshot(page, request.node.name + (f"-{i + 1}" if i else ""))
    for context in contexts:
        context.close()


@pytest.fixture(scope="session")
def expected(live_app: Any) -> Any:
    """The answer the service gives to QUESTION (the same service the server uses)."""
    return live_app.runtime.service.ask(QUESTION, [])


@pytest.fixture
def rate_limit(live_app: Any) -> Iterator[Callable[[int], None]]:
    """`rate_limit(n)`: n questions a minute for the live server from now on (the tests share one client
    address, so the session's server has none); the test's end lifts it again."""
    runtime = live_app.runtime
    before = runtime.limiter

    def limit(per_minute: int) -> None:
        runtime.limiter = RateLimiter(per_minute)

    yield limit
    runtime.limiter = before


# -- axe-core ---------------------------------------------------------------------------------------------
def _install_axe() -> Path:
    """axe.min.js from the npm registry, as pinned in package-lock.json (`npm ci` once per new lock)."""
    script = HERE / "node_modules" / "axe-core" / "axe.min.js"
    lock = json.loads((HERE / "package-lock.json").read_text(encoding="utf-8"))
    pinned = lock["packages"]["node_modules/axe-core"]["version"]
    installed = HERE / "node_modules" / "axe-core" / "package.json"
    if script.exists() and json.loads(installed.read_text(encoding="utf-8")).get("version") == pinned:
        return script
    npm = shutil.which("npm")
    if npm is None:
        why = "the accessibility checks need npm (Debian: apt-get install npm) to install axe-core"
        if os.environ.get("WIJKWIJZER_REQUIRE_BROWSER"):
            pytest.fail(why, pytrace=False)
        pytest.skip(why)
    done = subprocess.run(
        [npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"],
        cwd=HERE,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0 and script.exists(), f"npm ci failed:\n{done.stdout}\n{done.stderr}"
    return script


@pytest.fixture(scope="session")
def axe_source() -> str:
    return _install_axe().read_text(encoding="utf-8")


class Axe:
    """`axe(page, state)`: axe-core on the whole page (including the widget's open shadow root); fails on any
    critical or serious violation and names its rule ids and elements. Every checked state gets a screenshot."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.checked: list[str] = []

    def __call__(self, page: Page, state: str) -> list[dict[str, Any]]:
        if not page.evaluate("typeof window.axe === 'object'"):
            page.add_script_tag(content=self.source)
        violations: list[dict[str, Any]] = page.evaluate(
            """async () => {
                const result = await axe.run(document, {resultTypes: ['violations']});
                return result.violations.map(v => ({
                    id: v.id, impact: v.impact, help: v.help,
                    nodes: v.nodes.slice(0, 5).map(n => n.target.join(' '))
                }));
            }"""
        )
        screenshot(page, f"axe-{state}")
        self.checked.append(state)
        severe = [v for v in violations if v["impact"] in ("critical", "serious")]
        assert not severe, f"axe-core, {state}: " + "; ".join(
            f"{v['impact']} {v['id']} ({v['help']}) at {v['nodes']}" for v in severe
        )
        return violations


@pytest.fixture
def axe(axe_source: str) -> Axe:
    return Axe(axe_source)
