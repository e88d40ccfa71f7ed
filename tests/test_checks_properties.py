"""Property tests of the supplier checks: never raises; decided results never change.

A check that is met or not met (eligible or not) while some answers are missing keeps that
status whatever the missing answers turn out to be; so does every decided criterion.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from procurement.service import check_supplier, default_supplier_ruleset

RS = default_supplier_ruleset()
TODAY = dt.date(2026, 11, 22)
BOOLS = [f for f, spec in RS.facts.items() if spec.type == "bool"]


@st.composite
def suppliers(draw: st.DrawFn) -> dict[str, Any]:
    """Complete, consistent answers (target group within the total; registered is idéburen)."""
    total = draw(st.integers(min_value=0, max_value=500))
    facts: dict[str, Any] = {f: draw(st.booleans()) for f in BOOLS}
    facts["employees_total"] = total
    facts["employees_target_group"] = draw(st.integers(min_value=0, max_value=total))
    if facts["registered_ideburen"]:
        facts["ideburen"] = True
    facts["as_of"] = draw(st.dates(dt.date(2022, 2, 1), dt.date(2028, 12, 31))).isoformat()
    return facts


def _statuses(facts: dict[str, Any]) -> dict[str, Any]:
    data = check_supplier(facts, today=TODAY).model_dump(mode="json")
    return {c: (data[c]["status"], data[c]["criteria"]) for c in data["checks"]}


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    full=suppliers(),
    keep=st.sets(st.sampled_from(sorted(RS.facts))),
    lang=st.sampled_from(["sv", "en"]),
)
def test_partial_answers_never_raise(full: dict[str, Any], keep: set[str], lang: str) -> None:
    partial = {k: v for k, v in full.items() if k in keep}
    report = check_supplier(partial, today=TODAY, lang=lang)
    assert set(report.checks) == {
        "asf_definition",
        "reserved_4_18",
        "reserved_19_25",
        "reserved_19_25a",
    }


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(full=suppliers(), keep=st.sets(st.sampled_from(sorted(RS.facts))))
def test_decided_results_keep_their_status_when_answers_are_added(
    full: dict[str, Any], keep: set[str]
) -> None:
    keep.add("as_of")
    partial = {k: v for k, v in full.items() if k in keep}
    before = _statuses(partial)
    after = _statuses(full)
    for check, (status, criteria) in before.items():
        if status not in ("incomplete",):
            assert after[check][0] == status, (check, partial, full)
        for criterion, result in criteria.items():
            if result != "unknown":
                assert after[check][1][criterion] == result, (check, criterion, partial)
