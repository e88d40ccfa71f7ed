"""Strict YAML reading: safe tags only, no duplicate keys, no aliases, and a line for every value.

The document is composed into nodes (libyaml's C parser where available) and converted
by hand, so that every mapping key and sequence item keeps the line it stood on. Pydantic
error locations are then turned into ``file:line`` messages through :class:`LineMap`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from procurement.errors import RuleLoadError

__all__ = ["LineMap", "read_yaml"]

_Loader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_SCALAR_CONSTRUCTOR = yaml.constructor.SafeConstructor()

Path_ = tuple[str | int, ...]


@dataclass
class LineMap:
    """Maps a path inside a YAML document (keys and indices) to a 1-based line."""

    file: str
    lines: dict[Path_, int] = field(default_factory=dict)

    def line(self, path: Path_) -> int:
        """The line of the deepest known prefix of ``path`` (1 when nothing is known)."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), 1)


def read_yaml(path: Path) -> tuple[Any, LineMap]:
    """Read one YAML file strictly; raise :class:`RuleLoadError` naming file and line."""
    name = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleLoadError.single(name, 1, f"cannot read file: {exc}") from None
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        problem = exc.problem or exc.context or "invalid YAML"
        raise RuleLoadError.single(name, line, f"YAML syntax error: {problem}") from None
    except yaml.YAMLError as exc:  # pragma: no cover - defensive
        raise RuleLoadError.single(name, 1, f"YAML error: {exc}") from None
    lines = LineMap(name)
    if node is None:
        return None, lines
    return _convert(node, (), lines, set()), lines


def _convert(node: yaml.Node, path: Path_, lines: LineMap, seen: set[int]) -> Any:
    line = node.start_mark.line + 1
    if id(node) in seen:
        raise RuleLoadError.single(lines.file, line, "aliases ('*name') are not allowed")
    seen.add(id(node))
    lines.lines.setdefault(path, line)
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise RuleLoadError.single(lines.file, line, "merge keys ('<<') are not allowed")
            if not isinstance(key_node, yaml.ScalarNode):
                raise RuleLoadError.single(lines.file, line, "mapping keys must be plain text")
            key = str(_SCALAR_CONSTRUCTOR.construct_object(key_node))
            if key in out:
                first = lines.lines[(*path, key)]
                raise RuleLoadError.single(
                    lines.file, line, f"duplicate key '{key}' (first defined on line {first})"
                )
            lines.lines[(*path, key)] = line
            if id(value_node) in seen:
                raise RuleLoadError.single(lines.file, line, "aliases ('*name') are not allowed")
            out[key] = _convert(value_node, (*path, key), lines, seen)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_convert(item, (*path, i), lines, seen) for i, item in enumerate(node.value)]
    if not node.tag.startswith("tag:yaml.org,2002:"):
        raise RuleLoadError.single(
            lines.file, node.start_mark.line + 1, f"tag '{node.tag}' is not allowed"
        )
    try:
        return _SCALAR_CONSTRUCTOR.construct_object(node)
    except yaml.YAMLError as exc:
        raise RuleLoadError.single(lines.file, node.start_mark.line + 1, str(exc)) from None
