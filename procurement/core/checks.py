"""Evaluating checks (e.g. the supplier tests): each criterion met, not met or unknown.

A check is met when every criterion is met, not met when one fails, and open otherwise.
A criterion marked ``verified: false`` never makes a check firmly "not met" on its own:
if it is the only one failing, the check stays open and says why.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Final

from procurement.core.engine import Run
from procurement.core.evaluation import Listed, TraceEntry
from procurement.core.facts_input import Case
from procurement.core.model import Check, Criterion
from procurement.core.model.common import CriterionStatus
from procurement.core.ruleset import RuleSet

__all__ = ["CheckResult", "ChecksEvaluation", "CriterionResult", "evaluate_checks"]

MET: Final = "met"
NOT_MET: Final = "not_met"
UNKNOWN: Final = "unknown"


@dataclass
class CriterionResult:
    """One criterion's outcome and the facts that would settle it."""

    spec: Criterion
    status: CriterionStatus
    missing: list[str] = field(default_factory=list)


@dataclass
class CheckResult:
    """One check's outcome (in its own status words) and its criteria."""

    spec: Check
    status: str
    criteria: list[CriterionResult]
    values: dict[str, Any]
    unconfirmed_failure: list[str] = field(default_factory=list)


@dataclass
class ChecksEvaluation:
    """Everything concluded about one case by the checks of a rule set."""

    case: Case
    values: dict[str, Any]
    checks: list[CheckResult]
    warnings: list[Listed]
    missing_facts: list[str]
    used_amounts: list[str]
    trace: list[TraceEntry]
    run: Run


def evaluate_checks(ruleset: RuleSet, case: Case) -> ChecksEvaluation:
    """Evaluate every check of ``ruleset`` on a validated case."""
    run = Run(ruleset, case)
    run.derive()
    results: list[CheckResult] = []
    missing: set[str] = set()
    for compiled_check in ruleset.checks:
        criteria: list[CriterionResult] = []
        for criterion, compiled in compiled_check.criteria:
            outcome = compiled.condition.evaluate(run.values)
            status: CriterionStatus = UNKNOWN if outcome is None else (MET if outcome else NOT_MET)
            lacking = run.ordered(run.missing_for(compiled)) if outcome is None else ()
            missing.update(lacking)
            run.record(
                "criterion",
                f"{compiled_check.spec.id}.{criterion.id}",
                compiled_check.spec.id,
                compiled,
                outcome,
                status,
                outcome is not None,
            )
            run.use(compiled)
            criteria.append(CriterionResult(criterion, status, list(lacking)))
        results.append(_conclude(compiled_check.spec, criteria, run))
    warnings = run.engine_warnings() + run.listed(ruleset.warnings, "warning", allow_unknown=False)
    return ChecksEvaluation(
        case=case,
        values=run.values,
        checks=results,
        warnings=warnings,
        missing_facts=[f for f in ruleset.facts if f in missing],
        used_amounts=list(run.used),
        trace=run.trace,
        run=run,
    )


def _conclude(check: Check, criteria: list[CriterionResult], run: Run) -> CheckResult:
    firm_failures = [c for c in criteria if c.status == NOT_MET and c.spec.verified]
    soft_failures = [c.spec.id for c in criteria if c.status == NOT_MET and not c.spec.verified]
    if firm_failures:
        status = check.outcomes.not_met
    elif all(c.status == MET for c in criteria):
        status = check.outcomes.met
    else:
        status = check.outcomes.open
    values = {name: run.values.get(name) for name in check.values}
    unconfirmed = soft_failures if not firm_failures else []
    return CheckResult(check, status, criteria, values, unconfirmed)
