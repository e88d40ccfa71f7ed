"""The app's pure logic, without Streamlit: questions, value calculator, answers, texts."""

from __future__ import annotations

import datetime as dt
import json
from types import SimpleNamespace

import pytest

from procurement.core.ruleset import RuleSet
from procurement.report.markdown import PLAIN_ICON
from procurement.ui import keys
from procurement.ui.memo_state import MemoDraft
from procurement.ui.questionnaire import (
    first_step,
    next_step,
    progress,
)
from procurement.ui.state import Answers
from procurement.ui.texts import STATUS_ICON, t
from procurement.ui.value_calculator import ValueParts, estimate
from tests.test_texts import STATUSES

# ---------------------------------------------------------------------------------------------
# questionnaire


def _fake_rules(groups: dict[str, str]) -> RuleSet:
    """A stand-in with only what the questionnaire reads: facts and their groups, in order."""
    facts = {fact: SimpleNamespace(group=group) for fact, group in groups.items()}
    return SimpleNamespace(facts=facts)  # type: ignore[return-value]


FAKE = _fake_rules({"a1": "a", "b1": "b", "a2": "a", "c1": "c", "b2": "b", "a3": "a"})


def test_first_step_is_every_purchase_fact_in_declared_order(ruleset: RuleSet) -> None:
    step = first_step(ruleset, "purchase")
    expected = tuple(f for f, spec in ruleset.facts.items() if spec.group == "purchase")
    assert step == expected
    # What the buyer wants comes first: it decides which routes are worth asking about.
    assert step[0] == "social_objective_employment"
    assert set(step) == {
        "social_objective_employment",
        "as_of",
        "buyer_type",
        "contract_type",
        "estimated_value_sek",
        "contract_duration_months",
    }


def test_first_step_of_a_group_in_any_order() -> None:
    assert first_step(FAKE, "a") == ("a1", "a2", "a3")
    assert first_step(FAKE, "b") == ("b1", "b2")
    assert first_step(FAKE, "nothing") == ()


def test_next_step_is_the_group_of_the_first_missing_fact() -> None:
    # the group is that of the first missing fact in declared order; its other missing facts
    # come along, in declared order
    assert next_step(FAKE, ["b2", "a1", "b1", "c1"], asked=[]) == ("a1",)
    assert next_step(FAKE, ["b2", "b1", "c1"], asked=[]) == ("b1", "b2")
    assert next_step(FAKE, ["c1", "a3"], asked=()) == ("c1",)
    # a fact of that group that is neither missing nor open is not asked ...
    assert next_step(FAKE, ["a3", "c1"], asked=[]) == ("c1",)
    assert next_step(FAKE, ["a3"], asked=[]) == ("a3",)
    # ... but one that could still change the answer comes along, so a group is asked once
    assert next_step(FAKE, ["a3"], asked=[], open_facts=["a1", "c1"]) == ("a1", "a3")


def test_next_step_skips_what_was_asked_even_if_left_unanswered() -> None:
    # "Don't know" leaves a fact missing; it is not asked again
    assert next_step(FAKE, ["a1", "b1", "a2"], asked={"a1"}) == ("b1",)
    assert next_step(FAKE, ["a1", "b1", "a2"], asked={"a1", "b1"}) == ("a2",)
    assert next_step(FAKE, ["a1", "b1", "a2"], asked={"a1", "a2"}) == ("b1",)
    assert next_step(FAKE, ["a1", "b1"], asked=iter(["a1", "b1"])) is None


def test_next_step_is_none_when_nothing_is_missing() -> None:
    assert next_step(FAKE, [], asked=[]) is None
    assert next_step(FAKE, iter(()), asked=["a1"]) is None


def test_next_step_on_the_shipped_rules(ruleset: RuleSet) -> None:
    purchase = first_step(ruleset, "purchase")
    missing = [f for f in ruleset.facts if f not in purchase]
    step = next_step(ruleset, missing, asked=purchase)
    assert step
    group = ruleset.facts[step[0]].group
    assert all(ruleset.facts[f].group == group for f in step)
    assert step == tuple(f for f in missing if ruleset.facts[f].group == group)
    # walking the steps asks every fact once, a group at a time
    asked: list[str] = list(purchase)
    seen_groups = ["purchase"]
    while (step := next_step(ruleset, missing, asked)) is not None:
        assert not set(step) & set(asked)
        seen_groups.append(ruleset.facts[step[0]].group)
        asked += step
    assert sorted(asked) == sorted(ruleset.facts)
    assert len(seen_groups) == len(set(seen_groups))


@pytest.mark.parametrize(
    ("answered", "missing", "share"),
    [(0, 0, 1.0), (5, 0, 1.0), (0, 4, 0.0), (3, 1, 0.75), (2, 2, 0.5), (1, 2, 1 / 3)],
)
def test_progress(answered: int, missing: int, share: float) -> None:
    assert progress(answered, missing) == pytest.approx(share)
    assert 0.0 <= progress(answered, missing) <= 1.0


# ---------------------------------------------------------------------------------------------
# value calculator

PART_NAMES = ("base", "extensions", "options", "premiums", "similar")


