"""The memo's two file formats (procurement/memo/docx_writer.py and pdf_writer.py), read back
with python-docx and pypdf: both hold the content of the one document model.

PDF text is compared on normalised whitespace (lines wrap) or with all whitespace removed
(table cells and long words wrap anywhere), after the footer line that starts each page is
taken out.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
from functools import cache
from pathlib import Path
from typing import Any

import docx
import pytest
from pypdf import PdfReader

from procurement.core.errors import InputError
from procurement.documents.memo.build import Memo
from procurement.documents.memo.document import (
    Bullets,
    Document,
    Heading,
    Paragraph,
    Table,
    plain_text,
)
from procurement.documents.memo.docx_writer import write_docx
from procurement.documents.memo.output import FORMATS, MIME, memo_bytes
from procurement.documents.memo.pdf_writer import font_covers, write_pdf
from tests.test_memo_build import (
    COMPLETE_CASE,
    DIRECT_AWARD_POSSIBLE_CASE,
    EXAMPLE_STEMS,
    LANGS,
    LOU_CASE,
    NO_RECOMMENDATION_FACTS,
    build,
    complete_choices,
    example_memo,
    explain_table,
    load_case,
)

DOCX_LANG = {"sv": "sv-SE", "en": "en-GB"}
EVIL = "<b>&\"' &amp; </p>"


# --- the memos written out, each once ------------------------------------------------------------


@cache
def sample_memo(name: str, lang: str) -> Memo:
    """A few memos that cover what the writers must handle: clauses (complete memo), the
    authority's own route, a draft with no recommendation, and examples of each route."""
    if name == "complete":
        choices, _ = complete_choices(
            COMPLETE_CASE,
            lang,
            title="Nybyggnad av förskolan Eken",
            author="Anna Andersson",
            organisation="Exempelkommunen",
            case_number="KS 2026/17",
        )
        return build(load_case(COMPLETE_CASE), choices, lang)
    if name == "chosen-route":
        return build(load_case(DIRECT_AWARD_POSSIBLE_CASE), {"route": "direct_award"}, lang)
    if name == "no-recommendation":
        return build(NO_RECOMMENDATION_FACTS, lang=lang)
    return example_memo(name, lang)


SAMPLES = [
    ("complete", "sv"),
    ("complete", "en"),
    ("chosen-route", "sv"),
    ("no-recommendation", "en"),
    ("mobler-ateranvandning", "sv"),
    ("stodboende-unga-ideburen", "en"),
    ("akut-evakueringsboende-brand", "sv"),
]
SAMPLE_IDS = [f"{n}-{lang}" for n, lang in SAMPLES]


@cache
def docx_bytes(name: str, lang: str) -> bytes:
    return write_docx(sample_memo(name, lang).document)


@cache
def pdf_bytes(name: str, lang: str) -> bytes:
    return write_pdf(sample_memo(name, lang).document)


@cache
def sample_docx(name: str, lang: str) -> Any:
    """The sample's DOCX read back (only read, never changed)."""
    return read_docx(docx_bytes(name, lang))


@cache
def sample_pdf_pages(name: str, lang: str) -> tuple[str, ...]:
    return tuple(pdf_pages(pdf_bytes(name, lang)))


def squash(text: str) -> str:
    """``text`` without any whitespace (PDF lines wrap anywhere, even inside long words)."""
    return "".join(text.split())


def words(text: str) -> str:
    return " ".join(text.split())


def read_docx(data: bytes) -> Any:
    return docx.Document(io.BytesIO(data))


def docx_strings(d: Any) -> tuple[list[str], list[str]]:
    """The body paragraphs' texts and every table cell's text."""
    cells = [cell.text for table in d.tables for row in table.rows for cell in row.cells]
    return [p.text for p in d.paragraphs], cells


