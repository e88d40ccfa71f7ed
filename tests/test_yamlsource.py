"""Strict YAML reading: values with their lines, and refusal of what a rule file must not hold."""

from __future__ import annotations

import contextlib
import datetime as dt
from pathlib import Path

import pytest

from procurement.core.errors import RuleLoadError
from procurement.core.yamlsource import LineMap, read_yaml


def _write(tmp_path: Path, text: str | bytes, name: str = "doc.yaml") -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def _error(tmp_path: Path, text: str | bytes) -> tuple[int, str]:
    path = _write(tmp_path, text)
    with pytest.raises(RuleLoadError) as info:
        read_yaml(path)
    assert len(info.value.issues) == 1
    issue = info.value.issues[0]
    assert issue.file == str(path)
    assert str(info.value) == f"{path}:{issue.line}: {issue.message}"
    return issue.line, issue.message


DOC = """\
# a comment
top:
  name: demo
  nested:
    deeper:
      value: 1
items:
  - id: first
    label: {sv: Ett, en: One}
  - id: second
    when: >-
      a long
      condition
    refs:
      - one
      - two

flat: [x, y]
"""


# --- values and their lines ---------------------------------------------------------------------
def test_values_are_plain_python(tmp_path: Path) -> None:
    data, _ = read_yaml(_write(tmp_path, DOC))
    assert data == {
        "top": {"name": "demo", "nested": {"deeper": {"value": 1}}},
        "items": [
            {"id": "first", "label": {"sv": "Ett", "en": "One"}},
            {"id": "second", "when": "a long condition", "refs": ["one", "two"]},
        ],
        "flat": ["x", "y"],
    }


@pytest.mark.parametrize(
    ("path", "line"),
    [
        ((), 2),
        (("top",), 2),
        (("top", "name"), 3),
        (("top", "nested"), 4),
        (("top", "nested", "deeper"), 5),
        (("top", "nested", "deeper", "value"), 6),
        (("items",), 7),
        (("items", 0), 8),
        (("items", 0, "id"), 8),
        (("items", 0, "label"), 9),
        (("items", 0, "label", "sv"), 9),
        (("items", 0, "label", "en"), 9),
        (("items", 1), 10),
        (("items", 1, "when"), 11),
        (("items", 1, "refs"), 14),
        (("items", 1, "refs", 0), 15),
        (("items", 1, "refs", 1), 16),
        (("flat",), 18),
        (("flat", 1), 18),
    ],
)
def test_lines_of_keys_and_items(tmp_path: Path, path: tuple[str | int, ...], line: int) -> None:
    _, lines = read_yaml(_write(tmp_path, DOC))
    assert lines.line(path) == line


def test_line_falls_back_to_the_deepest_known_prefix(tmp_path: Path) -> None:
    _, lines = read_yaml(_write(tmp_path, DOC))
    assert lines.line(("items", 1, "status")) == 10  # a missing key: its item's line
    assert lines.line(("items", 1, "refs", 5, "x")) == 14
    assert lines.line(("nowhere", "at", "all")) == 2
    assert lines.line(["items", 0, "id"]) == 8  # any sequence of parts, e.g. a pydantic loc


def test_empty_line_map() -> None:
    lines = LineMap("rules.yaml")
    assert lines.file == "rules.yaml"
    assert lines.line(()) == 1
    assert lines.line(("facts", 0, "id")) == 1


def test_line_map_names_the_file(tmp_path: Path) -> None:
    path = _write(tmp_path, DOC)
    assert read_yaml(path)[1].file == str(path)


def test_scalars_are_typed_by_the_safe_schema(tmp_path: Path) -> None:
    text = (
        "date: 2024-01-31\n"
        "int: 700000\n"
        "float: 0.15\n"
        "bool: true\n"
        "none: null\n"
        "tilde: ~\n"
        "quoted: '2024-01-31'\n"
        'yes_quoted: "yes"\n'
        "str_tag: !!str 123\n"
    )
    data, _ = read_yaml(_write(tmp_path, text))
    assert data == {
        "date": dt.date(2024, 1, 31),
        "int": 700000,
        "float": 0.15,
        "bool": True,
        "none": None,
        "tilde": None,
        "quoted": "2024-01-31",
        "yes_quoted": "yes",
        "str_tag": "123",
    }


# --- empty files --------------------------------------------------------------------------------
@pytest.mark.parametrize("text", ["", "# only a comment\n", "\n\n", "---\n"], ids=repr)
def test_empty_document_is_none(tmp_path: Path, text: str) -> None:
    data, lines = read_yaml(_write(tmp_path, text))
    assert data is None
    assert isinstance(lines, LineMap)


