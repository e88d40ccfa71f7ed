"""The app in a real browser: Playwright drives Debian's Chromium against `streamlit run`.

Everything is done as a person would: clicking labels, typing, pressing keys, following the
sidebar links. Streamlit reruns asynchronously, so the tests wait for the text that a finished
rerun shows, never for a fixed time.

Locally the module is skipped when /usr/bin/chromium is missing (scripts/test.sh installs it
when run as root); in CI (CI set) a missing browser fails.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser_support import (
    WAIT_MS,
    launch_chromium,
    main,
    open_questionnaire,
    require_browser,
    serve_app,
    settled,
)

require_browser()

from playwright.sync_api import Browser, Locator, Page, expect  # noqa: E402

expect.set_options(timeout=WAIT_MS)


@pytest.fixture(scope="module")
def app_url() -> Iterator[str]:
    """`streamlit run app.py` on a free port; its URL once /_stcore/health answers ok."""
    yield from serve_app()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, headless, driven by Playwright (never a browser of its own)."""
    yield from launch_chromium()


@pytest.fixture
def page(browser: Browser, app_url: str) -> Iterator[Page]:
    """A fresh browser context (so a fresh Streamlit session) showing the questionnaire."""
    yield from open_questionnaire(browser, app_url)


_main = main
_settled = settled


def _answered(page: Page, n: int, word: str = "frågor besvarade") -> None:
    """Wait for the rerun that counts ``n`` answers, and for it to finish."""
    expect(_main(page).get_by_text(f"{n} {word}", exact=True)).to_be_visible()
    _settled(page)


def _choose(page: Page, question: str, option: str) -> None:
    """Click an option's label in the radio group of ``question``."""
    group = _main(page).get_by_role("radiogroup", name=question, exact=True)
    group.get_by_text(option, exact=True).click()
    expect(group.get_by_role("radio", name=option, exact=True)).to_be_checked()


AIM = "Vill ni skapa arbete för personer långt från arbetsmarknaden?"


def _purchase(page: Page, value: int) -> None:
    """Answer the first step: the aim and the options clicked, date and value typed."""
    main = _main(page)
    _choose(page, AIM, "Nej")
    _answered(page, 1)
    main.get_by_role("spinbutton", name="year, Datum för bedömningen").click()
    page.keyboard.type("20250601")  # the segments advance by themselves
    page.keyboard.press("Escape")  # close the calendar
    _answered(page, 2)
    _choose(
        page,
        "Typ av upphandlande myndighet",
        "Kommun, region, kommunalt bolag eller annan myndighet",
    )
    _answered(page, 3)
    _choose(page, "Vad ska köpas?", "Tjänster")
    _answered(page, 4)
    field = main.get_by_role("textbox", name="Kontraktets uppskattade värde", exact=True)
    field.click()
    page.keyboard.type(f"{value:,}".replace(",", " "))  # as a Swede writes it: 650 000
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    _answered(page, 5)


def test_questionnaire_by_keyboard_and_mouse_reaches_a_direct_award(page: Page) -> None:
    main = _main(page)
    expect(main.get_by_role("heading", name="Steg 1 av ")).to_contain_text(
        ": Vad ni vill och köpet"
    )
    _purchase(page, 650_000)
    expect(main.get_by_text("650 000 kr", exact=True)).to_be_visible()
    next_button = main.get_by_role("button", name="Nästa →")
    next_button.focus()
    page.keyboard.press("Enter")  # the primary button works from the keyboard
    answered, step = 5, 2
    while True:
        expect(main.get_by_role("heading", name=f"Steg {step} av")).to_be_visible()
        _settled(page)
        for group in main.get_by_role("radiogroup").all():
            if not any(
                group.get_by_role("radio", name=option, exact=True).is_checked()
                for option in ("Ja", "Nej")
            ):
                group.get_by_text("Nej", exact=True).click()
                answered += 1
                _answered(page, answered)
        if next_button.is_disabled():
            break
        assert step < 10, "the questionnaire does not end"
        next_button.click()
        step += 1
    expect(next_button).to_be_disabled()
    expect(main.get_by_text("Klart: alla frågor som påverkar svaret är besvarade.")).to_be_visible()
    expect(main.get_by_text("Rekommenderad väg: Direktupphandling", exact=True)).to_be_visible()
    card = main.locator(".st-key-route_direct_award")
    expect(card).to_contain_text("Rekommenderas")
    expect(card.get_by_text("650 000 kr", exact=False).first).to_be_visible()  # reasons open
    # back keeps the answers
    main.get_by_role("button", name="← Tillbaka").click()
    expect(main.get_by_role("heading", name=f"Steg {step - 1} av")).to_be_visible()
    _settled(page)
    for group in main.get_by_role("radiogroup").all():
        if group.get_by_role("radio", name="Nej", exact=True).count():
            expect(group.get_by_role("radio", name="Nej", exact=True)).to_be_checked()


