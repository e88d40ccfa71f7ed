"""Saved assessments in a real browser: one user saves, another opens the share link.

Playwright drives Debian's Chromium against `streamlit run`, as tests/test_browser.py does,
with a server whose database lives in a temporary directory (VAGVAL_DATA_DIR). Skipped
locally when /usr/bin/chromium is missing; in CI (CI set) a missing browser fails.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser_support import (
    WAIT_MS,
    launch_chromium,
    require_browser,
    save_case,
    serve_app_with_own_data,
)
from tests.browser_support import main as _main
from tests.browser_support import new_context as _context
from tests.browser_support import settled as _settled

require_browser()

from playwright.sync_api import (  # noqa: E402
    Browser,
    Page,
    expect,
)

CASE = Path(__file__).resolve().parent.parent / "data" / "examples" / "stadning-kommunhus.json"
TITLE = "Städning av kommunhuset 2025"

expect.set_options(timeout=WAIT_MS)


@pytest.fixture(scope="module")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app with an empty database of its own, in a temporary directory."""
    yield from serve_app_with_own_data(tmp_path_factory.mktemp("vagval-browser-data"))


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, headless, driven by Playwright (never a browser of its own)."""
    yield from launch_chromium()


def _save(page: Page, app_url: str) -> str:
    """The first user: open the example case from its file, save it, return the link."""
    page.goto(app_url)
    link = save_case(page, CASE, TITLE)
    main = _main(page)
    expect(main.get_by_text(f"Öppnad: {TITLE}", exact=False)).to_be_visible()
    assert link.startswith(f"{app_url}/sparade?b="), link
    code = link.rsplit("=", 1)[1]
    assert code.isalnum() and len(code) == 10, link  # only the opaque code, nothing else
    return link


def test_a_saved_assessment_opens_from_its_link_for_another_user(
    browser: Browser, app_url: str
) -> None:
    first = _context(browser)
    try:
        link = _save(first.new_page(), app_url)
    finally:
        first.close()
    second = _context(browser)
    try:
        page = second.new_page()
        page.goto(link)
        main = _main(page)
        expect(main.get_by_role("heading", name=TITLE)).to_be_visible(timeout=45_000)
        _settled(page)
        expect(main.get_by_text("Bedömningen gjordes med de regler som gäller nu")).to_be_visible()
        main.get_by_role("button", name="Öppna", exact=True).click()
        expect(main.get_by_role("heading", name="Steg 1 av", exact=False)).to_be_visible()
        _settled(page)
        assert page.url.rstrip("/") == app_url  # on the Vägval page, the code left behind
        expect(main.get_by_text(f"Öppnad: {TITLE}", exact=False)).to_be_visible()
        group = main.get_by_role("radiogroup", name="Vad ska köpas?", exact=True)
        expect(group.get_by_role("radio", name="Tjänster", exact=True)).to_be_checked()
        expect(main.get_by_text("Rekommenderad väg: Reserverad upphandling")).to_be_visible()
        expect(main.get_by_role("textbox", name="Titel", exact=True)).to_have_value(TITLE)
    finally:
        second.close()
