"""The coverage report: per rule and per boundary side, what the YAML scenarios exercise."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from procurement.authoring.coverage import (
    Boundary,
    BoundaryPeriod,
    Coverage,
    coverage,
    coverage_report,
)
from procurement.core.ruleset import RuleSet
from procurement.service import default_ruleset, default_supplier_ruleset
from tests.conftest import ROOT

RULES = ROOT / "rules"
DROPPED_RULE = "direct_award_urgency"
LIMIT_CHECK = "estimated_value_sek < direct_award_limit"


@pytest.fixture(scope="module")
def routes() -> Coverage:
    return coverage(default_ruleset(), RULES / "tests")


@pytest.fixture(scope="module")
def supplier() -> Coverage:
    return coverage(default_supplier_ruleset(), RULES / "supplier" / "tests")


def _declared(ruleset: RuleSet) -> list[str]:
    """Every rule id of a rule set, as the rule files name them."""
    return [
        *(cr.rule.id for t in ruleset.targets.values() for cr in t.rules),
        *(rec.id for rec, _ in ruleset.recommendations),
        *(ob.id for ob, _ in ruleset.obligations),
        *(w.id for w, _ in ruleset.warnings),
        *(d.spec.id for d in ruleset.derived),
        *(f"{c.spec.id}.{crit.id}" for c in ruleset.checks for crit in c.spec.criteria),
    ]


def _scenario_file(path: Path, scenarios: list[dict[str, object]]) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    (path / "cases.yaml").write_text(yaml.safe_dump(scenarios, allow_unicode=True), "utf-8")
    return path


def _limit_case(name: str, value: int, band: str) -> dict[str, object]:
    facts = {
        "as_of": "2025-03-01",
        "contract_type": "services",
        "buyer_type": "sub_central",
        "estimated_value_sek": value,
    }
    return {"name": name, "facts": facts, "expect": {"value_band": band}}


def _boundary(cov: Coverage, item: str, text: str = LIMIT_CHECK) -> Boundary:
    [boundary] = [b for b in cov.boundaries if b.item == item and b.text == text]
    return boundary


def _lou_period(boundary: Boundary) -> BoundaryPeriod:
    """The period of the direct award limit for supplies, services and works."""
    [period] = [p for p in boundary.periods.values() if p.key[0][1] == "direct_award_limit_lou"]
    return period


# --- the shipped rule sets ------------------------------------------------------------------
def test_shipped_rule_sets_are_fully_covered(routes: Coverage, supplier: Coverage) -> None:
    for cov in (routes, supplier):
        assert not cov.failing
        assert cov.uncovered_rules() == [], [e.id for e in cov.uncovered_rules()]
        # Every side of every boundary is reached, so missing sides fail the report too.
        assert cov.boundary_gaps() == [], [g.describe("en") for g in cov.boundary_gaps()]
        assert cov.fully_covered()
    assert routes.input_errors > 0
    evaluated = routes.scenarios - routes.input_errors
    # Every route rule is evaluated in every case that is not refused.
    assert routes.item(DROPPED_RULE).evaluated == evaluated
    assert sum(e.kind == "criterion" for e in supplier.items) == sum(
        len(c.criteria) for c in default_supplier_ruleset().checks
    )


def test_the_report_lists_every_rule_id(routes: Coverage, supplier: Coverage) -> None:
    for cov, ruleset in ((routes, default_ruleset()), (supplier, default_supplier_ruleset())):
        text = cov.report_markdown()
        missing = [ident for ident in _declared(ruleset) if f"`{ident}" not in text]
        assert not missing
        assert "Inga luckor." in text
        total = len(cov.items)
        assert f"**Regler täckta:** {total}/{total}" in text
        reached, sides = cov.boundary_sides()
        assert reached == sides > 0
        assert f"**Gränssidor täckta:** {sides}/{sides}" in text


def test_both_sides_of_the_direct_award_limit_are_covered(routes: Coverage) -> None:
    boundary = _boundary(routes, "direct_award_low_value")
    # The limit for supplies, services and works, and (for annex 2 services) each period of
    # the threshold that stands in for it.
    amounts = [p.key[0][1] for p in boundary.periods.values()]
    assert set(amounts) == {"direct_award_limit_lou", "eu_threshold_social_services"}
    assert amounts.count("eu_threshold_social_services") >= 2
    assert all(p.true > 0 and p.false > 0 for p in boundary.periods.values())
    lou = _lou_period(boundary)
    row = next(line for line in routes.report_markdown("en").splitlines() if LIMIT_CHECK in line)
    assert f"below ✔ ({lou.true} scen.)" in row and f"at/above ✔ ({lou.false} scen.)" in row
    assert "2022-02-01–…" in row


def test_english_labels(routes: Coverage) -> None:
    text = routes.report_markdown("en")
    for label in ("Rules covered", "Boundary sides covered", "Route rules", "No gaps."):
        assert label in text
    for label in ("Regler täckta", "Vägregler", "Inga luckor"):
        assert label not in text
    assert "Regler täckta" in routes.report_markdown("sv")


def test_cli_helper_covers_both_shipped_rule_sets() -> None:
    text, ok = coverage_report(None, "en")
    assert ok
    assert "`vagval_lou`" in text and "`vagval_supplier`" in text
    assert "**Everything required is covered.**" in text
    assert "Uncovered boundary sides fail the report." in text


# --- gaps -----------------------------------------------------------------------------------
def test_dropping_a_rules_scenarios_uncovers_it(routes: Coverage, tmp_path: Path) -> None:
    # The scenarios in which the rule holds, found through the trace.
    exercising = {
        (run.path.name, run.scenario.name)
        for run in routes.runs
        if any(e.id == DROPPED_RULE and e.result for e in run.trace)
    }
    assert exercising
    rules = tmp_path / "rules"
    rules.mkdir()
    for path in RULES.glob("*.yaml"):
        shutil.copy(path, rules / path.name)
    tests = rules / "tests"
    tests.mkdir()
    for path in (RULES / "tests").glob("*.yaml"):
        kept = [
            item
            for item in yaml.safe_load(path.read_text("utf-8"))
            if (path.name, item["name"]) not in exercising
        ]
        (tests / path.name).write_text(yaml.safe_dump(kept, allow_unicode=True), "utf-8")

    cov = coverage(default_ruleset(), tests)
    assert cov.scenarios == routes.scenarios - len(exercising)
    uncovered = {e.id: e for e in cov.uncovered_rules()}
    assert DROPPED_RULE in uncovered
    assert uncovered[DROPPED_RULE].missing == ["decisive"]
    assert uncovered[DROPPED_RULE].true == 0

    text, ok = coverage_report(rules, "en")
    assert not ok
    assert "vagval_supplier" not in text  # no supplier folder beside the copied rules
    assert "**Not everything required is covered.**" in text
    gaps, tables = text.index("Uncovered rules"), text.index("### Route rules")
    assert gaps < text.index(f"`{DROPPED_RULE}` (route rule") < tables
    assert "**never decisive**" in text


def test_one_side_of_a_boundary_is_a_gap(tmp_path: Path) -> None:
    below = _limit_case("Städning under gränsen", 500_000, "below_direct_award_limit")
    cov = coverage(default_ruleset(), _scenario_file(tmp_path / "tests", [below]))
    assert not cov.failing
    boundary = _boundary(cov, "direct_award_low_value")
    lou = _lou_period(boundary)
    assert (lou.true, lou.false) == (1, 0)
    gaps = [g for g in cov.boundary_gaps() if g.boundary is boundary and g.period is lou]
    assert [g.side for g in gaps] == [False]
    assert gaps[0].describe("en").endswith("**at/above**")
    assert gaps[0].describe("sv").endswith("**vid eller över**")
    text = cov.report_markdown("en")
    assert text.index("Boundary sides no scenario reaches") < text.index("## Boundaries (")
    assert "below ✔ (1 scen.) | at/above ✘" in text
    # Unreached periods are gaps on both sides (the threshold standing in for annex 2).
    unreached = [p for p in boundary.periods.values() if p is not lou]
    assert unreached and all(p.true == p.false == 0 for p in unreached)
    assert len([g for g in cov.boundary_gaps() if g.boundary is boundary]) == 1 + 2 * len(unreached)
    assert cov.fully_covered(strict_boundaries=True) is False


def test_a_value_exactly_at_the_limit_is_on_the_upper_side(tmp_path: Path, frozen: RuleSet) -> None:
    # The frozen amounts of tests/law.py: the limit stays at 700 000 kr.
    cases = [
        _limit_case("Strax under gränsen", 699_999, "below_direct_award_limit"),
        _limit_case("Exakt på gränsen", 700_000, "below_eu_threshold"),
    ]
    cov = coverage(frozen, _scenario_file(tmp_path / "tests", cases))
    assert not cov.failing
    lou = _lou_period(_boundary(cov, "direct_award_low_value"))
    assert (lou.true, lou.false, lou.exact) == (1, 1, 1)
    too_high = _boundary(cov, "direct_award_value_too_high", LIMIT_CHECK.replace("<", ">="))
    assert too_high.side_label(True, "en") == "at/above"
    assert (_lou_period(too_high).true, _lou_period(too_high).false) == (1, 1)
    assert not [g for g in cov.boundary_gaps() if g.period.key[:1] and g.period is lou]


def test_failing_scenarios_and_input_errors_are_reported(tmp_path: Path) -> None:
    wrong = _limit_case("Fel förväntan", 500_000, "above_eu_threshold")
    refused = {"name": "Okänd fakta", "facts": {"no_such_fact": 1}, "expect": {"error": "no_such"}}
    folder = _scenario_file(tmp_path / "tests", [wrong, refused])
    cov = coverage(default_ruleset(), folder)
    assert cov.scenarios == 2 and cov.input_errors == 1
    assert len(cov.failing) == 1 and "Fel förväntan" in cov.failing[0]
    text = cov.report_markdown("en")
    assert "Scenarios failing their expectations" in text
    assert "2 in" in text and "1 with input errors, 1 failing" in text


def test_a_missing_scenario_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        coverage(default_ruleset(), tmp_path / "nowhere")
