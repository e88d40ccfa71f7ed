"""Comparing two results of the same case (procurement/report/comparison.py)."""

from __future__ import annotations

import datetime as dt
import json

from procurement.core.ruleset import RuleSet
from procurement.report.comparison import (
    Aspect,
    AspectTable,
    aspects_table,
    assessment_aspects,
    differences,
    labels,
    show_value,
)
from procurement.service import Vagval
from tests.conftest import ROOT

EXAMPLE = json.loads((ROOT / "data/examples/stadning-kommunhus.json").read_text("utf-8"))
SMALL = {**EXAMPLE, "estimated_value_sek": 300_000}
LARGE = {**EXAMPLE, "estimated_value_sek": 30_000_000}


def _aspects(rs: RuleSet, facts: dict[str, object]) -> dict[str, object]:
    vagval = Vagval.of(rs)
    case = vagval.parse(facts, today=dt.date(2026, 12, 7))
    return assessment_aspects(vagval.assess(case))


def test_the_same_case_has_no_differences(ruleset: RuleSet) -> None:
    assert differences(_aspects(ruleset, SMALL), _aspects(ruleset, SMALL)) == ()


def test_a_larger_value_changes_the_band_and_names_both_values(ruleset: RuleSet) -> None:
    found = {a.key: a for a in differences(_aspects(ruleset, SMALL), _aspects(ruleset, LARGE))}
    assert found["value_band"].old != found["value_band"].new
    table = aspects_table(ruleset, list(found.values()), "Då", "Nu")
    names = labels(ruleset)
    assert names[f"value_band:{found['value_band'].old}"].sv in table
    assert names[f"value_band:{found['value_band'].new}"].sv in table


def test_an_error_on_one_side_shows_only_the_headline() -> None:
    old = {"error": "Ogiltigt värde"}
    new = {
        "recommended_route": "direct_award",
        "value_band": "below_direct_award",
        "route:direct_award": "recommended",
        "obligations": (("documentation", "applies"),),
    }
    found = differences(old, new)
    assert [a.key for a in found] == ["error", "recommended_route", "value_band"]
    assert found[0] == Aspect("error", "Ogiltigt värde", None)


def test_a_check_status_stays_in_the_headline_on_an_error() -> None:
    found = differences({"error": "x"}, {"check:asf": "met", "criterion:asf.a": "met"})
    assert [a.key for a in found] == ["error", "check:asf"]


def test_a_cell_cannot_break_the_table() -> None:
    table = AspectTable({}, "sv").table([Aspect("error", "a | b\n| c", None)], "gammal | x", "ny")
    assert len(table) == 3
    # Three columns: four bars that are not escaped, on the heading and on the row.
    assert [line.count("|") - line.count("\\|") for line in table] == [4, 4, 4]


def test_items_only_on_one_side_are_marked() -> None:
    table = AspectTable({}, "en")
    shown = table.value("warnings", ("a", "b"), ("a",))
    assert shown == "`a`, **`b`**"
    assert table.value("warnings", (), ("a",)) == "–"
    may = table.value("obligations", (("x", "may_apply"),), ())
    assert may.startswith("**`x` (") and may.endswith(")**")


def test_plain_values_are_shown_short_and_stable() -> None:
    assert show_value(None) == "null"
    assert show_value(True) == "true"
    assert show_value(2.0) == "2"
    assert show_value(dt.date(2026, 2, 1)) == "2026-02-01"
    long = show_value("x" * 500)
    assert long.startswith("`x") and long.endswith("…`") and len(long) == 202
