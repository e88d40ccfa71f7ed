"""The questionnaire's plan (procurement/ui/questionnaire.py), walked as a user would.

A walk answers each step it is shown from a complete case and goes on until nothing is left
to ask. Over every example case and generated complete cases:

* the step count ("Steg n av N") never grows while the user goes forward;
* no question is asked twice;
* what the walk ends with is what the complete case gives: the questions skipped could not
  have changed the recommendation, a route's status or a duty;
* the buyer's aim comes first, the counterpart before the IOP questions, and the IOP
  questions are skipped when the counterpart is not idéburen.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from procurement.core.engine import evaluate
from procurement.core.facts_input import parse_case
from procurement.report.assessment import Assessment
from procurement.report.render import render
from procurement.service import Vagval, default_library, default_ruleset
from procurement.ui.questionnaire import (
    FIRST_GROUP,
    MEMO_GROUP,
    REOPEN_GROUP,
    first_step,
    group_order,
    memo_candidates,
    memo_facts,
    next_step,
    plan,
)
from tests.conftest import EXAMPLES

RULES = default_ruleset()
LIBRARY = default_library()
VAGVAL = Vagval(RULES, library=LIBRARY)
CANDIDATES = memo_candidates(LIBRARY, RULES)
TODAY = dt.date(2026, 11, 22)


@dataclass
class Walk:
    """A questionnaire session: the steps shown, the totals shown, and where it ended."""

    steps: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)
    totals: list[int] = field(default_factory=list)
    answers: dict[str, Any] = field(default_factory=dict)
    assessment: Assessment | None = None
    waiting_on: tuple[str, ...] = ()


def walk(case: dict[str, Any], unknown: frozenset[str] = frozenset()) -> Walk:
    """Answer each step from ``case`` (``unknown`` facts as "don't know") until the end."""
    w = Walk()
    step: tuple[str, tuple[str, ...]] | None = (FIRST_GROUP, first_step(RULES))
    for _ in range(20):
        assert step is not None
        w.steps.append(step)
        for fact in step[1]:
            if fact in case and fact not in unknown:
                w.answers[fact] = case[fact]
        evaluation = evaluate(RULES, parse_case(RULES, w.answers, today=TODAY))
        w.assessment = render(RULES, evaluation, "sv")
        asked = {f for _, facts in w.steps for f in facts}
        p = plan(
            RULES,
            missing=evaluation.missing_facts,
            open_facts=evaluation.open_facts,
            asked=asked,
            answered=set(w.answers),
            memo_facts=memo_facts(VAGVAL.propose(w.assessment, w.answers)),
            memo_candidates=CANDIDATES,
            memo_done=any(group == MEMO_GROUP for group, _ in w.steps),
            recommended=w.assessment.recommended_route is not None,
            reopen_done=any(group == REOPEN_GROUP for group, _ in w.steps),
        )
        w.totals.append(len(w.steps) + p.remaining)
        w.waiting_on = p.waiting_on
        step = p.next
        if step is None:
            return w
    raise AssertionError(f"the questionnaire does not end: {w.steps}")


def _complete(assessment: Assessment) -> dict[str, Any]:
    """What a finished questionnaire must agree on with the complete case."""
    return {
        "recommended_route": assessment.recommended_route,
        "routes": {k: r.status for k, r in assessment.routes.items()},
        "variants": {
            k: v.status for k, v in (assessment.routes["reserved_contract"].variants or {}).items()
        },
        "obligations": sorted((o.id, o.status) for o in assessment.obligations),
        "value_band": assessment.value_band,
    }


def _check(case: dict[str, Any]) -> Walk:
    w = walk(case)
    assert all(a >= b for a, b in zip(w.totals, w.totals[1:], strict=False)), w.totals
    asked = [f for _, facts in w.steps for f in facts]
    assert len(asked) == len(set(asked)), w.steps
    full = render(RULES, evaluate(RULES, parse_case(RULES, case, today=TODAY)), "sv")
    assert w.assessment is not None
    assert _complete(w.assessment) == _complete(full), w.steps
    # The count ends where the walk does, or above it (an upper bound that never grows).
    assert w.totals[-1] >= len(w.steps)
    return w


EXAMPLE_CASES = sorted(EXAMPLES.glob("*.json"))


@pytest.mark.parametrize("path", EXAMPLE_CASES, ids=[p.stem for p in EXAMPLE_CASES])
def test_every_example_walks_to_its_own_answer(path) -> None:
    w = _check(json.loads(path.read_text(encoding="utf-8")))
    assert w.assessment is not None and w.assessment.recommended_route is not None


def _values(fact_id: str) -> st.SearchStrategy[Any]:
    fact = RULES.facts[fact_id]
    if fact.type == "bool":
        return st.booleans()
    if fact.type == "enum":
        return st.sampled_from(fact.value_ids())
    if fact.type == "date":
        return st.sampled_from(["2023-06-01", "2024-03-01", "2025-09-15", "2026-06-01"])
    if fact.type == "integer":
        return st.sampled_from([6, 24, 36, 37, 48])
    return st.sampled_from([90_000, 300_000, 699_999, 700_000, 1_500_000, 2_500_000, 9_000_000])


complete_cases = st.fixed_dictionaries({f: _values(f) for f in RULES.facts})


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=complete_cases)
def test_any_complete_case_walks_to_its_own_answer(case: dict[str, Any]) -> None:
    _check(case)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=complete_cases, data=st.data())
def test_dont_know_answers_never_make_the_count_grow(case: dict[str, Any], data) -> None:
    unknown = frozenset(data.draw(st.sets(st.sampled_from(sorted(RULES.facts)))))
    w = walk(case, unknown)
    assert all(a >= b for a, b in zip(w.totals, w.totals[1:], strict=False)), w.totals
    assert w.assessment is not None
    if w.assessment.recommended_route is None:
        # Nothing is left to ask, so the recommendation waits for a question answered
        # "don't know" (asked once more, in a step of their own) – or for nothing a question
        # could settle (an unconfirmed amount, an IOP Vägval cannot judge).
        waiting = set(w.waiting_on)
        assert waiting <= unknown
        assert waiting or not set(w.assessment.missing_facts) - set(w.answers)
        if waiting:
            group, facts = w.steps[-1]
            assert group == REOPEN_GROUP and waiting <= set(facts)
    else:
        assert all(group != REOPEN_GROUP for group, _ in w.steps)


def test_the_buyers_aim_is_asked_first() -> None:
    step = first_step(RULES)
    assert step[0] == "social_objective_employment"
    assert set(step) >= {"as_of", "buyer_type", "contract_type", "estimated_value_sek"}
    assert group_order(RULES)[0] == FIRST_GROUP


def test_the_counterpart_is_asked_alone_before_the_iop_questions() -> None:
    facts = {
        "social_objective_employment": False,
        "as_of": "2025-06-01",
        "buyer_type": "sub_central",
        "contract_type": "social_services",
        "estimated_value_sek": 1_500_000,
        "contract_duration_months": 24,
    }
    ev = evaluate(RULES, parse_case(RULES, facts, today=TODAY))
    step = next_step(RULES, ev.missing_facts, first_step(RULES), ev.open_facts)
    assert step == ("counterpart_ideburen",)


def _iop_case(ideburen: bool) -> dict[str, Any]:
    return {
        "social_objective_employment": False,
        "as_of": "2025-06-01",
        "buyer_type": "sub_central",
        "contract_type": "social_services",
        "estimated_value_sek": 1_500_000,
        "contract_duration_months": 24,
        "counterpart_ideburen": ideburen,
        "mutual_commercial_contract": False,
        "counterpart_initiative": True,
        "counterpart_contributes_own_resources": True,
        "general_interest": True,
        "competitive_market_exists": False,
    }


def test_no_iop_questions_without_an_ideburen_counterpart() -> None:
    iop = {f for f, spec in RULES.facts.items() if spec.group == "iop"}
    asked = {f for _, facts in walk(_iop_case(False)).steps for f in facts}
    assert not asked & iop
    asked = {f for _, facts in walk(_iop_case(True)).steps for f in facts}
    assert asked >= iop


def test_memo_questions_are_offered_last_when_a_proposal_depends_on_them() -> None:
    # An advertised cleaning contract below the threshold: the labour-law clauses depend on
    # the risk of poor working conditions, which no route rule needs there.
    case = {
        "social_objective_employment": True,
        "as_of": "2025-06-01",
        "buyer_type": "sub_central",
        "contract_type": "services",
        "estimated_value_sek": 1_500_000,
        "contract_duration_months": 24,
        "counterpart_ideburen": False,
        "urgent_unforeseeable": False,
        "single_supplier_only": False,
        "court_review_urgent_need": False,
        "integration_suppliers_available": False,
        "risk_poor_working_conditions": True,
    }
    w = walk(case)
    group, facts = w.steps[-1]
    assert group == MEMO_GROUP
    assert "risk_poor_working_conditions" in facts
    assert w.answers["risk_poor_working_conditions"] is True