def pdf_pages(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def pdf_body(data: bytes | tuple[str, ...], doc: Document) -> str:
    """The PDF's text (or its pages' texts), whitespace removed, with each page's footer line
    taken out."""
    pages = data if isinstance(data, tuple) else pdf_pages(data)
    out = []
    for number, page in enumerate(pages, start=1):
        text = squash(page)
        footer = squash(f"{doc.footer} · {number}")
        assert footer in text, (number, page[:200])
        out.append(text.replace(footer, "", 1))
    return "".join(out)


def model_strings(doc: Document) -> list[str]:
    """Every text of the model as the writers put it in one paragraph or cell."""
    out = [doc.title, doc.subtitle]
    for block in doc.blocks:
        if isinstance(block, Heading):
            out.append(block.text)
        elif isinstance(block, Paragraph):
            out.append(f"{block.label} {block.text}".strip())
        elif isinstance(block, Bullets):
            out.extend(block.items)
        elif isinstance(block, Table):
            out.extend(block.header)
            out.extend(cell for row in block.rows for cell in row)
    return out


# --- DOCX -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "lang"), SAMPLES, ids=SAMPLE_IDS)
def test_docx_has_the_title_and_every_heading_in_order(name: str, lang: str) -> None:
    doc = sample_memo(name, lang).document
    d = sample_docx(name, lang)
    styled = [(p.style.name, p.text) for p in d.paragraphs]
    assert styled[0] == ("Title", doc.title)
    assert styled[1] == ("Subtitle", doc.subtitle)
    headings = [(s, t) for s, t in styled if s.startswith("Heading")]
    expected = [(f"Heading {b.level}", b.text) for b in doc.blocks if isinstance(b, Heading)]
    assert headings == expected


@pytest.mark.parametrize(("name", "lang"), SAMPLES, ids=SAMPLE_IDS)
def test_docx_tables_hold_every_cell_of_the_model(name: str, lang: str) -> None:
    doc = sample_memo(name, lang).document
    d = sample_docx(name, lang)
    model = [b for b in doc.blocks if isinstance(b, Table)]
    assert len(d.tables) == len(model)
    for table, block in zip(d.tables, model, strict=True):
        got = [tuple(cell.text for cell in row.cells) for row in table.rows]
        assert got == [block.header, *block.rows]
        header_runs = [r for r in table.rows[0].cells[0].paragraphs[0].runs if r.text]
        assert header_runs and all(run.bold for run in header_runs)


@pytest.mark.parametrize(("name", "lang"), SAMPLES, ids=SAMPLE_IDS)
def test_docx_core_properties_language_and_footer(name: str, lang: str) -> None:
    doc = sample_memo(name, lang).document
    d = sample_docx(name, lang)
    props = d.core_properties
    assert props.title == f"{doc.title}: {doc.subtitle}"
    assert props.author == doc.author
    assert props.language == DOCX_LANG[lang]
    assert props.subject == doc.title
    # The text's language for Word's spelling check.
    defaults = d.styles.element.xpath("./w:docDefaults/w:rPrDefault/w:rPr/w:lang")
    assert [e.get(docx.oxml.ns.qn("w:val")) for e in defaults] == [DOCX_LANG[lang]]
    footer = d.sections[0].footer.paragraphs[0].text
    assert footer.startswith(doc.footer)


@pytest.mark.parametrize("lang", LANGS)
def test_docx_holds_the_filled_clause_texts_and_reasons(lang: str) -> None:
    memo = sample_memo("complete", lang)
    assert memo.filled and memo.draft == ()
    paragraphs, cells = docx_strings(sample_docx("complete", lang))
    for f in memo.filled:
        assert f.text in paragraphs, f.clause.id
    props = sample_docx("complete", lang).core_properties
    assert props.author == "Anna Andersson"
    assert "Exempelkommunen" in cells
    assert "KS 2026/17" in cells
    for _option, reason in explain_table(memo.document).rows:
        assert reason in cells


# --- PDF ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "lang"), SAMPLES, ids=SAMPLE_IDS)
def test_pdf_has_the_title_and_every_main_heading(name: str, lang: str) -> None:
    doc = sample_memo(name, lang).document
    assert pdf_bytes(name, lang).startswith(b"%PDF-")
    pages = sample_pdf_pages(name, lang)
    text = words("\n".join(pages))
    assert text.startswith(words(f"{doc.footer} · 1"))
    assert words(doc.title) in text
    assert words(doc.subtitle) in text
    for block in doc.blocks:
        if isinstance(block, Heading) and block.level == 1:
            assert words(block.text) in text, block.text
    body = pdf_body(pages, doc)
    for block in doc.blocks:
        if isinstance(block, Heading) and block.level == 2:
            assert squash(block.text) in body, block.text


@pytest.mark.parametrize(("name", "lang"), SAMPLES, ids=SAMPLE_IDS)
def test_pdf_metadata(name: str, lang: str) -> None:
    doc = sample_memo(name, lang).document
    meta = PdfReader(io.BytesIO(pdf_bytes(name, lang))).metadata
    assert meta is not None
    assert meta.title == f"{doc.title}: {doc.subtitle}"
    assert meta.author == doc.author
    assert meta.subject == doc.title


def test_pdf_has_every_page_numbered() -> None:
    doc = sample_memo("complete", "sv").document
    pages = sample_pdf_pages("complete", "sv")
    assert len(pages) >= 2
    for number, page in enumerate(pages, start=1):
        assert words(f"{doc.footer} · {number}") in words(page)


@pytest.mark.parametrize(("name", "lang"), [("complete", "sv"), ("chosen-route", "en")])
def test_pdf_renders_to_one_png_per_page(name: str, lang: str, tmp_path: Path) -> None:
    if shutil.which("pdftoppm") is None:
        if os.environ.get("CI"):
            pytest.fail("pdftoppm (poppler-utils) is missing on CI; scripts/test.sh installs it")
        pytest.skip("pdftoppm (poppler-utils) is not installed: apt-get install poppler-utils")
    data = pdf_bytes(name, lang)
    pages = len(PdfReader(io.BytesIO(data)).pages)
    pdf = tmp_path / "memo.pdf"
    pdf.write_bytes(data)
    proc = subprocess.run(
        ["pdftoppm", "-r", "50", "-png", str(pdf), str(tmp_path / "page")],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.strip() == "", proc.stderr
    images = sorted(tmp_path.glob("page*.png"))
    assert len(images) >= pages >= 1
    for image in images:
        assert image.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
        assert image.stat().st_size > 1000


# --- glyphs -------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("stem", EXAMPLE_STEMS)
def test_every_character_of_an_example_memo_has_a_glyph_in_the_pdf_font(
    stem: str, lang: str
) -> None:
    assert font_covers(plain_text(example_memo(stem, lang).document)) == set()


@pytest.mark.parametrize(("name", "lang"), SAMPLES[:4], ids=SAMPLE_IDS[:4])
def test_every_character_of_the_sample_memos_has_a_glyph(name: str, lang: str) -> None:
    assert font_covers(plain_text(sample_memo(name, lang).document)) == set()


def test_font_covers_reports_what_the_font_lacks() -> None:
    assert font_covers("Vägval – § 4 kap. ”åäö” ≥ 30 %") == set()
    assert font_covers("日本") == {"日", "本"}


# --- user text with XML-special characters ----------------------------------------------------


@cache
def evil_memo() -> Memo:
    facts = load_case(LOU_CASE)
    return build(
        facts,
        {
            "title": f"Titel {EVIL}",
            "author": f"Författare {EVIL}",
            "organisation": f"Org {EVIL}",
            "case_number": f"Dnr {EVIL}",
            "route_reason": f"Motivering {EVIL}",
            "clauses": [
                {"id": "supply_chain_ilo_basic", "variables": {"products": f"Varor {EVIL}"}}
            ],
            "declined": {"accessibility": f"Skäl {EVIL}"},
        },
    )


USER_TEXTS = ("Titel", "Författare", "Org", "Dnr", "Motivering", "Varor", "Skäl")


def test_xml_special_characters_survive_into_the_docx() -> None:
    memo = evil_memo()
    d = read_docx(write_docx(memo.document))
    paragraphs, cells = docx_strings(d)
    everything = "\n".join(paragraphs + cells)
    for word in USER_TEXTS:
        assert f"{word} {EVIL}" in everything, word
    assert d.paragraphs[1].text == f"Titel {EVIL}"
    assert f"Författare {EVIL}" in cells
    assert f"Skäl {EVIL}" in cells
    assert d.core_properties.title == f"{memo.document.title}: Titel {EVIL}"
    assert d.core_properties.author == f"Författare {EVIL}"
    # No markup was injected: no run is bold because of the user's <b>.
    title_runs = d.paragraphs[1].runs
    assert "".join(r.text for r in title_runs) == f"Titel {EVIL}"


def test_xml_special_characters_survive_into_the_pdf() -> None:
    memo = evil_memo()
    data = write_pdf(memo.document)
    text = words("\n".join(pdf_pages(data)))
    for word in USER_TEXTS:
        assert words(f"{word} {EVIL}") in text, word
    meta = PdfReader(io.BytesIO(data)).metadata
    assert meta is not None
    assert meta.title == f"{memo.document.title}: Titel {EVIL}"
    assert meta.author == f"Författare {EVIL}"


@pytest.mark.parametrize(
    ("field", "choices"),
    [
        ("title", {"title": "Kontor\x01stad"}),
        ("declined.accessibility", {"declined": {"accessibility": "Skäl\x02här"}}),
        (
            "clauses[0].variables.products",
            {"clauses": [{"id": "supply_chain_ilo_basic", "variables": {"products": "Va\x00ror"}}]},
        ),
    ],
)
def test_control_characters_in_user_text_are_rejected_or_written(
    field: str, choices: dict[str, Any]
) -> None:
    """Either the choices are refused with an InputError naming the field, or the DOCX is
    written (without the control character)."""
    try:
        memo = build(load_case(LOU_CASE), choices)
    except InputError as exc:
        assert exc.field == field
        return
    d = read_docx(write_docx(memo.document))
    assert d.paragraphs[0].text == memo.document.title
    write_pdf(memo.document)


LONG_REASON = (
    "Marknadsanalysen visar att inga leverantörer kan erbjuda detta till rimlig kostnad. " * 48
)[:4000]


def test_a_reason_of_the_maximum_length_is_written_to_the_pdf() -> None:
    choices = {"declined": {"accessibility": LONG_REASON}}
    memo = build(load_case(LOU_CASE), choices)
    assert len(memo.document.blocks) > 0
    data = write_pdf(memo.document)
    # The row continues on the next page, under the table's repeated header row.
    header = squash("".join(explain_table(memo.document).header))
    assert squash(LONG_REASON) in pdf_body(data, memo.document).replace(header, "")


def test_a_long_route_reason_and_title_are_written_to_the_pdf() -> None:
    reason = LONG_REASON
    memo = build(load_case(LOU_CASE), {"route_reason": reason, "title": "T" * 200})
    data = write_pdf(memo.document)
    assert squash(reason) in pdf_body(data, memo.document)
    assert read_docx(write_docx(memo.document)).paragraphs[1].text == "T" * 200


# --- one document, two formats ------------------------------------------------------------------


@pytest.mark.parametrize(("name", "lang"), SAMPLES, ids=SAMPLE_IDS)
def test_docx_and_pdf_hold_every_text_of_the_document(name: str, lang: str) -> None:
    doc = sample_memo(name, lang).document
    paragraphs, cells = docx_strings(sample_docx(name, lang))
    docx_all = set(paragraphs) | set(cells)
    pdf = pdf_body(sample_pdf_pages(name, lang), doc)
    strings = model_strings(doc)
    assert len(strings) > 50
    missing_docx = [s for s in strings if s not in docx_all]
    missing_pdf = [s for s in strings if squash(s) not in pdf]
    assert missing_docx == []
    assert missing_pdf == []
    # And every line of the plain-text preview (the footer aside) is in the PDF, tables cell
    # by cell.
    for line in plain_text(doc).splitlines()[:-1]:
        for part in line.removeprefix("- ").split(" | "):
            assert squash(part) in pdf, part


def test_memo_bytes_picks_the_writer_by_format() -> None:
    doc = sample_memo("chosen-route", "sv").document
    assert set(FORMATS) == set(MIME) == {"docx", "pdf"}
    assert memo_bytes(doc, "pdf").startswith(b"%PDF-")
    assert memo_bytes(doc, "docx").startswith(b"PK")
    assert read_docx(memo_bytes(doc, "docx")).paragraphs[0].text == doc.title
