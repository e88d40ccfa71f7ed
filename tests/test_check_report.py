"""render_checks and procurement.service.check_supplier: the public result of a supplier check
(interface.md section 2) in Swedish and English, its missing_evidence rules, the criterion
details and the trace."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from procurement.core.checks import evaluate_checks
from procurement.core.errors import InputError, UnsupportedDateError
from procurement.core.facts_input import parse_case
from procurement.core.loader import DEFAULT_SUPPLIER_RULES_DIR, load_ruleset
from procurement.core.ruleset import RuleSet
from procurement.report.check_report import CheckReport, render_checks
from procurement.service import check_supplier, default_supplier_ruleset
from tests.rule_variants import supplier_with_unconfirmed_three_year_rule

TODAY = dt.date(2025, 6, 1)
AS_OF = "2025-06-01"
NBSP = "\u00a0"
CHECKS = ("asf_definition", "reserved_4_18", "reserved_19_25", "reserved_19_25a")
ASF_CRITERIA = [
    "runs_business",
    "integration_aim",
    "participation",
    "reinvests_profits",
    "independent",
]
ASF_YES = dict.fromkeys(
    [
        "runs_business",
        "main_aim_work_integration",
        "participation_documented",
        "reinvests_profits_mainly",
        "independent_of_public_sector",
    ],
    True,
)
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
    **R19_25A_YES,
    **R19_25_YES,
}


@pytest.fixture(scope="module")
def supplier() -> RuleSet:
    return default_supplier_ruleset()


def report(facts: dict[str, Any], lang: str = "sv", today: dt.date = TODAY) -> dict[str, Any]:
    return check_supplier(facts, lang=lang, today=today).model_dump(mode="json")  # type: ignore[arg-type]


def wanted(data: dict[str, Any], check: str) -> list[tuple[str, str]]:
    return [(item["criterion"], item["kind"]) for item in data["missing_evidence"][check]]


def documents(ruleset: RuleSet, check: str, lang: str = "sv") -> dict[str, list[str]]:
    spec = next(c.spec for c in ruleset.checks if c.spec.id == check)
    return {crit.id: [t.get(lang) for t in crit.evidence] for crit in spec.criteria}


# --- the JSON shape of interface.md section 2 ------------------------------------------------


def test_output_keys_match_the_interface() -> None:
    data = report(ALL_YES)
    for key in (*CHECKS, "missing_evidence", "as_of", "ruleset_version", "missing_facts"):
        assert key in data, key
    assert data["checks"] == list(CHECKS)
    assert data["asf_definition"]["status"] in {"met", "not_met", "incomplete"}
    assert list(data["asf_definition"]["criteria"]) == ASF_CRITERIA
    assert set(data["asf_definition"]["criteria"].values()) <= {"met", "not_met", "unknown"}
    for check in CHECKS[1:]:
        assert data[check]["status"] in {"eligible", "not_eligible", "incomplete"}
    assert data["reserved_4_18"]["target_group_share"] == 0.3
    assert set(data["missing_evidence"]) == set(CHECKS)
    for check in CHECKS:
        assert {"label", "status", "criteria", "details", "evidence", "references"} <= set(
            data[check]
        )
        assert list(data[check]["details"]) == list(data[check]["criteria"])


def test_the_report_is_valid_json() -> None:
    text = check_supplier(ALL_YES, today=TODAY).model_dump_json()
    data = json.loads(text)
    assert data["asf_definition"]["status"] == "met"
    assert data["as_of"] == AS_OF


def test_only_reserved_4_18_reports_the_share() -> None:
    data = report(ALL_YES)
    for check in ("asf_definition", "reserved_19_25", "reserved_19_25a"):
        assert "target_group_share" not in data[check]


@pytest.mark.parametrize(
    ("counts", "share"),
    [
        ({"employees_total": 10, "employees_target_group": 3}, 0.3),
        ({"employees_total": 1000, "employees_target_group": 299}, 0.299),
        ({"employees_total": 0, "employees_target_group": 0}, None),
        ({"employees_total": 10}, None),
        ({}, None),
    ],
)
def test_target_group_share_value(counts: dict[str, int], share: float | None) -> None:
    data = report({"as_of": AS_OF, **counts})
    assert "target_group_share" in data["reserved_4_18"]
    assert data["reserved_4_18"]["target_group_share"] == share


def test_facts_echo_only_known_answers() -> None:
    data = report({"as_of": AS_OF, "runs_business": True, "employees_total": 4})
    assert data["facts"] == {"as_of": AS_OF, "runs_business": True, "employees_total": 4}


def test_report_metadata(supplier: RuleSet) -> None:
    data = report(ALL_YES, lang="en")
    assert data["language"] == "en"
    assert data["ruleset_version"] == supplier.version
    assert data["ruleset_version"].startswith(supplier.meta.version + "+")
    assert data["missing_facts"] == []
    assert data["warnings"] == []


@pytest.fixture(scope="module")
def unconfirmed(tmp_path_factory: pytest.TempPathFactory) -> RuleSet:
    """The supplier rules with the three-year rule unconfirmed (as before 2026-12)."""
    return supplier_with_unconfirmed_three_year_rule(tmp_path_factory.mktemp("rules"))


def test_an_unconfirmed_criterion_is_warned_about(unconfirmed: RuleSet) -> None:
    data = check_supplier(ALL_YES, lang="en", ruleset=unconfirmed, today=TODAY).model_dump(
        mode="json"
    )
    assert [w["id"] for w in data["warnings"]] == ["unconfirmed_references"]
    assert data["warnings"][0]["references"] == ["art. 77.2 d direktiv 2014/24/EU"]


# --- missing_evidence -------------------------------------------------------------------------


def test_met_asf_lists_the_documents_of_all_five_criteria(supplier: RuleSet) -> None:
    data = report(ALL_YES)
    docs = documents(supplier, "asf_definition")
    assert wanted(data, "asf_definition") == [
        (crit, "document") for crit in ASF_CRITERIA for _ in docs[crit]
    ]
    texts = [item["text"] for item in data["missing_evidence"]["asf_definition"]]
    assert texts == [t for crit in ASF_CRITERIA for t in docs[crit]]


def test_eligible_4_18_lists_both_criteria() -> None:
    data = report(ALL_YES)
    assert wanted(data, "reserved_4_18") == [
        ("purpose_requirement", "document"),
        ("share_requirement", "document"),
    ]


def test_criterion_without_documents_adds_nothing() -> None:
    data = report(ALL_YES)
    criteria = {crit for crit, _ in wanted(data, "reserved_19_25a")}
    assert data["reserved_19_25a"]["criteria"]["in_force"] == "met"
    assert "in_force" not in criteria
    # ideburen has two documents: the statutes and, as support, the registration.
    assert wanted(data, "reserved_19_25a")[:2] == [("ideburen", "document")] * 2


def test_unknown_criterion_asks_first_then_lists_documents() -> None:
    facts = {**ALL_YES}
    del facts["participation_documented"]
    data = report(facts)
    items = [
        i for i in data["missing_evidence"]["asf_definition"] if i["criterion"] == "participation"
    ]
    assert [i["kind"] for i in items] == ["answer", "document"]
    assert items[0]["text"] == "Besvara: Är medarbetarnas delaktighet dokumenterad?"
    assert data["asf_definition"]["status"] == "incomplete"
    assert data["missing_facts"] == ["participation_documented"]


def test_answer_item_names_every_missing_fact() -> None:
    facts = {
        k: v for k, v in ALL_YES.items() if k not in ("employees_total", "employees_target_group")
    }
    data = report(facts, lang="en")
    items = [i for i in data["missing_evidence"]["reserved_4_18"] if i["kind"] == "answer"]
    assert [i["criterion"] for i in items] == ["share_requirement"]
    assert items[0]["text"] == (
        "Answer: Number of employees; Of whom persons with disabilities or with difficulty "
        "entering the labour market"
    )


@pytest.mark.parametrize(
    ("change", "check"),
    [
        ({"runs_business": False}, "asf_definition"),
        ({"employees_target_group": 2}, "reserved_4_18"),
        ({"participatory_ownership": False}, "reserved_19_25"),
        ({"as_of": "2022-06-01"}, "reserved_19_25a"),
        ({"public_controlling_influence": True}, "reserved_19_25a"),
    ],
)
def test_a_failed_check_wants_nothing(change: dict[str, Any], check: str) -> None:
    data = report({**ALL_YES, **change})
    assert data[check]["status"] in {"not_met", "not_eligible"}
    assert data["missing_evidence"][check] == []
    # The evidence of every criterion is still shown with the check.
    assert data[check]["evidence"]


def test_a_failed_check_with_open_criteria_wants_nothing() -> None:
    data = report({"as_of": AS_OF, "independent_of_public_sector": False})
    assert data["asf_definition"]["status"] == "not_met"
    assert data["missing_evidence"]["asf_definition"] == []
    assert "runs_business" in data["missing_facts"]


def _with(rs: RuleSet, facts: dict[str, Any], lang: str = "sv") -> dict[str, Any]:
    return check_supplier(facts, lang=lang, ruleset=rs, today=TODAY).model_dump(mode="json")  # type: ignore[arg-type]


def test_open_check_leaves_out_its_unconfirmed_failure(unconfirmed: RuleSet) -> None:
    data = _with(unconfirmed, {**ALL_YES, "awarded_19_25_same_authority_last_3_years": True})
    assert data["reserved_19_25"]["status"] == "incomplete"
    criteria = {crit for crit, _ in wanted(data, "reserved_19_25")}
    assert criteria == {"public_service_mission", "profits_reinvested", "participatory_ownership"}
    assert all(kind == "document" for _, kind in wanted(data, "reserved_19_25"))


def test_evidence_lists_every_document_whatever_the_status(supplier: RuleSet) -> None:
    for facts in (ALL_YES, {"as_of": AS_OF}, {**ALL_YES, "runs_business": False}):
        data = report(facts)
        for check in CHECKS:
            docs = documents(supplier, check)
            assert [e["text"] for e in data[check]["evidence"]] == [
                t for texts in docs.values() for t in texts
            ]
            assert {e["kind"] for e in data[check]["evidence"]} <= {"document"}


def test_missing_evidence_in_english(supplier: RuleSet) -> None:
    data = report(ALL_YES, lang="en")
    texts = [i["text"] for i in data["missing_evidence"]["reserved_4_18"]]
    docs = documents(supplier, "reserved_4_18", "en")
    assert texts == docs["purpose_requirement"] + docs["share_requirement"]


# --- details of each criterion ----------------------------------------------------------------


def test_details_of_met_criteria_use_the_met_text(supplier: RuleSet) -> None:
    data = report(ALL_YES)
    spec = next(c.spec for c in supplier.checks if c.spec.id == "asf_definition")
    for crit in spec.criteria:
        detail = data["asf_definition"]["details"][crit.id]
        assert detail["status"] == "met"
        assert detail["reason"] == crit.met.get("sv")
        assert detail["label"] == crit.label.get("sv")
        assert detail["confirmed"] is True
        assert detail["missing_facts"] == []
        assert detail["references"] == [r.ref for r in crit.references]


def test_details_of_an_unknown_criterion() -> None:
    data = report({"as_of": AS_OF, "main_aim_work_integration": False})
    detail = data["reserved_4_18"]["details"]["purpose_requirement"]
    assert detail["status"] == "unknown"
    assert detail["missing_facts"] == ["sheltered_workshop"]
    assert detail["reason"] == "Kan inte avgöras ännu. Det beror på: Är ni en skyddad verkstad?"


def test_details_of_the_confirmed_three_year_rule() -> None:
    data = report({**ALL_YES, "awarded_19_25_same_authority_last_3_years": True})
    assert data["reserved_19_25"]["status"] == "not_eligible"
    detail = data["reserved_19_25"]["details"]["not_recently_awarded"]
    assert detail["status"] == "not_met"
    assert detail["confirmed"] is True
    assert detail["references"] == ["19 kap. 25 § LOU", "art. 77.2 d direktiv 2014/24/EU"]
    assert detail["reason"] == (
        "Organisationen har fått ett sådant kontrakt av samma myndighet de senaste tre åren."
    )


def test_details_of_the_unconfirmed_three_year_rule(unconfirmed: RuleSet) -> None:
    data = _with(unconfirmed, {**ALL_YES, "awarded_19_25_same_authority_last_3_years": True})
    detail = data["reserved_19_25"]["details"]["not_recently_awarded"]
    assert detail["status"] == "not_met"
    assert detail["confirmed"] is False
    assert detail["references"] == ["art. 77.2 d direktiv 2014/24/EU"]
    assert detail["reason"].startswith(
        "Organisationen har fått ett sådant kontrakt av samma myndighet de senaste tre åren. "
    )
    assert (
        "Kravet ”Inget sådant kontrakt från samma myndighet de senaste tre åren” bygger på "
        "direktivet" in detail["reason"]
    )


def test_a_confirmed_failure_has_no_unconfirmed_note() -> None:
    data = report({**ALL_YES, "participatory_ownership": False})
    detail = data["reserved_19_25"]["details"]["participatory_ownership"]
    assert detail["confirmed"] is True
    assert detail["reason"] == (
        "Ledning eller ägande bygger varken på medarbetarägande eller på aktivt deltagande."
    )


def test_the_unconfirmed_note_in_english(unconfirmed: RuleSet) -> None:
    data = _with(unconfirmed, {**ALL_YES, "awarded_19_25_same_authority_last_3_years": True}, "en")
    reason = data["reserved_19_25"]["details"]["not_recently_awarded"]["reason"]
    assert 'The requirement "No such contract from the same authority in the last three years"' in (
        reason
    )
    assert "does not fail the test on it alone" in reason


# --- Swedish and English numbers --------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "target", "total", "text"),
    [
        ("sv", 3, 10, "3 av 10 anställda (30 %)"),
        ("en", 3, 10, "3 of 10 employees (30%)"),
        ("sv", 300, 1000, f"300 av 1{NBSP}000 anställda (30 %)"),
        ("en", 300, 1000, "300 of 1,000 employees (30%)"),
        ("sv", 45, 120, "45 av 120 anställda (37,5 %)"),
        ("en", 45, 120, "45 of 120 employees (37.5%)"),
    ],
)
def test_share_formatting(lang: str, target: int, total: int, text: str) -> None:
    data = report(
        {
            "as_of": AS_OF,
            "sheltered_workshop": True,
            "employees_total": total,
            "employees_target_group": target,
        },
        lang=lang,
    )
    reason = data["reserved_4_18"]["details"]["share_requirement"]["reason"]
    assert reason.startswith(text), reason
    assert reason.endswith("minst 30 % krävs." if lang == "sv" else "at least 30% is required.")


def test_labels_follow_the_language() -> None:
    sv, en = report(ALL_YES), report(ALL_YES, lang="en")
    assert sv["asf_definition"]["label"] == (
        "Arbetsintegrerande socialt företag (Tillväxtverkets definition)"
    )
    assert en["asf_definition"]["label"] == (
        "Work-integration social enterprise (Tillväxtverket's definition)"
    )
    assert en["reserved_4_18"]["details"]["share_requirement"]["label"] == "The share requirement"
    # Statuses and ids do not depend on the language.
    for check in CHECKS:
        assert sv[check]["status"] == en[check]["status"]
        assert sv[check]["criteria"] == en[check]["criteria"]


# --- trace --------------------------------------------------------------------------------------


def test_trace_in_the_report() -> None:
    data = report({"as_of": AS_OF, "employees_total": 10, "employees_target_group": 3})
    steps = [e["step"] for e in data["trace"]]
    assert steps[0] == "derived"
    assert steps.count("criterion") == 16
    share = next(e for e in data["trace"] if e["id"] == "reserved_4_18.share_requirement")
    assert share["result"] == "true"
    assert share["outcome"] == "met"
    assert share["target"] == "reserved_4_18"
    assert share["facts"] == {"employees_target_group": 3, "employees_total": 10}
    assert [a["id"] for a in share["amounts"]] == ["reserved_4_18_min_share"]
    assert share["amounts"][0]["value"] == 0.3
    unknown = next(e for e in data["trace"] if e["id"] == "asf_definition.runs_business")
    assert (unknown["result"], unknown["outcome"], unknown["decisive"]) == (
        "unknown",
        "unknown",
        False,
    )
    assert unknown["facts"] == {"runs_business": None}


# --- warnings, dates and errors ------------------------------------------------------------------


def test_default_date_is_today_and_is_warned_about() -> None:
    data = report({"runs_business": True}, today=dt.date(2026, 11, 22))
    assert data["as_of"] == "2026-11-22"
    ids = [w["id"] for w in data["warnings"]]
    assert ids == ["as_of_defaulted"]
    assert "2026-11-22" in data["warnings"][0]["text"]


@pytest.mark.parametrize(
    ("facts", "field", "lang", "snippet"),
    [
        (
            {"employees_total": 5, "employees_target_group": 6},
            "employees_target_group",
            "sv",
            "fler anställda i målgruppen än anställda totalt",
        ),
        (
            {"ideburen": False, "registered_ideburen": True},
            "registered_ideburen",
            "en",
            "the answers contradict each other",
        ),
        ({"as_of": "2022-01-31"}, "as_of", "sv", "ligger före 2022-02-01"),
        ({"runs_business": "kanske"}, "runs_business", "en", "expected true or false"),
    ],
)
def test_check_supplier_input_errors(
    facts: dict[str, Any], field: str, lang: str, snippet: str
) -> None:
    with pytest.raises(InputError) as info:
        check_supplier({"as_of": AS_OF, **facts}, lang=lang, today=TODAY)  # type: ignore[arg-type]
    assert info.value.field == field
    assert snippet in str(info.value)


def test_an_early_date_is_an_unsupported_date_error() -> None:
    with pytest.raises(UnsupportedDateError):
        check_supplier({"as_of": "2021-12-31"}, today=TODAY)


# --- render_checks directly and on a modified rule set ---------------------------------------


def test_render_checks_equals_check_supplier(supplier: RuleSet) -> None:
    case = parse_case(supplier, ALL_YES, today=TODAY, lang="en")
    rendered = render_checks(supplier, evaluate_checks(supplier, case), "en")
    assert isinstance(rendered, CheckReport)
    assert rendered.model_dump(mode="json") == report(ALL_YES, lang="en")


def test_check_supplier_with_a_modified_rule_set(tmp_path: Path) -> None:
    rules = tmp_path / "supplier"
    shutil.copytree(DEFAULT_SUPPLIER_RULES_DIR, rules, ignore=shutil.ignore_patterns("tests"))
    checks = rules / "checks.yaml"
    text = checks.read_text(encoding="utf-8")
    old = "    outcomes: {met: met, not_met: not_met, open: incomplete}\n"
    assert text.count(old) == 1
    new = (
        "    outcomes: {met: asf, not_met: no_asf, open: unclear}\n"
        "    values: [target_group_share]\n"
    )
    checks.write_text(text.replace(old, new), encoding="utf-8")
    changed = load_ruleset(rules)
    out = check_supplier(
        {"as_of": AS_OF, **ASF_YES, "employees_total": 4, "employees_target_group": 1},
        ruleset=changed,
        today=TODAY,
    ).model_dump(mode="json")
    assert out["asf_definition"]["status"] == "asf"
    assert out["asf_definition"]["target_group_share"] == 0.25
    assert out["reserved_4_18"]["status"] == "not_eligible"
    assert out["ruleset_version"] != default_supplier_ruleset().version
