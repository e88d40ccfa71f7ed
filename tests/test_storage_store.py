"""Saved assessments on both backends: save, read, list, update, rename, duplicate, delete."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterator
from contextlib import closing
from typing import Any

import pytest
import sqlalchemy as sa
from hypothesis import given, settings
from hypothesis import strategies as st

import procurement.storage.store as store_module
from procurement.core.errors import InputError
from procurement.core.ruleset import RuleSet
from procurement.documents.examples import example_cases
from procurement.documents.memo.choices import ChosenClause, MemoChoices
from procurement.report.assessment import chosen_target
from procurement.storage.errors import ConflictError, NotFoundError, StorageError
from procurement.storage.records import MAX_NOTES, MAX_TITLE, Record, SavedAssessment
from procurement.storage.service import make_record
from procurement.storage.store import CODE_ALPHABET, CODE_LENGTH, Store, open_store

# Facts of a shipped example whose recommendation is a route (not open).
EXAMPLE = "hemtjanst-kommun"
CONTROL = "".join(chr(c) for c in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F))


def example_facts(name: str = EXAMPLE) -> dict[str, Any]:
    """The facts of the shipped example ``name``."""
    return next(e for e in example_cases() if e.id == name).facts()


def record(rs: RuleSet, title: str = "Hemtjänst i kommunen", **kwargs: Any) -> Record:
    """A record of the example case."""
    facts = kwargs.pop("facts", None) or example_facts()
    return make_record(rs, title, facts, **kwargs)


def field_of(exc: StorageError) -> Any:
    """The field a storage error names."""
    return exc.params.get("field")


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[dt.datetime]]:
    """The store's clock, one second later at each call (so that list order is certain)."""
    times = [dt.datetime(2026, 11, 22, 9, 0, tzinfo=dt.UTC)]

    def now() -> dt.datetime:
        times.append(times[-1] + dt.timedelta(seconds=1))
        return times[-1]

    monkeypatch.setattr(store_module, "_now", now)
    yield times


# --- creating and reading ---------------------------------------------------------------------


def test_create_then_get_by_id_and_by_code(store: Store, ruleset: RuleSet) -> None:
    rec = record(ruleset, notes="Some notes\nover two lines")
    saved = store.create(rec)
    assert len(saved.id) == 32 and int(saved.id, 16) >= 0
    assert len(saved.code) == CODE_LENGTH and set(saved.code) <= set(CODE_ALPHABET)
    assert saved.revision == 1
    assert saved.title == rec.title and saved.notes == rec.notes
    assert store.get(saved.id) == saved
    assert store.get(saved.code) == saved
    assert store.get(f"  {saved.code} ") == saved


def test_saved_content_round_trips_exactly(store: Store, ruleset: RuleSet) -> None:
    choices = MemoChoices(
        route="lou_social_considerations",
        route_reason="Marknaden finns, så vi annonserar.",
        title="Hemtjänst",
        organisation="Exempelkommunen",
        case_number="KS 2026/17",
        author="Anna Andersson",
        # Only clauses, variables and options the clause library knows are saved (issue 16).
        clauses=[
            ChosenClause(
                id="labour_law_pay",
                variables={"collective_agreement": "Avtal – åäö", "pay_terms": "lägsta lön"},
            )
        ],
        declined={"employment": "Passar inte kontraktet."},
    )
    rec = record(ruleset, choices=choices, notes="Anteckningar: åäö € 💡\ttab")
    saved = store.create(rec)
    with closing(open_store(store.url)) as other:
        again = other.get(saved.code)
    for read in (saved, again):
        assert read.facts == rec.facts
        assert read.choices == rec.choices
        assert read.result == rec.result
        assert read.result.model_dump(mode="json") == rec.result.model_dump(mode="json")
        assert read.notes == rec.notes and read.title == rec.title


def test_what_the_list_needs_is_recorded(store: Store, ruleset: RuleSet) -> None:
    rec = record(ruleset)
    saved = store.create(rec)
    assert saved.recommended == chosen_target(rec.result) == "lou_social_considerations"
    assert saved.as_of == rec.result.as_of == dt.date.fromisoformat(example_facts()["as_of"])
    assert saved.ruleset_version == ruleset.version == rec.result.ruleset_version
    assert saved.ruleset_id == rec.result.ruleset.id
    assert saved.ruleset_reviewed == rec.result.ruleset.reviewed
    (summary,) = store.list()
    assert summary.recommended == saved.recommended and summary.as_of == saved.as_of
    assert summary.ruleset_version == saved.ruleset_version


