"""Three-valued logic and interval comparison.

``None`` is *unknown*. A number that is not known exactly (an amount whose SEK value is
not confirmed) is an :class:`Interval`; comparing with it is true or false only when the
whole interval lies on one side, and unknown otherwise. A value known to be one of a few
(a route's outcome while it is still open) is a :class:`OneOf`: a test is true or false
only when every value it could be agrees.
"""

from __future__ import annotations

from typing import Any, NamedTuple

__all__ = ["Interval", "OneOf", "arith", "as_interval", "compare", "member"]


class Interval(NamedTuple):
    """A closed range ``[lo, hi]`` that contains an unknown exact number."""

    lo: float
    hi: float


class OneOf(NamedTuple):
    """A value not known exactly but known to be one of ``options`` (two or more)."""

    options: frozenset[Any]


def _agree(results: set[bool | None]) -> bool | None:
    """True or false when every possibility gives that answer, else unknown."""
    return results.pop() if len(results) == 1 else None


def member(value: Any, members: frozenset[Any], negated: bool) -> bool | None:
    """``value in members`` (or ``not in``) under three-valued logic."""
    if value is None:
        return None
    if isinstance(value, OneOf):
        return _agree({None if v is None else (v in members) != negated for v in value.options})
    return (value in members) != negated


def as_interval(value: Any) -> Interval:
    """Wrap a plain number into a point interval."""
    return value if isinstance(value, Interval) else Interval(value, value)


def _less(a: Interval, b: Interval, strict: bool) -> bool | None:
    if (a.hi < b.lo) if strict else (a.hi <= b.lo):
        return True
    if (a.lo >= b.hi) if strict else (a.lo > b.hi):
        return False
    return None


def compare(op: str, left: Any, right: Any) -> bool | None:
    """Compare two values under three-valued logic; numbers may be intervals."""
    if left is None or right is None:
        return None
    if isinstance(left, OneOf) or isinstance(right, OneOf):
        lefts = left.options if isinstance(left, OneOf) else (left,)
        rights = right.options if isinstance(right, OneOf) else (right,)
        return _agree({compare(op, a, b) for a in lefts for b in rights})
    if isinstance(left, Interval) or isinstance(right, Interval):
        a, b = as_interval(left), as_interval(right)
        if op == "<":
            return _less(a, b, True)
        if op == "<=":
            return _less(a, b, False)
        if op == ">":
            return _less(b, a, True)
        if op == ">=":
            return _less(b, a, False)
        equal: bool | None
        if a.lo == a.hi == b.lo == b.hi:
            equal = True
        elif a.hi < b.lo or b.hi < a.lo:
            equal = False
        else:
            equal = None
        if op == "==":
            return equal
        return None if equal is None else not equal
    if op == "==":
        return bool(left == right)
    if op == "!=":
        return bool(left != right)
    if op == "<":
        return bool(left < right)
    if op == "<=":
        return bool(left <= right)
    if op == ">":
        return bool(left > right)
    return bool(left >= right)


def arith(op: str, left: Any, right: Any) -> Any:
    """Interval-aware + - * /; division by zero or an unknown operand gives unknown, and so
    does a result too large for a float (a whole number past 10^308, only reached by long
    products: the loader keeps every written number and fact below 10^15)."""
    if left is None or right is None:
        return None
    try:
        return _arith(op, left, right)
    except OverflowError:
        return None


def _arith(op: str, left: Any, right: Any) -> Any:
    if not isinstance(left, Interval) and not isinstance(right, Interval):
        if op == "+":
            return left + right
        if op == "-":
            return left - right
        if op == "*":
            return left * right
        return None if right == 0 else left / right
    a, b = as_interval(left), as_interval(right)
    if op == "+":
        return Interval(a.lo + b.lo, a.hi + b.hi)
    if op == "-":
        return Interval(a.lo - b.hi, a.hi - b.lo)
    if op == "/":
        if b.lo <= 0 <= b.hi:
            return None
        b = Interval(1 / b.hi, 1 / b.lo)
    products = (a.lo * b.lo, a.lo * b.hi, a.hi * b.lo, a.hi * b.hi)
    return Interval(min(products), max(products))
