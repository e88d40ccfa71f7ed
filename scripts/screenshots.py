"""Screenshots of the app for the README, taken in Debian's Chromium through Playwright.

    python scripts/screenshots.py [--out docs/screenshots]

Starts `streamlit run app.py` on a free port, as tests/test_browser.py does, and answers
through the interface as a person would: the route questionnaire by opening the example case
data/examples/stadning-kommunhus.json with "Öppna sparade svar", the supplier check by clicking
the answers of data/suppliers/exempel/kooperativet-lindgarden-ek-for.json, the memo step for
data/examples/parkskotsel-sysselsattning.json, the seminar page with its first scenario revealed,
and the saved assessments with the cleaning case saved under a title and opened from its link.
Writes vagval.png, beslutsunderlag.png, sparade.png, seminarium.png,
leverantorskontroll.png, regler.png and om.png (viewport 1400x1000; the route page down to
the end of the questionnaire). The server saves into a temporary data directory, never into
the user's own saved assessments.

Needs /usr/bin/chromium (apt-get install chromium) and the test extra (playwright); never
downloads a browser. Emoji need a colour emoji font (apt-get install fonts-noto-color-emoji).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

from playwright.sync_api import Locator, Page, expect, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from procurement.service import default_supplier_ruleset  # noqa: E402
from procurement.ui.texts import t  # noqa: E402
from tests.devserver import CHROMIUM, CHROMIUM_ARGS, streamlit_app  # noqa: E402

VIEWPORT = {"width": 1400, "height": 1000}
MAX_HEIGHT = 2000  # a taller picture, but no endless strip
CASE = ROOT / "data" / "examples" / "stadning-kommunhus.json"
MEMO_CASE = ROOT / "data" / "examples" / "parkskotsel-sysselsattning.json"
SUPPLIER = ROOT / "data" / "suppliers" / "exempel" / "kooperativet-lindgarden-ek-for.json"
SAVED_TITLE = "Städning av kommunhuset"
SAVED_NOTES = "Stäm av med fastighetsenheten om lokalerna innan annonsering."

expect.set_options(timeout=30_000)


def _main(page: Page) -> Locator:
    return page.get_by_test_id("stMain")


def _settled(page: Page) -> None:
    expect(page.get_by_test_id("stApp")).to_have_attribute("data-test-script-state", "notRunning")


def _still(page: Page) -> None:
    """Wait until nothing is moving (an expander folding, a progress bar filling)."""
    page.wait_for_timeout(100)
    page.wait_for_function(
        "() => !document.getAnimations().some(a => a.playState === 'running'"
        " && a.effect && a.effect.getComputedTiming().endTime !== Infinity)"
    )


def _answered(page: Page, n: int) -> None:
    expect(_main(page).get_by_text(f"{n} frågor besvarade", exact=True)).to_be_visible()
    _settled(page)


def _open(page: Page, url: str, heading: str) -> None:
    page.goto(url)
    expect(_main(page).get_by_role("heading", name=heading, exact=True)).to_be_visible()
    _settled(page)
    page.wait_for_timeout(500)  # let fonts and icons finish


def _shoot(page: Page, path: Path, until: Locator | None = None) -> None:
    """A PNG of the viewport; with ``until``, made taller to reach below that element."""
    page.mouse.move(VIEWPORT["width"] - 10, 10)  # no hover effects in the picture
    if until is not None:
        box = until.bounding_box()
        assert box is not None, until
        height = min(max(VIEWPORT["height"], int(box["y"] + box["height"] + 48)), MAX_HEIGHT)
        page.set_viewport_size({"width": VIEWPORT["width"], "height": height})
    _still(page)
    page.screenshot(path=str(path))
    page.set_viewport_size(VIEWPORT)
    print(f"wrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")


def route(page: Page, url: str, out: Path) -> None:
    """The questionnaire with the example case opened from its JSON file, and the result."""
    _open(page, url, "Vägval")
    page.locator("[data-testid=stFileUploader] input[type=file]").set_input_files(CASE)
    main = _main(page)
    expect(main.get_by_text("Rekommenderad väg:", exact=False)).to_be_visible()
    facts = json.loads(CASE.read_text(encoding="utf-8"))
    _answered(page, len(facts))
    last = main.get_by_role("button", name=t("download_md", "sv"))  # the questionnaire's end
    _shoot(page, out / "vagval.png", until=last)


def memo(page: Page, url: str, out: Path) -> None:
    """The memo step for the park-maintenance case, with one mandatory clause filled in."""
    _open(page, url, "Vägval")
    page.locator("[data-testid=stFileUploader] input[type=file]").set_input_files(MEMO_CASE)
    main = _main(page)
    expect(main.get_by_text("Rekommenderad väg:", exact=False)).to_be_visible()
    _settled(page)
    main.get_by_role("link", name=t("memo_to_memo", "sv")).click()
    expect(main.get_by_role("heading", name=t("memo_title", "sv"), exact=True)).to_be_visible()
    _settled(page)
    main.get_by_text("Arbetsrättsligt villkor – lön", exact=True).click()
    _settled(page)
    for label, value in (
        ("Centralt kollektivavtal", "Kollektivavtal för service- och parkarbete"),
        ("Lönevillkor", "lägsta lön per timme och tillägg för obekväm arbetstid"),
    ):
        field = main.get_by_role("textbox", name=label)
        field.fill(value)
        field.press("Tab")
        _settled(page)
    quote = main.locator("blockquote").first
    expect(quote).to_contain_text("service- och parkarbete")
    page.evaluate("() => document.querySelector('[data-testid=stMain]').scrollTo(0, 0)")
    _shoot(page, out / "beslutsunderlag.png", until=quote)


def saved(page: Page, url: str, out: Path) -> None:
    """The cleaning case saved with a title and notes, then opened from its share link."""
    _open(page, url, "Vägval")
    page.locator("[data-testid=stFileUploader] input[type=file]").set_input_files(CASE)
    main = _main(page)
    expect(main.get_by_text("Rekommenderad väg:", exact=False)).to_be_visible()
    _settled(page)
    title = main.get_by_role("textbox", name=t("save_title", "sv"), exact=True)
    title.fill(SAVED_TITLE)
    title.press("Enter")
    _settled(page)
    main.get_by_text(t("save_notes", "sv"), exact=True).click()  # the toggle's label
    expect(main.get_by_role("switch", name=t("save_notes", "sv"))).to_be_checked()
    notes = main.get_by_role("textbox", name=t("save_notes", "sv"))
    notes.fill(SAVED_NOTES)
    notes.press("Tab")
    _settled(page)
    main.get_by_role("button", name=t("save_button", "sv"), exact=True).click()
    done = t("save_done", "sv", title=SAVED_TITLE)
    expect(main.get_by_text(done, exact=True)).to_be_visible()
    link = main.get_by_test_id("stCode").inner_text().strip()
    _open(page, link, t("saved_title", "sv"))
    details = main.locator(".st-key-saved_details")
    expect(details.get_by_role("heading", name=SAVED_TITLE)).to_be_visible()
    _shoot(page, out / "sparade.png", until=details)


def seminar(page: Page, url: str, out: Path) -> None:
    """The seminar page for its first scenario: votes entered, the answer revealed."""
    _open(page, f"{url}/seminarium", t("sem_title", "sv"))
    main = _main(page)
    fields = main.get_by_role("textbox")
    for i, votes in enumerate((4, 9, 2, 0, 1)):
        fields.nth(i).fill(str(votes))
        fields.nth(i).press("Tab")
        _settled(page)
    main.get_by_role("button", name=t("sem_reveal", "sv")).click()
    expect(main.get_by_text(t("sem_answer", "sv"), exact=False).first).to_be_visible()
    _settled(page)
    page.evaluate("() => document.querySelector('[data-testid=stMain]').scrollTo(0, 0)")
    _shoot(page, out / "seminarium.png", until=main.get_by_test_id("stVegaLiteChart").first)


def _answer(page: Page, label: str, value: Any) -> None:
    main = _main(page)
    if isinstance(value, bool):
        group = main.get_by_role("radiogroup", name=label, exact=True)
        option = t("yes" if value else "no", "sv")
        group.get_by_text(option, exact=True).click()
        expect(group.get_by_role("radio", name=option, exact=True)).to_be_checked()
    else:
        field = main.get_by_role("textbox", name=label, exact=True)
        field.fill(str(value))
        field.press("Enter")


def supplier(page: Page, url: str, out: Path) -> None:
    """The supplier check for an example cooperative, answered question by question."""
    _open(page, f"{url}/leverantor", "Leverantörskontroll")
    rs = default_supplier_ruleset()
    facts = json.loads(SUPPLIER.read_text(encoding="utf-8"))
    main = _main(page)
    for answered, (fact_id, value) in enumerate(facts.items(), start=1):
        spec = rs.facts[fact_id]
        label = spec.label.get("sv")
        question = main.get_by_text(label, exact=True)
        _still(page)  # a group folds (animated) once none of its questions is missing
        if not question.is_visible():  # its group is folded: open it
            main.locator("summary", has_text=t(f"group_{spec.group}", "sv")).click()
            expect(question).to_be_visible()
        _answer(page, label, value)
        _answered(page, answered)
    page.evaluate("() => document.querySelector('[data-testid=stMain]').scrollTo(0, 0)")
    _shoot(page, out / "leverantorskontroll.png", until=main.locator(".st-key-check_reserved_4_18"))


def rules(page: Page, url: str, out: Path) -> None:
    _open(page, f"{url}/regler", "Regler och källor")
    expect(_main(page).get_by_test_id("stDataFrame").first).to_be_visible()
    page.wait_for_timeout(1000)  # the tables draw on a canvas
    _shoot(page, out / "regler.png")


def about(page: Page, url: str, out: Path) -> None:
    _open(page, f"{url}/om", "Om Vägval")
    _shoot(page, out / "om.png")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args(argv)
    if not CHROMIUM.exists():
        print(f"{CHROMIUM} is missing: apt-get install chromium", file=sys.stderr)
        return 1
    out: Path = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    # no toolbar, so no "Deploy" button in the pictures; saved assessments in a throwaway
    # database
    with (
        tempfile.TemporaryDirectory(prefix="vagval-screenshots-") as data,
        streamlit_app(
            extra_args=("--client.toolbarMode", "minimal"),
            env={"VAGVAL_DATA_DIR": data, "DATABASE_URL": "", "VAGVAL_BASE_URL": ""},
        ) as url,
        sync_playwright() as playwright,
    ):
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            for shot in (route, memo, saved, seminar, supplier, rules, about):
                context = browser.new_context(viewport=VIEWPORT)
                try:
                    shot(context.new_page(), url, out)
                finally:
                    context.close()
        finally:
            browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