def test_every_part_is_counted_in_order() -> None:
    parts = ValueParts(
        per_year=100_000,
        years=3,
        extension_years=2,
        options=7_000,
        premiums=11_000,
        similar_contracts_12_months=13_000,
    )
    total, working = estimate(parts)
    assert working == [
        ("base", 300_000),
        ("extensions", 200_000),
        ("options", 7_000),
        ("premiums", 11_000),
        ("similar", 13_000),
    ]
    assert total == 531_000
    assert total == sum(v for _, v in working)


@pytest.mark.parametrize(
    ("parts", "name", "value"),
    [
        (ValueParts(per_year=250_000, years=2.5), "base", 625_000),
        (ValueParts(per_year=250_000, extension_years=1.5), "extensions", 375_000),
        (ValueParts(options=40_000), "options", 40_000),
        (ValueParts(premiums=9_000), "premiums", 9_000),
        (ValueParts(similar_contracts_12_months=80_000), "similar", 80_000),
    ],
)
def test_each_part_alone(parts: ValueParts, name: str, value: float) -> None:
    total, working = estimate(parts)
    assert total == pytest.approx(value)
    assert [n for n, _ in working] == list(PART_NAMES)
    assert dict(working) == {n: (value if n == name else 0) for n in PART_NAMES}


def test_extensions_and_options_count_as_if_used() -> None:
    # a one-year contract with three possible extension years and an option: all four years count
    total, working = estimate(ValueParts(per_year=500_000, years=1, extension_years=3, options=1))
    assert total == 2_000_001
    assert dict(working)["extensions"] == 1_500_000


def test_nothing_given_is_zero() -> None:
    total, working = estimate(ValueParts())
    assert total == 0
    assert [n for n, _ in working] == list(PART_NAMES)
    assert all(v == 0 for _, v in working)


# ---------------------------------------------------------------------------------------------
# answers


def test_answers_set_and_forget() -> None:
    ans = Answers()
    ans.set("buyer_type", "sub_central")
    ans.set("urgent_unforeseeable", False)
    ans.set("estimated_value_sek", 0)
    assert ans.facts == {
        "buyer_type": "sub_central",
        "urgent_unforeseeable": False,  # False and 0 are answers, not "unknown"
        "estimated_value_sek": 0,
    }
    ans.set("buyer_type", "central_government")
    assert ans.facts["buyer_type"] == "central_government"
    ans.set("buyer_type", None)
    ans.set("never_answered", None)
    assert "buyer_type" not in ans.facts
    assert "never_answered" not in ans.facts
    assert ans.facts == {"urgent_unforeseeable": False, "estimated_value_sek": 0}


def test_answers_as_json_writes_dates_as_iso() -> None:
    ans = Answers()
    ans.set("as_of", dt.date(2026, 3, 1))
    ans.set("when", dt.datetime(2026, 3, 1, 12, 30))
    ans.set("contract_type", "services")
    ans.set("estimated_value_sek", 650_000)
    ans.set("urgent_unforeseeable", True)
    data = ans.as_json()
    assert data == {
        "as_of": "2026-03-01",
        "when": "2026-03-01T12:30:00",
        "contract_type": "services",
        "estimated_value_sek": 650_000,
        "urgent_unforeseeable": True,
    }
    assert json.loads(json.dumps(data)) == data
    assert ans.facts["as_of"] == dt.date(2026, 3, 1)  # the answers themselves are unchanged


def test_answers_do_not_share_state() -> None:
    one, two = Answers(), Answers()
    one.set("x", 1)
    one.steps.append(("x",))
    assert two.facts == {}
    assert two.steps == []


def test_answers_are_created_once_per_key() -> None:
    state: dict[str, object] = {}
    first = keys.ROUTE_ANSWERS.get_or(Answers, state)
    assert isinstance(first, Answers)
    first.set("x", 1)
    assert keys.ROUTE_ANSWERS.get_or(Answers, state) is first
    assert keys.ROUTE_ANSWERS.get(state) is first
    assert keys.SUPPLIER_ANSWERS.get_or(Answers, state) is not first
    assert set(state) == {"route_answers", "supplier_answers"}
    assert keys.SUPPLIER_ANSWERS.pop(state) is not None
    assert keys.SUPPLIER_ANSWERS.get(state) is None
    keys.MEMO_DRAFT.set(MemoDraft(route="iop"), state)
    assert state["memo_draft"] == MemoDraft(route="iop")


# ---------------------------------------------------------------------------------------------
# interface texts: every catalogue and every key any module uses are checked in test_texts.py


@pytest.mark.parametrize("status", sorted(STATUSES))
def test_every_status_has_words_and_icons(status: str) -> None:
    for lang in ("sv", "en"):
        assert t(f"status_{status}", lang).strip()
    assert t(f"status_{status}", "sv") != t(f"status_{status}", "en")
    assert STATUS_ICON[status]
    assert PLAIN_ICON[status]


def test_t_picks_the_language_and_fills_parameters() -> None:
    assert t("next", "sv") == "Nästa →"
    assert t("next", "en") == "Next →"
    assert t("step", "sv", n=2, total=3) == "Steg 2 av 3"
    assert t("step", "en", n=2, total=3) == "Step 2 of 3"
    assert t("import_error", "en", error="{x}") == "The file could not be read: {x}"
