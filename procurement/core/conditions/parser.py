"""Recursive-descent parser of the condition language."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

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
from procurement.core.conditions.lexer import Token, tokenize
from procurement.core.limits import DECIMAL_DIGITS, NUMBER_LIMIT

__all__ = ["number_literal", "parse"]

MAX_DEPTH = 40
_COMPARE_OPS = frozenset({"==", "!=", "<", "<=", ">", ">="})


def parse(source: str) -> Node:
    """Parse ``source`` into a syntax tree; raise :class:`ConditionError` when it is invalid."""
    if not source.strip():
        raise ConditionError("the condition is empty", 1)
    return _Parser(tokenize(source)).parse()


class _Parser:
    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        self.pos = 0
        self.depth = 0

    def nest(self) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ConditionError(
                f"the condition is nested more than {MAX_DEPTH} levels deep", self.tok.column
            )

    @property
    def tok(self) -> Token:
        return self.tokens[self.pos]

    def advance(self) -> Token:
        token = self.tokens[self.pos]
        self.pos += 1
        return token

    def expect(self, kind: str, what: str) -> Token:
        if self.tok.kind != kind:
            self.fail(f"expected {what}")
        return self.advance()

    def fail(self, message: str) -> None:
        if self.tok.kind == "other":
            raise ConditionError(f"unexpected character {self.tok.text!r}", self.tok.column)
        found = "the end of the condition" if self.tok.kind == "end" else repr(self.tok.text)
        raise ConditionError(f"{message}, found {found}", self.tok.column)

    def parse(self) -> Node:
        node = self.parse_or()
        if self.tok.kind != "end":
            self.fail("expected 'and', 'or' or the end of the condition")
        return node

    def parse_or(self) -> Node:
        first = self.parse_and()
        items = [first]
        while self.tok.kind == "or":
            self.advance()
            items.append(self.parse_and())
        return first if len(items) == 1 else Or(first.column, tuple(items))

    def parse_and(self) -> Node:
        first = self.parse_not()
        items = [first]
        while self.tok.kind == "and":
            self.advance()
            items.append(self.parse_not())
        return first if len(items) == 1 else And(first.column, tuple(items))

    def parse_not(self) -> Node:
        if self.tok.kind == "not":
            column = self.advance().column
            self.nest()
            node = Not(column, self.parse_not())
            self.depth -= 1
            return node
        return self.parse_compare()

    def parse_compare(self) -> Node:
        left = self.parse_sum()
        if self.tok.kind == "op" and self.tok.text in _COMPARE_OPS:
            op = self.advance()
            return Compare(op.column, op.text, left, self.parse_sum())
        negated = False
        if self.tok.kind == "not" and self.tokens[self.pos + 1].kind == "in":
            self.advance()
            negated = True
        if self.tok.kind == "in":
            column = self.advance().column
            return InList(column, left, self.parse_list(), negated)
        if negated:  # pragma: no cover - guarded above
            self.fail("expected 'in'")
        return left

    def parse_list(self) -> tuple[Literal, ...]:
        if not (self.tok.kind == "op" and self.tok.text == "["):
            self.fail("expected '[' after 'in'")
        self.advance()
        items = [self.parse_literal()]
        while self.tok.kind == "op" and self.tok.text == ",":
            self.advance()
            items.append(self.parse_literal())
        if not (self.tok.kind == "op" and self.tok.text == "]"):
            self.fail("expected ',' or ']' in the list")
        self.advance()
        return tuple(items)

    def parse_literal(self) -> Literal:
        node = self.parse_atom()
        if not isinstance(node, Literal):
            raise ConditionError("a list may hold only literal values", node.column)
        return node

    def parse_sum(self) -> Node:
        node = self.parse_product()
        while self.tok.kind == "op" and self.tok.text in ("+", "-"):
            op = self.advance()
            node = Arith(op.column, op.text, node, self.parse_product())
        return node

    def parse_product(self) -> Node:
        node = self.parse_atom()
        while self.tok.kind == "op" and self.tok.text in ("*", "/"):
            op = self.advance()
            node = Arith(op.column, op.text, node, self.parse_atom())
        return node

    def parse_atom(self) -> Node:
        tok = self.tok
        if tok.kind == "number":
            self.advance()
            return Literal(tok.column, number_literal(tok.text, tok.column))
        if tok.kind == "string":
            self.advance()
            return Literal(tok.column, tok.text[1:-1])
        if tok.kind == "date":
            self.advance()
            try:
                return Literal(tok.column, dt.date.fromisoformat(tok.text))
            except ValueError:
                raise ConditionError(f"invalid date {tok.text!r}", tok.column) from None
        if tok.kind in ("true", "false"):
            self.advance()
            return Literal(tok.column, tok.kind == "true")
        if tok.kind == "name":
            self.advance()
            if self.tok.kind == "op" and self.tok.text == "(":
                raise ConditionError(
                    f"function calls are not part of the condition language ({tok.text}(...))",
                    tok.column,
                )
            return Name(tok.column, tok.text)
        if tok.kind == "op" and tok.text == "(":
            self.advance()
            self.nest()
            node = self.parse_or()
            self.depth -= 1
            if not (self.tok.kind == "op" and self.tok.text == ")"):
                self.fail("expected ')'")
            self.advance()
            return node
        self.fail("expected a name, a value or '('")
        raise AssertionError  # pragma: no cover


def number_literal(text: str, column: int = 1) -> int | float:
    """The value of a number written in a condition (digits, ``_`` between them, one decimal
    point); a :class:`ConditionError` when it is as large as :data:`NUMBER_LIMIT` or more, or
    a decimal with more than :data:`DECIMAL_DIGITS` significant digits (which a float would
    round)."""
    digits = text.replace("_", "")
    whole, _, fraction = digits.partition(".")
    significant = (whole + fraction).lstrip("0")
    if fraction:
        significant = significant.rstrip("0")
    if len(whole.lstrip("0")) > len(str(NUMBER_LIMIT)) or Decimal(digits) >= NUMBER_LIMIT:
        raise ConditionError(
            f"the number {_shown(text)} is too large: a number in a condition must be less than "
            f"{NUMBER_LIMIT:_}",
            column,
        )
    if fraction and len(significant) > DECIMAL_DIGITS:
        raise ConditionError(
            f"the number {_shown(text)} has more than {DECIMAL_DIGITS} significant digits, "
            "which a condition cannot hold exactly",
            column,
        )
    return float(digits) if fraction else int(digits)


def _shown(text: str) -> str:
    """A long number cut in the middle, with its count of digits."""
    if len(text) <= 24:
        return text
    digits = sum(c.isdigit() for c in text)
    return f"{text[:10]}…{text[-6:]} ({digits} digits)"
