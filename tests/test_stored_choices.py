"""Memo choices are checked against the rules and the clause library when an assessment is
saved (issue 16, item 7), and a row saved before that check (or since made stale by new
rules) gives a clear line when it is read back – never a memo whose download does nothing.

Before the fix, make_record stored unknown clause ids, unknown routes and "\\uffff" as they
came, and the DOCX of such a memo failed inside python-docx.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from procurement.core.errors import InputError
from procurement.documents.memo.choices import MemoChoices, check_choices, vet_choices
from procurement.service import default_library, default_ruleset
from procurement.storage.errors import StorageError
from procurement.storage.service import make_record
from procurement.storage.store import Store, open_store
from procurement.storage.tables import assessments
from procurement.ui.memo_state import MemoDraft
from procurement.ui.state import Answers
from tests.cli_helpers import assert_one_line_error, run_cli
from tests.conftest import EXAMPLES, ROOT
from tests.markdown_text import shown

RULES = default_ruleset()
LIBRARY = default_library()
PARK = json.loads((EXAMPLES / "parkskotsel-sysselsattning.json").read_text(encoding="utf-8"))
CASE = EXAMPLES / "parkskotsel-sysselsattning.json"

# (choices, field named, words of the Swedish message, words of the English message)
BAD_CHOICES: list[tuple[dict[str, Any], str, str, str]] = [
    ({"route": "direkt"}, "route", "okänd väg 'direkt'", "unknown route 'direkt'"),
    ({"route": "reserved_contract"}, "route", "vägen har varianter", "the route has variants"),
    ({"clauses": [{"id": "no_such_clause"}]}, "clauses[0].id", "okänd klausul", "unknown clause"),
    (
        {"clauses": [{"id": "labour_law_pay"}, {"id": "labour_law_pay"}]},
        "clauses[1].id",
        "vald två gånger",
        "chosen twice",
    ),
    (
        {"clauses": [{"id": "labour_law_pay", "variables": {"colective_agreement": "X"}}]},
        "clauses[0].variables.colective_agreement",
        "okänd variabel",
        "unknown variable",
    ),
    (
        {"clauses": [{"id": "labour_law_pay", "variables": {"collective_agreement": 7}}]},
        "clauses[0].variables.collective_agreement",
        "förväntade",
        "expected",
    ),
    (
        {"declined": {"no_such_option": "skäl"}},
        "declined.no_such_option",
        "ingen klausul eller kategori",
        "no clause or category",
    ),
    ({"title": "Park\uffff"}, "title", "U+FFFF", "U+FFFF"),
    ({"author": "Anna\ud800"}, "author", "U+D800", "U+D800"),
]


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("VAGVAL_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("VAGVAL_BASE_URL", raising=False)
    return tmp_path


@pytest.fixture
def store(data_dir: Path) -> Iterator[Store]:
    opened = open_store(f"sqlite:///{data_dir / 'vagval.sqlite3'}")
    try:
        yield opened
    finally:
        opened.close()


@pytest.mark.parametrize(("choices", "field", "sv", "en"), BAD_CHOICES)
def test_choices_the_rules_or_library_do_not_know_are_refused_on_save(
    choices: dict[str, Any], field: str, sv: str, en: str
) -> None:
    for lang, words in (("sv", sv), ("en", en)):
        with pytest.raises(InputError) as caught:
            make_record(RULES, "Parkskötsel", PARK, choices, "", lang, LIBRARY)  # type: ignore[arg-type]
        assert caught.value.field == field
        assert words in caught.value.detail, caught.value.detail


def test_choices_the_library_knows_are_saved_even_for_another_route(store: Store) -> None:
    """A draft may hold clauses for a route not chosen yet: only what the library and the
    rules do not know at all is refused, not what does not suit the case today."""
    choices = {
        "route": "lou_social_considerations",
        "clauses": [{"id": "labour_law_pay", "variables": {"collective_agreement": "Avtal X"}}],
        "declined": {"labour_law_holiday": "Inte aktuellt."},
        "author": "Anna Wiśniewska",
    }
    saved = store.create(make_record(RULES, "Parkskötsel", PARK, choices, "", "sv", LIBRARY))
    assert store.get(saved.code).choices == MemoChoices.model_validate(choices)


def test_the_command_line_refuses_unknown_choices_on_save(tmp_path: Path) -> None:
    clauses = tmp_path / "c.json"
    clauses.write_text(json.dumps({"clauses": [{"id": "no_such_clause"}]}), encoding="utf-8")
    proc = run_cli("saved", "save", CASE, "--title", "Park", "--clauses", clauses)
    assert_one_line_error(proc, "clauses[0].id", "okänd klausul 'no_such_clause'")
    assert "Inga sparade bedömningar" in run_cli("saved", "list").stdout


def _stored(store: Store, choices: dict[str, Any]) -> str:
    """A saved assessment whose row holds ``choices`` unchecked, as rows saved before the
    check (or under other rules) do."""
    saved = store.create(make_record(RULES, "Gammal", PARK, {}, "", "sv", LIBRARY))
    with store.engine.begin() as connection:
        query = assessments.update().where(assessments.c.code == saved.code)
        connection.execute(query.values(choices=choices))
    return saved.code


STALE = {
    "route": "gone_route",
    "clauses": [
        {"id": "gone_clause"},
        {"id": "labour_law_pay", "variables": {"collective_agreement": "Avtal X"}},
    ],
    "declined": {"gone_option": "skäl"},
    "organisation": "Exempelkommunen",
}


def test_stale_choices_of_a_stored_row_are_named_and_the_rest_kept(store: Store) -> None:
    saved = store.get(_stored(store, STALE))
    kept, problems = vet_choices(RULES, LIBRARY, saved.choices, "en")
    assert [p.field for p in problems] == ["route", "clauses[0].id", "declined.gone_option"]
    assert kept.route is None and kept.declined == {}
    assert [c.id for c in kept.clauses] == ["labour_law_pay"]
    assert kept.organisation == "Exempelkommunen"
    with pytest.raises(InputError, match="unknown route 'gone_route'"):
        check_choices(RULES, LIBRARY, saved.choices, "en")


def test_opening_a_row_with_stale_choices_in_the_app_names_what_is_left_out(
    store: Store,
) -> None:
    code = _stored(store, STALE)
    script = (
        "import streamlit as st\n"
        "from procurement.ui.common import lang\n"
        "from procurement.ui.pages import build_pages\n"
        "st.navigation(build_pages(lang(), default='sparade')).run()\n"
    )
    at = AppTest.from_string(script, default_timeout=60)
    at.session_state["lang"] = "en"
    at.query_params["b"] = code
    at.run()
    at.button(key="saved_open").click().run()
    assert not at.exception, at.exception
    draft = at.session_state["memo_draft"]
    assert isinstance(draft, MemoDraft)
    assert draft.taken_ids() == ["labour_law_pay"] and draft.route is None
    warnings = [shown(w.value) for w in at.warning]  # as read: user text shown literally
    for field in ("route", "clauses[0].id", "declined.gone_option"):
        assert any(field in w and "left out" in w for w in warnings), (field, *warnings)


def test_the_command_line_names_stale_choices_when_showing(store: Store) -> None:
    code = _stored(store, STALE)
    proc = run_cli("--lang", "en", "saved", "show", code)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stderr.splitlines()
    assert len(lines) == 3 and all(line.startswith("warning: ") for line in lines), lines
    assert "route: unknown route 'gone_route'" in lines[0]


def test_a_stored_row_with_a_character_no_document_holds_gives_one_clear_line(
    store: Store,
) -> None:
    """Before the fix, the row was read, and the memo's DOCX download silently failed."""
    code = _stored(store, {"author": "Anna\uffff"})
    with pytest.raises(StorageError) as caught:
        store.get(code)
    line = caught.value.text("en")
    assert code in line and "choices.author" in line and "U+FFFF" in line
    assert "\n" not in line
    proc = run_cli("--lang", "en", "saved", "show", code)
    assert_one_line_error(proc, code, "choices.author", "U+FFFF")


