"""Resolving dated amounts on a date: exact figures, or estimated ranges while SEK is unknown."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol

from procurement.core.conditions import Interval
from procurement.core.model import Amount, AmountPeriod
from procurement.core.model.rulefile import RulesetMeta

__all__ = ["AmountSource", "ResolvedAmount", "resolve_amounts"]


class AmountSource(Protocol):
    """What resolving needs of a rule set (a RuleSet is one; it caches the result)."""

    @property
    def meta(self) -> RulesetMeta: ...

    @property
    def amounts(self) -> Mapping[str, Amount]: ...


@dataclass(frozen=True, slots=True)
class ResolvedAmount:
    """An amount as it stands on one date.

    ``value`` is the exact figure, an :class:`Interval` when the SEK figure is estimated
    from a confirmed EUR figure (within the abstention margin), or None when nothing is in
    force.
    """

    amount: Amount
    period: AmountPeriod | None
    value: float | Interval | None

    @property
    def estimated(self) -> bool:
        """Whether the value is an estimated range rather than a confirmed figure."""
        return isinstance(self.value, Interval)

    @property
    def confirmed(self) -> bool:
        """Whether an exact, confirmed figure is in force."""
        return self.period is not None and self.period.verified and self.period.value is not None


def resolve_amounts(ruleset: AmountSource, day: dt.date) -> dict[str, ResolvedAmount]:
    """Every amount as it stands on ``day`` (uncached: see ``RuleSet.amounts_on``)."""
    estimation = ruleset.meta.estimation
    rate_period = ruleset.amounts[estimation.rate].period_on(day) if estimation else None
    margin_period = ruleset.amounts[estimation.margin].period_on(day) if estimation else None
    resolved: dict[str, ResolvedAmount] = {}
    for ident, amount in ruleset.amounts.items():
        period = amount.period_on(day)
        value: float | Interval | None = None
        if period is not None:
            if period.value is not None:
                value = period.value
            elif (
                period.eur is not None
                and period.eur_confirmed  # never estimate from an unconfirmed EUR figure
                and amount.unit == "SEK"
                and rate_period is not None
                and rate_period.value is not None
                and margin_period is not None
                and margin_period.value is not None
            ):
                centre = period.eur * rate_period.value
                margin = margin_period.value
                value = Interval(round(centre * (1 - margin)), round(centre * (1 + margin)))
        resolved[ident] = ResolvedAmount(amount, period, value)
    return resolved
