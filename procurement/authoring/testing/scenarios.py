"""The YAML scenario format and how one scenario is checked against the engine.

A scenario file is a list of scenarios::

    - name: Städning 650 000 kr i en kommun
      facts: {contract_type: services, buyer_type: sub_central, estimated_value_sek: 650000}
      expect:
        value_band: below_direct_award_limit
        routes: {direct_award: possible}

A scenario without any expectation is an error (a test that cannot fail).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from procurement.core.errors import InputError, RuleLoadError
from procurement.core.evaluation import Evaluation
from procurement.core.facts_input import Case
from procurement.core.model.common import Status
from procurement.core.ruleset import RuleSet
from procurement.core.yamlsource import read_yaml
from procurement.report.assessment import Assessment
from procurement.report.check_report import CheckReport
from procurement.service import Vagval

__all__ = [
    "SCENARIO_TODAY",
    "Expect",
    "Scenario",
    "ScenarioResult",
    "load_scenarios",
    "run_scenario",
]

# Scenarios without an as_of are judged on this fixed day, so that they never drift.
SCENARIO_TODAY = dt.date(2026, 11, 22)


class Expect(BaseModel):
    """What a scenario expects; every key is optional, but at least one must be given."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    error: str | None = None
    value_band: (
        Literal["below_direct_award_limit", "below_eu_threshold", "above_eu_threshold", "uncertain"]
        | None
    ) = None
    recommended_route: str | None = Field(default="__unset__")
    routes: dict[str, Status] = Field(default_factory=dict)
    variants: dict[str, Status] = Field(default_factory=dict)
    decided_by: dict[str, str] = Field(default_factory=dict)
    obligations: list[str] = Field(default_factory=list)
    obligations_may_apply: list[str] = Field(default_factory=list)
    no_obligations: list[str] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
    no_warnings: list[str] = Field(default_factory=list)
    missing_facts: list[str] | None = None
    missing_includes: list[str] = Field(default_factory=list)
    thresholds: list[str] = Field(default_factory=list)
    text_contains: list[str] = Field(default_factory=list)
    # Checks (supplier tests): "check" -> status, "check.criterion" -> met | not_met | unknown,
    # "check.value" -> number, and check -> the criteria that appear in missing_evidence.
    checks: dict[str, str] = Field(default_factory=dict)
    criteria: dict[str, Literal["met", "not_met", "unknown"]] = Field(default_factory=dict)
    values: dict[str, float | None] = Field(default_factory=dict)
    missing_evidence: dict[str, list[str]] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _not_empty(self) -> Expect:
        given = self.model_dump(exclude_defaults=True)
        if not given:
            raise ValueError(
                "a scenario must expect something (a test that cannot fail is an error)"
            )
        return self


class Scenario(BaseModel):
    """One named case with its expectations."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1)
    description: str | None = None
    lang: Literal["sv", "en"] = "sv"
    facts: dict[str, Any]
    expect: Expect


class ScenarioResult(BaseModel):
    """The outcome of running one scenario: the failures (empty when it passed)."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    failures: list[str]
    evaluation: Evaluation | None = None
    assessment: Assessment | None = None
    report: CheckReport | None = None


def load_scenarios(path: Path) -> list[tuple[Scenario, int]]:
    """The scenarios of a file with their line numbers; RuleLoadError when the file is invalid."""
    data, lines = read_yaml(path)
    if not isinstance(data, list):
        raise RuleLoadError.single(path, 1, "a scenario file is a list of scenarios")
    out: list[tuple[Scenario, int]] = []
    for i, item in enumerate(data):
        try:
            out.append((Scenario.model_validate(item), lines.line((i,))))
        except ValidationError as exc:
            err = exc.errors()[0]
            loc = (i, *err["loc"])
            where = ".".join(str(p) for p in err["loc"])
            raise RuleLoadError.single(path, lines.line(loc), f"{where}: {err['msg']}") from None
    return out


