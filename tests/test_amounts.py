"""Resolving dated amounts on a date: exact figures, estimated ranges, nothing in force."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from procurement.core.amounts import ResolvedAmount, resolve_amounts
from procurement.core.conditions import Interval
from procurement.core.model import AmountPeriod, Source


@pytest.fixture(scope="module")
def ruleset(frozen):
    """These tests check the engine's mechanics on amounts that stay put: the shipped rules
    with the frozen amounts of tests/law.py, so that a change of the law's amounts needs no
    change here."""
    return frozen


SUBCENTRAL = "eu_threshold_supplies_services_subcentral"


def on(ruleset, day: dt.date, ident: str) -> ResolvedAmount:
    return resolve_amounts(ruleset, day)[ident]


def test_every_amount_is_resolved(ruleset):
    resolved = resolve_amounts(ruleset, dt.date(2025, 6, 1))
    assert set(resolved) == set(ruleset.amounts)
    for ident, item in resolved.items():
        assert item.amount is ruleset.amounts[ident]


@pytest.mark.parametrize(
    ("day", "value"),
    [
        (dt.date(2022, 1, 1), 2236731),
        (dt.date(2023, 12, 31), 2236731),
        (dt.date(2024, 1, 1), 2389585),
        (dt.date(2025, 12, 31), 2389585),
    ],
)
def test_the_period_in_force_with_inclusive_boundaries(ruleset, day, value):
    item = on(ruleset, day, SUBCENTRAL)
    assert item.value == value
    assert item.period is not None
    assert item.period.valid_from <= day <= item.period.valid_to
    assert item.confirmed is True
    assert item.estimated is False


def test_open_ended_period(ruleset):
    for day in (dt.date(2022, 2, 1), dt.date(2030, 1, 1)):
        item = on(ruleset, day, "direct_award_limit_lou")
        assert item.value == 700000
        assert item.period.valid_to is None
        assert item.confirmed


def test_the_day_before_the_first_period_has_nothing_in_force(ruleset):
    item = on(ruleset, dt.date(2022, 1, 31), "direct_award_limit_lou")
    assert item.period is None
    assert item.value is None
    assert item.confirmed is False
    assert item.estimated is False
    assert on(ruleset, dt.date(2023, 12, 31), "documentation_deadline_days").value is None
    assert on(ruleset, dt.date(2024, 1, 1), "documentation_deadline_days").value == 30


def test_no_period_in_force_after_the_last_one(ruleset):
    for ident in (SUBCENTRAL, "eu_threshold_works", "eur_sek_planning_rate"):
        item = on(ruleset, dt.date(2028, 1, 1), ident)
        assert item.period is None
        assert item.value is None
        assert item.estimated is False


@pytest.mark.parametrize("day", [dt.date(2026, 1, 1), dt.date(2026, 11, 22), dt.date(2027, 12, 31)])
@pytest.mark.parametrize(
    "ident",
    [
        "eu_threshold_supplies_services_central",
        SUBCENTRAL,
        "eu_threshold_works",
        "eu_threshold_social_services",
    ],
)
def test_estimated_interval_when_the_sek_value_is_null(ruleset, day, ident):
    item = on(ruleset, day, ident)
    assert item.period is not None and item.period.value is None
    rate = ruleset.amounts["eur_sek_planning_rate"].period_on(day).value
    margin = ruleset.amounts["abstention_margin"].period_on(day).value
    centre = item.period.eur * rate
    assert item.value == Interval(round(centre * (1 - margin)), round(centre * (1 + margin)))
    assert item.value.lo < centre < item.value.hi
    assert item.estimated is True
    assert item.confirmed is False


def test_estimated_subcentral_threshold_2026(ruleset):
    # 216 000 euro x 11.3507 kr/euro = 2 451 751.2 kr, +-0.02 %.
    assert on(ruleset, dt.date(2026, 3, 1), SUBCENTRAL).value == Interval(2451261, 2452242)


def test_unverified_value_is_used_but_not_confirmed(ruleset):
    # The planning rate is Vägval's own estimate: a figure in force, never confirmed.
    item = on(ruleset, dt.date(2026, 6, 1), "eur_sek_planning_rate")
    assert item.value == 11.3507
    assert item.period.verified is False
    assert item.confirmed is False
    assert item.estimated is False


def test_non_sek_amounts_keep_their_value(ruleset):
    assert on(ruleset, dt.date(2025, 6, 1), "reserved_4_18_min_share").value == 0.3
    assert on(ruleset, dt.date(2025, 6, 1), "sgei_de_minimis_ceiling").value == 750000
    for day in (dt.date(2022, 6, 1), dt.date(2023, 6, 1), dt.date(2026, 6, 1), dt.date(2031, 1, 1)):
        resolved = resolve_amounts(ruleset, day)
        for ident, amount in ruleset.amounts.items():
            if amount.unit == "SEK":
                continue
            period = amount.period_on(day)
            assert resolved[ident].period == period
            assert resolved[ident].value == (period.value if period else None)
            assert resolved[ident].estimated is False


def _without_rate(ruleset):
    rate = ruleset.amounts["eur_sek_planning_rate"]
    only_2027 = rate.model_copy(
        update={
            "periods": [
                AmountPeriod(
                    valid_from=dt.date(2027, 1, 1),
                    valid_to=dt.date(2027, 12, 31),
                    value=11.0,
                    verified=False,
                    source=Source(title="test"),
                )
            ]
        }
    )
    amounts = {**ruleset.amounts, "eur_sek_planning_rate": only_2027}
    return dataclasses.replace(ruleset, amounts=amounts)


def test_no_estimate_without_a_rate_in_force(ruleset):
    changed = _without_rate(ruleset)
    item = on(changed, dt.date(2026, 6, 1), SUBCENTRAL)
    assert item.period is not None
    assert item.value is None
    assert item.estimated is False
    later = on(changed, dt.date(2027, 6, 1), SUBCENTRAL)
    assert later.value == Interval(round(216000 * 11 * 0.9998), round(216000 * 11 * 1.0002))


def test_no_estimate_from_an_unconfirmed_eur_figure(ruleset):
    amount = ruleset.amounts[SUBCENTRAL]
    periods = [
        p.model_copy(update={"eur_verified": False}) if p.value is None else p
        for p in amount.periods
    ]
    changed = dataclasses.replace(
        ruleset,
        amounts={**ruleset.amounts, SUBCENTRAL: amount.model_copy(update={"periods": periods})},
    )
    item = on(changed, dt.date(2026, 6, 1), SUBCENTRAL)
    assert item.period is not None and item.period.eur_confirmed is False
    assert item.value is None
    assert on(ruleset, dt.date(2026, 6, 1), SUBCENTRAL).period.eur_confirmed is True
