"""Tokeniser of the condition language."""

from __future__ import annotations

import re
from dataclasses import dataclass

from procurement.core.conditions.errors import ConditionError

__all__ = ["KEYWORDS", "Token", "tokenize"]

KEYWORDS = frozenset({"and", "or", "not", "in", "true", "false"})

_TOKEN = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<date>\d{4}-\d{2}-\d{2}(?![\d.]))
  | (?P<number>\d[\d_]*(?:\.\d+)?)
  | (?P<string>'[^'\n]*'|"[^"\n]*")
  | (?P<name>[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*)
  | (?P<op>==|!=|<=|>=|<|>|\(|\)|\[|\]|,|\+|-|\*|/)
  | (?P<other>.)
    """,
    re.VERBOSE,
)


@dataclass(frozen=True, slots=True)
class Token:
    """One token: its kind, its text and its 1-based column."""

    kind: str
    text: str
    column: int


def tokenize(source: str) -> list[Token]:
    """Split ``source`` into tokens; unknown characters become 'other' tokens for the parser."""
    tokens: list[Token] = []
    pos = 0
    while pos < len(source):
        match = _TOKEN.match(source, pos)
        if match is None:  # pragma: no cover - the 'other' group matches any character
            raise ConditionError(f"unexpected character {source[pos]!r}", pos + 1)
        kind = match.lastgroup or ""
        text = match.group()
        if kind != "space":
            if kind == "name" and text in KEYWORDS:
                kind = text
            tokens.append(Token(kind, text, pos + 1))
        pos = match.end()
    tokens.append(Token("end", "", len(source) + 1))
    return tokens
