"""The values tried for each fact: every value of a finite fact, and for dates and numbers
both sides of every boundary the amounts and the conditions create, in every period."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any

from procurement.core.conditions import Interval, Node, parse
from procurement.core.conditions.ast import Literal
from procurement.core.ruleset import RuleSet

__all__ = ["condition_sources", "domains"]

_DATE = re.compile(r"\b(\d{4}-\d{2}-\d{2})\b")
_DAY = dt.timedelta(days=1)
# Counts with no amount to compare against (employees): small numbers around typical
# shares; enough to put a share on both sides of any threshold below one half.
_SMALL_COUNTS = (0, 1, 2, 3, 4, 7, 10)


def condition_sources(rs: RuleSet) -> list[str]:
    """Every condition and expression of the rule set, as written."""
    out = [c.condition.source for d in rs.derived for c in d.cases]
    out += [d.expression.condition.source for d in rs.derived if d.expression]
    out += [cr.compiled.condition.source for t in rs.targets.values() for cr in t.rules]
    for group in (rs.recommendations, rs.obligations, rs.warnings, rs.constraints):
        out += [c.condition.source for _, c in group]
    out += [c.condition.source for check in rs.checks for _, c in check.criteria]
    return out


def _dates(rs: RuleSet) -> list[dt.date]:
    start = rs.meta.supported_from
    found = {start, rs.meta.checked_until + _DAY}
    for amount in rs.amounts.values():
        for period in amount.periods:
            found |= {period.valid_from, period.valid_from - _DAY}
            if period.valid_to is not None:
                found |= {period.valid_to, period.valid_to + _DAY}
    for source in condition_sources(rs):
        for text in _DATE.findall(source):
            day = dt.date.fromisoformat(text)
            found |= {day - _DAY, day, day + _DAY}
    return sorted(d for d in found if d >= start)


def _literals(rs: RuleSet) -> set[float]:
    """Every number written in a condition (compared with facts, they are boundaries too)."""
    found: set[float] = set()

    def walk(node: Any) -> None:
        if isinstance(node, Literal):
            if isinstance(node.value, (int, float)) and not isinstance(node.value, bool):
                found.add(node.value)
            return
        for value in vars(node).values() if hasattr(node, "__dict__") else _slots(node):
            if isinstance(value, Node):
                walk(value)
            elif isinstance(value, (list, tuple)):
                for item in value:
                    if isinstance(item, Node):
                        walk(item)

    for source in condition_sources(rs):
        walk(parse(source))
    return found


def _slots(node: Any) -> list[Any]:
    return [getattr(node, name) for name in getattr(node, "__slots__", ())]


def _around(value: float) -> list[float]:
    """The value and a step to each side: 1 for whole numbers, a hundredth of it otherwise."""
    if float(value).is_integer() and abs(value) >= 1:
        return [value - 1, value, value + 1]
    step = max(abs(value) / 100, 0.0001)
    return [value - step, value, value + step]


def _numbers(
    rs: RuleSet, unit: str | None, minimum: float | None, days: Iterable[dt.date]
) -> list[Any]:
    low = minimum if minimum is not None else 0
    found: set[float] = {low}
    for day in days:
        for ident, resolved in rs.amounts_on(day).items():
            if rs.amounts[ident].unit != unit:
                continue
            value = resolved.value
            if isinstance(value, Interval):
                points = [*_around(value.lo), (value.lo + value.hi) / 2, *_around(value.hi)]
            elif value is None:
                continue
            else:
                points = _around(value)
            found |= set(points)
    for value in _literals(rs):
        found |= set(_around(value))
    if unit is None:
        found |= set(_SMALL_COUNTS)
    return sorted({int(v) if float(v).is_integer() else v for v in found if v >= low})


def domains(rs: RuleSet) -> dict[str, list[Any]]:
    """Fact id → the values to try (every value known: the analysis looks at complete
    cases; the engine's handling of unknown facts is tested elsewhere)."""
    days = _dates(rs)
    out: dict[str, list[Any]] = {}
    for fact in rs.facts.values():
        if fact.type == "bool":
            out[fact.id] = [True, False]
        elif fact.type == "enum":
            out[fact.id] = fact.value_ids()
        elif fact.type == "date":
            out[fact.id] = days
        else:
            out[fact.id] = _numbers(rs, fact.unit, fact.minimum, days)
    return out