def _focused_heading(page: Page) -> str:
    """The text of the heading that has the keyboard focus ('' when none has)."""
    return page.evaluate(
        "() => { const h = document.activeElement && document.activeElement.closest("
        "'h1,h2,h3,h4,h5,h6'); return h ? h.innerText : ''; }"
    )


def test_after_next_the_new_step_has_the_focus(page: Page) -> None:
    main = _main(page)
    _purchase(page, 2_000_000)
    next_button = main.get_by_role("button", name="Nästa →")
    next_button.focus()
    page.keyboard.press("Enter")
    heading = main.get_by_role("heading", name="Steg 2 av")
    expect(heading).to_contain_text("Motparten")
    expect(heading).to_be_in_viewport()
    page.wait_for_function(
        "() => (document.activeElement && document.activeElement.closest('h3') || {})"
        ".innerText?.startsWith('Steg 2 av')"
    )
    assert _focused_heading(page).startswith("Steg 2 av")
    # Tab goes on from there (past the heading's own link) to the new step's first question,
    # not from the page's start
    page.keyboard.press("Tab")
    if page.evaluate("() => document.activeElement.getAttribute('aria-label')") == (
        "Link to heading"
    ):
        page.keyboard.press("Tab")
    where = page.evaluate(
        "() => { const e = document.activeElement; const w = e.closest("
        "'[data-testid=stRadio], [data-testid=stTooltipIcon], [data-testid=stWidgetLabel]'); "
        "return [e.tagName, e.getAttribute('aria-label') || e.innerText || '', "
        "w ? w.getAttribute('data-testid') : '']; }"
    )
    assert where[2], where
    # Back moves the focus too
    main.get_by_role("button", name="← Tillbaka").click()
    page.wait_for_function(
        "() => (document.activeElement && document.activeElement.closest('h3') || {})"
        ".innerText?.startsWith('Steg 1 av')"
    )


def test_language_switch_in_the_sidebar(page: Page) -> None:
    sidebar = page.get_by_test_id("stSidebar")
    sidebar.get_by_text("English", exact=True).click()
    expect(sidebar.get_by_role("radio", name="English")).to_be_checked()
    main = _main(page)
    expect(main.get_by_role("heading", name="Step 1 of ")).to_contain_text(
        ": What you want and the purchase"
    )
    expect(main.get_by_role("radiogroup", name="What is being bought?")).to_be_visible()
    expect(main.get_by_role("button", name="Next →")).to_be_visible()
    expect(sidebar.get_by_role("link", name="Supplier check")).to_be_visible()
    expect(main.get_by_text("Vad ska köpas?", exact=True)).to_have_count(0)


ROUTE_STATUS = {
    "direct_award": "Rekommenderas",
    "lou_social_considerations": "Möjlig",
    "reserved_contract": "Möjlig",  # 4 kap. 18 § is always allowed
    "iop": "Inte möjlig",
}


def _card_heading(card: Locator) -> str:
    """The card's first line: bold label, a dash, an icon and the status in words."""
    return card.locator("p", has=card.page.locator("strong")).first.inner_text()


def test_route_status_is_written_not_only_coloured(page: Page) -> None:
    main = _main(page)
    _purchase(page, 650_000)
    next_button = main.get_by_role("button", name="Nästa →")
    next_button.click()
    _choose(page, "Är motparten en idéburen organisation?", "Nej")
    _answered(page, 6)
    expect(main.locator("[class*='st-key-route_']")).to_have_count(len(ROUTE_STATUS))
    for route, status in ROUTE_STATUS.items():
        heading = _card_heading(main.locator(f".st-key-route_{route}"))
        assert heading.endswith(f" {status}"), heading
        assert " — " in heading, heading


SUPPLIER_STATUS_WORDS = ("Uppfyllt", "Inte uppfyllt", "Kan delta", "Kan inte delta")
SUPPLIER_STATUS_WORDS += ("Ofullständigt", "Okänt")


