"""Guard: the law is data. No legal amount, section number or legal text is written in Python.

Docstrings may mention examples; code constants may not. A number of 10 000 or more that is
not an amount (a Unicode code point, a port, a row limit) says so on its line with the comment
``# not law: <what it is>``.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from tests.conftest import ROOT

SOURCES = sorted([*(ROOT / "procurement").rglob("*.py"), ROOT / "app.py"])
SECTION = re.compile(r"\d+\s*(a\s+)?kap\.|§|\bLOU\b|\bLUF\b")
NOT_LAW = re.compile(r"#\s*not law:\s*\S")


def _constants(tree: ast.AST) -> list[ast.Constant]:
    docstrings: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                docstrings.add(id(body[0].value))
    return [n for n in ast.walk(tree) if isinstance(n, ast.Constant) and id(n) not in docstrings]


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_amounts_or_sections_in_python(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    tree = ast.parse(source)
    offenders = []
    for const in _constants(tree):
        value = const.value
        exempt = NOT_LAW.search(lines[const.lineno - 1]) is not None
        if isinstance(value, (int, float)) and not isinstance(value, bool) and value >= 10_000:
            if exempt:
                continue
            offenders.append(f"line {const.lineno}: number {value}")
        if isinstance(value, str) and SECTION.search(value):
            offenders.append(f"line {const.lineno}: text {value[:60]!r}")
    assert not offenders, f"legal content in {path.name}: {offenders}"


def test_the_guard_catches_a_planted_amount() -> None:
    planted = ast.parse('LIMIT = 700_000\nREF = "19 a kap. 11 § LOU"\n')
    found = [c.value for c in _constants(planted)]
    assert 700_000 in found
    assert any(isinstance(v, str) and SECTION.search(v) for v in found)


def test_only_a_line_that_says_what_it_is_is_exempt() -> None:
    assert NOT_LAW.search("    if ord(ch) > 0xFFFF:  # not law: the last code point of the BMP")
    assert not NOT_LAW.search("LIMIT = 700_000  # not law:")
    assert not NOT_LAW.search("LIMIT = 700_000  # the law")
