"""The planning rate for the 2026–27 thresholds is the Commission's method applied to the
ECB's daily rates (data/exchange_rates/), and that method reproduces the official rates.

Directive 2014/24/EU art. 6.3: the values in national currency come from the average daily
value of the currency over the 24 months ending on 31 August before the revision.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest

from procurement.core.loader import load_ruleset
from tests.conftest import ROOT

RATES = ROOT / "data" / "exchange_rates" / "ecb_eur_sek_daily_2019-09_2025-08.csv"


def _daily(path: Path) -> list[tuple[dt.date, float]]:
    with path.open(encoding="utf-8") as handle:
        return [
            (dt.date.fromisoformat(row["date"]), float(row["sek_per_eur"]))
            for row in csv.DictReader(handle)
        ]


def _rate(first_year: int) -> float:
    """The Commission's rate for the period starting on 1 January ``first_year``."""
    start, end = dt.date(first_year - 3, 9, 1), dt.date(first_year - 1, 8, 31)
    values = [v for day, v in _daily(RATES) if start <= day <= end]
    assert len(values) > 500  # about 255 fixing days a year
    return round(sum(values) / len(values), 4)


@pytest.fixture(scope="module")
def rs():
    return load_ruleset()


def _official_rate(rs, amount: str, day: dt.date) -> float:
    period = rs.amounts[amount].period_on(day)
    assert period is not None and period.value is not None and period.eur
    return period.value / period.eur


@pytest.mark.parametrize("year", [2022, 2024])
def test_the_method_reproduces_the_official_sek_values(rs, year):
    rate = _rate(year)
    day = dt.date(year, 6, 1)
    for amount in (
        "eu_threshold_supplies_services_central",
        "eu_threshold_supplies_services_subcentral",
        "eu_threshold_works",
        "eu_threshold_social_services",
    ):
        period = rs.amounts[amount].period_on(day)
        assert period.value == round(period.eur * rate), (amount, year, rate)
        assert abs(_official_rate(rs, amount, day) - rate) < 0.00005


def test_the_planning_rate_for_2026_27_is_the_method_applied(rs):
    day = dt.date(2026, 6, 1)
    planning = rs.amounts["eur_sek_planning_rate"].period_on(day)
    margin = rs.amounts["abstention_margin"].period_on(day)
    assert planning.value == _rate(2026) == 11.3507
    assert planning.verified is False  # an estimate, never shown as official
    # The range covers the rate even if the Commission's data differed by a whole fixing day
    # (one day moves a 509-day mean by at most 0.00125).
    low, high = planning.value * (1 - margin.value), planning.value * (1 + margin.value)
    assert low <= 11.3494 and high >= 11.3520
    # ... and is narrow: a value more than 0.05 % from the estimate is decided.
    assert margin.value <= 0.0005


def test_the_data_file_covers_every_month_of_the_three_periods():
    months = {(day.year, day.month) for day, _ in _daily(RATES)}
    expected = {(2019 + (m + 8) // 12, (m + 8) % 12 + 1) for m in range(72)}
    assert months == expected
