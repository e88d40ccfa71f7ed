"""Properties of the engine over generated, well-typed partial cases (hypothesis).

1. assess never raises on well-typed facts, in Swedish and English, and its output validates
   as the Assessment model.
2. Monotonicity: answering more questions never reverses a decision. A decided route keeps
   its legal status; a possible route may only be promoted to recommended; a recommendation,
   a decided value band and an obligation that applies all stay.
   An obligation not listed (ruled out) is never listed later either.
   The facts that could still change the result only shrink (the questionnaire's steps).
3. Determinism: the same facts give the same JSON.

Numbers are drawn up to 10**12 kr (parse_case refuses 10**15 and more; see test_render.py for
huge values and test_formatting.py for the formatter's own limit).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from procurement.core.amounts import resolve_amounts
from procurement.core.conditions import Interval
from procurement.core.engine import evaluate
from procurement.core.facts_input import parse_case
from procurement.core.loader import DEFAULT_RULES_DIR, load_ruleset
from procurement.core.model import Fact
from procurement.core.ruleset import RuleSet
from procurement.report.assessment import Assessment
from procurement.service import assess, default_ruleset
from tests.conftest import ROOT

# The same object as the session fixture `ruleset` (default_ruleset is cached); strategies
# must be built at import time, before any fixture exists.
RULESET: RuleSet = default_ruleset()

FIRST_DAY = dt.date(2022, 2, 1)
LAST_DAY = dt.date(2028, 12, 31)
TODAY = dt.date(2026, 11, 22)
MAX_NUMBER = 10**12


def _amount_points(ruleset: RuleSet, unit: str) -> list[float]:
    """Every figure of an amount in ``unit`` and the ends of every estimated range."""
    points: set[float] = set()
    for amount in ruleset.amounts.values():
        if amount.unit != unit:
            continue
        for period in amount.periods:
            if period.value is not None:
                points.add(period.value)
            resolved = resolve_amounts(ruleset, period.valid_from)[amount.id].value
            if isinstance(resolved, Interval):
                points.update((resolved.lo, resolved.hi))
    return sorted(points)


def _boundary_days(ruleset: RuleSet) -> list[dt.date]:
    days = {dt.date(2023, 1, 1), dt.date(2024, 1, 1), FIRST_DAY, LAST_DAY}
    for amount in ruleset.amounts.values():
        for period in amount.periods:
            days.add(period.valid_from)
            days.add(period.valid_from - dt.timedelta(days=1))
            if period.valid_to is not None:
                days.update((period.valid_to, period.valid_to + dt.timedelta(days=1)))
    return sorted(d for d in days if FIRST_DAY <= d <= LAST_DAY)


SEK_POINTS = _amount_points(RULESET, "SEK")
MONTH_POINTS = _amount_points(RULESET, "months")
BOUNDARY_DAYS = _boundary_days(RULESET)


def fact_values(fact: Fact) -> st.SearchStrategy[Any]:
    """Well-typed JSON values of one fact."""
    if fact.type == "bool":
        return st.booleans()
    if fact.type == "enum":
        return st.sampled_from(fact.value_ids())
    if fact.type == "date":
        days = st.one_of(st.dates(FIRST_DAY, LAST_DAY), st.sampled_from(BOUNDARY_DAYS))
        return days.map(dt.date.isoformat)
    if fact.type == "integer":
        low = max(1, int(fact.minimum if fact.minimum is not None else 1))
        near = sorted({int(p) + d for p in MONTH_POINTS for d in (-1, 0, 1)} | {low})
        return st.one_of(st.integers(low, 600), st.sampled_from([n for n in near if n >= low]))
    if fact.type == "number":
        low = fact.minimum if fact.minimum is not None else 0
        near = sorted({p + d for p in SEK_POINTS for d in (-1, -0.5, 0, 0.5, 1)} | {low})
        return st.one_of(
            st.sampled_from([n for n in near if n >= low]),
            st.integers(int(low), MAX_NUMBER),
            st.floats(low, MAX_NUMBER, allow_nan=False, allow_infinity=False),
            st.integers(650_000, 750_000),
        )
    raise AssertionError(f"no strategy for fact type {fact.type}")


VALUES = {ident: fact_values(fact) for ident, fact in RULESET.facts.items()}
partial_cases = st.fixed_dictionaries({}, optional=VALUES)

FAST = settings(deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])


def statuses(result: Assessment) -> dict[str, str]:
    """The status of every route and of every variant (as 'route.variant')."""
    out: dict[str, str] = {}
    for ident, route in result.routes.items():
        out[ident] = route.status
        for variant_id, variant in (route.variants or {}).items():
            out[f"{ident}.{variant_id}"] = variant.status
    return out


def test_the_strategy_covers_the_interesting_values():
    # Every figure and first day of the shipped amounts, read from rules/amounts.yaml itself.
    for amount in yaml.safe_load((ROOT / "rules" / "amounts.yaml").read_text("utf-8"))["amounts"]:
        points = {"SEK": SEK_POINTS, "months": MONTH_POINTS}.get(amount["unit"])
        for period in amount["periods"]:
            if FIRST_DAY <= period["valid_from"] <= LAST_DAY:
                assert period["valid_from"] in BOUNDARY_DAYS, amount["id"]
            if points is not None and period["value"] is not None:
                assert period["value"] in points, amount["id"]
    # and both ends of the ranges estimated while a SEK figure is unknown
    for day in BOUNDARY_DAYS:
        for item in resolve_amounts(RULESET, day).values():
            if isinstance(item.value, Interval) and item.amount.unit == "SEK":
                assert item.value.lo in SEK_POINTS and item.value.hi in SEK_POINTS


# --- 1. never raises, and validates ----------------------------------------------------------


@settings(FAST, max_examples=300)
@given(facts=partial_cases, today=st.dates(FIRST_DAY, LAST_DAY))
def test_assess_never_raises_and_validates(facts, today):
    for lang in ("sv", "en"):
        result = assess(facts, lang=lang, ruleset=RULESET, today=today)
        assert isinstance(result, Assessment)
        again = Assessment.model_validate_json(result.model_dump_json())
        assert again == result
        Assessment.model_validate(result.model_dump(mode="json"))
        assert result.language == lang
        # What is still missing is declared and was not given.
        assert all(f in RULESET.facts and facts.get(f) is None for f in result.missing_facts)
        # The recommended route, and only it, has the status 'recommended'.
        recommended = [r for r, route in result.routes.items() if route.status == "recommended"]
        expected = [] if result.recommended_route is None else [result.recommended_route]
        assert recommended == expected


# --- 2. monotonicity ------------------------------------------------------------------------------


@settings(FAST, max_examples=500)
@given(facts=partial_cases, data=st.data())
def test_answering_more_facts_never_reverses_a_decision(facts, data):
    absent = [f for f in RULESET.facts if f not in facts and f != "as_of"]
    filled = {f: data.draw(VALUES[f], label=f) for f in absent}
    full = {**facts, **filled}

    before = assess(facts, lang="en", ruleset=RULESET, today=TODAY)
    after = assess(full, lang="en", ruleset=RULESET, today=TODAY)
    assert after.as_of == before.as_of

    first, second = statuses(before), statuses(after)
    for ident, status in first.items():
        if status == "uncertain":
            continue
        if status == "possible":
            assert second[ident] in ("possible", "recommended"), (ident, status, second[ident])
        else:
            assert second[ident] == status, (ident, status, second[ident])

    if before.recommended_route is not None:
        assert after.recommended_route == before.recommended_route

    if before.value_band != "uncertain":
        assert after.value_band == before.value_band

    applies_after = {o.id for o in after.obligations if o.status == "applies"}
    for obligation in before.obligations:
        if obligation.status == "applies":
            assert obligation.id in applies_after, obligation.id


@settings(FAST, max_examples=200)
@given(facts=partial_cases, data=st.data())
def test_an_obligation_ruled_out_stays_ruled_out(facts, data):
    """Kleene monotonicity for obligations: one not listed at all (its condition is false)
    never appears once more facts are known; 'may_apply' is how an open one is shown."""
    absent = [f for f in RULESET.facts if f not in facts and f != "as_of"]
    full = {**facts, **{f: data.draw(VALUES[f], label=f) for f in absent}}
    before = {o.id for o in assess(facts, lang="en", ruleset=RULESET, today=TODAY).obligations}
    after = {o.id for o in assess(full, lang="en", ruleset=RULESET, today=TODAY).obligations}
    assert after <= before, after - before


def _evaluation(facts: dict[str, Any]) -> Any:
    return evaluate(RULESET, parse_case(RULESET, facts, today=TODAY))


@settings(FAST, max_examples=400)
@given(facts=partial_cases, data=st.data())
def test_the_open_facts_only_shrink_as_facts_are_answered(facts, data):
    """The facts that could still change the result (what the questionnaire counts its
    steps by) hold every missing fact, and answering more never adds one to them."""
    absent = [f for f in RULESET.facts if f not in facts and f != "as_of"]
    extra = (
        data.draw(st.lists(st.sampled_from(absent), unique=True), label="extra") if absent else []
    )
    more = {**facts, **{f: data.draw(VALUES[f], label=f) for f in extra}}
    before, after = _evaluation(facts), _evaluation(more)
    for ev, given_facts in ((before, facts), (after, more)):
        assert set(ev.missing_facts) <= set(ev.open_facts)
        assert not set(ev.open_facts) & set(given_facts)
    assert set(after.open_facts) <= set(before.open_facts), set(after.open_facts) - set(
        before.open_facts
    )


# --- 3. determinism ----------------------------------------------------------------------------

FRESH: RuleSet = load_ruleset(DEFAULT_RULES_DIR)


@settings(FAST, max_examples=150)
@given(facts=partial_cases, lang=st.sampled_from(["sv", "en"]))
def test_the_same_facts_give_the_same_json(facts, lang):
    first = assess(facts, lang=lang, ruleset=RULESET, today=TODAY).model_dump_json()
    second = assess(facts, lang=lang, ruleset=RULESET, today=TODAY).model_dump_json()
    assert first == second
    reordered = dict(reversed(list(facts.items())))
    assert assess(reordered, lang=lang, ruleset=RULESET, today=TODAY).model_dump_json() == first
    assert assess(facts, lang=lang, ruleset=FRESH, today=TODAY).model_dump_json() == first