def run_scenario(ruleset: RuleSet, scenario: Scenario) -> ScenarioResult:
    """Run one scenario and list every expectation it fails."""
    exp = scenario.expect
    vagval = Vagval.of(ruleset)
    try:
        case = vagval.parse(scenario.facts, today=SCENARIO_TODAY, lang=scenario.lang)
    except InputError as exc:
        if exp.error is not None and exp.error in str(exc):
            return ScenarioResult(failures=[])
        return ScenarioResult(failures=[f"input error: {exc}"])
    if exp.error is not None:
        return ScenarioResult(failures=[f"expected an input error containing {exp.error!r}"])
    if ruleset.checks:
        return _run_checks(vagval, scenario, case)
    outcome = vagval.outcome(case, lang=scenario.lang)
    evaluation, a = outcome.evaluation, outcome.assessment
    failures: list[str] = []

    def check(what: str, got: Any, want: Any) -> None:
        if got != want:
            failures.append(f"{what}: expected {want!r}, got {got!r}")

    if exp.value_band is not None:
        check("value_band", a.value_band, exp.value_band)
    if exp.recommended_route != "__unset__":
        check("recommended_route", a.recommended_route, exp.recommended_route)
    for route, status in exp.routes.items():
        if route not in a.routes:
            failures.append(f"routes: no route {route!r}")
            continue
        check(f"routes.{route}", a.routes[route].status, status)
    variants = {k: v for r in a.routes.values() for k, v in (r.variants or {}).items()}
    for variant, status in exp.variants.items():
        if variant not in variants:
            failures.append(f"variants: no variant {variant!r}")
            continue
        check(f"variants.{variant}", variants[variant].status, status)
    for target, rule in exp.decided_by.items():
        result = evaluation.targets.get(target) or evaluation.targets.get(
            f"reserved_contract.{target}"
        )
        check(f"decided_by.{target}", result.decided_by if result else None, rule)
    applies = {o.id for o in a.obligations if o.status == "applies"}
    may = {o.id for o in a.obligations if o.status == "may_apply"}
    for ident in exp.obligations:
        if ident not in applies:
            failures.append(
                f"obligations: {ident!r} does not apply "
                f"(applies: {sorted(applies)}, may apply: {sorted(may)})"
            )
    for ident in exp.obligations_may_apply:
        if ident not in may:
            failures.append(f"obligations_may_apply: {ident!r} missing (may apply: {sorted(may)})")
    for ident in exp.no_obligations:
        if ident in applies | may:
            failures.append(f"no_obligations: {ident!r} is listed")
    warned = {w.id for w in a.warnings}
    for ident in exp.warnings:
        if ident not in warned:
            failures.append(f"warnings: {ident!r} missing (got {sorted(warned)})")
    for ident in exp.no_warnings:
        if ident in warned:
            failures.append(f"no_warnings: {ident!r} is listed")
    if exp.missing_facts is not None:
        check("missing_facts", a.missing_facts, exp.missing_facts)
    for fact in exp.missing_includes:
        if fact not in a.missing_facts:
            failures.append(f"missing_includes: {fact!r} not in {a.missing_facts}")
    for ident in exp.thresholds:
        if ident not in a.thresholds:
            failures.append(f"thresholds: {ident!r} not used (got {sorted(a.thresholds)})")
    text = a.model_dump_json()
    for snippet in exp.text_contains:
        if snippet not in text:
            failures.append(f"text_contains: {snippet!r} not found")
    return ScenarioResult(failures=failures, evaluation=evaluation, assessment=a)


def _run_checks(vagval: Vagval, scenario: Scenario, case: Case) -> ScenarioResult:
    """Run a scenario against a rule set of checks (the supplier tests)."""
    exp = scenario.expect
    report = vagval.check_supplier(case, lang=scenario.lang)
    data = report.model_dump(mode="json")
    failures: list[str] = []
    for check_id, status in exp.checks.items():
        got = data.get(check_id, {}).get("status") if check_id in report.checks else None
        if got != status:
            failures.append(f"checks.{check_id}: expected {status!r}, got {got!r}")
    for key, status in exp.criteria.items():
        check_id, _, criterion = key.partition(".")
        got = data.get(check_id, {}).get("criteria", {}).get(criterion)
        if got != status:
            failures.append(f"criteria.{key}: expected {status!r}, got {got!r}")
    for key, want in exp.values.items():
        check_id, _, name = key.partition(".")
        got = data.get(check_id, {}).get(name)
        same = got is None and want is None
        if not same and (got is None or want is None or abs(got - want) > 1e-9):
            failures.append(f"values.{key}: expected {want!r}, got {got!r}")
    for check_id, wanted in exp.missing_evidence.items():
        got_ids = sorted({item["criterion"] for item in data["missing_evidence"].get(check_id, [])})
        if got_ids != sorted(wanted):
            failures.append(
                f"missing_evidence.{check_id}: expected {sorted(wanted)}, got {got_ids}"
            )
    if exp.missing_facts is not None and report.missing_facts != exp.missing_facts:
        failures.append(
            f"missing_facts: expected {exp.missing_facts!r}, got {report.missing_facts!r}"
        )
    for fact in exp.missing_includes:
        if fact not in report.missing_facts:
            failures.append(f"missing_includes: {fact!r} not in {report.missing_facts}")
    warned = {w.id for w in report.warnings}
    failures += [f"warnings: {w!r} missing" for w in exp.warnings if w not in warned]
    failures += [f"no_warnings: {w!r} is listed" for w in exp.no_warnings if w in warned]
    text = report.model_dump_json()
    failures += [f"text_contains: {t!r} not found" for t in exp.text_contains if t not in text]
    return ScenarioResult(failures=failures, report=report)
