"""Syntax tree of the condition language."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

__all__ = ["And", "Arith", "Compare", "InList", "Literal", "Name", "Node", "Not", "Or"]


@dataclass(frozen=True, slots=True)
class Node:
    """Base of every node; ``column`` is 1-based in the condition text."""

    column: int


@dataclass(frozen=True, slots=True)
class Literal(Node):
    """A number, string, date or boolean written in the condition."""

    value: float | int | str | bool | dt.date


@dataclass(frozen=True, slots=True)
class Name(Node):
    """A reference to a fact, an amount or a derived value."""

    name: str


@dataclass(frozen=True, slots=True)
class Compare(Node):
    """``left op right`` with op one of == != < <= > >=."""

    op: str
    left: Node
    right: Node


@dataclass(frozen=True, slots=True)
class InList(Node):
    """``operand in [a, b]`` or ``operand not in [a, b]``."""

    operand: Node
    items: tuple[Literal, ...]
    negated: bool


@dataclass(frozen=True, slots=True)
class And(Node):
    """All items true (Kleene conjunction)."""

    items: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Or(Node):
    """Any item true (Kleene disjunction)."""

    items: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Not(Node):
    """Negation; unknown stays unknown."""

    item: Node


@dataclass(frozen=True, slots=True)
class Arith(Node):
    """``left op right`` with op one of + - * /."""

    op: str
    left: Node
    right: Node
