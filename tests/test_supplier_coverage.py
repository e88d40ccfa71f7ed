"""Every supplier check and every criterion is exercised by the YAML scenarios.

The scenarios in rules/supplier/tests/ are run once against the shipped supplier rule set (as
the scenario collector in the root conftest.py runs them). From each run's report we collect
which status every check and every criterion was given; every criterion must have been seen
both met and not met, and every check must have been seen with each of its three outcomes.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest

from procurement.authoring.coverage import run_scenarios, scenario_files
from procurement.authoring.testing.scenarios import ScenarioResult, load_scenarios
from procurement.service import default_supplier_ruleset

SCENARIO_DIR = Path(__file__).resolve().parent.parent / "rules" / "supplier" / "tests"
MIN_SCENARIOS = 40


def _scenario_files() -> list[Path]:
    return scenario_files(SCENARIO_DIR)


@pytest.fixture(scope="module")
def results() -> list[tuple[str, ScenarioResult]]:
    """Every scenario of every file, run once: (file:line name, result)."""
    return [
        (run.where, run.result) for run in run_scenarios(default_supplier_ruleset(), SCENARIO_DIR)
    ]


def test_there_are_several_scenario_files() -> None:
    names = {p.name for p in _scenario_files()}
    assert len(names) >= 5, names


def test_enough_scenarios(results: list[tuple[str, ScenarioResult]]) -> None:
    assert len(results) >= MIN_SCENARIOS, len(results)


def test_every_scenario_passes(results: list[tuple[str, ScenarioResult]]) -> None:
    failed = {where: result.failures for where, result in results if result.failures}
    assert not failed, failed


def test_scenario_names_are_unique_per_file() -> None:
    for path in _scenario_files():
        names = [scenario.name for scenario, _ in load_scenarios(path)]
        assert len(names) == len(set(names)), path.name


def _seen(
    results: list[tuple[str, ScenarioResult]],
) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    checks: dict[str, set[str]] = defaultdict(set)
    criteria: dict[str, set[str]] = defaultdict(set)
    for _, result in results:
        if result.report is None:  # an expected input error
            continue
        data = result.report.model_dump(mode="json")
        for check_id in result.report.checks:
            checks[check_id].add(data[check_id]["status"])
            for criterion, status in data[check_id]["criteria"].items():
                criteria[f"{check_id}.{criterion}"].add(status)
    return checks, criteria


def test_every_criterion_seen_met_and_not_met(results: list[tuple[str, ScenarioResult]]) -> None:
    ruleset = default_supplier_ruleset()
    _, seen = _seen(results)
    declared = [f"{c.spec.id}.{crit.id}" for c in ruleset.checks for crit in c.spec.criteria]
    assert declared, "the supplier rule set declares no criteria"
    lacking = {
        ident: sorted({"met", "not_met"} - seen.get(ident, set()))
        for ident in declared
        if not {"met", "not_met"} <= seen.get(ident, set())
    }
    assert not lacking, lacking


def test_every_criterion_that_reads_a_fact_seen_unknown(
    results: list[tuple[str, ScenarioResult]],
) -> None:
    ruleset = default_supplier_ruleset()
    _, seen = _seen(results)
    # in_force reads only the date, which is always known (it defaults to today).
    always_known = {"reserved_19_25a.in_force"}
    lacking = [
        f"{c.spec.id}.{crit.id}"
        for c in ruleset.checks
        for crit in c.spec.criteria
        if f"{c.spec.id}.{crit.id}" not in always_known
        and "unknown" not in seen.get(f"{c.spec.id}.{crit.id}", set())
    ]
    assert not lacking, lacking


def test_every_check_outcome_seen(results: list[tuple[str, ScenarioResult]]) -> None:
    ruleset = default_supplier_ruleset()
    seen, _ = _seen(results)
    lacking = {}
    for compiled in ruleset.checks:
        outcomes = compiled.spec.outcomes
        wanted = {outcomes.met, outcomes.not_met, outcomes.open}
        if not wanted <= seen.get(compiled.spec.id, set()):
            lacking[compiled.spec.id] = sorted(wanted - seen.get(compiled.spec.id, set()))
    assert not lacking, lacking


def test_outcome_names_match_interface(results: list[tuple[str, ScenarioResult]]) -> None:
    seen, _ = _seen(results)
    assert seen["asf_definition"] == {"met", "not_met", "incomplete"}
    for check_id in ("reserved_4_18", "reserved_19_25", "reserved_19_25a"):
        assert seen[check_id] == {"eligible", "not_eligible", "incomplete"}, check_id


def test_both_languages_and_input_errors_covered() -> None:
    langs: set[str] = set()
    errors = 0
    for path in _scenario_files():
        for scenario, _ in load_scenarios(path):
            langs.add(scenario.lang)
            errors += scenario.expect.error is not None
    assert langs == {"sv", "en"}
    assert errors >= 5