def test_an_open_recommendation_is_saved_as_none(store: Store, ruleset: RuleSet) -> None:
    facts = {k: v for k, v in example_facts().items() if k != "competitive_market_exists"}
    rec = record(ruleset, facts=facts)
    saved = store.create(rec)
    assert saved.recommended == rec.recommended
    assert saved.facts == rec.facts and "competitive_market_exists" not in saved.facts


def test_timestamps_are_utc_and_aware(store: Store, ruleset: RuleSet) -> None:
    before = dt.datetime.now(dt.UTC).replace(microsecond=0)
    saved = store.create(record(ruleset))
    updated = store.update(saved.id, record(ruleset, "Ny titel"), 1)
    after = dt.datetime.now(dt.UTC)
    with closing(open_store(store.url)) as other:
        again = other.get(saved.id)
    for read in (saved, updated, *store.list(), again):
        for stamp in (read.created_at, read.updated_at):
            assert stamp.tzinfo is not None
            assert stamp.utcoffset() == dt.timedelta(0)
            assert before <= stamp <= after
    assert updated.created_at == saved.created_at
    assert updated.updated_at >= saved.updated_at


def test_the_list_is_most_recently_changed_first(
    store: Store, ruleset: RuleSet, clock: list[dt.datetime]
) -> None:
    assert store.list() == []
    a = store.create(record(ruleset, "A"))
    b = store.create(record(ruleset, "B"))
    c = store.create(record(ruleset, "C"))
    assert [s.id for s in store.list()] == [c.id, b.id, a.id]
    store.update(a.id, record(ruleset, "A2"), 1)
    assert [s.title for s in store.list()] == ["A2", "C", "B"]
    store.rename(b.code, "B2")
    assert [s.title for s in store.list()] == ["B2", "A2", "C"]
    summaries = {s.id: s for s in store.list()}
    assert summaries[a.id].revision == 2 and summaries[c.id].revision == 1
    assert summaries[a.id].updated_at == store.get(a.id).updated_at
    assert not hasattr(summaries[a.id], "facts")


def test_an_unknown_reference_is_not_found(store: Store) -> None:
    for ref in ("abcdefghjk", "0" * 32, "", "x' OR '1'='1"):
        with pytest.raises(NotFoundError) as info:
            store.get(ref)
        assert info.value.key == "not_found"
        assert ref.strip() in info.value.text("en")


# --- changing -----------------------------------------------------------------------------------


def test_update_replaces_everything_and_counts_revisions(store: Store, ruleset: RuleSet) -> None:
    saved = store.create(record(ruleset, "Första", notes="ett"))
    facts = {**example_facts("fruktkorgar")}
    new = record(ruleset, "Andra", notes="två", facts=facts, choices={"author": "B"})
    updated = store.update(saved.code, new, expected_revision=1)
    assert (updated.id, updated.code, updated.revision) == (saved.id, saved.code, 2)
    assert (updated.title, updated.notes) == ("Andra", "två")
    assert updated.facts == new.facts and updated.result == new.result
    assert updated.recommended == "direct_award" and updated.as_of == dt.date(2025, 6, 1)
    assert updated.choices.author == "B"
    third = store.update(saved.id, record(ruleset, "Tredje"), expected_revision=2)
    assert third.revision == 3
    assert store.get(saved.id) == third


def test_a_stale_update_is_a_conflict(store_url: str, ruleset: RuleSet) -> None:
    first, second = open_store(store_url), open_store(store_url)
    try:
        saved = first.create(record(ruleset, "Gemensam"))
        mine, theirs = first.get(saved.code), second.get(saved.code)
        assert mine.revision == theirs.revision == 1
        won = first.update(mine.id, record(ruleset, "Min version"), mine.revision)
        assert won.revision == 2
        with pytest.raises(ConflictError) as info:
            second.update(theirs.id, record(ruleset, "Deras version"), theirs.revision)
        assert (info.value.expected, info.value.current) == (1, 2)
        assert info.value.key == "conflict"
        assert "1" in info.value.text("en") and "2" in info.value.text("en")
        assert second.get(saved.id).title == "Min version"
        # A conflicting rename or delete does not go through either.
        with pytest.raises(ConflictError):
            second.rename(saved.id, "Annat namn", expected_revision=1)
        with pytest.raises(ConflictError):
            second.delete(saved.id, expected_revision=1)
        assert first.get(saved.id) == won
    finally:
        first.close()
        second.close()


def test_rename(store: Store, ruleset: RuleSet) -> None:
    saved = store.create(record(ruleset, "Gammalt namn", notes="kvar"))
    renamed = store.rename(saved.code, "  Nytt namn  ")
    assert renamed.title == "Nytt namn" and renamed.revision == 2
    assert (renamed.notes, renamed.facts, renamed.result) == (
        saved.notes,
        saved.facts,
        saved.result,
    )
    assert store.rename(saved.id, "Tredje", expected_revision=2).revision == 3
    for bad in ("", "   ", "x" * (MAX_TITLE + 1), "a\x00b"):
        with pytest.raises(StorageError) as info:
            store.rename(saved.id, bad)
        assert field_of(info.value) == "title"
    assert store.get(saved.id).title == "Tredje"


