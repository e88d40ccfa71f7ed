"""Collects the YAML scenario tests in rules/tests/ as pytest items."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from procurement.authoring.testing.scenarios import Scenario, load_scenarios, run_scenario
from procurement.core.ruleset import RuleSet
from procurement.service import default_ruleset, default_supplier_ruleset

RULES = Path(__file__).parent / "rules"
# Each scenario folder is run against the rule set beside it.
SCENARIO_DIRS: dict[Path, Callable[[], RuleSet]] = {
    RULES / "tests": default_ruleset,
    RULES / "supplier" / "tests": default_supplier_ruleset,
}


def pytest_collect_file(parent: pytest.Collector, file_path: Path) -> pytest.Collector | None:
    """Scenario files are the YAML files in rules/tests/ and rules/supplier/tests/."""
    if file_path.suffix in (".yaml", ".yml") and file_path.parent in SCENARIO_DIRS:
        return ScenarioFile.from_parent(parent, path=file_path)
    return None


class ScenarioFile(pytest.File):
    """One YAML file of scenarios."""

    def collect(self) -> Any:
        for scenario, line in load_scenarios(self.path):
            yield ScenarioItem.from_parent(self, name=scenario.name, scenario=scenario, line=line)


class ScenarioItem(pytest.Item):
    """One scenario."""

    def __init__(self, *, scenario: Scenario, line: int, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.scenario = scenario
        self.line = line

    def runtest(self) -> None:
        result = run_scenario(SCENARIO_DIRS[self.path.parent](), self.scenario)
        if result.failures:
            raise ScenarioFailure(result.failures)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        if isinstance(excinfo.value, ScenarioFailure):
            lines = "\n".join(f"  - {f}" for f in excinfo.value.failures)
            return f"{self.path}:{self.line}: scenario {self.name!r} failed:\n{lines}"
        return super().repr_failure(excinfo)

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, self.line - 1, f"scenario: {self.name}"


class ScenarioFailure(Exception):
    """The expectations a scenario did not meet."""

    def __init__(self, failures: list[str]) -> None:
        super().__init__("; ".join(failures))
        self.failures = failures
