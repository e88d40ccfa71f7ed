"""What users type and upload, in a real browser: a Swedish decimal comma is never read as a
thousands separator, and markup in an upload, a key or a title never becomes a link or an
image (issue 14 §4).

Playwright drives Debian's Chromium against `streamlit run`, as tests/test_browser.py does,
with a database of its own in a temporary directory. Skipped locally when /usr/bin/chromium
is missing; in CI (CI set) a missing browser fails.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from procurement.ui.plain import WORD_JOINER
from tests.browser_support import (
    WAIT_MS,
    launch_chromium,
    main,
    open_questionnaire,
    require_browser,
    serve_app_with_own_data,
    settled,
)

require_browser()

from playwright.sync_api import Browser, Locator, Page, expect  # noqa: E402

LINK = "[Logga in här](https://example.com)"
IMAGE = "![x](https://example.com/a.png)"
CASE = Path(__file__).resolve().parent.parent / "data" / "examples" / "stadning-kommunhus.json"

expect.set_options(timeout=WAIT_MS)


@pytest.fixture(scope="module")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app with an empty database of its own, in a temporary directory."""
    yield from serve_app_with_own_data(tmp_path_factory.mktemp("vagval-browser-input"))


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, headless, driven by Playwright (never a browser of its own)."""
    yield from launch_chromium()


@pytest.fixture
def page(browser: Browser, app_url: str) -> Iterator[Page]:
    """A fresh browser context (a Streamlit session of its own) showing the questionnaire."""
    yield from open_questionnaire(browser, app_url)


_main = main
_settled = settled


def _no_remote_links_or_images(page: Page) -> None:
    """Nothing on the page links to, or loads from, the address in the uploaded text."""
    expect(page.locator("a[href*='example.com']")).to_have_count(0)
    expect(page.locator("img[src*='example.com']")).to_have_count(0)
    expect(page.locator("[data-testid=stMain] b, [data-testid=stMain] script")).to_have_count(0)


def _seen(locator: Locator) -> str:
    return locator.inner_text().replace(WORD_JOINER, "")


def _type(page: Page, label: str, text: str) -> None:
    field = _main(page).get_by_role("textbox", name=label, exact=True)
    field.fill(text)
    field.press("Enter")
    _settled(page)


def test_a_decimal_comma_is_one_point_eight_never_eighteen(page: Page) -> None:
    main = _main(page)
    _type(page, "Kontraktets uppskattade värde", "1,8")
    expect(main.get_by_text("1,8 kr", exact=True)).to_be_visible()
    expect(main.get_by_text("18 kr", exact=True)).to_have_count(0)
    _type(page, "Kontraktets uppskattade värde", "1 800 000")
    expect(main.get_by_text("1 800 000 kr", exact=True)).to_be_visible()
    _type(page, "Kontraktets uppskattade värde", "1.800")
    error = main.get_by_test_id("stAlertContentError").first
    expect(error).to_contain_text("”1.800” är tvetydigt")
    assert "Kontraktets uppskattade värde: ”1.800”" in _seen(error)  # after the icon


def test_the_calculator_takes_two_and_a_half_years(page: Page) -> None:
    main = _main(page)
    main.get_by_text("Räkna ut värdet (5 kap. LOU)", exact=True).click()
    _type(page, "Värde per år, exkl. moms (kr)", "1 000 000")
    _type(page, "Avtalstid utan förlängningar (år)", "2,5")
    expect(main.get_by_text("2,5 år", exact=True)).to_be_visible()
    expect(main.get_by_text("= 2 500 000 kr", exact=False)).to_be_visible()
    main.get_by_role("button", name="Använd värdet").click()
    _settled(page)
    field = main.get_by_role("textbox", name="Kontraktets uppskattade värde", exact=True)
    expect(field).to_have_value(re.compile(r"^2\s500\s000$"))


def test_a_supplier_table_with_a_link_and_an_image_shows_them_as_text(
    page: Page, tmp_path: Path
) -> None:
    table = tmp_path / "leverantorer.csv"
    table.write_text(
        "supplier_id,runs_business,employees_total,employees_target_group\n"
        f'a,"{LINK}",10,2\n'
        f"b,true,{IMAGE},2\n",
        encoding="utf-8",
    )
    page.get_by_test_id("stSidebar").get_by_role("link", name="Leverantörskontroll").click()
    main = _main(page)
    expect(main.get_by_role("heading", name="Leverantörskontroll")).to_be_visible()
    _settled(page)
    main.get_by_role("tab", name="Många leverantörer (CSV eller Excel)").click()
    main.locator("input[type=file]").set_input_files(table)
    errors = main.get_by_test_id("stAlertContentError")
    expect(errors).to_have_count(2)
    _settled(page)
    assert LINK in _seen(errors.nth(0))
    assert IMAGE in _seen(errors.nth(1))
    _no_remote_links_or_images(page)


def test_a_facts_file_with_a_markup_key_shows_it_as_text(page: Page, tmp_path: Path) -> None:
    facts = tmp_path / "svar.json"
    facts.write_text(json.dumps({LINK: True, IMAGE: 1, "<b>fet</b>": 2}), encoding="utf-8")
    page.locator("input[type=file]").first.set_input_files(facts)
    error = _main(page).get_by_test_id("stAlertContentError")
    expect(error).to_contain_text("Filen kunde inte läsas")
    _settled(page)
    assert LINK in _seen(error)
    assert "/tmp" not in _seen(error)
    _no_remote_links_or_images(page)


def test_a_saved_title_with_markup_is_shown_as_text(page: Page) -> None:
    main = _main(page)
    page.locator("input[type=file]").first.set_input_files(CASE)
    expect(main.get_by_text("Svaren är inlästa.")).to_be_visible()
    _settled(page)
    title = f"{LINK} {IMAGE} <b>fet</b>"
    field = main.get_by_role("textbox", name="Titel", exact=True)
    field.fill(title)
    field.press("Enter")
    _settled(page)
    main.get_by_role("button", name="Spara", exact=True).click()
    saved = main.get_by_test_id("stAlertContentSuccess").filter(has_text="Sparad:")
    expect(saved).to_be_visible()
    assert _seen(saved).endswith(f"Sparad: {title}")
    _no_remote_links_or_images(page)
    page.get_by_test_id("stSidebar").get_by_role("link", name="Sparade").click()
    expect(main.get_by_role("heading", name="Sparade bedömningar")).to_be_visible()
    _settled(page)
    main.get_by_role("combobox", name="Välj en bedömning").click()
    option = page.get_by_role("option").first  # the list of titles
    expect(option).to_contain_text("Logga in här")
    _no_remote_links_or_images(page)
    option.click()
    heading = main.get_by_role("heading", name="Logga in här", exact=False)
    expect(heading).to_be_visible()
    _settled(page)
    assert _seen(heading) == title
    _no_remote_links_or_images(page)
