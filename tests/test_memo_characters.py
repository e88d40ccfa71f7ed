"""Characters in the memo (issue 16, item 7): what DOCX (XML) cannot hold is refused where it
is typed, with the field and the character named in the user's language; the PDF is set in a
font that covers what users type (DejaVu Sans: Latin Extended, Greek, Cyrillic), and a
character it still has no glyph for is refused for the PDF with the field and the character
named – never silently left out of a memo that says it is complete.

Before the fix, U+FFFE, U+FFFF and lone surrogates passed and the DOCX failed inside
python-docx; the PDF (Vera) silently dropped ś, Ŋ and Cyrillic.
"""

from __future__ import annotations

import io
import json
import os
from pathlib import Path
from typing import Any

import docx
import pytest
from pypdf import PdfReader

from procurement.core.document_text import character_name, unfit_character
from procurement.core.errors import InputError
from procurement.documents.memo.choices import parse_choices
from procurement.documents.memo.document import Document, Paragraph
from procurement.documents.memo.output import check_choices_shown, check_document, memo_bytes
from procurement.documents.memo.pdf_writer import font_covers, font_family
from procurement.storage.errors import StorageError
from procurement.storage.records import check_notes, check_title
from tests.cli_helpers import assert_one_line_error, run_cli
from tests.conftest import EXAMPLES
from tests.test_memo_build import LOU_CASE, build, load_case

UNFIT = ["\x00", "\x01", "\x08", "\x0b", "\x0c", "\x1c", "\x1f", "\x7f"]
UNFIT += ["\ud800", "\udfff", "\ufffe", "\uffff"]
FIT = ["\t", "\n", "\r", "ś", "Ŋ", "Ж", "Ω", "😀", "\u00a0", "\U0001f984"]

# A field of the memo choices holding ``text``, and the field's name in errors.
FIELDS: list[tuple[str, Any]] = [
    ("title", lambda text: {"title": f"Park{text}skötsel"}),
    ("organisation", lambda text: {"organisation": f"Exempel{text}kommunen"}),
    ("case_number", lambda text: {"case_number": f"KS{text}2026/17"}),
    ("author", lambda text: {"author": f"Anna{text}Andersson"}),
    ("declined.accessibility", lambda text: {"declined": {"accessibility": f"Skäl{text}här"}}),
    (
        "clauses[0].variables.products",
        lambda text: {
            "clauses": [{"id": "supply_chain_ilo_basic", "variables": {"products": f"V{text}a"}}]
        },
    ),
]


def needs_dejavu() -> None:
    """The tests of what DejaVu covers need fonts-dejavu-core (scripts/test.sh installs it)."""
    if font_family() != "DejaVu Sans":
        if os.environ.get("CI"):
            pytest.fail("fonts-dejavu-core is missing on CI; scripts/test.sh installs it")
        pytest.skip("DejaVu Sans is not installed: apt-get install fonts-dejavu-core")


def pdf_text(data: bytes) -> str:
    return " ".join(
        " ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(data)).pages
    )


@pytest.mark.parametrize("ch", UNFIT, ids=[f"U+{ord(c):04X}" for c in UNFIT])
def test_characters_xml_cannot_hold_are_found(ch: str) -> None:
    assert unfit_character(f"ab{ch}c") == ch
    assert character_name(ch).startswith(f"U+{ord(ch):04X}")


@pytest.mark.parametrize("ch", FIT, ids=[f"U+{ord(c):04X}" for c in FIT])
def test_characters_a_document_holds_pass(ch: str) -> None:
    assert unfit_character(f"ab{ch}c") is None


@pytest.mark.parametrize("ch", ["\x01", "\x1c", "\ufffe", "\uffff", "\ud800"])
@pytest.mark.parametrize(("field", "choices"), FIELDS, ids=[f for f, _ in FIELDS])
def test_memo_text_xml_cannot_hold_is_refused_naming_field_and_character(
    field: str, choices: Any, ch: str
) -> None:
    for lang, word in (("sv", "tecknet"), ("en", "the character")):
        with pytest.raises(InputError) as caught:
            build(load_case(LOU_CASE), choices(ch), lang)  # type: ignore[arg-type]
        assert caught.value.field == field
        assert word in caught.value.detail and f"U+{ord(ch):04X}" in caught.value.detail


@pytest.mark.parametrize("ch", ["\x01", "\ufffe", "\uffff", "\udc80"])
def test_a_saved_title_or_notes_xml_cannot_hold_is_refused(ch: str) -> None:
    for check, field in ((check_title, "title"), (check_notes, "notes")):
        with pytest.raises(StorageError) as caught:
            check(f"Park{ch}skötsel")
        assert caught.value.field == field
        assert f"U+{ord(ch):04X}" in caught.value.text("en")
        assert "tecknet" in caught.value.text("sv")


def test_the_command_line_memo_names_the_field_and_the_character(tmp_path: Path) -> None:
    """Before the fix: python-docx's own error (or a traceback) after the memo was built."""
    clauses = tmp_path / "c.json"
    clauses.write_text(json.dumps({"author": "Anna\uffff"}), encoding="utf-8")
    out = tmp_path / "memo.docx"
    case = EXAMPLES / f"{LOU_CASE}.json"
    proc = run_cli("--lang", "en", "memo", case, "--clauses", clauses, "-o", out)
    assert_one_line_error(proc, "author", "U+FFFF", "the character")
    assert not out.exists()


