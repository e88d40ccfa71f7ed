"""Shared fixtures: the shipped rule set, loaded once."""

from __future__ import annotations

from pathlib import Path

import pytest

from procurement.api import default_ruleset
from procurement.ruleset import RuleSet

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "data" / "examples"
FIXTURES = Path(__file__).resolve().parent / "fixtures"

# The public contract of ../shared/spec/interface.md, section 1, written out once.
INTERFACE_BOOL_FACTS = (
    "urgent_unforeseeable",
    "single_supplier_only",
    "risk_poor_working_conditions",
    "social_objective_employment",
    "integration_suppliers_available",
    "article77_service",
    "ideburen_reservable_service",
    "counterpart_ideburen",
    "mutual_commercial_contract",
    "counterpart_initiative",
    "counterpart_contributes_own_resources",
    "general_interest",
    "competitive_market_exists",
)
INTERFACE_FACTS = (
    "as_of",
    "buyer_type",
    "contract_type",
    "estimated_value_sek",
    "contract_duration_months",
    *INTERFACE_BOOL_FACTS,
)
INTERFACE_OUTPUT_KEYS = (
    "as_of",
    "ruleset_version",
    "value_band",
    "thresholds",
    "routes",
    "recommended_route",
    "obligations",
    "warnings",
    "missing_facts",
    "trace",
)


@pytest.fixture(scope="session")
def ruleset() -> RuleSet:
    """The rule set in rules/."""
    return default_ruleset()
