"""Characters a document cannot hold, in the app (issue 16, item 7), with Streamlit's AppTest:
the memo step and the save panel refuse them with the field and the character named, in the
user's language; a character the PDF's font lacks leaves the DOCX download and says, in one
line, why there is no PDF. Never a download button that silently does nothing.

Before the fix, "\\uffff" in the handläggare's name passed, the memo said it was ready and
offered a DOCX download that failed without a word.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from procurement.storage.store import open_store
from procurement.ui.state import Answers
from tests.conftest import EXAMPLES
from tests.markdown_text import shown

SCRIPT = "from procurement.ui.pages.memo import page\npage()\n"
PARK = json.loads((EXAMPLES / "parkskotsel-sysselsattning.json").read_text(encoding="utf-8"))
UNICORN = "\U0001f984"  # no glyph in the PDF's font


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("VAGVAL_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("VAGVAL_BASE_URL", raising=False)
    return tmp_path


def _memo(lang: str) -> AppTest:
    at = AppTest.from_string(SCRIPT, default_timeout=60)
    at.session_state["lang"] = lang
    at.session_state["route_answers"] = Answers(facts=dict(PARK))
    at.run()
    assert not at.exception, at.exception
    return at


def _errors(at: AppTest) -> list[str]:
    return [shown(e.value) for e in at.error]  # as read: user text is shown literally


def _downloads(at: AppTest) -> set[str]:
    """The memo's formats offered for download."""
    ids = [b.proto.id for b in at.get("download_button")]
    return {fmt for fmt in ("docx", "pdf") for i in ids if i.endswith(f"memo_download_{fmt}")}


@pytest.mark.parametrize(("lang", "word"), [("sv", "tecknet"), ("en", "the character")])
@pytest.mark.parametrize("ch", ["\uffff", "\ufffe", "\x01"])
def test_the_handlaggare_name_with_a_character_no_document_holds_is_refused(
    lang: str, word: str, ch: str
) -> None:
    at = _memo(lang)
    assert _downloads(at) == {"docx", "pdf"}
    at.text_input(key="memo:detail:author").input(f"Anna{ch}Andersson").run()
    assert not at.exception, at.exception
    errors = _errors(at)
    code = f"U+{ord(ch):04X}"
    assert any("author" in e and code in e and word in e for e in errors), errors
    assert not _downloads(at)  # no button that could fail without a word


def test_a_clause_value_with_a_character_no_document_holds_is_refused() -> None:
    at = _memo("en")
    at.checkbox(key="memo:take:labour_law_pay").check().run()
    at.text_input(key="memo:var:labour_law_pay:collective_agreement").input("Avtal\uffffX").run()
    at.text_input(key="memo:var:labour_law_pay:pay_terms").input("lägsta timlön").run()
    assert not at.exception, at.exception
    errors = _errors(at)
    assert any("collective_agreement" in e and "U+FFFF" in e for e in errors), errors
    assert not _downloads(at)


def test_a_reason_with_a_character_no_document_holds_is_refused() -> None:
    at = _memo("sv")
    reason = next(a for a in at.text_area if a.key.startswith("memo:explain:"))
    key = reason.key.removeprefix("memo:explain:")
    reason.input("Inte\ufffeaktuellt").run()
    errors = _errors(at)
    assert any(f"declined.{key}" in e and "U+FFFE" in e for e in errors), errors


@pytest.mark.parametrize(("lang", "word"), [("sv", "PDF-filens typsnitt"), ("en", "PDF's font")])
def test_a_character_the_pdf_font_lacks_leaves_the_docx_and_names_it(lang: str, word: str) -> None:
    at = _memo(lang)
    at.text_input(key="memo:detail:author").input(f"Anna {UNICORN}").run()
    assert not at.exception, at.exception
    assert _downloads(at) == {"docx"}
    errors = _errors(at)
    assert len(errors) == 1, errors
    assert "PDF" in errors[0] and "author" in errors[0] and "U+1F984" in errors[0]
    assert word in errors[0]


def test_latin_extended_and_cyrillic_leave_both_downloads() -> None:
    at = _memo("sv")
    at.text_input(key="memo:detail:author").input("Anna Wiśniewska").run()
    at.text_input(key="memo:detail:organisation").input("Жуковский район").run()
    assert not _errors(at)
    assert _downloads(at) == {"docx", "pdf"}


@pytest.mark.parametrize(("lang", "word"), [("sv", "tecknet"), ("en", "the character")])
@pytest.mark.parametrize("field", ["title", "notes"])
def test_a_saved_title_or_notes_with_a_character_no_document_holds_is_refused(
    data_dir: Path, lang: str, word: str, field: str
) -> None:
    at = _memo(lang)
    title, notes = "Park", ""
    if field == "title":
        title = "Park\uffffskötsel"
    else:
        notes = "Att\ufffestämma av"
    at.text_input(key="save:title").input(title)
    if notes:
        at.toggle(key="save:notes_shown").set_value(True).run()
        at.text_area(key="save:notes").input(notes)
    at.button(key="save").click().run()
    assert not at.exception, at.exception
    errors = _errors(at)
    assert any(field in e and word in e and "U+FFF" in e for e in errors), errors
    store = open_store(f"sqlite:///{data_dir / 'vagval.sqlite3'}")
    try:
        assert store.list() == []
    finally:
        store.close()
