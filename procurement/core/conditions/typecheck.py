"""Static type checking of a parsed condition against the declared symbols."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

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
from procurement.core.limits import NUMBER_LIMIT
from procurement.core.suggest import did_you_mean

__all__ = ["BOOL", "DATE", "ENUM", "NUMBER", "STRING", "Symbol", "SymbolKind", "check"]

BOOL, NUMBER, DATE, ENUM, STRING = "bool", "number", "date", "enum", "string"
_ORDERED = frozenset({"<", "<=", ">", ">="})


class SymbolKind(StrEnum):
    """What a name in a condition refers to."""

    FACT = "fact"
    AMOUNT = "amount"
    DERIVED = "derived"
    OUTCOME = "outcome"


@dataclass(frozen=True)
class Symbol:
    """A name a condition may use, with its type and (for enums) its allowed values."""

    name: str
    kind: SymbolKind
    type: str
    values: frozenset[str] = field(default_factory=frozenset)


def check(node: Node, symbols: Mapping[str, Symbol], want: str = BOOL) -> set[str]:
    """Check that ``node`` is well typed and of type ``want`` (a condition by default);
    return the names it reads."""
    names: set[str] = set()
    kind = _type_of(node, symbols, names)
    if kind != want:
        what = "a condition must be true or false" if want == BOOL else f"expected a {want}"
        raise ConditionError(f"{what}, but this is a {kind}", 1)
    return names


def _literal_type(value: object) -> str:
    if isinstance(value, bool):
        return BOOL
    if isinstance(value, (int, float)):
        return NUMBER
    if isinstance(value, dt.date):
        return DATE
    return STRING


def _type_of(node: Node, symbols: Mapping[str, Symbol], names: set[str]) -> str:
    if isinstance(node, Literal):
        return _literal_type(node.value)
    if isinstance(node, Name):
        symbol = symbols.get(node.name)
        if symbol is None:
            hint = did_you_mean(node.name, symbols)
            raise ConditionError(f"unknown name '{node.name}'{hint}", node.column)
        names.add(node.name)
        return symbol.type
    if isinstance(node, (And, Or)):
        for item in node.items:
            _expect(item, BOOL, symbols, names, "'and'/'or' joins conditions")
        return BOOL
    if isinstance(node, Not):
        _expect(node.item, BOOL, symbols, names, "'not' applies to a condition")
        return BOOL
    if isinstance(node, Arith):
        _expect(node.left, NUMBER, symbols, names, f"'{node.op}' works on numbers")
        _expect(node.right, NUMBER, symbols, names, f"'{node.op}' works on numbers")
        _constant(node)
        return NUMBER
    if isinstance(node, InList):
        _check_enum_side(node.operand, node.items, symbols, names, node.column)
        return BOOL
    if isinstance(node, Compare):
        return _check_compare(node, symbols, names)
    raise ConditionError("unsupported expression", node.column)  # pragma: no cover


def _constant(node: Node) -> Decimal | None:
    """The value of a calculation of written numbers only (None when it reads a name);
    a :class:`ConditionError` for a division by zero or a result out of range."""
    if isinstance(node, Literal):
        value = node.value
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return Decimal(str(value))
        return None
    if not isinstance(node, Arith):
        return None
    left, right = _constant(node.left), _constant(node.right)
    if node.op == "/" and right == 0:
        raise ConditionError("division by zero: the divisor is always 0", node.column)
    if left is None or right is None:
        return None
    if node.op == "+":
        result = left + right
    elif node.op == "-":
        result = left - right
    elif node.op == "*":
        result = left * right
    else:
        result = left / right
    if abs(result) >= NUMBER_LIMIT:
        raise ConditionError(
            f"'{node.op}' of written numbers gives {result:.3g}, too large: a number in a "
            f"condition must be less than {NUMBER_LIMIT:_}",
            node.column,
        )
    return result


def _expect(
    node: Node, want: str, symbols: Mapping[str, Symbol], names: set[str], why: str
) -> None:
    got = _type_of(node, symbols, names)
    if got != want:
        raise ConditionError(f"{why}, but this is a {got}", node.column)


def _check_compare(node: Compare, symbols: Mapping[str, Symbol], names: set[str]) -> str:
    left, right = node.left, node.right
    for side, other in ((left, right), (right, left)):
        if isinstance(side, Name) and isinstance(other, Literal) and isinstance(other.value, str):
            _check_enum_side(side, (other,), symbols, names, node.column)
            if node.op in _ORDERED:
                raise ConditionError(f"'{node.op}' cannot order text values", node.column)
            return BOOL
    lt = _type_of(left, symbols, names)
    rt = _type_of(right, symbols, names)
    if lt != rt:
        raise ConditionError(f"cannot compare a {lt} with a {rt} using '{node.op}'", node.column)
    if lt in (BOOL, ENUM, STRING) and node.op in _ORDERED:
        raise ConditionError(f"'{node.op}' cannot order {lt} values", node.column)
    if lt == ENUM:
        raise ConditionError("compare a choice with a quoted value, e.g. x == 'a'", node.column)
    return BOOL


def _check_enum_side(
    operand: Node,
    items: tuple[Literal, ...],
    symbols: Mapping[str, Symbol],
    names: set[str],
    column: int,
) -> None:
    kind = _type_of(operand, symbols, names)
    if kind != ENUM or not isinstance(operand, Name):
        raise ConditionError(f"only a choice can be compared with text, not a {kind}", column)
    allowed = symbols[operand.name].values
    for item in items:
        if not isinstance(item.value, str):
            raise ConditionError("list items must be quoted text values", item.column)
        if item.value not in allowed:
            hint = did_you_mean(item.value, allowed)
            options = ", ".join(sorted(allowed))
            raise ConditionError(
                f"'{item.value}' is not a value of '{operand.name}'{hint}; allowed: {options}",
                item.column,
            )
