"""evaluate_checks: criteria met, not met or unknown; a check's status from its criteria;
``verified: false`` never failing a check on its own; reported values, missing facts and the
trace. On the shipped supplier rules and on small rule sets written in tmp_path."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import pytest

from procurement.core.checks import MET, NOT_MET, UNKNOWN, ChecksEvaluation, evaluate_checks
from procurement.core.errors import InputError
from procurement.core.facts_input import parse_case
from procurement.core.loader import DEFAULT_SUPPLIER_RULES_DIR, load_ruleset
from procurement.core.ruleset import RuleSet
from procurement.service import default_ruleset, default_supplier_ruleset
from tests.rule_variants import supplier_with_unconfirmed_three_year_rule

TODAY = dt.date(2025, 6, 1)
AS_OF = "2025-06-01"
ASF_YES = {
    "runs_business": True,
    "main_aim_work_integration": True,
    "participation_documented": True,
    "reinvests_profits_mainly": True,
    "independent_of_public_sector": True,
}
R19_25_YES = {
    "public_service_mission": True,
    "profits_reinvested_for_mission": True,
    "participatory_ownership": True,
    "awarded_19_25_same_authority_last_3_years": False,
}
R19_25A_YES = {
    "ideburen": True,
    "purpose_contributes_to_service": True,
    "no_value_transfers": True,
    "public_controlling_influence": False,
}
ALL_YES = {
    "as_of": AS_OF,
    **ASF_YES,
    "employees_total": 10,
    "employees_target_group": 3,
    "sheltered_workshop": False,
    "registered_ideburen": True,
    **R19_25A_YES,
    **R19_25_YES,
}

# A small hand-made check: a verified criterion, an unverified one, and the 30 % share.
DEMO_CHECKS = """\
checks:
  - id: demo
    label: {sv: Demokontroll, en: Demo check}
    outcomes: {met: ok, not_met: fail, open: pending}
    values: [target_group_share]
    references: [Testregel 1 §]
    criteria:
      - id: firm
        label: {sv: Fast krav, en: Firm requirement}
        when: runs_business
        met: {sv: Fast uppfyllt., en: Firm met.}
        not_met: {sv: Fast ej uppfyllt., en: Firm not met.}
        evidence:
          - {sv: Bevis för det fasta kravet., en: Proof of the firm requirement.}
        references: [Testregel 1 §]
      - id: soft
        label: {sv: Obekräftat krav, en: Unconfirmed requirement}
        when: not awarded_19_25_same_authority_last_3_years
        verified: false
        met: {sv: Mjukt uppfyllt., en: Soft met.}
        not_met: {sv: Mjukt ej uppfyllt., en: Soft not met.}
        evidence:
          - {sv: Bevis för det obekräftade kravet., en: Proof of the unconfirmed requirement.}
        references:
          - {ref: Testdirektiv art. 1, verified: false}
      - id: share
        label: {sv: Andel, en: Share}
        when: employees_total > 0 and target_group_share >= reserved_4_18_min_share
        met: {sv: "Andelen är {target_group_share}.", en: "The share is {target_group_share}."}
        not_met: {sv: För låg andel., en: Share too low.}
        references: [Testregel 2 §]
