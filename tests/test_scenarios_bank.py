"""The seminar scenario bank (data/scenarios/): it loads, each expected answer is the one the
rules give, and together the scenarios cover every route, variant, check status and period."""

from __future__ import annotations

import datetime as dt

import pytest

from procurement.core.model.common import Text
from procurement.core.ruleset import RuleSet
from procurement.documents.seminar.answer import answer, mismatches
from procurement.documents.seminar.scenario import (
    DEFAULT_SCENARIOS_DIR,
    ScenarioBank,
    load_scenarios,
)
from procurement.service import default_ruleset, default_supplier_ruleset

FILES = sorted(DEFAULT_SCENARIOS_DIR.glob("*.yaml"))
IDS = [path.stem for path in FILES]
VARIANTS = [
    f"{route.id}.{variant.id}"
    for route in default_ruleset().routes.values()
    for variant in route.variants
]

# The supplier check statuses the bank must show at least once (the list).
REQUIRED_CHECK_STATUSES = {
    "asf_definition": {"met", "not_met", "incomplete"},
    "reserved_4_18": {"eligible", "not_eligible", "incomplete"},
    "reserved_19_25a": {"eligible"},
}
# The amount whose periods define the threshold periods the as_of dates must span.
THRESHOLD_AMOUNT = "eu_threshold_social_services"


@pytest.fixture(scope="module")
def supplier_rules() -> RuleSet:
    return default_supplier_ruleset()


@pytest.fixture(scope="module")
def bank(ruleset: RuleSet, supplier_rules: RuleSet) -> ScenarioBank:
    return load_scenarios(ruleset, supplier_rules)


def _expected_targets(bank: ScenarioBank) -> set[str]:
    """Every expected route answer, as ``route`` and, with a variant, ``route.variant``."""
    out: set[str] = set()
    for s in bank.scenarios.values():
        if s.kind != "route":
            continue
        out.add(str(s.expected.route))
        if s.expected.variant is not None:
            out.add(f"{s.expected.route}.{s.expected.variant}")
    return out


def test_the_bank_loads_with_enough_scenarios(bank: ScenarioBank) -> None:
    assert len(bank) >= 20
    kinds = [s.kind for s in bank.scenarios.values()]
    assert kinds.count("route") >= 16
    assert kinds.count("supplier") >= 4


def test_every_file_is_one_scenario_named_after_its_id(bank: ScenarioBank) -> None:
    assert sorted(bank.scenarios) == IDS


@pytest.mark.parametrize("scenario_id", IDS)
def test_the_expected_answer_is_the_rules_answer(
    bank: ScenarioBank, ruleset: RuleSet, supplier_rules: RuleSet, scenario_id: str
) -> None:
    scenario = bank.scenarios[scenario_id]
    result = answer(scenario, ruleset, supplier_rules)
    assert mismatches(scenario, result) == [], scenario_id


@pytest.mark.parametrize("scenario_id", IDS)
def test_the_answer_is_the_same_in_english(
    bank: ScenarioBank, ruleset: RuleSet, supplier_rules: RuleSet, scenario_id: str
) -> None:
    scenario = bank.scenarios[scenario_id]
    assert mismatches(scenario, answer(scenario, ruleset, supplier_rules, lang="en")) == []


def test_every_route_and_none_is_an_expected_answer(bank: ScenarioBank, ruleset: RuleSet) -> None:
    expected = _expected_targets(bank)
    missing = [r for r in [*ruleset.routes, "none"] if r not in expected]
    assert missing == []


@pytest.mark.parametrize("variant", VARIANTS)
def test_every_reservation_variant_is_an_expected_answer(
    bank: ScenarioBank, ruleset: RuleSet, variant: str
) -> None:
    recommendable = {rec.target for rec, _ in ruleset.recommendations}
    assert variant in recommendable, f"no recommendation in the rules names {variant}"
    assert variant in _expected_targets(bank)


def test_every_variant_is_taught_by_some_scenario(bank: ScenarioBank, ruleset: RuleSet) -> None:
    """A variant the rules never recommend is still the subject of a scenario, tagged
    ``reserved_<variant>``."""
    tags = {t for s in bank.scenarios.values() for t in s.tags}
    expected = _expected_targets(bank)
    for route in ruleset.routes.values():
        for variant in route.variants:
            target = f"{route.id}.{variant.id}"
            assert target in expected or f"reserved_{variant.id}" in tags, target


def test_every_required_check_status_occurs(bank: ScenarioBank) -> None:
    seen: dict[str, set[str]] = {}
    for s in bank.scenarios.values():
        for check, status in s.expected.checks.items():
            seen.setdefault(check, set()).add(status)
    for check, statuses in REQUIRED_CHECK_STATUSES.items():
        assert statuses <= seen.get(check, set()), (check, statuses - seen.get(check, set()))


def test_as_of_dates_span_the_threshold_periods(bank: ScenarioBank, ruleset: RuleSet) -> None:
    periods = ruleset.amounts[THRESHOLD_AMOUNT].periods
    assert len(periods) >= 3
    days = [
        s.facts["as_of"]
        for s in bank.scenarios.values()
        if s.kind == "route" and isinstance(s.facts.get("as_of"), dt.date)
    ]
    for period in periods:
        assert any(period.covers(day) for day in days), period.valid_from


def test_annex2_cases_in_every_threshold_period(bank: ScenarioBank, ruleset: RuleSet) -> None:
    """Social services, whose direct award limit equals the threshold, in every period."""
    days = [
        s.facts["as_of"]
        for s in bank.scenarios.values()
        if s.kind == "route" and s.facts.get("contract_type") == "social_services"
    ]
    for period in ruleset.amounts[THRESHOLD_AMOUNT].periods:
        assert any(period.covers(day) for day in days), period.valid_from


def test_a_central_government_buyer_and_a_municipality_at_the_same_value(
    bank: ScenarioBank,
) -> None:
    def key(buyer: str) -> set[tuple[object, object, object]]:
        return {
            (s.facts.get("contract_type"), s.facts.get("estimated_value_sek"), s.facts["as_of"])
            for s in bank.scenarios.values()
            if s.kind == "route" and s.facts.get("buyer_type") == buyer
        }

    assert key("central_government") & key("sub_central")


def test_a_works_contract_is_included(bank: ScenarioBank) -> None:
    assert any(s.facts.get("contract_type") == "works" for s in bank.scenarios.values())


def test_every_what_if_fact_exists_in_its_rule_set(
    bank: ScenarioBank, ruleset: RuleSet, supplier_rules: RuleSet
) -> None:
    for s in bank.scenarios.values():
        rules = ruleset if s.kind == "route" else supplier_rules
        unknown = [f for f in s.what_if if f not in rules.facts]
        assert unknown == [], s.id
        assert s.what_if, f"{s.id}: no what-if controls"


def test_route_scenarios_give_every_fact_unless_one_is_the_point(
    bank: ScenarioBank, ruleset: RuleSet
) -> None:
    for s in bank.scenarios.values():
        if s.kind != "route" or "missing_fact" in s.tags:
            continue
        assert [f for f in ruleset.facts if f not in s.facts] == [], s.id


@pytest.mark.parametrize("scenario_id", IDS)
def test_every_text_is_in_swedish_and_english(bank: ScenarioBank, scenario_id: str) -> None:
    s = bank.scenarios[scenario_id]
    texts: list[Text] = [s.title, s.story, s.notes.discuss, s.notes.mistake]
    if s.question is not None:
        texts.append(s.question)
    for text in texts:
        assert text.sv.strip() and text.en.strip()
        assert text.sv != text.en
