"""The scenario bank (data/scenarios/*.yaml): teaching cases with their expected answers.

Each file holds one scenario. The loader is as strict as the rule loader: unknown keys, wrong
types, facts that the rules would refuse and unknown routes or checks are reported with file
and line.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field, StringConstraints, model_validator

from procurement.core.errors import InputError, RuleIssue, RuleLoadError
from procurement.core.loader import resolve_files, validate_file
from procurement.core.model.common import Identifier, Strict, Text
from procurement.core.resources import data_path
from procurement.core.ruleset import RuleSet
from procurement.core.suggest import did_you_mean
from procurement.core.yamlsource import LineMap, read_yaml
from procurement.service import Vagval

__all__ = [
    "DEFAULT_SCENARIOS_DIR",
    "Expected",
    "Notes",
    "Scenario",
    "ScenarioBank",
    "load_scenarios",
]

DEFAULT_SCENARIOS_DIR = data_path("scenarios")
CHECK_STATUSES = ("met", "not_met", "incomplete", "eligible", "not_eligible")


class Expected(Strict):
    """The answer the rules must give: a route (``none`` when nothing is recommended) and
    its variant, or each supplier check's status."""

    route: Identifier | None = None
    variant: Identifier | None = None
    checks: dict[Identifier, Literal[CHECK_STATUSES]] = Field(default_factory=dict)  # type: ignore[valid-type]


class Notes(Strict):
    """For the trainer: what to discuss, and the mistake people usually make."""

    discuss: Text
    mistake: Text


Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=80)]


class Scenario(Strict):
    """One teaching case."""

    id: Slug
    kind: Literal["route", "supplier"]
    title: Text
    story: Text
    question: Text | None = None
    facts: dict[Identifier, Any]
    expected: Expected
    notes: Notes
    what_if: list[Identifier] = Field(default_factory=list)
    tags: list[Identifier] = Field(default_factory=list)

    @model_validator(mode="after")
    def _check_expected(self) -> Scenario:
        if self.kind == "route" and (self.expected.route is None or self.expected.checks):
            raise ValueError("a route scenario expects a 'route' (or 'none'), not 'checks'")
        if self.kind == "supplier" and (not self.expected.checks or self.expected.route):
            raise ValueError("a supplier scenario expects 'checks', not a 'route'")
        return self


@dataclass(frozen=True)
class ScenarioBank:
    """The scenarios in file order, by id."""

    scenarios: dict[str, Scenario]
    files: dict[str, str]

    def __len__(self) -> int:
        return len(self.scenarios)


def _check(
    scenario: Scenario, lines: LineMap, route_rules: RuleSet, supplier_rules: RuleSet
) -> list[RuleIssue]:
    issues: list[RuleIssue] = []
    rs = route_rules if scenario.kind == "route" else supplier_rules
    try:
        Vagval.of(rs).parse(scenario.facts, lang="en")  # messages for rule authors: English
    except InputError as exc:
        issues.append(RuleIssue(lines.file, lines.line(("facts", exc.field)), f"facts: {exc}"))
    expected = scenario.expected
    if scenario.kind == "route":
        routes = [*route_rules.routes, "none"]
        if expected.route not in routes:
            hint = did_you_mean(str(expected.route), routes)
            issues.append(
                RuleIssue(
                    lines.file,
                    lines.line(("expected", "route")),
                    f"expected.route: unknown route '{expected.route}'{hint}",
                )
            )
        elif expected.variant is not None:
            route = route_rules.routes[expected.route]
            variants = [v.id for v in route.variants]
            if expected.variant not in variants:
                hint = did_you_mean(expected.variant, variants)
                issues.append(
                    RuleIssue(
                        lines.file,
                        lines.line(("expected", "variant")),
                        f"expected.variant: '{expected.variant}' is no variant of "
                        f"'{expected.route}'{hint}",
                    )
                )
    checks = [c.spec.id for c in supplier_rules.checks]
    for check in expected.checks:
        if check not in checks:
            hint = did_you_mean(check, checks)
            issues.append(
                RuleIssue(
                    lines.file,
                    lines.line(("expected", "checks", check)),
                    f"expected.checks: unknown check '{check}'{hint}",
                )
            )
    for i, name in enumerate(scenario.what_if):
        if name not in rs.facts:
            hint = did_you_mean(name, rs.facts)
            issues.append(
                RuleIssue(
                    lines.file, lines.line(("what_if", i)), f"what_if: unknown fact '{name}'{hint}"
                )
            )
    return issues


def load_scenarios(
    route_rules: RuleSet,
    supplier_rules: RuleSet,
    source: Path | str | Iterable[Path] | None = None,
) -> ScenarioBank:
    """Load every ``*.yaml`` scenario of ``source`` (default ``data/scenarios/``); raise
    :class:`RuleLoadError` listing every issue."""
    paths = resolve_files(source, DEFAULT_SCENARIOS_DIR, "scenario")
    issues: list[RuleIssue] = []
    scenarios: dict[str, Scenario] = {}
    files: dict[str, str] = {}
    for path in paths:
        data, lines = read_yaml(path)
        scenario = validate_file(path, data, lines, issues, Scenario, "a mapping (one scenario)")
        if scenario is None:
            continue
        if scenario.id in scenarios:
            issues.append(
                RuleIssue(
                    str(path),
                    lines.line(("id",)),
                    f"duplicate scenario id '{scenario.id}' (first in {files[scenario.id]})",
                )
            )
            continue
        issues += _check(scenario, lines, route_rules, supplier_rules)
        scenarios[scenario.id] = scenario
        files[scenario.id] = str(path)
    if issues:
        raise RuleLoadError(issues)
    return ScenarioBank(scenarios, files)
