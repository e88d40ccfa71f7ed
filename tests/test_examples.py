"""The example cases in data/examples/: JSON files, their CSV twin, and what they assess to."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from procurement.core.facts_input import parse_case
from procurement.core.ruleset import RuleSet
from procurement.service import assess
from tests.conftest import EXAMPLES, INTERFACE_FACTS

# The fact ids of interface.md section 1, in that order (the CSV's columns after case_id).
# interface.md's facts in order, plus the ones Vägval adds (in rules/facts.yaml order).
_ADDED = {"court_review_urgent_need": 7, "reserve_for_mission_organisations": 13}
FACT_IDS = list(INTERFACE_FACTS)
for _fact, _at in sorted(_ADDED.items(), key=lambda item: item[1]):
    FACT_IDS.insert(_at, _fact)
CSV_PATH = EXAMPLES / "exempelfall.csv"
NEAR_THRESHOLD = "konsulttjanster-nara-troskelvarde"

EXAMPLE_FILES = sorted(EXAMPLES.glob("*.json"))


def _load(path: Path) -> dict[str, Any]:
    data = json.loads(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), f"{path.name}: not a JSON object"
    return data


def _as_text(value: Any) -> str:
    """How a JSON value is written in the CSV: true/false, plain numbers, ISO dates."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _read_csv() -> tuple[list[str], list[dict[str, str]]]:
    with CSV_PATH.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        header = list(reader.fieldnames or [])
        rows = list(reader)
    return header, rows


def test_there_are_at_least_ten_examples() -> None:
    assert len(EXAMPLE_FILES) >= 10


def test_interface_facts_are_declared_in_the_rules(ruleset: RuleSet) -> None:
    missing = [f for f in FACT_IDS if f not in ruleset.facts]
    assert missing == []


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.stem)
def test_example_uses_only_known_fact_ids(path: Path, ruleset: RuleSet) -> None:
    data = _load(path)
    unknown = sorted(set(data) - set(ruleset.facts))
    assert unknown == [], f"{path.name}: unknown fact ids {unknown}"
    assert set(data) <= set(FACT_IDS), f"{path.name}: fact ids not declared in rules/facts.yaml"


def test_csv_header_is_case_id_then_interface_facts() -> None:
    header, _ = _read_csv()
    assert header == ["case_id", *FACT_IDS]


def test_csv_has_one_row_per_example_sorted_by_file_name() -> None:
    _, rows = _read_csv()
    assert [r["case_id"] for r in rows] == [p.stem for p in EXAMPLE_FILES]


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.stem)
def test_csv_row_holds_exactly_the_json_facts(path: Path) -> None:
    """Cell by cell, as text: the CSV and the JSON must never drift apart."""
    _, rows = _read_csv()
    row = next(r for r in rows if r["case_id"] == path.stem)
    data = _load(path)
    expected = {f: _as_text(data.get(f)) for f in FACT_IDS}
    actual = {f: row[f] for f in FACT_IDS}
    assert actual == expected


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.stem)
def test_csv_row_parses_to_the_same_case_as_the_json(path: Path, ruleset: RuleSet) -> None:
    """The same facts once typed: text cells read by the batch parser equal the JSON values."""
    _, rows = _read_csv()
    row = dict(next(r for r in rows if r["case_id"] == path.stem))
    row.pop("case_id")
    today = dt.date(2026, 1, 15)
    from_csv = parse_case(ruleset, row, text=True, row=2, today=today)
    from_json = parse_case(ruleset, _load(path), today=today)
    assert dict(from_csv.facts) == dict(from_json.facts)
    assert from_csv.as_of == from_json.as_of
    assert from_csv.as_of_defaulted is from_json.as_of_defaulted is False


def test_csv_cells_are_plain_text_values() -> None:
    """true/false, numbers without separators, ISO dates: no 'ja', '1 000' or '2025/06/01'."""
    _, rows = _read_csv()
    for row in rows:
        dt.date.fromisoformat(row["as_of"])
        assert len(row["as_of"]) == 10 and row["as_of"][4] == "-"
        for fact in ("estimated_value_sek", "contract_duration_months"):
            assert row[fact].isdigit(), (row["case_id"], fact, row[fact])
        for fact in FACT_IDS[5:]:
            assert row[fact] in ("true", "false"), (row["case_id"], fact, row[fact])


def test_the_near_threshold_example_exists() -> None:
    assert NEAR_THRESHOLD in [p.stem for p in EXAMPLE_FILES]


def test_the_near_threshold_example_abstains_on_an_estimated_threshold(frozen: RuleSet) -> None:
    # On the frozen amounts of tests/law.py, where the 2026–27 SEK figures are estimated.
    result = assess(_load(EXAMPLES / f"{NEAR_THRESHOLD}.json"), ruleset=frozen)  # type: ignore[arg-type]
    assert result.value_band == "uncertain"
    assert "unconfirmed_amount" in [w.id for w in result.warnings]


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.stem)
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_example_assesses_to_a_decision(path: Path, lang: str, ruleset: RuleSet) -> None:
    result = assess(_load(path), lang=lang, ruleset=ruleset)  # type: ignore[arg-type]
    if result.value_band == "uncertain":
        # Only an example near a threshold whose SEK figure is not yet confirmed may abstain,
        # and it says why.
        assert path.stem == NEAR_THRESHOLD
        assert "unconfirmed_amount" in [w.id for w in result.warnings]
        return
    assert result.recommended_route is not None
    assert result.recommended_route in result.routes
    assert result.routes[result.recommended_route].status == "recommended"
    assert result.missing_facts == []
