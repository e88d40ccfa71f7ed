"""Rendering an evaluation into the public assessment, in Swedish or English."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from procurement.core.engine import evaluate
from procurement.core.errors import InputError
from procurement.core.facts_input import parse_case
from procurement.core.model import Text
from procurement.report.assessment import Assessment
from procurement.report.render import Renderer, render
from procurement.service import assess
from tests.conftest import INTERFACE_OUTPUT_KEYS


@pytest.fixture(scope="module")
def ruleset(frozen):
    """These tests check the engine's mechanics on amounts that stay put: the shipped rules
    with the frozen amounts of tests/law.py, so that a change of the law's amounts needs no
    change here."""
    return frozen


TODAY = dt.date(2025, 6, 1)
NBSP = "\u00a0"
BASE = {"as_of": "2025-06-01", "buyer_type": "sub_central", "contract_type": "services"}
ROUTES = {"direct_award", "lou_social_considerations", "reserved_contract", "iop"}
STATUSES = {"recommended", "possible", "not_possible", "uncertain"}
BANDS = {"below_direct_award_limit", "below_eu_threshold", "above_eu_threshold", "uncertain"}

CASES = [
    {},
    {**BASE, "estimated_value_sek": 500_000},
    {**BASE, "estimated_value_sek": 500_000, "counterpart_ideburen": False},
    {
        **BASE,
        "as_of": "2026-03-01",
        "estimated_value_sek": 2_000_000,
        "risk_poor_working_conditions": True,
    },
    {
        "as_of": "2025-06-01",
        "contract_type": "social_services",
        "article77_service": True,
        "contract_duration_months": 48,
        "counterpart_ideburen": True,
        "mutual_commercial_contract": False,
        "general_interest": True,
        "competitive_market_exists": False,
        "counterpart_contributes_own_resources": True,
        "counterpart_initiative": True,
    },
]


def out(ruleset, facts, lang="en"):
    return assess(facts, lang=lang, ruleset=ruleset, today=TODAY)


def as_json(ruleset, facts, lang="en") -> dict:
    return json.loads(out(ruleset, facts, lang).model_dump_json())


# --- the keys of interface.md section 1 --------------------------------------------------------


@pytest.mark.parametrize("facts", CASES)
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_every_key_of_the_interface_is_present(ruleset, facts, lang):
    data = as_json(ruleset, facts, lang)
    for key in INTERFACE_OUTPUT_KEYS:
        assert key in data, key
    dt.date.fromisoformat(data["as_of"])
    assert isinstance(data["ruleset_version"], str) and data["ruleset_version"]
    assert data["value_band"] in BANDS
    assert set(data["routes"]) == ROUTES
    for route in data["routes"].values():
        assert route["status"] in STATUSES
        assert route["reasons"], route
        for reason in route["reasons"]:
            assert isinstance(reason["text"], str) and reason["text"]
            assert isinstance(reason["references"], list)
            assert all(isinstance(r, str) and r for r in reason["references"])
    variants = data["routes"]["reserved_contract"]["variants"]
    assert set(variants) == {"4_18", "19_25", "19_25a"}
    assert all(v["status"] in STATUSES for v in variants.values())
    assert data["recommended_route"] is None or data["recommended_route"] in ROUTES
    for obligation in data["obligations"]:
        assert {"id", "text", "references"} <= set(obligation)
        assert obligation["text"]
    for warning in data["warnings"]:
        assert {"id", "text"} <= set(warning)
        assert warning["text"]
    assert all(f in ruleset.facts for f in data["missing_facts"])
    assert isinstance(data["trace"], list) and data["trace"]
    for amount in data["thresholds"].values():
        assert {"unit", "valid_from", "source", "confirmed"} <= set(amount)


@pytest.mark.parametrize("facts", CASES)
def test_output_validates_as_the_assessment_model(ruleset, facts):
    for lang in ("sv", "en"):
        result = out(ruleset, facts, lang)
        assert Assessment.model_validate_json(result.model_dump_json()) == result
        assert result.language == lang


def test_recommended_route_matches_the_route_status(ruleset):
    for facts in CASES:
        result = out(ruleset, facts)
        recommended = [r for r, v in result.routes.items() if v.status == "recommended"]
        if result.recommended_route is None:
            assert recommended == []
        else:
            assert recommended == [result.recommended_route]


def test_ruleset_information(ruleset):
    result = out(ruleset, {})
    assert result.ruleset_version == ruleset.version
    assert result.ruleset.id == ruleset.meta.id
    assert result.ruleset.checked_until == ruleset.meta.checked_until


def test_facts_are_echoed_known_only(ruleset):
    data = as_json(ruleset, {**BASE, "estimated_value_sek": 500_000, "urgent_unforeseeable": None})
    assert data["facts"] == {**BASE, "estimated_value_sek": 500_000}


# --- languages --------------------------------------------------------------------------------


@pytest.mark.parametrize("facts", CASES)
def test_english_and_swedish_texts_differ_but_decisions_do_not(ruleset, facts):
    sv, en = out(ruleset, facts, "sv"), out(ruleset, facts, "en")
    assert sv.language == "sv" and en.language == "en"
    assert sv.value_band == en.value_band
    assert sv.recommended_route == en.recommended_route
    assert sv.missing_facts == en.missing_facts
    assert [o.id for o in sv.obligations] == [o.id for o in en.obligations]
    assert [w.id for w in sv.warnings] == [w.id for w in en.warnings]
    for ident in ROUTES:
        a, b = sv.routes[ident], en.routes[ident]
        assert a.status == b.status
        assert a.label != b.label
        assert [r.references for r in a.reasons] == [r.references for r in b.reasons]
        for x, y in zip(a.reasons, b.reasons, strict=True):
            assert x.text != y.text
    for x, y in zip(sv.obligations, en.obligations, strict=True):
        assert x.text != y.text
    for x, y in zip(sv.warnings, en.warnings, strict=True):
        assert x.text != y.text


def test_default_language_is_swedish(ruleset):
    result = assess({}, ruleset=ruleset, today=TODAY)
    assert result.language == "sv"
    assert result.routes["direct_award"].label == "Direktupphandling"


# --- numbers and amounts in texts -----------------------------------------------------------------


def test_amounts_in_texts_are_formatted_per_language(ruleset):
    facts = {**BASE, "estimated_value_sek": 500_000, "counterpart_ideburen": False}
    sv = out(ruleset, facts, "sv").routes["direct_award"].reasons
    en = out(ruleset, facts, "en").routes["direct_award"].reasons
    assert any(f"500{NBSP}000 kr" in r.text and f"(700{NBSP}000 kr)" in r.text for r in sv)
    assert any("SEK 500,000" in r.text and "(SEK 700,000)" in r.text for r in en)


def test_shares_and_durations_in_texts(ruleset):
    facts = {"as_of": "2025-06-01", "integration_suppliers_available": True}
    sv = out(ruleset, facts, "sv").routes["reserved_contract"].variants["4_18"].reasons
    assert any("minst 30 % av de anställda" in r.text for r in sv)
    facts = {
        "as_of": "2025-06-01",
        "contract_type": "social_services",
        "article77_service": True,
        "contract_duration_months": 48,
    }
    sv = out(ruleset, facts, "sv").routes["reserved_contract"].variants["19_25"].reasons
    assert any("48 månader" in r.text and "36 månader" in r.text for r in sv)


def test_an_estimated_amount_is_shown_in_euro_with_a_note(ruleset):
    facts = {
        "as_of": "2026-03-01",
        "contract_type": "social_services",
        "buyer_type": "sub_central",
        "estimated_value_sek": 8_000_000,
        "ideburen_reservable_service": True,
    }
    sv = out(ruleset, facts, "sv").routes["reserved_contract"].variants["19_25a"].reasons
    assert any(
        f"750{NBSP}000 euro – motvärdet i kronor är ännu inte fastställt" in r.text for r in sv
    )


def test_unknown_values_in_texts_read_unknown(ruleset):
    case = parse_case(ruleset, {"as_of": "2025-06-01", "contract_type": "works"}, today=TODAY)
    evaluation = evaluate(ruleset, case)
    template = Text(
        sv="{estimated_value_sek} / {contract_type} / {direct_award_limit}",
        en="{estimated_value_sek} / {contract_type} / {direct_award_limit}",
    )
    assert (
        Renderer(ruleset, evaluation, "sv").text(template)
        == f"okänt / Byggentreprenad / 700{NBSP}000 kr"
    )
    assert Renderer(ruleset, evaluation, "en").text(template) == "unknown / Works / SEK 700,000"


def test_booleans_in_texts_read_yes_and_no(ruleset):
    case = parse_case(
        ruleset, {"urgent_unforeseeable": True, "single_supplier_only": False}, today=TODAY
    )
    evaluation = evaluate(ruleset, case)
    template = Text(
        sv="{urgent_unforeseeable}/{single_supplier_only}",
        en="{urgent_unforeseeable}/{single_supplier_only}",
    )
    assert Renderer(ruleset, evaluation, "sv").text(template) == "ja/nej"
    assert Renderer(ruleset, evaluation, "en").text(template) == "yes/no"


def test_dependency_reasons_name_the_fact_labels(ruleset):
    facts = {**BASE, "estimated_value_sek": 1_000_000, "court_review_urgent_need": False}
    sv = out(ruleset, facts, "sv").routes["direct_award"].reasons[0].text
    en = out(ruleset, facts, "en").routes["direct_award"].reasons[0].text
    assert sv == (
        "Kan inte avgöras ännu. Svaret beror på: "
        "Synnerlig brådska?; Finns bara en möjlig leverantör?"
    )
    assert en == (
        "Cannot be decided yet. The answer depends on: "
        "Extreme urgency?; Only one possible supplier?"
    )


def test_no_placeholder_is_left_unfilled(ruleset):
    for facts in CASES:
        for lang in ("sv", "en"):
            data = out(ruleset, facts, lang)
            texts = [r.text for route in data.routes.values() for r in route.reasons]
            texts += [
                r.text
                for route in data.routes.values()
                for v in (route.variants or {}).values()
                for r in v.reasons
            ]
            texts += [o.text for o in data.obligations] + [w.text for w in data.warnings]
            for text in texts:
                assert "{" not in text and "}" not in text, text


# --- references -----------------------------------------------------------------------------------


def test_reasons_carry_their_legal_references(ruleset):
    facts = {
        **BASE,
        "estimated_value_sek": 1_000_000,
        "urgent_unforeseeable": False,
        "single_supplier_only": False,
        "court_review_urgent_need": False,
    }
    reasons = out(ruleset, facts).routes["direct_award"].reasons
    assert any("5 kap. 11 § LOU" in r.references for r in reasons)


def test_unconfirmed_references_are_marked_and_warned_about(ruleset):
    facts = {**BASE, "estimated_value_sek": 500_000, "counterpart_ideburen": False}
    result = out(ruleset, facts)
    low_value = next(
        r for r in result.routes["direct_award"].reasons if "19 a kap. 1 § LOU" in r.references
    )
    assert low_value.unconfirmed_references == ["19 a kap. 3 § LOU"]
    warning = next(w for w in result.warnings if w.id == "unconfirmed_references")
    assert "19 a kap. 3 § LOU" in warning.references
    assert "19 a kap. 3 § LOU" in warning.text


# --- thresholds and trace -----------------------------------------------------------------------


def test_thresholds_are_the_amounts_used(ruleset):
    case = parse_case(ruleset, {**BASE, "estimated_value_sek": 1_000_000}, today=TODAY)
    evaluation = evaluate(ruleset, case)
    result = render(ruleset, evaluation, "en")
    assert list(result.thresholds) == evaluation.used_amounts
    for ident, item in result.thresholds.items():
        assert item.id == ident
        assert item.label == ruleset.amounts[ident].label.en
        assert item.unit == ruleset.amounts[ident].unit


def test_estimated_threshold_output(ruleset):
    result = out(ruleset, {**BASE, "as_of": "2026-03-01", "estimated_value_sek": 2_451_751})
    item = result.thresholds["eu_threshold_supplies_services_subcentral"]
    assert item.value is None
    assert item.eur == 216000
    assert item.estimated_range == [2451261, 2452242]
    assert item.confirmed is False
    assert item.eur_confirmed is True
    assert item.entered_locally is False
    assert item.used_as == ["eu_threshold"]


def test_integral_amounts_are_ints_in_json(ruleset):
    data = as_json(ruleset, {**BASE, "estimated_value_sek": 1_000_000})
    assert data["thresholds"]["direct_award_limit_lou"]["value"] == 700000
    assert isinstance(data["thresholds"]["direct_award_limit_lou"]["value"], int)


def test_trace_results_are_words(ruleset):
    result = out(ruleset, {**BASE, "estimated_value_sek": 1_000_000})
    assert {e.result for e in result.trace} == {"true", "false", "unknown"}
    as_of_entries = [e for e in result.trace if "as_of" in e.facts]
    assert as_of_entries and all(e.facts["as_of"] == "2025-06-01" for e in as_of_entries)


# --- bugs ------------------------------------------------------------------------------------


# Regression (found at 0db685b): recommendation_pending was inserted once per waiting
# recommendation of the same route, and near_unconfirmed_amount once per name resolving to
# the same estimated amount, so the same sentence appeared twice.
@pytest.mark.parametrize(
    ("facts", "route", "variant"),
    [
        ({**BASE, "estimated_value_sek": 500_000}, "direct_award", None),
        (
            {
                "as_of": "2026-03-01",
                "contract_type": "social_services",
                "buyer_type": "sub_central",
                "estimated_value_sek": 8_000_000,
                "ideburen_reservable_service": True,
            },
            "reserved_contract",
            "19_25a",
        ),
    ],
)
def test_a_reason_is_not_repeated(ruleset, facts, route, variant):
    result = out(ruleset, facts)
    part = result.routes[route] if variant is None else result.routes[route].variants[variant]
    texts = [r.text for r in part.reasons]
    assert len(texts) == len(set(texts)), texts


@pytest.mark.parametrize("facts", CASES)
def test_no_route_or_variant_repeats_a_reason(ruleset, facts):
    result = out(ruleset, facts)
    for route in result.routes.values():
        parts = [route, *(route.variants or {}).values()]
        for part in parts:
            texts = [r.text for r in part.reasons]
            assert len(texts) == len(set(texts)), texts


@pytest.mark.parametrize(
    "facts",
    [
        {"estimated_value_sek": 10**24},
        {"estimated_value_sek": 1e25},
        {
            "as_of": "2025-06-01",
            "contract_type": "social_services",
            "article77_service": True,
            "contract_duration_months": 10**24,
        },
    ],
)
def test_a_huge_value_is_refused_or_assessed_never_a_crash(ruleset, facts):
    # At 1d0a997 these crashed in the text formatting (decimal.InvalidOperation).
    try:
        result = out(ruleset, facts)
    except InputError as exc:
        assert exc.field in facts
    else:
        assert Assessment.model_validate_json(result.model_dump_json()) == result