# --- duplicate keys -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("a: 1\nb: 2\na: 3\n", 3, "duplicate key 'a' (first defined on line 1)"),
        ("top:\n  x: 1\n  y: 2\n  x: 3\n", 4, "duplicate key 'x' (first defined on line 2)"),
        (
            "rules:\n  - id: r\n    priority: 1\n    when: a\n    priority: 2\n",
            5,
            "duplicate key 'priority' (first defined on line 3)",
        ),
        ("m: {k: 1, k: 2}\n", 1, "duplicate key 'k' (first defined on line 1)"),
        ("1: a\n'1': b\n", 2, "duplicate key '1' (first defined on line 1)"),
    ],
    ids=["top", "nested", "in-list-item", "flow", "int-and-str"],
)
def test_duplicate_keys(tmp_path: Path, text: str, line: int, message: str) -> None:
    assert _error(tmp_path, text) == (line, message)


def test_same_key_in_different_mappings_is_fine(tmp_path: Path) -> None:
    data, _ = read_yaml(_write(tmp_path, "a: {id: 1}\nb: {id: 2}\nc:\n  - id: 3\n  - id: 4\n"))
    assert data["c"] == [{"id": 3}, {"id": 4}]


# --- aliases and merge keys ---------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("a: &x 1\nb: *x\n", 2),
        ("a: &m {k: 1}\nb: 2\nc: *m\n", 3),
        ("a:\n  label: &l {sv: x, en: y}\nb:\n  label: *l\n", 4),
    ],
    ids=["scalar", "mapping", "nested"],
)
def test_aliases_are_refused_at_the_alias(tmp_path: Path, text: str, line: int) -> None:
    assert _error(tmp_path, text) == (line, "aliases ('*name') are not allowed")


def test_alias_as_list_item_is_refused(tmp_path: Path) -> None:
    _, message = _error(tmp_path, "a: &x {k: 1}\nb:\n  - *x\n")
    assert message == "aliases ('*name') are not allowed"


@pytest.mark.parametrize(
    ("text", "line"),
    [("base: &b {x: 1}\nother:\n  <<: *b\n  y: 2\n", 3), ("other:\n  y: 2\n  <<: {x: 1}\n", 3)],
    ids=["with-alias", "inline"],
)
def test_merge_keys_are_refused(tmp_path: Path, text: str, line: int) -> None:
    assert _error(tmp_path, text) == (line, "merge keys ('<<') are not allowed")


def test_complex_keys_are_refused(tmp_path: Path) -> None:
    assert _error(tmp_path, "a: 1\n? [x, y]\n: 2\n") == (2, "mapping keys must be plain text")


# --- tags -------------------------------------------------------------------------------------
def test_custom_tag_is_refused(tmp_path: Path) -> None:
    line, message = _error(tmp_path, "a: 1\nb: !custom 2\n")
    assert line == 2
    assert message.startswith("tag '!custom' is not allowed")


@pytest.mark.parametrize(
    "tag", ["!!python/object:builtins.str", "!!python/name:os.system", "!!python/str"]
)
def test_python_tags_are_refused(tmp_path: Path, tag: str) -> None:
    line, message = _error(tmp_path, f"a: 1\nb: {tag} 'x'\n")
    assert line == 2
    assert tag.removeprefix("!!") in message


def test_nothing_is_executed(tmp_path: Path) -> None:
    marker = tmp_path / "executed"
    text = f"a: !!python/object/apply:os.system ['touch {marker}']\n"
    with contextlib.suppress(RuleLoadError):
        read_yaml(_write(tmp_path, text))
    assert not marker.exists()


# --- syntax errors -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("a: 1\nb:\n  c: 1\n  d: e: f\n", 4, "mapping values are not allowed"),
        ("a: 1\nb: [1, 2\nc: 3\n", 3, ""),
        ("a: 1\n---\nb: 2\n", 2, ""),
        ("a:\n  - x\n  y: 1\n", 3, ""),
    ],
    ids=["mapping-value", "unclosed-flow", "two-documents", "bad-indent"],
)
def test_syntax_errors_name_the_line(tmp_path: Path, text: str, line: int, message: str) -> None:
    got_line, got_message = _error(tmp_path, text)
    assert got_line == line
    assert got_message.startswith("YAML syntax error: ")
    assert message in got_message
    assert "\n" not in got_message


def test_unreadable_files(tmp_path: Path) -> None:
    line, message = _error(tmp_path, b"a: \xff\n")
    assert line == 1
    assert message.startswith("cannot read file: ")
    with pytest.raises(RuleLoadError) as info:
        read_yaml(tmp_path / "missing.yaml")
    assert info.value.issues[0].line == 1
    assert info.value.issues[0].message.startswith("cannot read file: ")