def test_a_document_docx_cannot_hold_is_one_clear_error_not_a_library_failure() -> None:
    """Text that did not come through a checked field (e.g. a rule text) still gives an
    InputError naming the character, never python-docx's ValueError."""
    doc = Document("Titel", "Under\uffffrubrik", "sv", "fot", "Vägval", (Paragraph("text"),))
    with pytest.raises(InputError) as caught:
        memo_bytes(doc, "docx")
    assert caught.value.field == "docx" and "U+FFFF" in caught.value.detail


# --- the PDF's font ---------------------------------------------------------------------------

TYPED = {
    "title": "Parkskötsel i Łódź – Ŋ",
    "author": "Anna Wiśniewska",
    "organisation": "Жуковский район",
    "case_number": "Ελλάδα 2026/17",
}


def test_the_pdf_shows_latin_extended_greek_and_cyrillic_as_typed() -> None:
    needs_dejavu()
    memo = build(load_case(LOU_CASE), TYPED)
    assert font_covers("".join(TYPED.values())) == set()
    text = pdf_text(memo_bytes(memo.document, "pdf"))
    for typed in TYPED.values():
        assert typed in text, (typed, text[:400])
    for ch in "śŊЖλ":
        assert ch in text


def test_an_emoji_is_refused_for_the_pdf_even_where_the_font_has_a_glyph() -> None:
    """DejaVu Sans draws 😀, but ReportLab maps characters beyond U+FFFF wrongly to Unicode:
    the PDF would show it, yet its text (search, copy, screen readers) would not hold it."""
    needs_dejavu()
    assert font_covers("Anna 😀") == {"😀"}
    parsed = parse_choices({"author": "Anna 😀"})
    with pytest.raises(InputError, match="U\\+1F600"):
        check_choices_shown(parsed, "pdf", "sv")


UNICORN = "\U0001f984"  # 🦄: no glyph in DejaVu Sans (nor in Vera)


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_a_character_the_pdf_font_lacks_is_refused_for_the_pdf_only(lang: str) -> None:
    choices = {"author": f"Anna {UNICORN}", "declined": {"accessibility": "Inget skäl 日本"}}
    parsed = parse_choices(choices, lang)  # type: ignore[arg-type]
    with pytest.raises(InputError) as caught:
        check_choices_shown(parsed, "pdf", lang)  # type: ignore[arg-type]
    assert caught.value.field == "author"
    assert "U+1F984" in caught.value.detail and "PDF" in caught.value.detail
    check_choices_shown(parsed, "docx", lang)  # type: ignore[arg-type]
    memo = build(load_case(LOU_CASE), choices, lang)  # type: ignore[arg-type]
    # Whatever reaches the writer, the PDF is refused rather than written without it.
    with pytest.raises(InputError) as caught:
        memo_bytes(memo.document, "pdf")
    assert caught.value.field == "pdf" and "U+1F984" in caught.value.detail
    check_document(memo.document, "docx")
    data = memo_bytes(memo.document, "docx")
    cells = [
        c.text for t in docx.Document(io.BytesIO(data)).tables for r in t.rows for c in r.cells
    ]
    assert f"Anna {UNICORN}" in cells


def test_the_command_line_refuses_a_pdf_that_could_not_show_a_character(tmp_path: Path) -> None:
    clauses = tmp_path / "c.json"
    clauses.write_text(json.dumps({"author": f"Anna {UNICORN}"}), encoding="utf-8")
    case = EXAMPLES / f"{LOU_CASE}.json"
    pdf = tmp_path / "memo.pdf"
    proc = run_cli("memo", case, "--clauses", clauses, "-o", pdf)
    assert_one_line_error(proc, "author", "U+1F984", "PDF")
    assert not pdf.exists()
    docx_out = tmp_path / "memo.docx"
    proc = run_cli("memo", case, "--clauses", clauses, "-o", docx_out)
    assert proc.returncode == 0, proc.stderr
    assert docx_out.exists()


def test_the_pdf_stays_searchable_with_embedded_fonts_and_a_language() -> None:
    """As before the change of font: TrueType embedded with a Unicode map for every font, so
    the text can be searched, copied and read aloud, and the document's language set."""
    needs_dejavu()
    memo = build(load_case(LOU_CASE), TYPED, "en")
    reader = PdfReader(io.BytesIO(memo_bytes(memo.document, "pdf")))
    assert reader.trailer["/Root"]["/Lang"] == "en-GB"
    fonts: dict[str, Any] = {}
    for page in reader.pages:
        for name, ref in page["/Resources"]["/Font"].items():
            fonts[name] = ref.get_object()
    # ReportLab's canvas names Helvetica in its initial state without drawing text with it.
    shown = {k: f for k, f in fonts.items() if str(f["/BaseFont"]) != "/Helvetica"}
    assert shown
    for font in shown.values():
        assert "DejaVuSans" in str(font["/BaseFont"])
        assert "/ToUnicode" in font
        assert "/FontFile2" in font["/FontDescriptor"]


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_every_seminar_handout_can_be_written_as_pdf_and_docx(lang: str) -> None:
    """The shipped texts never hold a character the PDF could not show (the app's handout
    button makes its file only when pressed, so this is checked here, on the data)."""
    from procurement.documents.seminar.answer import answer
    from procurement.documents.seminar.handout import handout
    from procurement.documents.seminar.scenario import load_scenarios
    from procurement.service import default_ruleset, default_supplier_ruleset

    rs, supplier = default_ruleset(), default_supplier_ruleset()
    bank = load_scenarios(rs, supplier)
    assert bank.scenarios
    for scenario in bank.scenarios.values():
        doc = handout(scenario, answer(scenario, rs, supplier, lang), lang)  # type: ignore[arg-type]
        check_document(doc, "pdf")
        check_document(doc, "docx")
