"""The batch reads its cells straight from the evaluation, untraced and unrendered: the cells
must be exactly what the rendered assessment says, and leaving out the trace must change
nothing else."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from benchmarks.cases import CaseGenerator
from procurement.batch.cases import _result_cells
from procurement.core.engine import evaluate
from procurement.core.facts_input import parse_case
from procurement.report.assessment import Assessment
from procurement.report.render import render
from procurement.service import default_ruleset
from tests.conftest import EXAMPLES

RULES = default_ruleset()
TODAY = dt.date(2026, 11, 22)


def _cells_from_assessment(a: Assessment) -> dict[str, str]:
    """The cells as a reader of the rendered assessment would fill them in."""
    cells = {
        "error": "",
        "as_of_applied": a.as_of.isoformat(),
        "value_band": a.value_band,
        "recommended_route": a.recommended_route or "",
    }
    for route_id, route in a.routes.items():
        cells[f"status_{route_id}"] = route.status
        for variant_id, variant in (route.variants or {}).items():
            cells[f"status_{route_id}_{variant_id}"] = variant.status
    cells["missing_facts"] = ";".join(a.missing_facts)
    cells["obligations"] = ";".join(
        o.id if o.status == "applies" else f"{o.id}?" for o in a.obligations
    )
    cells["warnings"] = ";".join(w.id for w in a.warnings)
    cells["ruleset_version"] = a.ruleset_version
    return cells


def _cases() -> list[dict[str, Any]]:
    import json

    files = sorted(EXAMPLES.glob("*.json"))
    examples = [json.loads(p.read_text(encoding="utf-8")) for p in files]
    return examples + list(CaseGenerator(RULES, seed=17).cases(2000))


def test_batch_cells_equal_the_rendered_assessment_and_the_trace_changes_nothing_else() -> None:
    for facts in _cases():
        case = parse_case(RULES, facts, today=TODAY)
        traced = evaluate(RULES, case)
        untraced = evaluate(RULES, case, trace=False)
        assert untraced.trace == [] and traced.trace
        assert dataclasses.replace(traced, trace=[]) == untraced, facts
        assert _result_cells(RULES, untraced) == _cells_from_assessment(render(RULES, traced))
