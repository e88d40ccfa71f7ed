"""Conditions that cannot be decided: unknown in every complete case (``never_decided``), or
left unknown in some complete case because a divisor is 0 there (``zero_divisor``).

A complete case knows every fact, so a condition is unknown only because of the rules
themselves: a division by zero (in the condition, or in a derived number it reads), an amount
known only as an estimate, a derived value without a value. A division whose zero divisor is
guarded (``employees_total > 0 and share >= limit``) decides the condition anyway and is not
reported; a derived number that is unknown for some cases is reported where a condition reads
it and is left unknown.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from procurement.authoring.analysis.findings import Finding
from procurement.authoring.analysis.semantic import CaseSpace, example_of
from procurement.core.conditions import Interval, Node, parse
from procurement.core.conditions.ast import Arith, Literal, Name
from procurement.core.conditions.compiler import Evaluator, compile_node
from procurement.core.ruleset import Compiled, RuleSet

__all__ = ["undecided_findings"]

_PRECEDENCE = {"+": 1, "-": 1, "*": 2, "/": 2}


@dataclass(frozen=True)
class _Divisor:
    """A divisor of a division: its text, where it is written, and its closure."""

    text: str
    owner: str | None  # the derived value whose expression holds it, or None
    evaluate: Evaluator


def _items(rs: RuleSet) -> Iterator[tuple[str, Compiled, bool]]:
    """Every condition and derived expression, named as the findings name it, and whether it
    is a condition (a derived number may be unknown for some cases; a condition should not)."""
    for ident, target in rs.targets.items():
        for cr in target.rules:
            yield f"rule '{cr.rule.id}' ({ident})", cr.compiled, True
    for rec, c in rs.recommendations:
        yield f"recommendation '{rec.id}'", c, True
    for duty, c in rs.obligations:
        yield f"duty '{duty.id}'", c, True
    for warning, c in rs.warnings:
        yield f"warning '{warning.id}'", c, True
    for constraint, c in rs.constraints:
        yield f"constraint '{constraint.id}'", c, True
    for check in rs.checks:
        for criterion, c in check.criteria:
            yield f"criterion '{check.spec.id}.{criterion.id}'", c, True
    for derived in rs.derived:
        for i, c in enumerate(derived.cases):
            yield f"derived value '{derived.spec.id}', case {i + 1},", c, True
        if derived.expression is not None:
            yield f"derived value '{derived.spec.id}'", derived.expression, False


def text_of(node: Node, outer: int = 0) -> str:
    """A number expression written back as text (for the divisor a finding names)."""
    if isinstance(node, Name):
        return node.name
    if isinstance(node, Literal):
        value = node.value
        return value.isoformat() if isinstance(value, dt.date) else str(value)
    if isinstance(node, Arith):
        level = _PRECEDENCE[node.op]
        text = f"{text_of(node.left, level)} {node.op} {text_of(node.right, level + 1)}"
        return f"({text})" if level < outer else text
    return "…"  # pragma: no cover - a divisor is a number expression


def _divisions(node: Node) -> Iterator[Node]:
    """The divisors of every division in ``node``."""
    if isinstance(node, Arith):
        if node.op == "/":
            yield node.right
        yield from _divisions(node.left)
        yield from _divisions(node.right)
        return
    for value in (getattr(node, name) for name in getattr(node, "__slots__", ())):
        if isinstance(value, Node):
            yield from _divisions(value)
        elif isinstance(value, tuple):
            for item in value:
                if isinstance(item, Node):
                    yield from _divisions(item)


class _Divisors:
    """The divisors a condition depends on: its own, and those of the derived numbers it
    reads (through other derived numbers too)."""

    def __init__(self, rs: RuleSet) -> None:
        self.rs = rs
        self._own: dict[str, list[_Divisor]] = {}

    def own(self, source: str, owner: str | None) -> list[_Divisor]:
        key = f"{owner}\0{source}"
        if key not in self._own:
            self._own[key] = [
                _Divisor(text_of(d), owner, compile_node(d)) for d in _divisions(parse(source))
            ]
        return self._own[key]

    def of(self, compiled: Compiled) -> list[_Divisor]:
        out = list(self.own(compiled.condition.source, None))
        seen: set[str] = set()
        todo = list(compiled.condition.names)
        while todo:
            name = todo.pop()
            derived = self.rs.derived_by_id.get(name)
            if name in seen or derived is None or derived.expression is None:
                continue
            seen.add(name)
            out += self.own(derived.expression.condition.source, name)
            todo += derived.expression.condition.names
        return out


def _is_zero(value: Any) -> bool:
    if isinstance(value, Interval):
        return value.lo <= 0 <= value.hi
    return isinstance(value, (int, float)) and not isinstance(value, bool) and value == 0


def _guard(text: str) -> str:
    """The test that keeps a division away from a zero divisor."""
    return f"{text} != 0" if " " not in text else f"({text}) != 0"


def _where(divisor: _Divisor) -> str:
    where = f" of derived value '{divisor.owner}'" if divisor.owner else ""
    return f"the divisor '{divisor.text}'{where}"


def undecided_findings(space: CaseSpace) -> list[Finding]:
    """Conditions unknown in every complete case, and conditions a zero divisor leaves
    unknown in some, with the case."""
    divisors = _Divisors(space.rs)
    out: list[Finding] = []
    for what, compiled, is_condition in _items(space.rs):
        own = divisors.of(compiled)
        if not is_condition:
            own = [d for d in own if d.owner is None]
        decided = False
        zero: tuple[dict[str, Any], _Divisor] | None = None
        tried = 0
        for case in space.cases(space.names([compiled])):
            tried += 1
            values = space.values(case)
            if compiled.condition.evaluate(values) is not None:
                decided = True
            elif zero is None:
                hit = next((d for d in own if _is_zero(d.evaluate(values))), None)
                if hit is not None:
                    zero = (case, hit)
            if decided and (zero is not None or not own or not is_condition):
                break
        if not tried:
            continue
        if not decided:
            why = f"{_where(zero[1])} is 0" if zero else "no complete case decides it"
            kind = "is never known" if not is_condition else "can never be decided"
            out.append(
                Finding(
                    "never_decided",
                    compiled.file,
                    compiled.line,
                    f"{what} {kind}: it is unknown for every case ({why})",
                )
            )
        elif zero is not None and is_condition:
            out.append(
                Finding(
                    "zero_divisor",
                    compiled.file,
                    compiled.line,
                    f"{what} is left unknown when {_where(zero[1])} is 0; decide that "
                    f"case first, e.g. '{_guard(zero[1].text)} and …'",
                    example_of(zero[0]),
                )
            )
    return out
