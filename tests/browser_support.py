"""What the real-browser test modules share: the check that Debian's Chromium and Playwright
are there (skip locally, fail in CI), and the browser itself."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest

from tests.devserver import CHROMIUM, CHROMIUM_ARGS

IN_CI = bool(os.environ.get("CI"))


def require_browser() -> None:
    """Skip the calling test module (at import) when Chromium or Playwright is missing,
    except in CI, where the tests then fail."""
    if IN_CI:
        return
    if not CHROMIUM.exists():
        pytest.skip(
            f"Debian's chromium is not installed at {CHROMIUM} "
            "(apt-get install chromium, or run scripts/test.sh as root)",
            allow_module_level=True,
        )
    pytest.importorskip(
        "playwright", reason="the test extra is not installed (pip install -e .[test])"
    )


def launch_chromium() -> Iterator[Any]:
    """Debian's Chromium, headless, driven by Playwright (never a browser of its own)."""
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: scripts/test.sh installs Debian's chromium as root")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


WAIT_MS = 20_000  # one rerun, including the first load of the rule sets
START_TIMEOUT_S = 60


def serve_app(env: dict[str, str] | None = None) -> Iterator[str]:
    """`streamlit run app.py` on a free port (with ``env``); its URL once it answers."""
    from tests.devserver import AppDidNotStart, streamlit_app

    try:
        with streamlit_app(START_TIMEOUT_S, env=env) as url:
            yield url
    except AppDidNotStart as exc:
        pytest.fail(str(exc))


def serve_app_with_own_data(folder: Any) -> Iterator[str]:
    """The app with an empty database of its own in ``folder`` (never the user's)."""
    yield from serve_app(
        {"VAGVAL_DATA_DIR": str(folder), "DATABASE_URL": "", "VAGVAL_BASE_URL": ""}
    )


def main(page: Any) -> Any:
    """The page's main area (not the sidebar)."""
    return page.get_by_test_id("stMain")


def settled(page: Any) -> None:
    """Wait until no script run is going on."""
    from playwright.sync_api import expect

    expect(page.get_by_test_id("stApp")).to_have_attribute("data-test-script-state", "notRunning")


def new_context(browser: Any) -> Any:
    """A fresh browser context: another person, with cookies and a Streamlit session of
    their own."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(WAIT_MS)
    return context


def save_case(page: Any, case: Any, title: str) -> str:
    """On the questionnaire: open the case file ``case``, save it as ``title``; the share
    link the app then shows."""
    from playwright.sync_api import expect

    area = main(page)
    expect(area.get_by_role("button", name="Nästa →")).to_be_visible(timeout=45_000)
    settled(page)
    page.locator("input[type=file]").first.set_input_files(case)
    expect(area.get_by_text("Svaren är inlästa.")).to_be_visible()
    settled(page)
    box = area.get_by_role("textbox", name="Titel", exact=True)
    box.fill(title)
    box.press("Enter")
    settled(page)
    area.get_by_role("button", name="Spara", exact=True).click()
    expect(area.get_by_text(f"Sparad: {title}", exact=True)).to_be_visible()
    return str(area.get_by_test_id("stCode").inner_text()).strip()


def open_questionnaire(browser: Any, url: str) -> Iterator[Any]:
    """A fresh browser context (a Streamlit session of its own) showing the questionnaire."""
    from playwright.sync_api import expect

    context = new_context(browser)
    try:
        tab = context.new_page()
        tab.goto(url)
        expect(main(tab).get_by_role("button", name="Nästa →")).to_be_visible(timeout=45_000)
        settled(tab)
        yield tab
    finally:
        context.close()
