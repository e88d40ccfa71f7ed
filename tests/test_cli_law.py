"""The law corrections of 2026-12 (docs/kallgranskning-2026-12.md) as a user sees them through
the command line: ``python -m procurement assess`` and ``check-supplier`` in subprocesses.

The scenario tests in rules/tests/ cover both sides of each correction through the engine;
these check that the command line's JSON carries them.
"""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from tests.cli_helpers import run_cli

BASE = {"as_of": "2025-09-15", "buyer_type": "sub_central", "counterpart_ideburen": False}
NO_GROUNDS = {"urgent_unforeseeable": False, "single_supplier_only": False}

CASES: dict[str, dict[str, Any]] = {
    # 1. the court-review ground ends at the threshold
    "court_review_below": {
        **BASE,
        **NO_GROUNDS,
        "contract_type": "services",
        "estimated_value_sek": 2_000_000,
        "court_review_urgent_need": True,
    },
    "court_review_above": {
        **BASE,
        **NO_GROUNDS,
        "contract_type": "services",
        "estimated_value_sek": 3_500_000,
        "court_review_urgent_need": True,
        "social_objective_employment": False,
    },
    # 2. a contract award notice after a negotiated procedure without prior publication
    "single_supplier_above": {
        **BASE,
        "contract_type": "services",
        "estimated_value_sek": 3_500_000,
        "urgent_unforeseeable": False,
        "single_supplier_only": True,
    },
    # 3. a bilaga 2 direct award keeps the 19 a kap. duties above the threshold
    "annex2_urgency_above": {
        **BASE,
        "contract_type": "social_services",
        "estimated_value_sek": 12_000_000,
        "urgent_unforeseeable": True,
    },
    # 4. and 5. the 19 kap. 25 § reservation: its notice, and its confirmed three years
    "mission_36": {
        **BASE,
        **NO_GROUNDS,
        "court_review_urgent_need": False,
        "contract_type": "social_services",
        "estimated_value_sek": 12_000_000,
        "article77_service": True,
        "contract_duration_months": 36,
        "reserve_for_mission_organisations": True,
        "ideburen_reservable_service": False,
    },
    "mission_37": {
        **BASE,
        **NO_GROUNDS,
        "court_review_urgent_need": False,
        "contract_type": "social_services",
        "estimated_value_sek": 12_000_000,
        "article77_service": True,
        "contract_duration_months": 37,
        "reserve_for_mission_organisations": True,
        "ideburen_reservable_service": False,
    },
    # 7. a reservation without suppliers is allowed but not proposed
    "no_suppliers": {
        **BASE,
        **NO_GROUNDS,
        "court_review_urgent_need": False,
        "contract_type": "services",
        "estimated_value_sek": 1_800_000,
        "social_objective_employment": True,
        "integration_suppliers_available": False,
    },
    # 8. 19 kap. 25 a § below the threshold: Vägval abstains
    "ideburen_below": {
        **BASE,
        "counterpart_ideburen": True,
        "mutual_commercial_contract": True,
        "contract_type": "social_services",
        "estimated_value_sek": 3_000_000,
        "ideburen_reservable_service": True,
    },
}


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    folder: Path = tmp_path_factory.mktemp("cases")

    def one(name: str) -> tuple[str, dict[str, Any]]:
        path = folder / f"{name}.json"
        path.write_text(json.dumps(CASES[name]), encoding="utf-8")
        done = run_cli("assess", path, "--no-trace")
        assert done.returncode == 0, done.stderr
        return name, json.loads(done.stdout)

    with ThreadPoolExecutor(max_workers=4) as pool:
        return dict(pool.map(one, CASES))


def _duties(result: dict[str, Any]) -> dict[str, str]:
    return {o["id"]: o["status"] for o in result["obligations"]}


def _refs(result: dict[str, Any]) -> list[str]:
    return [r for o in result["obligations"] for r in o["references"]]


def _variant(result: dict[str, Any], variant: str) -> dict[str, Any]:
    return result["routes"]["reserved_contract"]["variants"][variant]


def test_court_review_ground_only_below_the_threshold(results: dict[str, Any]) -> None:
    below, above = results["court_review_below"], results["court_review_above"]
    assert below["recommended_route"] == "direct_award"
    assert above["routes"]["direct_award"]["status"] == "not_possible"
    assert above["recommended_route"] == "lou_social_considerations"
    reasons = " ".join(r["text"] for r in above["routes"]["direct_award"]["reasons"])
    assert "bara upp till tröskelvärdet" in reasons


def test_contract_award_notice_after_an_award_without_publication(results: dict[str, Any]):
    result = results["single_supplier_above"]
    assert result["recommended_route"] == "direct_award"
    duties = _duties(result)
    assert duties["contract_award_notice"] == "applies"
    assert duties["procurement_report"] == "applies"
    assert "documentation_duty" not in duties
    assert "10 kap. 4 § LOU" in _refs(result)


def test_a_bilaga_2_direct_award_keeps_its_duties_above_the_threshold(results: dict[str, Any]):
    result = results["annex2_urgency_above"]
    assert result["value_band"] == "above_eu_threshold"
    assert result["recommended_route"] == "direct_award"
    duties = _duties(result)
    for duty in ("documentation_duty", "direct_award_guidelines", "contract_award_notice"):
        assert duties[duty] == "applies", duty
    assert "19 a kap. 11 § LOU" in _refs(result)


def test_the_19_25_reservation_notice_and_its_three_years(results: dict[str, Any]) -> None:
    ok, too_long = results["mission_36"], results["mission_37"]
    assert _variant(ok, "19_25")["status"] == "recommended"
    assert _duties(ok)["reservation_notice"] == "applies"
    assert "art. 77.4 direktiv 2014/24/EU" in _refs(ok)
    assert _variant(too_long, "19_25")["status"] == "not_possible"
    assert "unconfirmed_figure" not in [w["id"] for w in too_long["warnings"]]


def test_a_reservation_without_suppliers_is_allowed_but_not_proposed(results: dict[str, Any]):
    result = results["no_suppliers"]
    variant = _variant(result, "4_18")
    assert variant["status"] == "possible"
    assert "Lagen hindrar inte" in variant["reasons"][0]["text"]
    assert result["recommended_route"] == "lou_social_considerations"
    assert "reservation_notice" not in _duties(result)


def test_19_25a_below_the_threshold_abstains(results: dict[str, Any]) -> None:
    result = results["ideburen_below"]
    variant = _variant(result, "19_25a")
    assert variant["status"] == "uncertain"
    assert any(r["unconfirmed_references"] for r in variant["reasons"])
    assert result["recommended_route"] == "direct_award"


def test_the_rules_are_checked_until_the_review(results: dict[str, Any]) -> None:
    info = results["no_suppliers"]["ruleset"]
    assert info["checked_until"] == "2026-12-07"


def test_a_recent_19_25_award_rules_the_supplier_out(tmp_path: Path) -> None:
    path = tmp_path / "supplier.json"
    path.write_text(
        json.dumps(
            {
                "as_of": "2025-10-01",
                "public_service_mission": True,
                "profits_reinvested_for_mission": True,
                "participatory_ownership": True,
                "awarded_19_25_same_authority_last_3_years": True,
            }
        ),
        encoding="utf-8",
    )
    done = run_cli("check-supplier", path)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["reserved_19_25"]["status"] == "not_eligible"