def test_a_title_given_as_undecodable_bytes_on_the_command_line_is_refused() -> None:
    """A byte that is not UTF-8 in an argument arrives as a lone surrogate (U+DCFF)."""
    proc = subprocess.run(
        [sys.executable, "-m", "procurement", "saved", "save", str(CASE), "--title", b"Park\xff"],
        cwd=ROOT,
        capture_output=True,
        check=False,
        timeout=120,
    )
    stderr = proc.stderr.decode("utf-8", "replace")
    assert proc.returncode == 2, stderr
    assert "Traceback" not in stderr and len(stderr.splitlines()) == 1, stderr
    assert "title" in stderr and "U+DCFF" in stderr


def test_a_choices_file_with_a_clause_the_library_lacks_is_refused_on_upload() -> None:
    """Loaded, such a clause could be neither shown nor saved (saving would be refused with
    no way to remove it): the upload is refused instead, naming the field."""
    at = AppTest.from_string(
        "from procurement.ui.pages.memo import page\npage()\n", default_timeout=60
    )
    at.session_state["lang"] = "en"
    at.session_state["route_answers"] = Answers(facts=dict(PARK))
    at.run()
    content = json.dumps({"clauses": [{"id": "gone_clause"}], "author": "Anna"}).encode()
    at.file_uploader(key="memo_upload").set_value(("val.json", content, "application/json"))
    at.run()
    assert not at.exception, at.exception
    errors = [shown(e.value) for e in at.error]
    assert any("clauses[0].id" in e and "unknown clause 'gone_clause'" in e for e in errors), errors
    draft = at.session_state["memo_draft"]
    assert isinstance(draft, MemoDraft)
    assert draft.taken_ids() == [] and "author" not in draft.details
