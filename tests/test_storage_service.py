"""From answers to a saved record, and a saved record assessed again under other rules."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from procurement.core.loader import load_ruleset
from procurement.core.ruleset import RuleSet
from procurement.documents.examples import example_cases
from procurement.storage.records import SavedAssessment
from procurement.storage.service import jsonable_facts, make_record, reopen
from procurement.storage.store import Store, open_store
from tests.law import frozen_rules

# Fruit baskets for 650 000 kr: under the direct award limit of 700 000 kr, but not of 600 000.
FACTS: dict[str, Any] = {
    **next(e for e in example_cases() if e.id == "fruktkorgar").facts(),
    "estimated_value_sek": 650_000,
}


@pytest.fixture(scope="module")
def ruleset(frozen: RuleSet) -> RuleSet:
    """The shipped rules with the frozen amounts of tests/law.py: 650 000 kr stays under the
    direct award limit whatever the law's amounts become."""
    return frozen


@pytest.fixture
def sqlite_store(tmp_path: Path) -> Iterator[Store]:
    """A fresh SQLite store."""
    store = open_store(f"sqlite:///{tmp_path / 'service.sqlite3'}")
    yield store
    store.close()


def saved(store: Store, rs: RuleSet, facts: dict[str, Any] = FACTS) -> SavedAssessment:
    """``facts`` assessed under ``rs`` and saved."""
    return store.create(make_record(rs, "Fruktkorgar", facts, {"author": "A"}, "anteckning"))


def edited_rules(tmp_path: Path, path: str, old: str, new: str) -> RuleSet:
    """A copy of rules/ with ``old`` replaced by ``new`` (once) in ``path``."""
    rules = frozen_rules(tmp_path)
    target = rules / path
    text = target.read_text(encoding="utf-8") if target.exists() else ""
    assert text.count(old) == 1, f"{old!r} is not once in {path}"
    target.write_text(text.replace(old, new), encoding="utf-8")
    return load_ruleset(rules)


def test_make_record_keeps_the_given_facts_as_json(ruleset: RuleSet) -> None:
    rec = make_record(ruleset, "  Frukt  ", FACTS, notes=" n ", lang="en")
    assert (rec.title, rec.notes, rec.language) == ("Frukt", "n", "en")
    assert rec.facts == FACTS
    assert rec.result.language == "en" and rec.result.facts["estimated_value_sek"] == 650_000
    assert rec.recommended == "direct_award"
    assert rec.choices.model_dump(exclude_defaults=True) == {}
    dated = {**FACTS, "as_of": dt.date(2025, 6, 1)}
    assert make_record(ruleset, "Frukt", dated).facts == FACTS
    assert jsonable_facts({"as_of": dt.date(2025, 6, 1), "x": 1}) == {"as_of": "2025-06-01", "x": 1}


def test_the_same_rules_change_nothing(sqlite_store: Store, ruleset: RuleSet) -> None:
    record = saved(sqlite_store, ruleset)
    again = reopen(ruleset, sqlite_store.get(record.code))
    assert again.error is None and again.changes == ()
    assert again.same_rules
    assert again.current == record.result
    assert again.saved == record


def test_it_is_assessed_again_on_the_saved_date(sqlite_store: Store, ruleset: RuleSet) -> None:
    undated = {k: v for k, v in FACTS.items() if k != "as_of"}
    record = saved(sqlite_store, ruleset, undated)
    assert "as_of" not in record.facts and record.as_of == dt.date.today()
    with sqlite_store.engine.begin() as connection:
        # As if it had been saved long ago, under the rules of that day.
        connection.exec_driver_sql("UPDATE vagval_assessments SET as_of = '2025-06-01'")
    old = sqlite_store.get(record.code)
    again = reopen(ruleset, old)
    assert again.current is not None and again.current.as_of == dt.date(2025, 6, 1)


def test_changed_rules_name_what_changes(
    sqlite_store: Store, ruleset: RuleSet, tmp_path: Path
) -> None:
    record = saved(sqlite_store, ruleset)
    assert (record.recommended, record.result.value_band) == (
        "direct_award",
        "below_direct_award_limit",
    )
    new_rules = edited_rules(tmp_path, "amounts.yaml", "value: 700000", "value: 600000")
    again = reopen(new_rules, sqlite_store.get(record.id), lang="en")
    assert again.error is None and again.current is not None
    assert not again.same_rules
    assert again.current.ruleset_version == new_rules.version != record.ruleset_version
    changes = {a.key: a for a in again.changes}
    band = changes["value_band"]
    assert (band.old, band.new) == ("below_direct_award_limit", "below_eu_threshold")
    route = changes["route:direct_award"]
    assert route.old == "recommended" and route.new != "recommended"
    recommended = changes["recommended_route"]
    assert recommended.old == "direct_award" and recommended.new != "direct_award"
    assert again.current.language == "en"
    # Unchanged aspects are not listed; the saved assessment itself is untouched.
    assert all(a.old != a.new for a in again.changes)
    assert sqlite_store.get(record.id) == record


def test_newer_rules_with_the_same_result_list_no_change(
    sqlite_store: Store, ruleset: RuleSet, tmp_path: Path
) -> None:
    record = saved(sqlite_store, ruleset)
    rules = edited_rules(tmp_path, "amounts.yaml", "value: 700000", "value: 700000  # same")
    again = reopen(rules, sqlite_store.get(record.id))
    assert again.changes == () and again.error is None
    assert not again.same_rules


def test_facts_the_new_rules_refuse_give_an_error(
    sqlite_store: Store, ruleset: RuleSet, tmp_path: Path
) -> None:
    record = saved(sqlite_store, ruleset)
    refusal = (
        "constraints:\n"
        "  - id: no_supplies\n"
        "    field: contract_type\n"
        "    when: \"contract_type == 'supplies'\"\n"
        "    message:\n"
        "      sv: varor bedöms inte längre\n"
        "      en: supplies are no longer assessed\n"
    )
    rules = edited_rules(tmp_path, "refusals.yaml", "", refusal)
    again = reopen(rules, sqlite_store.get(record.id))
    assert again.current is None
    assert again.error is not None and "contract_type" in again.error
    assert "varor bedöms inte längre" in again.error
    assert not again.same_rules
    assert again.changes[0].key == "error"
    assert (again.changes[0].old, again.changes[0].new) == (None, again.error)
    assert {a.key for a in again.changes} <= {"error", "recommended_route", "value_band"}


def test_a_fact_the_new_rules_do_not_know_gives_an_error(
    sqlite_store: Store, ruleset: RuleSet, tmp_path: Path
) -> None:
    record = saved(sqlite_store, ruleset)
    with sqlite_store.engine.begin() as connection:
        # As if the rules of the day it was saved had a fact that today's rules dropped.
        connection.exec_driver_sql(
            "UPDATE vagval_assessments SET facts = json_set(facts, '$.dropped_fact', 1)"
        )
    again = reopen(ruleset, sqlite_store.get(record.id))
    assert again.current is None
    assert again.error is not None and "dropped_fact" in again.error
    assert again.changes and again.changes[0].key == "error"
