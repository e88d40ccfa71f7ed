"""Compilation of a checked syntax tree into closures evaluated under three-valued logic."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from procurement.core.conditions.ast import (
    And,
    Arith,
    Compare,
    InList,
    Literal,
    Name,
    Node,
    Not,
    Or,
)
from procurement.core.conditions.errors import ConditionError
from procurement.core.conditions.logic import arith, compare, member
from procurement.core.conditions.parser import parse
from procurement.core.conditions.typecheck import BOOL, Symbol, check

__all__ = ["CompiledCondition", "Evaluator", "compile_condition", "compile_node"]

Values = Mapping[str, Any]
Evaluator = Callable[[Values], Any]


@dataclass(frozen=True, slots=True)
class CompiledCondition:
    """A condition ready to evaluate: its text, its closure and the names it reads."""

    source: str
    evaluate: Evaluator
    names: frozenset[str]


def compile_condition(
    source: str, symbols: Mapping[str, Symbol], want: str = BOOL
) -> CompiledCondition:
    """Parse, type-check and compile ``source`` (a condition, or a number expression with
    ``want=NUMBER``); raise ConditionError when invalid."""
    try:
        tree = parse(source)
        names = check(tree, symbols, want)
        return CompiledCondition(source, _compile(tree), frozenset(names))
    except RecursionError:
        raise ConditionError("the condition is too long or nested too deeply", 1) from None


def compile_node(node: Node) -> Evaluator:
    """The closure of a part of a checked condition (the analysis evaluates divisors)."""
    return _compile(node)


def _compile(node: Node) -> Evaluator:
    if isinstance(node, Literal):
        value = node.value
        return lambda values: value
    if isinstance(node, Name):
        name = node.name
        return lambda values: values.get(name)
    if isinstance(node, Not):
        inner = _compile(node.item)

        def negate(values: Values) -> bool | None:
            result = inner(values)
            return None if result is None else not result

        return negate
    if isinstance(node, And):
        return _kleene(tuple(_compile(i) for i in node.items), stop=False)
    if isinstance(node, Or):
        return _kleene(tuple(_compile(i) for i in node.items), stop=True)
    if isinstance(node, Compare):
        op, left, right = node.op, _compile(node.left), _compile(node.right)
        return lambda values: compare(op, left(values), right(values))
    if isinstance(node, Arith):
        op, left, right = node.op, _compile(node.left), _compile(node.right)
        return lambda values: arith(op, left(values), right(values))
    if isinstance(node, InList):
        operand = _compile(node.operand)
        members = frozenset(item.value for item in node.items)
        negated = node.negated

        def contains(values: Values) -> bool | None:
            return member(operand(values), members, negated)

        return contains
    raise TypeError(f"cannot compile {type(node).__name__}")  # pragma: no cover


def _kleene(parts: tuple[Evaluator, ...], stop: bool) -> Evaluator:
    """Kleene and (stop on False) or or (stop on True); unknown when undecided."""

    def run(values: Values) -> bool | None:
        unknown = False
        for part in parts:
            result = part(values)
            if result is None:
                unknown = True
            elif bool(result) is stop:
                return stop
        return None if unknown else not stop

    return run
