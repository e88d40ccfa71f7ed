"""Saved assessments in the app, with Streamlit's AppTest (no browser): save, list, reopen in
another session, duplicate, rename, delete, conflicts between sessions, share links, a damaged
database, and what newer rules would change.

Every test has a database of its own (VAGVAL_DATA_DIR in tmp_path); sessions of one test share
it, as the sessions of one server do.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from procurement.core.texts import texts
from procurement.service import default_ruleset
from procurement.storage.records import SavedAssessment
from procurement.storage.service import make_record
from procurement.storage.store import Store, open_store
from procurement.ui.memo_state import MemoDraft
from procurement.ui.state import Answers
from procurement.ui.texts import t
from tests.conftest import EXAMPLES
from tests.markdown_text import shown

st_text = texts("storage")

RULES = default_ruleset()
PARK = json.loads((EXAMPLES / "parkskotsel-sysselsattning.json").read_text(encoding="utf-8"))
CLEANING = json.loads((EXAMPLES / "stadning-kommunhus.json").read_text(encoding="utf-8"))

# The app (app.py's sidebar and navigation) starting on a chosen page: AppTest can only
# switch to pages that are files, and these pages are functions.
SCRIPT = """
import streamlit as st
from procurement.ui.common import lang
from procurement.ui.pages import build_pages
with st.sidebar:
    st.radio("Språk / Language", ["sv", "en"], key="lang", horizontal=True)
