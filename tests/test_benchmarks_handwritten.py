"""The benchmarks' hand-written decision (benchmarks/handwritten.py) equals the engine's.

A real pass/fail test, no timing: 10 000 seeded random cases over every fact's domain (dates
across every amount period and its boundaries, values around every threshold, unknown facts),
every example case and every scenario of rules/tests/. When the rules change, this fails until
benchmarks/handwritten.py follows.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from benchmarks.cases import CaseGenerator
from benchmarks.handwritten import Decision, Handwritten
from procurement.api import default_ruleset
from procurement.engine import evaluate
from procurement.errors import InputError
from procurement.facts_input import parse_case
from procurement.render import render
from procurement.testing.scenarios import SCENARIO_TODAY, load_scenarios
from tests.conftest import EXAMPLES, ROOT

RULES = default_ruleset()
HAND = Handwritten.from_ruleset(RULES)
TODAY = dt.date(2026, 11, 22)
RANDOM_CASES = 10_000


def _both(facts: Mapping[str, Any], today: dt.date = TODAY) -> tuple[Decision, Decision]:
    """The engine's decision (rendered, as assess-batch reads it) and the hand-written one."""
    case = parse_case(RULES, facts, today=today)
    evaluation = evaluate(RULES, case)
    assessment = render(RULES, evaluation, "en")
    engine = Decision.from_assessment(assessment, evaluation.recommended_target)
    hand = HAND.decide(case.facts, case.as_of, case.as_of_defaulted)
    return engine, hand


def _difference(engine: Decision, hand: Decision) -> dict[str, Any]:
    return {
        k: {"engine": getattr(engine, k), "hand": getattr(hand, k)}
        for k in Decision.__slots__
        if getattr(engine, k) != getattr(hand, k)
    }


@cache
def _random_run() -> tuple[tuple[str, ...], frozenset[tuple[str, str]]]:
    """Every random case through both: the differences, and the outcomes reached."""
    failures: list[str] = []
    seen: set[tuple[str, str]] = set()
    for facts in CaseGenerator(RULES, seed=9).cases(RANDOM_CASES):
        engine, hand = _both(facts)
        if hand != engine:
            failures.append(f"{json.dumps(facts)}\n  {_difference(engine, hand)}")
        seen.add(("band", engine.value_band))
        seen |= set(engine.statuses.items())
        seen |= {("duty", f"{ident}:{status}") for ident, status in engine.obligations}
        seen |= {("warning", ident) for ident in engine.warnings}
        seen.add(("recommended", engine.recommended_target or "none"))
    return tuple(failures), frozenset(seen)


def test_random_cases_decide_the_same() -> None:
    failures, _ = _random_run()
    assert not failures, f"{len(failures)} of {RANDOM_CASES} differ; the first:\n" + "\n".join(
        failures[:5]
    )


def test_the_random_cases_reach_every_outcome() -> None:
    # the comparison means something only if the cases reach every status, band and duty
    _, seen = _random_run()
    for band in ("below_direct_award_limit", "below_eu_threshold", "above_eu_threshold"):
        assert ("band", band) in seen, band
    assert ("band", "uncertain") in seen
    for target in RULES.targets:
        statuses = ("possible", "not_possible", "uncertain")
        if target == "lou_social_considerations":  # always possible, unless recommended
            statuses = ("possible",)
        if target == "iop":  # the first choice: possible means recommended
            statuses = ("not_possible", "uncertain")
        for status in statuses:
            assert (target, status) in seen, (target, status)
        assert (target, "recommended") in seen, target
        assert ("recommended", target) in seen, target
    assert ("recommended", "none") in seen
    for spec, _ in RULES.obligations:
        for status in ("applies", "may_apply"):
            assert ("duty", f"{spec.output_id}:{status}") in seen, (spec.output_id, status)
    for spec, _ in RULES.warnings:
        assert ("warning", spec.output_id) in seen, spec.output_id
    for ident in (
        "unconfirmed_amount",
        "amount_not_in_force",
        "unconfirmed_figure",
        "rules_currency",
        "as_of_defaulted",
        "unconfirmed_references",
    ):
        assert ("warning", ident) in seen, ident


EXAMPLE_FILES = sorted(EXAMPLES.glob("*.json"))


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=[p.stem for p in EXAMPLE_FILES])
def test_examples_decide_the_same(path: Path) -> None:
    facts = json.loads(path.read_text(encoding="utf-8"))
    engine, hand = _both(facts)
    assert hand == engine, _difference(engine, hand)


def _scenarios() -> list[tuple[str, dict[str, Any]]]:
    out = []
    for path in sorted((ROOT / "rules" / "tests").glob("*.yaml")):
        for scenario, line in load_scenarios(path):
            if scenario.expect.error is None:
                out.append((f"{path.stem}:{line}", scenario.facts))
    return out


SCENARIOS = _scenarios()


@pytest.mark.parametrize(("where", "facts"), SCENARIOS, ids=[w for w, _ in SCENARIOS])
def test_scenarios_decide_the_same(where: str, facts: dict[str, Any]) -> None:
    try:
        engine, hand = _both(facts, SCENARIO_TODAY)
    except InputError:
        pytest.skip("invalid input: an input-validation scenario")
    assert hand == engine, _difference(engine, hand)


def test_the_hand_written_pipeline_reads_csv_cells_as_the_engine_does() -> None:
    from benchmarks.cases import facts_to_row
    from benchmarks.handwritten import parse_text_row

    columns = list(RULES.facts)
    for facts in CaseGenerator(RULES, seed=3).cases(300):
        cells = dict(zip(columns, facts_to_row(facts, columns), strict=True))
        case = parse_case(RULES, cells, text=True, today=TODAY)
        assert parse_text_row(cells, TODAY) == (dict(case.facts), case.as_of, case.as_of_defaulted)
