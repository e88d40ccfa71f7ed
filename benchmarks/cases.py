"""Random valid cases for the route rules: every fact's domain, dates across every amount
period and its boundaries, values around every threshold, and any fact may be unknown."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from procurement.core.amounts import resolve_amounts
from procurement.core.conditions import Interval
from procurement.core.ruleset import RuleSet

__all__ = ["CaseGenerator", "facts_to_row"]

_LAST_DAY = dt.date(2032, 12, 31)
_OFFSETS = (-1000, -1, -0.5, 0, 0.5, 1, 1000)
# Grounds that are rare in practice (and would otherwise hide the routes after them).
_RARE = frozenset({"urgent_unforeseeable", "single_supplier_only", "court_review_urgent_need"})


class CaseGenerator:
    """Seeded random cases (raw facts, as a JSON file or the API takes them)."""

    def __init__(self, ruleset: RuleSet, seed: int = 9) -> None:
        self.rs = ruleset
        self.rng = random.Random(seed)
        first = ruleset.meta.supported_from
        days: set[dt.date] = {first, ruleset.meta.checked_until}
        for amount in ruleset.amounts.values():
            for period in amount.periods:
                days.add(period.valid_from)
                if period.valid_to is not None:
                    days.add(period.valid_to)
        # the date literals of the rules (19 kap. 25 a §, the 2024 documentation rules)
        days |= {dt.date(2023, 1, 1), dt.date(2024, 1, 1)}
        near = {d + dt.timedelta(days=k) for d in days for k in (-1, 0, 1)}
        self.dates = sorted(d for d in near if d >= first)
        self.first = first
        values: set[float] = set()
        for day in self.dates:
            for resolved in resolve_amounts(ruleset, day).values():
                if resolved.amount.unit != "SEK" or resolved.value is None:
                    continue
                value = resolved.value
                if isinstance(value, Interval):
                    values |= {value.lo, value.hi, (value.lo + value.hi) / 2}
                else:
                    values.add(value)
        self.thresholds = sorted(values)
        self.durations = sorted(
            {1, 12}
            | {
                int(p.value) + k
                for a in ruleset.amounts.values()
                if a.unit == "months"
                for p in a.periods
                if p.value is not None
                for k in (-1, 0, 1)
            }
        )

    def date(self) -> dt.date:
        """A date near a boundary half of the time, else any supported day up to 2032."""
        if self.rng.random() < 0.5:
            return self.rng.choice(self.dates)
        span = (_LAST_DAY - self.first).days
        return self.first + dt.timedelta(days=self.rng.randrange(span + 1))

    def value(self) -> float:
        """A contract value: around a threshold, zero, or anything up to 10^10 kronor."""
        rng = self.rng
        pick = rng.random()
        if pick < 0.6:
            value = rng.choice(self.thresholds) + rng.choice(_OFFSETS)
            return max(value, 0)
        if pick < 0.65:
            return 0
        value = 10 ** rng.uniform(3, 10)
        return round(value) if rng.random() < 0.8 else round(value, 2)

    def case(self) -> dict[str, Any]:
        """One case; each fact is known with a probability drawn per case."""
        rng = self.rng
        known = rng.choice((0.3, 0.7, 0.9, 1.0, 1.0))
        facts: dict[str, Any] = {}
        for fact in self.rs.facts.values():
            if fact.id == "as_of":
                if rng.random() < 0.97:
                    facts["as_of"] = self.date().isoformat()
                continue
            if rng.random() >= known:
                continue
            if fact.type == "bool":
                facts[fact.id] = rng.random() < (0.1 if fact.id in _RARE else 0.5)
            elif fact.type == "enum":
                facts[fact.id] = rng.choice(fact.value_ids())
            elif fact.type == "number":
                facts[fact.id] = self.value()
            elif fact.type == "integer":
                if rng.random() < 0.5:
                    facts[fact.id] = rng.choice(self.durations)
                else:
                    facts[fact.id] = rng.randint(1, 120)
            else:  # pragma: no cover - a new fact type needs a generator here
                raise ValueError(f"no generator for {fact.type} ({fact.id})")
        return facts

    def cases(self, n: int) -> list[dict[str, Any]]:
        """``n`` cases."""
        return [self.case() for _ in range(n)]


def facts_to_row(facts: dict[str, Any], columns: list[str]) -> list[str]:
    """A case as CSV cells: blank when unknown, true/false, numbers as written."""
    out: list[str] = []
    for column in columns:
        value = facts.get(column)
        if value is None:
            out.append("")
        elif value is True:
            out.append("true")
        elif value is False:
            out.append("false")
        else:
            out.append(str(value))
    return out