def test_supplier_page_shows_its_four_checks(page: Page) -> None:
    page.get_by_test_id("stSidebar").get_by_role("link", name="Leverantörskontroll").click()
    main = _main(page)
    expect(main.get_by_role("heading", name="Leverantörskontroll")).to_be_visible()
    _settled(page)
    _choose(page, "Driver ni näringsverksamhet?", "Ja")
    _answered(page, 1)
    _choose(page, "Är ert övergripande ändamål arbetsintegrering?", "Ja")
    _answered(page, 2)
    total = main.get_by_role("textbox", name="Antal anställda", exact=True)
    total.fill("10")
    total.press("Tab")
    _answered(page, 3)
    share = main.get_by_role("textbox", name="Varav personer med funktionsnedsättning")
    share.fill("2")
    share.press("Enter")
    _answered(page, 4)
    checks = main.locator("[class*='st-key-check_']")
    expect(checks).to_have_count(4)
    for check in checks.all():
        heading = _card_heading(check)
        assert any(heading.endswith(f" {word}") for word in SUPPLIER_STATUS_WORDS), heading
    share_test = main.locator(".st-key-check_reserved_4_18")
    expect(share_test).to_contain_text("Kan inte delta")
    expect(share_test).to_contain_text("2 av 10")


def test_memo_is_filled_in_and_downloaded_as_docx_and_pdf(page: Page, tmp_path: Path) -> None:
    """The memo step in a real browser: answers from a file, a clause ticked and filled,
    and the two downloads, which are made only when their button is clicked."""
    import docx
    import pypdf

    case = Path(__file__).resolve().parent.parent / "data" / "examples"
    page.locator("input[type=file]").first.set_input_files(case / "parkskotsel-sysselsattning.json")
    main = _main(page)
    expect(main.get_by_text("Svaren är inlästa.")).to_be_visible()
    _settled(page)
    main.get_by_role("link", name="Gå vidare till beslutsunderlaget").click()
    expect(main.get_by_role("heading", name="Beslutsunderlag")).to_be_visible()
    _settled(page)
    # The labour-law conditions are mandatory here, so their group is open.
    main.get_by_text("Arbetsrättsligt villkor – lön", exact=True).click()
    _settled(page)
    main.get_by_role("textbox", name="Centralt kollektivavtal").fill("Serviceentreprenadavtalet")
    main.get_by_role("textbox", name="Lönevillkor").fill("lägsta timlön och OB-tillägg")
    main.get_by_role("textbox", name="Lönevillkor").press("Tab")
    _settled(page)
    expect(main.locator("blockquote")).to_contain_text("Serviceentreprenadavtalet")
    expect(main.get_by_text("Underlaget blir ett utkast", exact=False)).to_be_visible()
    texts = {}
    for fmt, label in (("docx", "Ladda ner som Word (DOCX)"), ("pdf", "Ladda ner som PDF")):
        with page.expect_download() as download:
            main.get_by_role("button", name=label).click()
        path = tmp_path / f"memo.{fmt}"
        download.value.save_as(path)
        assert download.value.suggested_filename == f"vagval-beslutsunderlag.{fmt}"
        if fmt == "docx":
            texts[fmt] = "\n".join(p.text for p in docx.Document(str(path)).paragraphs)
        else:
            texts[fmt] = "\n".join(p.extract_text() for p in pypdf.PdfReader(path).pages)
    for text in texts.values():
        flat = " ".join(text.split())
        assert "Serviceentreprenadavtalet" in flat
        assert "UTKAST" in flat
        assert "Arbetsrättsligt villkor – lön" in flat


def test_seminar_reveal_shows_the_tree_and_downloads_it(page: Page, tmp_path: Path) -> None:
    """What only a browser shows: the decision tree drawn as an image, and its SVG file."""
    import xml.etree.ElementTree as ET

    page.get_by_test_id("stSidebar").get_by_role("link", name="Seminarium").click()
    main = _main(page)
    expect(main.get_by_role("heading", name="Seminarium", exact=True)).to_be_visible()
    _settled(page)
    main.get_by_role("button", name="Visa svaret").click()
    expect(main.get_by_text("Vägvals svar:", exact=False)).to_be_visible()
    _settled(page)
    main.get_by_text("Beslutsträdet", exact=True).click()
    image = main.get_by_test_id("stImage").locator("img").first
    expect(image).to_be_visible()
    box = image.bounding_box()
    assert box is not None and box["width"] > 300 and box["height"] > 300
    with page.expect_download() as download:
        main.get_by_role("button", name="Beslutsträdet (SVG)").click()
    path = tmp_path / "tree.svg"
    download.value.save_as(path)
    root = ET.parse(path).getroot()
    classes = " ".join(e.get("class") or "" for e in root.iter())
    assert "decisive" in classes  # revealed: the case's path is marked
