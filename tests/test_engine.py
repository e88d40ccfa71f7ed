"""The engine on the shipped rules: precedence, defaults, downgrades, recommendation,
obligations and the trace."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
import yaml

from procurement.core.conditions import OneOf
from procurement.core.engine import aggregate_status, evaluate
from procurement.core.evaluation import Evaluation
from procurement.core.facts_input import parse_case
from procurement.core.loader import load_ruleset
from procurement.service import assess


@pytest.fixture(scope="module")
def ruleset(frozen):
    """These tests check the engine's mechanics on amounts that stay put: the shipped rules
    with the frozen amounts of tests/law.py, so that a change of the law's amounts needs no
    change here."""
    return frozen


TODAY = dt.date(2025, 6, 1)
BASE = {"as_of": "2025-06-01", "buyer_type": "sub_central", "contract_type": "services"}
NO_EXCEPTION = {
    "urgent_unforeseeable": False,
    "single_supplier_only": False,
    "court_review_urgent_need": False,
}
IOP_NO = {"counterpart_ideburen": False}
IOP_YES = {
    "counterpart_ideburen": True,
    "mutual_commercial_contract": False,
    "general_interest": True,
    "competitive_market_exists": False,
    "counterpart_contributes_own_resources": True,
    "counterpart_initiative": True,
}
IOP_FACTS = list(IOP_YES)


def run(ruleset, facts: dict, today: dt.date = TODAY) -> Evaluation:
    return evaluate(ruleset, parse_case(ruleset, facts, today=today))


def out(ruleset, facts: dict, lang: str = "en"):
    return assess(facts, lang=lang, ruleset=ruleset, today=TODAY)


def obligations(assessment) -> dict[str, str]:
    return {o.id: o.status for o in assessment.obligations}


# --- aggregate_status ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("statuses", "expected"),
    [
        (["not_possible", "not_possible", "not_possible"], "not_possible"),
        (["possible", "not_possible"], "possible"),
        (["possible", "uncertain", "not_possible"], "uncertain"),
        (["recommended", "uncertain", "possible"], "recommended"),
        ([], "not_possible"),
    ],
)
def test_aggregate_status(statuses, expected):
    assert aggregate_status(statuses) == expected


# --- precedence ---------------------------------------------------------------------------------


def test_a_higher_unknown_rule_with_another_status_makes_uncertain(ruleset):
    facts = {
        **BASE,
        "estimated_value_sek": 1_000_000,
        "single_supplier_only": False,
        "court_review_urgent_need": False,
    }
    ev = run(ruleset, facts)
    target = ev.targets["direct_award"]
    assert target.status == "uncertain"
    assert target.decided_by is None
    assert target.missing == {"urgent_unforeseeable"}
    assert "urgent_unforeseeable" in ev.missing_facts

    rendered = out(ruleset, facts).routes["direct_award"]
    assert rendered.status == "uncertain"
    assert rendered.missing_facts == ["urgent_unforeseeable"]
    assert rendered.reasons[0].text.startswith("Cannot be decided yet.")
    assert "Extreme urgency?" in rendered.reasons[0].text


def test_every_blocking_rule_lists_its_facts(ruleset):
    ev = run(ruleset, {**BASE, "estimated_value_sek": 1_000_000})
    target = ev.targets["direct_award"]
    assert target.status == "uncertain"
    assert target.missing == {
        "urgent_unforeseeable",
        "single_supplier_only",
        "court_review_urgent_need",
    }


@pytest.mark.parametrize(
    ("urgent", "status", "rule"),
    [
        (False, "not_possible", "direct_award_value_too_high"),
        (True, "possible", "direct_award_urgency"),
    ],
)
def test_answering_the_blocking_fact_decides(ruleset, urgent, status, rule):
    facts = {
        **BASE,
        **IOP_NO,
        "estimated_value_sek": 1_000_000,
        "single_supplier_only": False,
        "court_review_urgent_need": False,
        "urgent_unforeseeable": urgent,
    }
    target = run(ruleset, facts).targets["direct_award"]
    assert target.decided_by == rule
    assert target.missing == set()
    assert target.status in (status, "recommended")


def test_a_higher_unknown_rule_with_the_same_status_does_not_block(ruleset):
    # urgency and single supplier (unknown) would also give 'possible', as low value does.
    ev = run(ruleset, {**BASE, "estimated_value_sek": 500_000})
    target = ev.targets["direct_award"]
    assert target.status == "possible"
    assert target.decided_by == "direct_award_low_value"
    assert target.missing == set()
    assert (
        out(ruleset, {**BASE, "estimated_value_sek": 500_000}).routes["direct_award"].missing_facts
        == []
    )


def test_a_rule_decides_despite_unknown_higher_rules_of_the_same_status(ruleset):
    # The employment-requirement rules (higher, also 'possible') are unknown without the
    # social objective; they cannot change the status, so the value band's rule decides.
    target = run(ruleset, {**BASE, "estimated_value_sek": 1_500_000}).targets[
        "lou_social_considerations"
    ]
    assert target.status == "possible"
    assert target.decided_by == "lou_social_below_threshold"
    assert target.missing == set()


def test_nothing_known_leaves_an_always_possible_route_with_its_default(ruleset):
    target = run(ruleset, {}).targets["lou_social_considerations"]
    assert (target.status, target.decided_by) == ("possible", None)


def test_the_highest_rule_that_holds_wins(ruleset):
    facts = {**BASE, "estimated_value_sek": 500_000, "urgent_unforeseeable": True}
    assert run(ruleset, facts).targets["direct_award"].decided_by == "direct_award_urgency"
    facts = {**BASE, "contract_type": "works", "article77_service": False}
    assert (
        run(ruleset, facts).targets["reserved_contract.19_25"].decided_by
        == "reserved_19_25_not_annex2"
    )


# --- default status ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def gap_ruleset(tmp_path_factory, frozen_dir):
    """The shipped rules, except that 'value too high' starts at the EU threshold, so that
    values between the direct award limit and the threshold reach the default status."""
    folder: Path = tmp_path_factory.mktemp("rules")
    for path in frozen_dir.glob("*.yaml"):
        shutil.copy(path, folder / path.name)
    target = folder / "direct_award.yaml"
    text = target.read_text(encoding="utf-8")
    old = "when: estimated_value_sek >= direct_award_limit"
    assert text.count(old) == 1
    target.write_text(
        text.replace(old, "when: estimated_value_sek >= eu_threshold"), encoding="utf-8"
    )
    return load_ruleset(folder)


def test_default_status_when_no_rule_holds(gap_ruleset):
    facts = {**BASE, **NO_EXCEPTION, "estimated_value_sek": 1_000_000}
    target = run(gap_ruleset, facts).targets["direct_award"]
    assert target.status == "not_possible"
    assert target.decided_by is None
    assert target.missing == set()
    reasons = out(gap_ruleset, facts).routes["direct_award"].reasons
    assert [r.text for r in reasons] == ["No ground for a direct award is met."]
    reasons_sv = out(gap_ruleset, facts, "sv").routes["direct_award"].reasons
    assert [r.text for r in reasons_sv] == ["Ingen grund för direktupphandling är uppfylld."]


def test_default_status_is_blocked_by_an_unknown_rule_with_another_status(gap_ruleset):
    facts = {
        **BASE,
        "single_supplier_only": False,
        "court_review_urgent_need": False,
        "estimated_value_sek": 1_000_000,
    }
    target = run(gap_ruleset, facts).targets["direct_award"]
    assert target.status == "uncertain"
    assert target.missing == {"urgent_unforeseeable"}


# --- the unverified-figure downgrade ------------------------------------------------------------

ANNEX2 = {"as_of": "2025-06-01", "contract_type": "social_services", "article77_service": True}


@pytest.fixture(scope="module")
def unverified_ruleset(tmp_path_factory, frozen_dir):
    """The shipped rules with the 36-month limit of 19 kap. 25 § marked unconfirmed (as it was
    until 2026-12), to test how a decision resting on an unconfirmed figure is downgraded."""
    folder: Path = tmp_path_factory.mktemp("rules")
    for path in frozen_dir.glob("*.yaml"):
        shutil.copy(path, folder / path.name)
    target = folder / "amounts.yaml"
    data = yaml.safe_load(target.read_text(encoding="utf-8"))
    (limit,) = [a for a in data["amounts"] if a["id"] == "reserved_19_25_max_duration_months"]
    for period in limit["periods"]:
        assert period["verified"] is True
        period["verified"] = False
    target.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return load_ruleset(folder)


def test_the_shipped_duration_limit_is_confirmed_and_decides(ruleset):
    facts = {**ANNEX2, "contract_duration_months": 48}
    assert run(ruleset, facts).targets["reserved_contract.19_25"].status == "not_possible"
    assert "unconfirmed_figure" not in {w.id for w in out(ruleset, facts).warnings}


def test_a_rule_deciding_by_an_unconfirmed_figure_gives_uncertain(unverified_ruleset):
    ruleset = unverified_ruleset
    facts = {**ANNEX2, "contract_duration_months": 48}
    ev = run(ruleset, facts)
    target = ev.targets["reserved_contract.19_25"]
    assert target.status == "uncertain"
    assert target.missing == set()

    variant = out(ruleset, facts).routes["reserved_contract"].variants["19_25"]
    assert variant.status == "uncertain"
    texts = [r.text for r in variant.reasons]
    assert any("exceeds the 36 months" in t for t in texts)
    assert any("not confirmed in a Swedish source" in t for t in texts)
    assert "unconfirmed_figure" in {w.id for w in out(ruleset, facts).warnings}


def test_facts_that_would_settle_an_unconfirmed_figure_decision_are_missing(unverified_ruleset):
    ruleset = unverified_ruleset
    facts = {
        "as_of": "2025-06-01",
        "contract_type": "social_services",
        "contract_duration_months": 48,
    }
    result = out(ruleset, facts)
    assert result.routes["reserved_contract"].variants["19_25"].status == "uncertain"
    settled = out(ruleset, {**facts, "article77_service": False})
    assert settled.routes["reserved_contract"].variants["19_25"].status == "not_possible"
    assert "article77_service" in result.missing_facts
    assert "article77_service" in result.routes["reserved_contract"].missing_facts


def test_a_rule_not_relying_on_the_unconfirmed_figure_decides(ruleset):
    target = run(ruleset, {**ANNEX2, "contract_duration_months": 36}).targets[
        "reserved_contract.19_25"
    ]
    assert target.status == "possible"
    assert target.decided_by == "reserved_19_25_possible"


def test_confirmed_figures_do_not_downgrade(ruleset):
    target = run(ruleset, {**BASE, "estimated_value_sek": 100}).targets["direct_award"]
    assert target.status in ("possible", "recommended")
    assert target.decided_by == "direct_award_low_value"


# --- value band -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("facts", "band"),
    [
        ({**BASE, "estimated_value_sek": 0}, "below_direct_award_limit"),
        ({**BASE, "estimated_value_sek": 699_999}, "below_direct_award_limit"),
        ({**BASE, "estimated_value_sek": 700_000}, "below_eu_threshold"),
        ({**BASE, "estimated_value_sek": 2_389_584}, "below_eu_threshold"),
        ({**BASE, "estimated_value_sek": 2_389_585}, "above_eu_threshold"),
        (
            {**BASE, "buyer_type": "central_government", "estimated_value_sek": 1_546_202},
            "above_eu_threshold",
        ),
        ({**BASE, "as_of": "2023-06-01", "estimated_value_sek": 2_389_584}, "above_eu_threshold"),
        (
            {
                **BASE,
                "contract_type": "social_services",
                "buyer_type": None,
                "estimated_value_sek": 8_000_000,
            },
            "below_direct_award_limit",
        ),
        ({**BASE, "as_of": "2026-03-01", "estimated_value_sek": 2_451_260}, "below_eu_threshold"),
        ({**BASE, "as_of": "2026-03-01", "estimated_value_sek": 2_451_751}, "uncertain"),
        ({**BASE, "as_of": "2026-03-01", "estimated_value_sek": 2_452_242}, "above_eu_threshold"),
        ({**BASE, "estimated_value_sek": None}, "uncertain"),
        # An unknown fact that cannot change the band is not needed.
        ({**BASE, "contract_type": None, "estimated_value_sek": 500}, "below_direct_award_limit"),
        ({**BASE, "contract_type": None, "estimated_value_sek": 1_000_000}, "uncertain"),
        ({**BASE, "buyer_type": None, "estimated_value_sek": 500}, "below_direct_award_limit"),
        ({**BASE, "buyer_type": None, "estimated_value_sek": 900_000}, "below_eu_threshold"),
        ({**BASE, "buyer_type": None, "estimated_value_sek": 2_000_000}, "uncertain"),
        ({**BASE, "buyer_type": None, "estimated_value_sek": 2_389_585}, "above_eu_threshold"),
    ],
)
def test_value_band(ruleset, facts, band):
    assert out(ruleset, facts).value_band == band


# --- recommendation ----------------------------------------------------------------------------


def test_the_lowest_rank_that_holds_is_recommended(ruleset):
    result = out(ruleset, {**BASE, **IOP_YES, "estimated_value_sek": 500_000})
    assert result.recommended_route == "iop"
    assert result.routes["iop"].status == "recommended"
    assert result.routes["iop"].reasons[0].text.startswith("Recommended:")
    assert result.routes["direct_award"].status == "possible"
    assert result.routes["lou_social_considerations"].status == "possible"


def test_a_route_ruled_out_passes_the_recommendation_on(ruleset):
    result = out(ruleset, {**BASE, **IOP_NO, "estimated_value_sek": 500_000})
    assert result.recommended_route == "direct_award"
    assert result.routes["direct_award"].status == "recommended"
    assert (
        result.routes["direct_award"].reasons[0].text.startswith("Recommended: the value is below")
    )
    assert result.routes["iop"].status == "not_possible"


def test_the_exception_recommendation(ruleset):
    result = out(
        ruleset, {**BASE, **IOP_NO, "estimated_value_sek": 5_000_000, "urgent_unforeseeable": True}
    )
    assert result.recommended_route == "direct_award"
    assert result.routes["direct_award"].reasons[0].text.startswith("Recommended, with care")
    assert "narrow_exception_urgency" in {w.id for w in result.warnings}


def test_the_advertised_route_is_the_last_resort(ruleset):
    facts = {
        **BASE,
        **IOP_NO,
        **NO_EXCEPTION,
        "estimated_value_sek": 1_000_000,
        "social_objective_employment": False,
    }
    result = out(ruleset, facts)
    assert result.recommended_route == "lou_social_considerations"
    assert result.routes["lou_social_considerations"].status == "recommended"
    assert result.routes["direct_award"].status == "not_possible"


def test_an_unknown_candidate_blocks_the_recommendation(ruleset):
    facts = {**BASE, "estimated_value_sek": 500_000}
    ev = run(ruleset, facts)
    assert ev.recommended_route is None
    assert ev.targets["iop"].status == "uncertain"
    for fact in IOP_FACTS:
        assert fact in ev.missing_facts

    result = out(ruleset, facts)
    assert result.recommended_route is None
    assert result.routes["direct_award"].status == "possible"
    assert result.routes["lou_social_considerations"].status == "possible"
    first = result.routes["direct_award"].reasons[0].text
    assert first.startswith(
        "This route is possible, but whether it is the one to take first depends on:"
    )
    assert "Is the counterpart an idéburen organisation?" in first
    assert (
        result.routes["lou_social_considerations"]
        .reasons[0]
        .text.startswith("This route is possible")
    )
    for fact in IOP_FACTS:
        assert fact in result.missing_facts

    trace = {(e.step, e.id): e for e in result.trace}
    assert trace[("recommendation", "recommend_iop")].result == "unknown"
    assert trace[("recommendation", "recommend_direct_award")].result == "true"
    assert not any(e.decisive for e in result.trace if e.step == "recommendation")


def test_an_unknown_candidate_after_the_pick_does_not_block(ruleset):
    # recommend_reserved_integration (rank 40) is unknown, but direct_award (rank 15) holds.
    result = out(ruleset, {**BASE, **IOP_NO, "estimated_value_sek": 500_000})
    assert result.recommended_route == "direct_award"
    assert result.routes["reserved_contract"].status == "possible"
    trace = {(e.step, e.id): e for e in result.trace}
    assert ("recommendation", "recommend_reserved_integration") not in trace


def test_recommendation_waits_for_its_own_condition(ruleset):
    # direct_award is possible through urgency, but whether the value is low is unknown.
    facts = {**BASE, **IOP_NO, "urgent_unforeseeable": True, "estimated_value_sek": None}
    result = out(ruleset, facts)
    assert result.routes["direct_award"].status == "possible"
    assert result.recommended_route is None
    assert "estimated_value_sek" in result.missing_facts


# --- obligations --------------------------------------------------------------------------------

ABOVE = {
    **BASE,
    **IOP_NO,
    **NO_EXCEPTION,
    "estimated_value_sek": 3_000_000,
    "social_objective_employment": False,
}


def test_obligation_may_apply_while_its_fact_is_unknown(ruleset):
    result = out(ruleset, ABOVE)
    assert result.recommended_route == "lou_social_considerations"
    assert obligations(result)["labour_law_conditions"] == "may_apply"
    assert "risk_poor_working_conditions" in result.missing_facts
    assert obligations(result)["advertise_eu"] == "applies"


def test_obligation_applies_when_its_condition_holds(ruleset):
    result = out(ruleset, {**ABOVE, "risk_poor_working_conditions": True})
    assert obligations(result)["labour_law_conditions"] == "applies"
    labour = next(o for o in result.obligations if o.id == "labour_law_conditions")
    assert labour.references == ["17 kap. 2–5 §§ LOU"]
    assert "risk_poor_working_conditions" not in result.missing_facts


def test_obligation_is_absent_when_its_condition_fails(ruleset):
    result = out(ruleset, {**ABOVE, "risk_poor_working_conditions": False})
    assert "labour_law_conditions" not in obligations(result)


@pytest.mark.parametrize(
    ("value", "expected"),
    [(99_999, None), (100_000, "applies"), (650_000, "applies")],
)
def test_documentation_duty_from_100_000_kr(ruleset, value, expected):
    result = out(ruleset, {**BASE, **IOP_NO, "estimated_value_sek": value})
    assert result.recommended_route == "direct_award"
    assert obligations(result).get("documentation_duty") == expected
    if expected:
        duty = next(o for o in result.obligations if o.id == "documentation_duty")
        assert "19 a kap. 11 § LOU" in duty.references


def test_advertise_national_between_the_limits(ruleset):
    facts = {
        **BASE,
        **IOP_NO,
        **NO_EXCEPTION,
        "estimated_value_sek": 1_000_000,
        "social_objective_employment": False,
    }
    assert obligations(out(ruleset, facts))["advertise_national"] == "applies"


# Regression (found at 0db685b): while the recommendation waited for an unknown candidate,
# route.direct_award read 'possible', so the direct-award duties were dropped (False) instead
# of 'may_apply', and answering counterpart_ideburen=false made them 'applies'.
def test_direct_award_duties_may_apply_while_the_recommendation_waits(ruleset):
    facts = {**BASE, **NO_EXCEPTION, "estimated_value_sek": 500_000}
    pending = out(ruleset, facts)
    assert pending.recommended_route is None
    decided = out(ruleset, {**facts, **IOP_NO})
    assert obligations(decided)["documentation_duty"] == "applies"
    assert obligations(pending).get("documentation_duty") == "may_apply"
    assert obligations(pending).get("direct_award_guidelines") == "may_apply"


# --- missing facts ---------------------------------------------------------------------------


def test_missing_facts_are_declared_unknown_facts_in_declaration_order(ruleset):
    result = out(ruleset, {**BASE, "estimated_value_sek": 1_000_000})
    order = list(ruleset.facts)
    assert result.missing_facts == sorted(result.missing_facts, key=order.index)
    for fact in result.missing_facts:
        assert fact in ruleset.facts
        assert fact not in {**BASE, "estimated_value_sek": 1}


def test_nothing_missing_when_everything_is_known(ruleset):
    facts = {
        **BASE,
        **IOP_YES,
        **NO_EXCEPTION,
        "estimated_value_sek": 500_000,
        "contract_duration_months": 12,
        "risk_poor_working_conditions": False,
        "social_objective_employment": False,
        "integration_suppliers_available": False,
        "article77_service": False,
        "ideburen_reservable_service": False,
    }
    result = out(ruleset, facts)
    assert result.missing_facts == []
    assert all(r.status != "uncertain" for r in result.routes.values())


# Regression (found at 0db685b): missing_facts listed buyer_type for works, although it only
# selects between the supplies/services thresholds and the value band was already known.
def test_an_irrelevant_fact_is_not_reported_missing(ruleset):
    facts = {
        "as_of": "2025-06-01",
        "contract_type": "works",
        "estimated_value_sek": 500_000,
        **IOP_NO,
    }
    result = out(ruleset, facts)
    assert result.value_band == "below_direct_award_limit"
    assert "buyer_type" not in result.missing_facts
    assert "buyer_type" not in result.routes["reserved_contract"].missing_facts


# --- trace ----------------------------------------------------------------------------------------


def expected_trace_keys(ruleset, picked: str | None) -> list[tuple[str, str, str | None]]:
    """Every derived case, route rule, obligation and warning; the recommendations are tried
    in rank order up to the one picked (all of them when none is)."""
    keys = []
    for derived in ruleset.derived:
        keys += [("derived", derived.spec.id, None)] * len(derived.cases)
    for target in ruleset.targets.values():
        keys += [("rule", cr.rule.id, target.id) for cr in target.rules]
    for rec, _ in ruleset.recommendations:
        keys.append(("recommendation", rec.id, rec.target))
        if rec.target == picked:
            break
    keys += [("obligation", spec.id, None) for spec, _ in ruleset.obligations]
    keys += [("warning", spec.id, None) for spec, _ in ruleset.warnings]
    return keys


@pytest.mark.parametrize(
    "facts",
    [
        {},
        {**BASE, "estimated_value_sek": 500_000},
        {**BASE, **IOP_YES, "estimated_value_sek": 500_000},
        {**ANNEX2, "contract_duration_months": 48},
    ],
)
def test_every_rule_appears_in_the_trace(ruleset, facts):
    ev = run(ruleset, facts)
    got = sorted((e.step, e.id, e.target) for e in out(ruleset, facts).trace)
    assert got == sorted(expected_trace_keys(ruleset, ev.recommended_target))


def test_trace_entries_show_the_facts_they_read(ruleset):
    facts = {
        **BASE,
        "estimated_value_sek": 1_000_000,
        "single_supplier_only": False,
        "court_review_urgent_need": False,
    }
    result = out(ruleset, facts)
    rules = {(e.id, e.target): e for e in result.trace if e.step == "rule"}
    for target in ruleset.targets.values():
        for cr in target.rules:
            entry = rules[(cr.rule.id, target.id)]
            assert set(entry.facts) == set(cr.compiled.facts)
            assert entry.condition == cr.compiled.condition.source
    urgency = rules[("direct_award_urgency", "direct_award")]
    assert urgency.facts == {"urgent_unforeseeable": None}
    assert urgency.result == "unknown"
    too_high = rules[("direct_award_value_too_high", "direct_award")]
    assert too_high.facts == {"contract_type": "services", "estimated_value_sek": 1_000_000}
    assert too_high.result == "true"
    assert too_high.outcome == "not_possible"
    assert too_high.decisive is False  # blocked by the unknown urgency rule


def test_trace_entries_show_the_amounts_with_dates_and_sources(ruleset):
    result = out(ruleset, {**BASE, "estimated_value_sek": 500_000})
    entry = next(e for e in result.trace if e.id == "direct_award_low_value")
    assert entry.result == "true"
    assert entry.decisive is True
    assert [a.id for a in entry.amounts] == ["direct_award_limit_lou"]
    amount = entry.amounts[0]
    assert amount.value == 700000
    assert amount.unit == "SEK"
    assert amount.valid_from == dt.date(2022, 2, 1)
    assert amount.valid_to is None
    assert "Konkurrensverket" in amount.source
    assert amount.confirmed is True


def test_trace_amounts_of_an_estimated_threshold(ruleset):
    facts = {**BASE, "as_of": "2026-03-01", "estimated_value_sek": 2_451_751}
    result = out(ruleset, facts)
    entry = next(e for e in result.trace if e.id == "lou_social_above_threshold")
    assert entry.result == "unknown"
    amounts = {a.id: a for a in entry.amounts}
    threshold = amounts["eu_threshold_supplies_services_subcentral"]
    assert threshold.valid_from == dt.date(2026, 1, 1)
    assert threshold.valid_to == dt.date(2027, 12, 31)
    assert threshold.value is None
    assert threshold.eur == 216000
    assert threshold.estimated_range == [2451261, 2452242]
    assert threshold.confirmed is False
    assert threshold.source


def test_one_decisive_rule_per_decided_target(ruleset):
    facts = {
        **BASE,
        **IOP_YES,
        **NO_EXCEPTION,
        "estimated_value_sek": 500_000,
        "contract_duration_months": 12,
        "risk_poor_working_conditions": False,
        "social_objective_employment": False,
        "integration_suppliers_available": False,
        "article77_service": False,
        "ideburen_reservable_service": False,
    }
    ev = run(ruleset, facts)
    for ident, target in ev.targets.items():
        decisive = [e.id for e in ev.trace if e.step == "rule" and e.target == ident and e.decisive]
        assert decisive == [target.decided_by]


def test_no_decisive_rule_for_an_uncertain_target(ruleset):
    ev = run(ruleset, {**BASE, "estimated_value_sek": 1_000_000})
    assert not [
        e for e in ev.trace if e.target == "direct_award" and e.step == "rule" and e.decisive
    ]


# --- thresholds and warnings -----------------------------------------------------------------


def test_thresholds_in_the_output(ruleset):
    result = out(ruleset, {**BASE, "estimated_value_sek": 1_000_000})
    limit = result.thresholds["direct_award_limit_lou"]
    assert limit.value == 700000
    assert limit.unit == "SEK"
    assert limit.valid_from == dt.date(2022, 2, 1)
    assert limit.confirmed is True
    assert "direct_award_limit" in limit.used_as
    threshold = result.thresholds["eu_threshold_supplies_services_subcentral"]
    assert threshold.value == 2389585
    assert threshold.eur == 221000
    assert threshold.valid_from == dt.date(2024, 1, 1)
    assert threshold.valid_to == dt.date(2025, 12, 31)
    assert threshold.source.startswith("Upphandlingsmyndigheten")
    assert threshold.url.startswith("https://")
    assert "eu_threshold" in threshold.used_as
    assert "eu_threshold_works" not in result.thresholds


def test_unconfirmed_amounts_are_warned_about(ruleset):
    result = out(ruleset, {**BASE, "as_of": "2026-03-01", "estimated_value_sek": 2_451_751})
    assert result.value_band == "uncertain"
    warnings = {w.id: w.text for w in result.warnings}
    assert "unconfirmed_amount" in warnings
    assert "EUR 216,000" in warnings["unconfirmed_amount"]
    assert "rules_currency" not in warnings  # before the rules' check date, 2026-12-07
    threshold = result.thresholds["eu_threshold_supplies_services_subcentral"]
    assert threshold.confirmed is False
    assert threshold.estimated_range == [2451261, 2452242]


NEAR_ANNEX2_2026 = {
    "as_of": "2026-03-01",
    "contract_type": "social_services",
    "buyer_type": "sub_central",
    "estimated_value_sek": 8_513_025,
    "ideburen_reservable_service": True,
}


def test_a_value_near_an_estimated_threshold_leaves_the_routes_that_depend_on_it_uncertain(ruleset):
    # 19_25a would be possible, but 'below the direct award limit' (= the annex 2 threshold,
    # estimated at 8 511 322-8 514 728 kr) is unknown and would rule it out.
    ev = run(ruleset, NEAR_ANNEX2_2026)
    target = ev.targets["reserved_contract.19_25a"]
    assert target.status == "uncertain"
    assert target.missing == set()
    variant = out(ruleset, NEAR_ANNEX2_2026).routes["reserved_contract"].variants["19_25a"]
    assert variant.status == "uncertain"
    assert any("too close to" in r.text for r in variant.reasons)
    assert any("EUR 750,000" in r.text for r in variant.reasons)
    assert out(ruleset, NEAR_ANNEX2_2026).value_band == "uncertain"


def test_far_from_an_estimated_threshold_the_routes_decide(ruleset):
    facts = {**NEAR_ANNEX2_2026, "estimated_value_sek": 20_000_000}
    assert run(ruleset, facts).targets["reserved_contract.19_25a"].status == "possible"
    assert out(ruleset, facts).value_band == "above_eu_threshold"


def test_defaulted_date_is_warned_about(ruleset):
    result = assess({}, lang="en", ruleset=ruleset, today=TODAY)
    assert result.as_of == TODAY
    assert "as_of_defaulted" in {w.id for w in result.warnings}
    given = assess({"as_of": "2025-06-01"}, lang="en", ruleset=ruleset, today=TODAY)
    assert "as_of_defaulted" not in {w.id for w in given.warnings}


def test_an_amount_not_in_force_is_warned_about(ruleset):
    result = out(ruleset, {**BASE, "as_of": "2028-06-01", "estimated_value_sek": 3_000_000})
    assert result.value_band == "uncertain"
    assert "amount_not_in_force" in {w.id for w in result.warnings}


def test_reserving_for_ideburna_is_not_possible_before_2023(ruleset):
    facts = {
        "as_of": "2022-06-01",
        "contract_type": "social_services",
        "ideburen_reservable_service": True,
    }
    target = run(ruleset, facts).targets["reserved_contract.19_25a"]
    assert target.status == "not_possible"
    assert target.decided_by == "reserved_19_25a_not_in_force"


# --- duties of a route that can no longer be recommended -------------------------------------

DIRECT_AWARD_WITH_OPEN_RESERVATION = {
    **BASE,
    "as_of": "2026-03-02",
    "estimated_value_sek": 500_000,
    "social_objective_employment": True,
    "counterpart_ideburen": False,
}


def test_an_open_variant_after_another_route_is_recommended_has_no_duties(ruleset):
    # 19 kap. 25 § is still uncertain (is it a listed service?), but the direct award is
    # recommended, so the reservation cannot be: its notice does not apply, not even as
    # "may apply".
    facts = {**DIRECT_AWARD_WITH_OPEN_RESERVATION, "contract_type": "social_services"}
    ev = run(ruleset, facts)
    assert ev.recommended_target == "direct_award"
    assert ev.targets["reserved_contract.19_25"].status == "uncertain"
    assert ev.values["route.reserved_contract.19_25"] == OneOf(
        frozenset({"possible", "not_possible", "uncertain"})
    )
    duties = obligations(out(ruleset, facts))
    assert "reservation_notice" not in duties
    assert duties["documentation_duty"] == "applies"


def test_a_variant_that_cannot_be_promoted_any_more_has_no_duties(ruleset):
    # 4 kap. 18 § is allowed but its recommendation waits for the market analysis, which no
    # longer matters once the direct award is recommended.
    ev = run(ruleset, DIRECT_AWARD_WITH_OPEN_RESERVATION)
    assert ev.values["route.reserved_contract.4_18"] == "possible"
    duties = obligations(out(ruleset, DIRECT_AWARD_WITH_OPEN_RESERVATION))
    assert "reservation_notice" not in duties
    assert "reservation_share_check" not in duties


def test_while_the_recommendation_is_open_a_promotable_variant_may_bring_its_duties(ruleset):
    # Above the direct award limit with the exceptions unanswered, nothing is recommended
    # yet, and 4 kap. 18 § could still be: its duties may apply.
    facts = {**DIRECT_AWARD_WITH_OPEN_RESERVATION, "estimated_value_sek": 1_200_000}
    facts["integration_suppliers_available"] = True
    ev = run(ruleset, facts)
    assert ev.recommended_target is None
    value = ev.values["route.reserved_contract.4_18"]
    assert isinstance(value, OneOf) and "recommended" in value.options
    assert obligations(out(ruleset, facts))["reservation_notice"] == "may_apply"


def test_a_possible_route_that_cannot_be_promoted_is_exactly_possible(ruleset):
    ev = run(ruleset, DIRECT_AWARD_WITH_OPEN_RESERVATION)
    assert ev.values["route.lou_social_considerations"] == "possible"
    assert ev.values["recommended_route"] == "direct_award"