st.navigation(build_pages(lang(), default={default!r})).run()
"""


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A database of this test's own: the embedded SQLite file in tmp_path."""
    monkeypatch.setenv("VAGVAL_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("VAGVAL_BASE_URL", raising=False)
    return tmp_path


@pytest.fixture
def store(data_dir: Path) -> Iterator[Store]:
    """The same database, opened directly (as another server process would)."""
    opened = open_store(f"sqlite:///{data_dir / 'vagval.sqlite3'}")
    try:
        yield opened
    finally:
        opened.close()


def _app(
    default: str = "vagval",
    lang: str = "sv",
    link: str | None = None,
    state: dict[str, Any] | None = None,
) -> AppTest:
    at = AppTest.from_string(SCRIPT.format(default=default), default_timeout=60)
    at.session_state["lang"] = lang
    for key, value in (state or {}).items():
        at.session_state[key] = value
    if link is not None:
        at.query_params["b"] = link
    at.run()
    _ok(at)
    return at


def _ok(at: AppTest) -> None:
    assert not at.exception, at.exception


def _texts(at: AppTest) -> str:
    parts = [e.value for e in (*at.title, *at.subheader, *at.markdown, *at.caption)]
    parts += [e.value for e in (*at.success, *at.info, *at.warning, *at.error, *at.code)]
    return "\n".join(shown(str(p)) for p in parts)  # as read: user text is shown literally


def _click(at: AppTest, key: str) -> None:
    at.button(key=key).click().run()
    _ok(at)


def _facts(at: AppTest) -> dict[str, Any]:
    answers = at.session_state["route_answers"]
    assert isinstance(answers, Answers)
    return answers.as_json()


def _save(at: AppTest, title: str | None = None, notes: str | None = None) -> None:
    if title is not None:
        at.text_input(key="save:title").input(title)
    if notes is not None:
        if not at.toggle(key="save:notes_shown").value:
            at.toggle(key="save:notes_shown").set_value(True).run()
        at.text_area(key="save:notes").input(notes)
    _click(at, "save")


def _saved(store: Store, title: str, facts: dict[str, Any] = CLEANING) -> SavedAssessment:
    return store.create(make_record(RULES, title, facts, {}, "Anteckning", "sv"))


def _open(link: str, lang: str = "sv") -> AppTest:
    """A new session that follows a share link and opens the assessment."""
    at = _app("sparade", lang, link=link)
    _click(at, "saved_open")
    return at


def test_saved_on_the_memo_page_and_reopened_in_another_session(store: Store) -> None:
    a = _app("beslutsunderlag", state={"route_answers": Answers(facts=dict(PARK))})
    a.checkbox(key="memo:take:labour_law_pay").check().run()
    a.text_input(key="memo:var:labour_law_pay:collective_agreement").input("Avtal X").run()
    reason = next(area for area in a.text_area if area.key.startswith("memo:explain:"))
    reason_key = reason.key.removeprefix("memo:explain:")
    reason.input("Inte proportionerligt här.").run()
    a.text_input(key="memo:detail:organisation").input("Exempelkommunen").run()
    _ok(a)
    _save(a, "Parkskötsel 2025", "Att stämma av med enheten.")
    assert "Sparad: Parkskötsel 2025" in _texts(a)
    code = a.session_state["saved_ref"].code
    assert f"sparade?b={code}" in [c.value for c in a.code]
    # The list, in a second session.
    b = _app("sparade")
    listed = b.dataframe[0].value
    assert list(listed["Titel"]) == ["Parkskötsel 2025"]
    assert list(listed["Kod"]) == [code]
    assert "Reserverad upphandling" in listed["Rekommenderad väg"][0]
    b.selectbox(key="saved_pick").set_value(code).run()
    _ok(b)
    assert b.query_params["b"] == code  # the page's address is the share link
    text = _texts(b)
    assert "Parkskötsel 2025" in text and "Att stämma av med enheten." in text
    assert t("saved_rules_same", "sv", version=RULES.version) in text
    # Open: the answers and the memo choices come back, on the Vägval page.
    _click(b, "saved_open")
    assert b.title[0].value == "Vägval"
    assert _facts(b) == {k: v for k, v in PARK.items()}
    assert b.radio(key="route:contract_type").value == PARK["contract_type"]
    draft = b.session_state["memo_draft"]
    assert isinstance(draft, MemoDraft)
    assert draft.taken == {"labour_law_pay": {"collective_agreement": "Avtal X"}}
    assert draft.declined == {reason_key: "Inte proportionerligt här."}
    assert draft.details == {"organisation": "Exempelkommunen"}
    assert "Öppnad: Parkskötsel 2025" in b.info[0].value
    saved = store.get(code)
    assert saved.notes == "Att stämma av med enheten."
    assert saved.choices.organisation == "Exempelkommunen"


def test_saved_from_the_questionnaire_in_english(store: Store) -> None:
    at = _app()
    at.radio(key="lang").set_value("en").run()  # the sidebar's language switch
    _ok(at)
    at.selectbox(key="example_pick").set_value("stadning-kommunhus").run()
    at.button(key="example_load").click().run()
    assert at.button(key="save").disabled is False
    _click(at, "save")  # no title yet
    assert "Give the assessment a title." in [e.value for e in at.error]
    assert store.list() == []
    _save(at, "Cleaning the town hall")
    assert "Saved: Cleaning the town hall" in _texts(at)
    assert "Opened: Cleaning the town hall" in at.info[0].value
    (summary,) = store.list()
    assert summary.title == "Cleaning the town hall"
    listed = _app("sparade", "en").dataframe[0].value
    assert list(listed["Title"]) == ["Cleaning the town hall"]
    assert listed["Recommended route"][0].startswith("Reserved contract")


def test_without_answers_nothing_can_be_saved() -> None:
    at = _app()
    assert at.button(key="save").disabled
    assert t("save_need_answers", "sv") in _texts(at)
    assert "Inga bedömningar är sparade ännu" in _texts(_app("sparade"))


def test_saving_again_updates_and_says_when_something_is_unsaved(store: Store) -> None:
    saved = _saved(store, "Städning")
    at = _open(saved.code)
    at.radio(key="route:contract_type").set_value("supplies").run()
    assert t("save_unsaved_changes", "sv") in _texts(at)
    _save(at)
    again = store.get(saved.code)
    assert again.revision == 2 and again.facts["contract_type"] == "supplies"
    assert again.title == "Städning" and again.notes == "Anteckning"  # kept from the record
    assert t("save_unsaved_changes", "sv") not in _texts(at)
    _click(at, "save_new")
    assert len(store.list()) == 2
    assert at.session_state["saved_ref"].code != saved.code


def test_duplicate_rename_and_delete(store: Store) -> None:
    saved = _saved(store, "Städning")
    at = _app("sparade", "en", link=saved.code)
    assert at.subheader[0].value == "Städning"
    _click(at, "saved_duplicate")
    assert "The copy is saved: Copy of Städning" in _texts(at)
    copy_code = at.query_params["b"]
    assert copy_code != saved.code and at.subheader[0].value == "Copy of Städning"
    assert {s.title for s in store.list()} == {"Städning", "Copy of Städning"}
    at.text_input(key=f"saved_title:{copy_code}").input("Städning, variant B")
    _click(at, "saved_rename")
    assert "New name: Städning, variant B" in _texts(at)
    assert store.get(copy_code).title == "Städning, variant B"
    assert at.button(key="saved_delete").disabled  # only once confirmed
    at.checkbox(key=f"saved_confirm:{copy_code}").check().run()
    _click(at, "saved_delete")
    assert "“Städning, variant B” is in the bin and can be restored for 30 days." in _texts(at)
    assert [s.code for s in store.list()] == [saved.code]
    assert "b" not in at.query_params and at.selectbox(key="saved_pick").value is None
    # The bin: restored by its owner (the local user, without sign-in).
    (binned,) = store.trash()
    assert binned.code == copy_code
    _click(at, f"saved_restore:{binned.id}")
    assert "“Städning, variant B” is restored." in _texts(at)
    assert {s.code for s in store.list()} == {saved.code, copy_code}
    # Without sign-in the local user administers the installation: the audit log is shown.
    assert "Audit log (administrator)" in [e.label for e in at.expander]


def test_two_sessions_keep_their_unsaved_answers_apart_and_never_overwrite(
    store: Store,
) -> None:
    saved = _saved(store, "Städning")
    a, b = _open(saved.code), _open(saved.code)
    a.radio(key="route:contract_type").set_value("supplies").run()
    _ok(a)
    assert _facts(a)["contract_type"] == "supplies"
    b.run()
    assert _facts(b)["contract_type"] == "services"  # A's unsaved answer is A's alone
    assert b.radio(key="route:contract_type").value == "services"
    b.text_input(key="route:estimated_value_sek").input("1 234 567").run()
    _save(a)
    assert "Sparad: Städning" in _texts(a)
    _save(b)  # B opened revision 1; A saved revision 2 since
    conflict = st_text("conflict", "sv", expected=1, current=2)
    assert conflict in [e.value for e in b.error]
    assert _facts(b)["estimated_value_sek"] == 1_234_567  # B's answers are still there
    assert store.get(saved.code).facts["contract_type"] == "supplies"
    assert store.get(saved.code).facts["estimated_value_sek"] == CLEANING["estimated_value_sek"]
    assert t("save_latest_drops", "sv") in _texts(b)
    _click(b, "save_problem_new")
    assert conflict not in _texts(b)
    mine = b.session_state["saved_ref"]
    assert mine.code != saved.code
    assert store.get(mine.code).facts["estimated_value_sek"] == 1_234_567
    theirs = store.get(saved.code)  # A's version is intact
    assert theirs.revision == 2 and theirs.facts["contract_type"] == "supplies"


def test_after_a_conflict_the_latest_version_can_be_opened(store: Store) -> None:
    saved = _saved(store, "Städning")
    b = _open(saved.code)
    store.update(
        saved.code,
        make_record(RULES, "Städning", {**CLEANING, "contract_type": "supplies"}, {}, "Ny"),
        1,
    )
    b.text_input(key="route:estimated_value_sek").input("1 234 567").run()
    _save(b)
    assert b.error
    _click(b, "save_open_latest")
    assert _facts(b)["contract_type"] == "supplies"
    assert _facts(b)["estimated_value_sek"] == CLEANING["estimated_value_sek"]
    assert b.session_state["saved_ref"].revision == 2
    assert not b.error
    _save(b)
    assert store.get(saved.code).revision == 3


def test_a_record_deleted_meanwhile_can_be_saved_as_new(store: Store) -> None:
    saved = _saved(store, "Städning")
    at = _open(saved.code)
    store.delete(saved.code)
    _save(at)
    assert st_text("not_found", "sv", ref=saved.code) in [e.value for e in at.error]
    assert t("save_deleted_hint", "sv") in _texts(at)
    _click(at, "save_problem_new")
    (summary,) = store.list()
    assert summary.code != saved.code and summary.title == "Städning"


def test_share_link_shows_the_assessment_and_only_its_code(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VAGVAL_BASE_URL", "https://vagval.example.se/")
    saved = _saved(store, "Hemlig titel")
    at = _app("sparade", link=saved.code)
    assert at.subheader[0].value == "Hemlig titel"
    assert at.selectbox(key="saved_pick").value == saved.code
    assert at.button(key="saved_open")
    assert [c.value for c in at.code] == [f"https://vagval.example.se/sparade?b={saved.code}"]


def test_an_unknown_share_code_says_so() -> None:
    at = _app("sparade", link="zzzzzzzzzz")
    assert st_text("not_found", "sv", ref="zzzzzzzzzz") in [e.value for e in at.error]
    at = _app("sparade", "en", link="[x](https://evil.example)")
    assert st_text("not_found", "en", ref="…") in [e.value for e in at.error]


def test_a_damaged_database_gives_a_clear_error_and_the_questionnaire_still_works(
    data_dir: Path,
) -> None:
    (data_dir / "vagval.sqlite3").write_bytes(b"this is not a database\n" * 100)
    saved_page = _app("sparade")
    assert any("ingen Vägval-databas" in e.value for e in saved_page.error)
    at = _app()
    assert any("ingen Vägval-databas" in e.value for e in at.error)
    assert "save" not in {button.key for button in at.button}
    at.radio(key="route:contract_type").set_value("services").run()
    _ok(at)
    assert _facts(at) == {"contract_type": "services"}
    at.button(key="next").click().run()
    _ok(at)
    en = _app("sparade", "en")
    assert any("is not a Vägval database" in e.value for e in en.error)


def test_newer_rules_show_what_would_change(store: Store) -> None:
    record = make_record(RULES, "Gamla regler", CLEANING, {}, "", "sv")
    older = record.result.model_copy(
        update={"ruleset_version": "2020.1.0", "value_band": "below_eu_threshold"}
    )
    changed = store.create(record.model_copy(update={"result": older}))
    at = _app("sparade", link=changed.code)
    warning = t("saved_rules_changed", "sv", old="2020.1.0", new=RULES.version)
    assert warning in [w.value for w in at.warning]
    table = next(m.value for m in at.markdown if "| Sparad | Nu |" in m.value)
    assert "| Värdeintervall | Mellan direktupphandlingsgränsen och tröskelvärdet |" in table
    only_version = record.result.model_copy(update={"ruleset_version": "2020.1.0"})
    same = store.create(record.model_copy(update={"result": only_version}))
    at = _app("sparade", "en", link=same.code)
    assert t("saved_rules_newer", "en", old="2020.1.0", new=RULES.version) in [
        i.value for i in at.info
    ]
    assert not any("| Saved | Now |" in m.value for m in at.markdown)


def test_the_title_starts_as_the_memo_title_and_notes_can_be_emptied(store: Store) -> None:
    state = {
        "route_answers": Answers(facts={k: v for k, v in CLEANING.items() if k != "as_of"}),
        "memo_draft": MemoDraft(details={"title": "Städning, ärende 12"}),
    }
    at = _app(state=state)
    assert at.text_input(key="save:title").value == "Städning, ärende 12"
    assert not at.toggle(key="save:notes_shown").value  # no notes yet: folded away
    _save(at)
    (summary,) = store.list()
    assert summary.title == "Städning, ärende 12" and store.get(summary.code).notes == ""
    saved = _saved(store, "Med anteckning")
    at = _open(saved.code)
    assert at.toggle(key="save:notes_shown").value
    assert at.text_area(key="save:notes").value == "Anteckning"
    at.text_area(key="save:notes").input("").run()
    at.toggle(key="save:notes_shown").set_value(False).run()
    _save(at)
    assert store.get(saved.code).notes == ""
    assert store.get(saved.code).title == "Med anteckning"


def test_opening_says_it_replaces_the_answers_in_this_session(store: Store) -> None:
    saved = _saved(store, "Städning")
    fresh = _app("sparade", link=saved.code)
    assert t("saved_open_replaces", "sv") not in _texts(fresh)
    busy = _app("sparade", link=saved.code, state={"route_answers": Answers(facts=dict(PARK))})
    assert t("saved_open_replaces", "sv") in _texts(busy)


def test_a_title_and_notes_with_markup_are_shown_as_typed(store: Store) -> None:
    title = "[Logga in här](https://example.com) **Städning**"
    notes = "![x](https://example.com/a.png)\n# Rubrik\n    <b>indragen</b>"
    facts = {k: v for k, v in CLEANING.items() if k != "as_of"}
    at = _app(state={"route_answers": Answers(facts=facts)})
    _save(at, title, notes)
    assert store.get(at.session_state["saved_ref"].code).title == title
    b = _app("sparade")
    b.selectbox(key="saved_pick").set_value(at.session_state["saved_ref"].code).run()
    _ok(b)
    for at_ in (at, b):
        bodies = [str(e.value) for e in (*at_.subheader, *at_.markdown, *at_.caption)]
        bodies += [str(e.value) for e in (*at_.success, *at_.info, *at_.error)]
        for body in bodies:
            assert "](" not in body.replace("\\](", ""), body
            assert "<b>" not in body and "https://example.com" not in body, body
    assert shown(b.subheader[0].value) == title
    text = _texts(b)
    assert "![x](https://example.com/a.png)\n# Rubrik\n    <b>indragen</b>" in text
    assert f"Sparad: {title}" in _texts(at)