def test_duplicate_is_a_new_assessment_with_the_same_content(
    store: Store, ruleset: RuleSet
) -> None:
    rec = record(ruleset, "Original", notes="anteckning", choices={"author": "A"})
    original = store.update(store.create(rec).id, rec, 1)
    copy = store.duplicate(original.code)
    assert copy.id != original.id and copy.code != original.code
    assert copy.revision == 1
    assert copy.title == "Kopia av Original"
    for name in ("notes", "facts", "choices", "result", "recommended", "as_of", "ruleset_version"):
        assert getattr(copy, name) == getattr(original, name), name
    assert store.duplicate(original.id, lang="en").title == "Copy of Original"
    named = store.duplicate(original.id, title="Egen kopia")
    assert named.title == "Egen kopia"
    long = store.duplicate(store.rename(original.id, "x" * MAX_TITLE).id)
    assert len(long.title) == MAX_TITLE
    assert len(store.list()) == 5
    assert store.get(original.id).revision == 3  # the original is untouched by copying


def test_delete(store: Store, ruleset: RuleSet) -> None:
    keep = store.create(record(ruleset, "Behåll"))
    gone = store.create(record(ruleset, "Ta bort"))
    store.delete(gone.code)
    assert [s.id for s in store.list()] == [keep.id]
    for ref in (gone.id, gone.code):
        with pytest.raises(NotFoundError):
            store.get(ref)
    with pytest.raises(NotFoundError):
        store.delete(gone.id)
    with pytest.raises(NotFoundError):
        store.update(gone.id, record(ruleset), 1)
    with pytest.raises(NotFoundError):
        store.rename(gone.code, "Nytt")
    with pytest.raises(NotFoundError):
        store.duplicate(gone.code)
    store.delete(keep.id, expected_revision=1)
    assert store.list() == []


def test_delete_by_someone_else_then_update_is_not_found(store_url: str, ruleset: RuleSet) -> None:
    first, second = open_store(store_url), open_store(store_url)
    try:
        saved = first.create(record(ruleset))
        second.delete(saved.code)
        with pytest.raises(NotFoundError):
            first.update(saved.id, record(ruleset), saved.revision)
    finally:
        first.close()
        second.close()


# --- what a record accepts ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "notes", "field"),
    [
        ("", "", "title"),
        ("   \n ", "", "title"),
        ("x" * (MAX_TITLE + 1), "", "title"),
        ("bad\x07title", "", "title"),
        ("ok", "n" * (MAX_NOTES + 1), "notes"),
        ("ok", "bad\x00notes", "notes"),
    ],
)
def test_a_bad_title_or_notes_names_the_field(
    ruleset: RuleSet, title: str, notes: str, field: str
) -> None:
    with pytest.raises(StorageError) as info:
        record(ruleset, title, notes=notes)
    assert field_of(info.value) == field
    assert info.value.text("sv") and info.value.text("en") != info.value.text("sv")


def test_limits_are_inclusive(ruleset: RuleSet) -> None:
    rec = record(ruleset, "x" * MAX_TITLE, notes="n" * MAX_NOTES)
    assert len(rec.title) == MAX_TITLE and len(rec.notes) == MAX_NOTES
    assert record(ruleset, "  spaced  ", notes="  kept inside\n ").title == "spaced"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"estimated_value_sek": "a lot"}, "estimated_value_sek"),
        ({"estimated_value_sek": -5}, "estimated_value_sek"),
        ({"contract_type": "spaceship"}, "contract_type"),
        ({"as_of": "yesterday"}, "as_of"),
        ({"no_such_fact": True}, "no_such_fact"),
    ],
)
def test_a_bad_fact_is_an_input_error_naming_it(
    ruleset: RuleSet, change: dict[str, Any], field: str
) -> None:
    with pytest.raises(InputError) as info:
        record(ruleset, facts={**example_facts(), **change})
    assert info.value.field == field


@pytest.mark.parametrize(
    ("choices", "field"),
    [
        ({"author": "x" * 201}, "author"),
        ({"unknown_key": 1}, "unknown_key"),
        ({"route_reason": "a\x00b"}, "route_reason"),
        ({"clauses": [{"variables": {}}]}, "clauses[0].id"),
    ],
)
def test_bad_choices_are_an_input_error(
    ruleset: RuleSet, choices: dict[str, Any], field: str
) -> None:
    with pytest.raises(InputError) as info:
        record(ruleset, choices=choices)
    assert info.value.field == field


