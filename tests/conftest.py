"""Shared fixtures: the shipped rule set, loaded once."""

from __future__ import annotations

from pathlib import Path

import pytest

from procurement.api import default_ruleset
from procurement.ruleset import RuleSet

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "data" / "examples"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def ruleset() -> RuleSet:
    """The rule set in rules/."""
    return default_ruleset()