"""


def copy_supplier_rules(tmp_path: Path) -> Path:
    """A copy of the shipped supplier rules (without the scenarios) to modify."""
    target = tmp_path / "supplier"
    shutil.copytree(DEFAULT_SUPPLIER_RULES_DIR, target, ignore=shutil.ignore_patterns("tests"))
    return target


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture(scope="module")
def supplier() -> RuleSet:
    return default_supplier_ruleset()


@pytest.fixture
def demo(tmp_path: Path) -> RuleSet:
    rules = copy_supplier_rules(tmp_path)
    (rules / "checks.yaml").write_text(DEMO_CHECKS, encoding="utf-8")
    return load_ruleset(rules)


def run(ruleset: RuleSet, facts: dict[str, Any], today: dt.date = TODAY) -> ChecksEvaluation:
    return evaluate_checks(ruleset, parse_case(ruleset, facts, today=today))


def status(ev: ChecksEvaluation, check: str) -> str:
    return next(c.status for c in ev.checks if c.spec.id == check)


def result(ev: ChecksEvaluation, check: str):
    return next(c for c in ev.checks if c.spec.id == check)


def criteria(ev: ChecksEvaluation, check: str) -> dict[str, str]:
    return {c.spec.id: c.status for c in result(ev, check).criteria}


# --- the shipped supplier checks -------------------------------------------------------------


def test_shipped_checks_and_criteria(supplier: RuleSet) -> None:
    ev = run(supplier, ALL_YES)
    assert [c.spec.id for c in ev.checks] == [
        "asf_definition",
        "reserved_4_18",
        "reserved_19_25",
        "reserved_19_25a",
    ]
    assert criteria(ev, "asf_definition") == dict.fromkeys(
        ["runs_business", "integration_aim", "participation", "reinvests_profits", "independent"],
        MET,
    )
    assert list(criteria(ev, "reserved_4_18")) == ["purpose_requirement", "share_requirement"]
    assert list(criteria(ev, "reserved_19_25")) == [
        "public_service_mission",
        "profits_reinvested",
        "participatory_ownership",
        "not_recently_awarded",
    ]
    assert list(criteria(ev, "reserved_19_25a")) == [
        "in_force",
        "ideburen",
        "purpose_contributes",
        "no_value_transfers",
        "no_public_control",
    ]


def test_everything_met(supplier: RuleSet) -> None:
    ev = run(supplier, ALL_YES)
    assert {c.spec.id: c.status for c in ev.checks} == {
        "asf_definition": "met",
        "reserved_4_18": "eligible",
        "reserved_19_25": "eligible",
        "reserved_19_25a": "eligible",
    }
    assert ev.missing_facts == []
    assert all(c.unconfirmed_failure == [] for c in ev.checks)


def _unverified(rs: RuleSet) -> list[str]:
    return [
        f"{c.spec.id}.{crit.id}" for c in rs.checks for crit in c.spec.criteria if not crit.verified
    ]


def test_every_shipped_criterion_is_confirmed(supplier: RuleSet) -> None:
    # The three-year rule of 19 kap. 25 § (directive art. 77.2 d) is confirmed since 2026-12.
    assert _unverified(supplier) == []


def test_the_three_year_rule_alone_fails_the_check(supplier: RuleSet) -> None:
    ev = run(supplier, {**ALL_YES, "awarded_19_25_same_authority_last_3_years": True})
    assert criteria(ev, "reserved_19_25")["not_recently_awarded"] == NOT_MET
    assert status(ev, "reserved_19_25") == "not_eligible"
    assert result(ev, "reserved_19_25").unconfirmed_failure == []


@pytest.fixture(scope="module")
def unconfirmed(tmp_path_factory: pytest.TempPathFactory) -> RuleSet:
    """The supplier rules with the three-year rule unconfirmed (as before 2026-12)."""
    return supplier_with_unconfirmed_three_year_rule(tmp_path_factory.mktemp("rules"))


def test_only_the_marked_rule_is_unverified(unconfirmed: RuleSet) -> None:
    assert _unverified(unconfirmed) == ["reserved_19_25.not_recently_awarded"]


def test_three_year_rule_alone_leaves_the_check_open(unconfirmed: RuleSet) -> None:
    supplier = unconfirmed
    ev = run(supplier, {**ALL_YES, "awarded_19_25_same_authority_last_3_years": True})
    assert criteria(ev, "reserved_19_25")["not_recently_awarded"] == NOT_MET
    assert status(ev, "reserved_19_25") == "incomplete"
    assert result(ev, "reserved_19_25").unconfirmed_failure == ["not_recently_awarded"]
    # Nothing is left to answer: the check is open only because the rule is unconfirmed.
    assert ev.missing_facts == []


def test_three_year_rule_with_a_verified_failure_is_not_eligible(unconfirmed: RuleSet) -> None:
    supplier = unconfirmed
    facts = {
        **ALL_YES,
        "awarded_19_25_same_authority_last_3_years": True,
        "profits_reinvested_for_mission": False,
    }
    ev = run(supplier, facts)
    assert status(ev, "reserved_19_25") == "not_eligible"
    assert result(ev, "reserved_19_25").unconfirmed_failure == []


def test_three_year_rule_failing_with_an_open_criterion_stays_open(unconfirmed: RuleSet) -> None:
    supplier = unconfirmed
    facts = {**ALL_YES, "awarded_19_25_same_authority_last_3_years": True}
    del facts["participatory_ownership"]
    ev = run(supplier, facts)
    assert criteria(ev, "reserved_19_25")["participatory_ownership"] == UNKNOWN
    assert status(ev, "reserved_19_25") == "incomplete"
    assert result(ev, "reserved_19_25").unconfirmed_failure == ["not_recently_awarded"]
    assert ev.missing_facts == ["participatory_ownership"]


@pytest.mark.parametrize(
    ("check", "change", "expected"),
    [
        ("asf_definition", {"runs_business": False}, "not_met"),
        ("asf_definition", {"runs_business": None}, "incomplete"),
        ("reserved_4_18", {"employees_target_group": 2}, "not_eligible"),
        ("reserved_4_18", {"employees_target_group": None}, "incomplete"),
        ("reserved_19_25", {"public_service_mission": False}, "not_eligible"),
        ("reserved_19_25", {"public_service_mission": None}, "incomplete"),
        ("reserved_19_25a", {"no_value_transfers": False}, "not_eligible"),
        ("reserved_19_25a", {"no_value_transfers": None}, "incomplete"),
        ("reserved_19_25a", {"as_of": "2022-12-31"}, "not_eligible"),
    ],
)
def test_one_change_decides_one_check(
    supplier: RuleSet, check: str, change: dict[str, Any], expected: str
) -> None:
    ev = run(supplier, {**ALL_YES, **change})
    assert status(ev, check) == expected
    others = {c.spec.id: c.status for c in ev.checks if c.spec.id != check}
    assert set(others.values()) <= {"met", "eligible"}, others


def test_a_firm_failure_beats_unknown_criteria(supplier: RuleSet) -> None:
    ev = run(supplier, {"as_of": AS_OF, "independent_of_public_sector": False})
    assert criteria(ev, "asf_definition")["runs_business"] == UNKNOWN
    assert status(ev, "asf_definition") == "not_met"


def test_asf_and_reservation_are_tested_apart(supplier: RuleSet) -> None:
    # An ASF below 30 %, and a publicly owned integration company above it.
    asf = run(
        supplier, {"as_of": AS_OF, **ASF_YES, "employees_total": 10, "employees_target_group": 2}
    )
    assert (status(asf, "asf_definition"), status(asf, "reserved_4_18")) == ("met", "not_eligible")
    public = {**ASF_YES, "independent_of_public_sector": False}
    owned = run(
        supplier, {"as_of": AS_OF, **public, "employees_total": 10, "employees_target_group": 5}
    )
    assert (status(owned, "asf_definition"), status(owned, "reserved_4_18")) == (
        "not_met",
        "eligible",
    )


@pytest.mark.parametrize(
    ("main_aim", "sheltered", "expected"),
    [
        (True, None, MET),
        (True, False, MET),
        (False, True, MET),
        (None, True, MET),
        (False, False, NOT_MET),
        (False, None, UNKNOWN),
        (None, None, UNKNOWN),
    ],
)
def test_purpose_requirement(
    supplier: RuleSet, main_aim: bool | None, sheltered: bool | None, expected: str
) -> None:
    ev = run(
        supplier,
        {"as_of": AS_OF, "main_aim_work_integration": main_aim, "sheltered_workshop": sheltered},
    )
    assert criteria(ev, "reserved_4_18")["purpose_requirement"] == expected


@pytest.mark.parametrize(
    ("ideburen", "registered", "expected"),
    [
        (True, None, MET),
        (True, True, MET),
        (True, False, MET),
        # Registration is supporting evidence, not the statutory test (law-facts 6.2).
        (None, True, UNKNOWN),
        (False, False, NOT_MET),
        (False, None, NOT_MET),
        (None, False, UNKNOWN),
        (None, None, UNKNOWN),
    ],
)
def test_ideburen_criterion(
    supplier: RuleSet, ideburen: bool | None, registered: bool | None, expected: str
) -> None:
    facts = {"as_of": AS_OF, "ideburen": ideburen, "registered_ideburen": registered}
    ev = run(supplier, facts)
    assert criteria(ev, "reserved_19_25a")["ideburen"] == expected


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [("2022-02-01", NOT_MET), ("2022-12-31", NOT_MET), ("2023-01-01", MET), ("2026-11-22", MET)],
)
def test_ideburen_reservation_in_force(supplier: RuleSet, as_of: str, expected: str) -> None:
    ev = run(supplier, {"as_of": as_of})
    assert criteria(ev, "reserved_19_25a")["in_force"] == expected


def test_a_date_before_the_rules_is_an_input_error(supplier: RuleSet) -> None:
    with pytest.raises(InputError) as info:
        parse_case(supplier, {"as_of": "2022-01-31"}, today=TODAY)
    assert info.value.field == "as_of"


@pytest.mark.parametrize(
    ("facts", "field"),
    [
        ({"employees_total": 10, "employees_target_group": 11}, "employees_target_group"),
        ({"ideburen": False, "registered_ideburen": True}, "registered_ideburen"),
        ({"employees_total": -1}, "employees_total"),
    ],
)
def test_contradictions_are_input_errors(
    supplier: RuleSet, facts: dict[str, Any], field: str
) -> None:
    with pytest.raises(InputError) as info:
        parse_case(supplier, {"as_of": AS_OF, **facts}, today=TODAY)
    assert info.value.field == field


def test_equal_counts_are_no_contradiction(supplier: RuleSet) -> None:
    ev = run(supplier, {"as_of": AS_OF, "employees_total": 7, "employees_target_group": 7})
    assert result(ev, "reserved_4_18").values == {"target_group_share": 1}


# --- the 30 % share ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("target", "total", "expected"),
    [
        (3, 10, MET),
        (2, 10, NOT_MET),
        (30, 100, MET),
        (29, 100, NOT_MET),
        (300, 1000, MET),
        (299, 1000, NOT_MET),
        (0, 0, NOT_MET),
        (0, 5, NOT_MET),
        (1, 1, MET),
    ],
)
def test_share_requirement_boundary(
    supplier: RuleSet, target: int, total: int, expected: str
) -> None:
    ev = run(
        supplier,
        {"as_of": AS_OF, "employees_total": total, "employees_target_group": target},
    )
    assert criteria(ev, "reserved_4_18")["share_requirement"] == expected


def test_share_requirement_matches_exact_arithmetic(supplier: RuleSet) -> None:
    # 30 % exactly is met for every head count (no floating-point slip at the boundary).
    wrong = []
    for total in [*range(1, 41), 70, 90, 110, 230, 1000, 3333]:
        for target in {*range(0, min(total, 40) + 1), (3 * total) // 10, (3 * total + 9) // 10}:
            if target > total:
                continue
            ev = run(
                supplier,
                {"as_of": AS_OF, "employees_total": total, "employees_target_group": target},
            )
            got = criteria(ev, "reserved_4_18")["share_requirement"]
            want = MET if 10 * target >= 3 * total else NOT_MET
            if got != want:
                wrong.append((target, total, got))
    assert wrong == []


# --- reported values ------------------------------------------------------------------------


def test_values_reported_only_by_the_check_that_declares_them(supplier: RuleSet) -> None:
    ev = run(supplier, {"as_of": AS_OF, "employees_total": 10, "employees_target_group": 3})
    assert result(ev, "reserved_4_18").values == {"target_group_share": 0.3}
    for check in ("asf_definition", "reserved_19_25", "reserved_19_25a"):
        assert result(ev, check).values == {}
    assert ev.values["target_group_share"] == 0.3


@pytest.mark.parametrize(
    "facts",
    [
        {"employees_total": 0, "employees_target_group": 0},
        {"employees_total": 10},
        {"employees_target_group": 3},
        {},
    ],
)
def test_share_is_none_when_it_cannot_be_computed(supplier: RuleSet, facts: dict[str, Any]) -> None:
    ev = run(supplier, {"as_of": AS_OF, **facts})
    assert result(ev, "reserved_4_18").values == {"target_group_share": None}


def test_hand_made_check_reports_its_value(demo: RuleSet) -> None:
    ev = run(demo, {"as_of": AS_OF, "employees_total": 8, "employees_target_group": 4})
    assert [c.spec.id for c in ev.checks] == ["demo"]
    assert result(ev, "demo").values == {"target_group_share": 0.5}


# --- verified: false on a hand-made check ---------------------------------------------------


@pytest.mark.parametrize(
    ("runs_business", "awarded", "expected", "unconfirmed"),
    [
        (True, False, "ok", []),
        (False, False, "fail", []),
        (True, True, "pending", ["soft"]),
        (None, True, "pending", ["soft"]),
        (False, True, "fail", []),
        (None, False, "pending", []),
        (True, None, "pending", []),
    ],
)
def test_unverified_criterion_never_fails_alone(
    demo: RuleSet,
    runs_business: bool | None,
    awarded: bool | None,
    expected: str,
    unconfirmed: list[str],
) -> None:
    facts = {
        "as_of": AS_OF,
        "runs_business": runs_business,
        "awarded_19_25_same_authority_last_3_years": awarded,
        "employees_total": 10,
        "employees_target_group": 5,
    }
    ev = run(demo, facts)
    assert status(ev, "demo") == expected
    assert result(ev, "demo").unconfirmed_failure == unconfirmed


def test_an_unverified_failure_with_a_failing_share_fails(demo: RuleSet) -> None:
    facts = {
        "as_of": AS_OF,
        "runs_business": True,
        "awarded_19_25_same_authority_last_3_years": True,
        "employees_total": 10,
        "employees_target_group": 1,
    }
    ev = run(demo, facts)
    assert criteria(ev, "demo") == {"firm": MET, "soft": NOT_MET, "share": NOT_MET}
    assert status(ev, "demo") == "fail"


def test_marking_a_criterion_unverified_changes_only_that_check(tmp_path: Path) -> None:
    rules = copy_supplier_rules(tmp_path)
    replace_in(
        rules / "checks.yaml",
        "        when: independent_of_public_sector\n",
        "        when: independent_of_public_sector\n        verified: false\n",
    )
    changed = load_ruleset(rules)
    facts = {
        "as_of": AS_OF,
        **ASF_YES,
        "independent_of_public_sector": False,
        "employees_total": 10,
        "employees_target_group": 4,
    }
    ev = run(changed, facts)
    assert criteria(ev, "asf_definition")["independent"] == NOT_MET
    assert status(ev, "asf_definition") == "incomplete"
    assert result(ev, "asf_definition").unconfirmed_failure == ["independent"]
    assert status(ev, "reserved_4_18") == "eligible"
    # The shipped rules fail the same supplier firmly.
    assert status(run(default_supplier_ruleset(), facts), "asf_definition") == "not_met"


def test_a_changed_share_amount_is_used(tmp_path: Path) -> None:
    rules = copy_supplier_rules(tmp_path)
    replace_in(rules / "amounts.yaml", "value: 0.30", "value: 0.25")
    changed = load_ruleset(rules)
    facts = {"as_of": AS_OF, "employees_total": 100, "employees_target_group": 26}
    assert criteria(run(changed, facts), "reserved_4_18")["share_requirement"] == MET
    shipped = run(default_supplier_ruleset(), facts)
    assert criteria(shipped, "reserved_4_18")["share_requirement"] == NOT_MET


# --- missing facts --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("facts", "criterion", "missing"),
    [
        ({}, "share_requirement", ["employees_total", "employees_target_group"]),
        ({"employees_total": 10}, "share_requirement", ["employees_target_group"]),
        ({"employees_target_group": 3}, "share_requirement", ["employees_total"]),
        ({"employees_total": 0}, "share_requirement", []),
        ({}, "purpose_requirement", ["main_aim_work_integration", "sheltered_workshop"]),
        ({"main_aim_work_integration": False}, "purpose_requirement", ["sheltered_workshop"]),
        ({"main_aim_work_integration": True}, "purpose_requirement", []),
    ],
)
def test_missing_facts_per_criterion(
    supplier: RuleSet, facts: dict[str, Any], criterion: str, missing: list[str]
) -> None:
    ev = run(supplier, {"as_of": AS_OF, **facts})
    found = next(c for c in result(ev, "reserved_4_18").criteria if c.spec.id == criterion)
    assert found.missing == missing
    assert (found.status == UNKNOWN) == bool(missing)


def test_missing_facts_in_declaration_order(supplier: RuleSet) -> None:
    ev = run(supplier, {"as_of": AS_OF})
    # Registration is evidence only, so no check asks for it.
    declared = [f for f in supplier.facts if f not in ("as_of", "registered_ideburen")]
    assert ev.missing_facts == declared


def test_zero_employees_does_not_ask_for_the_target_group(supplier: RuleSet) -> None:
    facts = {**ALL_YES, "employees_total": 0}
    del facts["employees_target_group"]
    ev = run(supplier, facts)
    assert status(ev, "reserved_4_18") == "not_eligible"
    assert ev.missing_facts == []


def test_registration_does_not_replace_the_statute_answer(supplier: RuleSet) -> None:
    facts = {**ALL_YES}
    del facts["ideburen"]
    ev = run(supplier, facts)
    assert criteria(ev, "reserved_19_25a")["ideburen"] == UNKNOWN
    assert ev.missing_facts == ["ideburen"]


# --- trace, amounts and warnings ------------------------------------------------------------


def test_trace_has_one_criterion_entry_per_criterion(supplier: RuleSet) -> None:
    facts = {"as_of": AS_OF, **ASF_YES, "employees_total": 10, "employees_target_group": 2}
    ev = run(supplier, facts)
    entries = [e for e in ev.trace if e.step == "criterion"]
    expected = [f"{c.spec.id}.{crit.id}" for c in supplier.checks for crit in c.spec.criteria]
    assert [e.id for e in entries] == expected
    statuses = {
        f"{c.spec.id}.{c_res.spec.id}": c_res.status for c in ev.checks for c_res in c.criteria
    }
    for entry in entries:
        check_id = entry.id.partition(".")[0]
        assert entry.target == check_id
        assert entry.outcome == statuses[entry.id]
        assert entry.decisive == (entry.outcome != UNKNOWN)
        assert entry.result == {MET: True, NOT_MET: False, UNKNOWN: None}[entry.outcome]


def test_trace_entry_of_the_share_requirement(supplier: RuleSet) -> None:
    ev = run(supplier, {"as_of": AS_OF, "employees_total": 10, "employees_target_group": 3})
    derived = [e for e in ev.trace if e.step == "derived"]
    assert [e.id for e in derived] == ["target_group_share"]
    assert derived[0].outcome == "0.3"
    entry = next(e for e in ev.trace if e.id == "reserved_4_18.share_requirement")
    assert entry.step == "criterion"
    assert entry.condition == (
        "employees_total > 0 and target_group_share >= reserved_4_18_min_share"
    )
    assert entry.result is True
    assert entry.outcome == MET
    assert set(entry.facts) == {"employees_total", "employees_target_group"}
    assert entry.amounts == ("reserved_4_18_min_share",)
    # The derived value comes before the criteria that read it.
    assert ev.trace.index(derived[0]) < ev.trace.index(entry)


def test_unknown_criterion_trace_entry(supplier: RuleSet) -> None:
    ev = run(supplier, {"as_of": AS_OF})
    entry = next(e for e in ev.trace if e.id == "asf_definition.participation")
    assert (entry.result, entry.outcome, entry.decisive) == (None, UNKNOWN, False)
    assert entry.facts == ("participation_documented",)


def test_the_share_amount_is_used(supplier: RuleSet) -> None:
    ev = run(supplier, {"as_of": AS_OF})
    assert ev.used_amounts == ["reserved_4_18_min_share"]


def test_warnings(supplier: RuleSet) -> None:
    assert run(supplier, {"as_of": AS_OF}).warnings == []
    # the day after the rules' check date (2026-12-07)
    defaulted = run(supplier, {}, today=dt.date(2026, 12, 8))
    assert [w.id for w in defaulted.warnings] == ["as_of_defaulted", "rules_currency"]
    assert defaulted.case.as_of == dt.date(2026, 12, 8)


def test_a_rule_set_without_checks_has_none() -> None:
    route_rules = default_ruleset()
    assert route_rules.checks == ()
    ev = evaluate_checks(route_rules, parse_case(route_rules, {"as_of": AS_OF}, today=TODAY))
    assert ev.checks == []