def test_a_record_is_validated_again_when_saved(store: Store, ruleset: RuleSet) -> None:
    good = store.create(record(ruleset))
    for change in ({"title": ""}, {"title": "x" * (MAX_TITLE + 1)}, {"notes": "a\x00b"}):
        bad = record(ruleset).model_copy(update=change)  # model_copy does not validate
        with pytest.raises(ValueError, match=next(iter(change))):
            store.create(bad)
        with pytest.raises(ValueError, match=next(iter(change))):
            store.update(good.id, bad, 1)
    assert [s.id for s in store.list()] == [good.id]
    assert store.get(good.id) == good


# --- what the logs say --------------------------------------------------------------------------

SECRETS = {
    "title": "Titel-Zebra-4711",
    "renamed": "Omdöpt-Giraff-0815",
    "notes": "Anteckning-Flamingo-2323",
    "author": "Författare-Kolibri-9191",
    "value": "987654321",
    "reason": "Motivering-Pelikan-5555",
}


def test_logs_name_ids_and_codes_only(
    store_url: str, ruleset: RuleSet, caplog: pytest.LogCaptureFixture
) -> None:
    password = "Lösen-Hemligt-7777"
    url = sa.make_url(store_url)
    if url.get_backend_name() == "postgresql":
        if url.password:  # a server of VAGVAL_TEST_DATABASE_URL with a password of its own
            password = str(url.password)
        url = url.set(password=password)  # the throwaway server trusts every password
    # Everything at DEBUG; SQLAlchemy at INFO, which echoes each statement with its parameters
    # (at DEBUG it also prints every row it reads: a debugging tool that shows data by design).
    caplog.set_level(logging.DEBUG)
    for name in ("procurement", "alembic", "psycopg"):
        caplog.set_level(logging.DEBUG, logger=name)
    caplog.set_level(logging.INFO, logger="sqlalchemy")
    facts = {**example_facts(), "estimated_value_sek": int(SECRETS["value"])}
    choices = {"author": SECRETS["author"], "route_reason": SECRETS["reason"]}
    rec = record(ruleset, SECRETS["title"], facts=facts, choices=choices, notes=SECRETS["notes"])
    opened = open_store(url)
    try:
        saved = opened.create(rec)
        saved = opened.update(saved.id, rec, saved.revision)
        opened.get(saved.code)
        opened.list()
        copy = opened.duplicate(saved.code, title=SECRETS["title"] + " 2")
        opened.rename(copy.id, SECRETS["renamed"])
        opened.delete(saved.id, expected_revision=saved.revision)
        with pytest.raises(ConflictError):
            opened.update(copy.id, rec, 1)
        where = opened.where
    finally:
        opened.close()
    text = caplog.text + "\n".join(str(r.args) for r in caplog.records)
    assert saved.code in text  # the logs do name what was done, by code
    assert password not in where and password not in str(opened.url.__repr__())
    if url.get_backend_name() == "postgresql":
        assert "***" in where
    for name, secret in {**SECRETS, "password": password}.items():
        assert secret not in text, f"the {name} is in the log"


# --- any text round-trips -----------------------------------------------------------------------

_TEXT = st.characters(exclude_categories=("Cs",), exclude_characters=CONTROL)


@pytest.fixture(scope="module")
def sqlite_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """One SQLite store for every example of the property test."""
    opened = open_store(f"sqlite:///{tmp_path_factory.mktemp('hypothesis') / 'h.sqlite3'}")
    yield opened
    opened.close()


@settings(max_examples=25, deadline=None)
@given(
    title=st.text(_TEXT, min_size=1, max_size=MAX_TITLE).filter(lambda t: t.strip() != ""),
    notes=st.text(_TEXT, max_size=300),
)
def test_any_printable_title_and_notes_round_trip(
    sqlite_store: Store, ruleset: RuleSet, title: str, notes: str
) -> None:
    rec = record(ruleset, title, notes=notes)
    assert (rec.title, rec.notes) == (title.strip(), notes.strip())
    saved = sqlite_store.create(rec)
    read = sqlite_store.get(saved.code)
    assert (read.title, read.notes) == (rec.title, rec.notes)
    assert isinstance(read, SavedAssessment)


def test_a_reference_that_is_not_found_is_echoed_on_one_bounded_line() -> None:
    forged = "abc\nerror: saved 1 deleted\x1b[2J" + "x" * 5000
    error = NotFoundError(forged)
    for lang in ("sv", "en"):
        text = error.text(lang)
        assert "\n" not in text and "\x1b" not in text
        assert "\\n" in text and "\\x1b" in text
        assert len(text) < 200
    assert error.ref == forged
