"""What the rules answer for a scenario, and whether that is the answer the bank expects."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from procurement.core.model.common import Lang
from procurement.core.ruleset import RuleSet
from procurement.documents.seminar.scenario import Scenario
from procurement.report.assessment import Assessment, chosen_target
from procurement.report.check_report import CheckReport
from procurement.service import Vagval

__all__ = ["Answer", "answer", "mismatches"]


@dataclass(frozen=True)
class Answer:
    """The rules' answer: an assessment (route scenarios) or a check report (suppliers)."""

    assessment: Assessment | None = None
    report: CheckReport | None = None

    @property
    def route(self) -> str:
        """The recommended route id, or ``none``."""
        if self.assessment is None:
            return "none"
        return self.assessment.recommended_route or "none"

    @property
    def target(self) -> str | None:
        """The recommended route or variant (``route.variant``)."""
        return chosen_target(self.assessment) if self.assessment else None

    def check_status(self, check: str) -> str:
        """A supplier check's status."""
        assert self.report is not None
        return str(getattr(self.report, check).status)


def answer(
    scenario: Scenario,
    route_rules: RuleSet,
    supplier_rules: RuleSet,
    lang: Lang = "sv",
    overrides: Mapping[str, Any] | None = None,
) -> Answer:
    """Assess the scenario's facts (with ``overrides``, the what-if values) in ``lang``."""
    facts = {**scenario.facts, **(overrides or {})}
    facts = {k: v for k, v in facts.items() if v is not None}
    vagval = Vagval(route_rules, supplier_rules)
    if scenario.kind == "route":
        return Answer(assessment=vagval.assess(facts, lang=lang))
    return Answer(report=vagval.check_supplier(facts, lang=lang))


def mismatches(scenario: Scenario, result: Answer) -> list[str]:
    """How the rules' answer differs from the expected one (empty when it matches)."""
    out = []
    expected = scenario.expected
    if scenario.kind == "route":
        if result.route != expected.route:
            out.append(f"route: expected {expected.route}, the rules say {result.route}")
        elif expected.variant is not None:
            target = result.target or ""
            got = target.partition(".")[2] or None
            if got != expected.variant:
                out.append(f"variant: expected {expected.variant}, the rules say {got}")
    for check, status in expected.checks.items():
        got = result.check_status(check)
        if got != status:
            out.append(f"{check}: expected {status}, the rules say {got}")
    return out
