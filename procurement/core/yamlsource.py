"""Strict YAML reading: standard tags only, no duplicate keys, no aliases, a line for every value.

The document is composed into nodes (libyaml's C parser where available) and converted
by hand, so that every mapping key and sequence item keeps the line it stood on. Pydantic
error locations are then turned into ``file:line`` messages through :class:`LineMap`.

A file is read once, at most :data:`~procurement.core.limits.RULE_FILE_BYTES`, and only when it
is a regular file (a symbolic link to one is followed): a directory, a device, a pipe or a
link to nothing is an error naming it, never skipped and never read until memory runs out.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from procurement.core.errors import RuleLoadError

__all__ = ["LineMap", "not_regular", "parse_yaml", "read_source", "read_yaml"]

_Loader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_SCALAR_CONSTRUCTOR = yaml.constructor.SafeConstructor()
_STD = "tag:yaml.org,2002:"
_SCALAR_TAGS = frozenset(_STD + t for t in ("str", "int", "float", "bool", "null", "timestamp"))
_KEY_WORDS = {True: "true", False: "false", None: "null"}

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


_KINDS = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISSOCK, "a socket"),
)


def not_regular(path: Path) -> str | None:
    """Why ``path`` is not a rule file (``'a directory'``, ``'a symbolic link to a character
    device'``, ``'a symbolic link to nothing'`` …), or None for a regular file or a symbolic
    link to one."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return "a symbolic link to nothing" if path.is_symlink() else "missing"
    except OSError as exc:
        return f"unreadable ({exc.strerror or exc})"
    if stat.S_ISREG(mode):
        return None
    kind = next((what for test, what in _KINDS if test(mode)), "not a file")
    return f"a symbolic link to {kind}" if path.is_symlink() else kind


def read_source(path: Path, limit: int | None = None) -> bytes:
    """The bytes of one YAML file, read once and at most ``limit`` (default
    :data:`~procurement.core.limits.RULE_FILE_BYTES`); :class:`RuleLoadError` naming the file
    when it is not a regular file, is larger or cannot be read."""
    # Imported here: the limits' own messages are a text catalogue, read by this module.
    from procurement.core.limits import RULE_FILE_BYTES, shown_size

    limit = RULE_FILE_BYTES if limit is None else limit
    name = str(path)
    kind = not_regular(path)
    if kind == "missing":
        raise RuleLoadError.single(name, 1, "cannot read file: no such file")
    if kind is not None:
        raise RuleLoadError.single(name, 1, f"not a regular file: this is {kind}")
    try:
        # O_NONBLOCK: should the file have been replaced by a pipe since, opening it does not
        # wait for a writer; fstat below refuses it.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                raise RuleLoadError.single(name, 1, "not a regular file")
            data = handle.read(limit + 1)
    except OSError as exc:
        raise RuleLoadError.single(name, 1, f"cannot read file: {exc.strerror or exc}") from None
    if len(data) > limit:
        raise RuleLoadError.single(name, 1, f"the file is larger than {shown_size(limit)}")
    return data


def read_yaml(path: Path) -> tuple[Any, LineMap]:
    """Read one YAML file strictly (bounded, a regular file only); raise
    :class:`RuleLoadError` naming file and line."""
    return parse_yaml(read_source(path), str(path))


def parse_yaml(data: bytes, name: str) -> tuple[Any, LineMap]:
    """The document in ``data`` (UTF-8, the file ``name``), read strictly; raise
    :class:`RuleLoadError` naming file and line."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise RuleLoadError.single(name, 1, f"cannot read file: {exc}") from None
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        raise _syntax_error(name, exc) from None
    except yaml.YAMLError as exc:  # pragma: no cover - defensive
        raise RuleLoadError.single(name, 1, f"YAML error: {_one_line(str(exc))}") from None
    lines = LineMap(name)
    if node is None:
        return None, lines
    try:
        return _Converter(lines, text).convert(node, ()), lines
    except RecursionError:
        raise RuleLoadError.single(name, 1, "the document is nested too deeply") from None


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _syntax_error(name: str, exc: yaml.MarkedYAMLError) -> RuleLoadError:
    problem = _one_line(exc.problem or exc.context or "invalid YAML")
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else 1
    if exc.context and exc.context_mark is not None:
        started = exc.context_mark.line + 1
        if "end of stream" in problem:
            line = started  # an unclosed quote or bracket: point at where it began
        if started != line or "end of stream" in problem:
            problem += f" ({_one_line(exc.context)} that starts on line {started})"
    return RuleLoadError.single(name, line, f"YAML syntax error: {problem}")


class _Converter:
    def __init__(self, lines: LineMap, text: str) -> None:
        self.lines = lines
        self.text = text
        self.seen: set[int] = set()

    def fail(self, line: int, message: str) -> RuleLoadError:
        return RuleLoadError.single(self.lines.file, line, message)

    def alias_line(self, fallback: int) -> int:
        """The line of the first alias in the document (only computed on this error path)."""
        for event in yaml.parse(self.text, Loader=_Loader):
            if isinstance(event, yaml.AliasEvent) and event.start_mark is not None:
                return event.start_mark.line + 1
        return fallback  # pragma: no cover

    def visit(self, node: yaml.Node) -> int:
        line = node.start_mark.line + 1
        if id(node) in self.seen:
            raise self.fail(self.alias_line(line), "aliases ('*name') are not allowed")
        self.seen.add(id(node))
        expected = (
            _STD + "map"
            if isinstance(node, yaml.MappingNode)
            else _STD + "seq"
            if isinstance(node, yaml.SequenceNode)
            else None
        )
        allowed = node.tag == expected if expected else node.tag in _SCALAR_TAGS
        if not allowed:
            shown = node.tag.replace(_STD, "!!", 1)
            raise self.fail(line, f"tag '{shown}' is not allowed (only plain YAML values)")
        return line

    def convert(self, node: yaml.Node, path: Path_) -> Any:
        line = self.visit(node)
        self.lines.lines.setdefault(path, line)
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.convert(item, (*path, i)) for i, item in enumerate(node.value)]
        return self.scalar(node, line)

    def scalar(self, node: yaml.Node, line: int) -> Any:
        try:
            return _SCALAR_CONSTRUCTOR.construct_object(node)
        except (yaml.YAMLError, ValueError, OverflowError) as exc:
            return self._bad_scalar(node, line, exc)

    def _bad_scalar(self, node: yaml.Node, line: int, exc: Exception) -> Any:
        detail = _one_line(str(exc)).split(' in "<')[0]
        raise self.fail(line, f"invalid value '{node.value}': {detail}")

    def mapping(self, node: yaml.MappingNode, path: Path_) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            if key_node.tag == _STD + "merge":
                raise self.fail(line, "merge keys ('<<') are not allowed")
            self.visit(key_node)
            if not isinstance(key_node, yaml.ScalarNode):
                raise self.fail(line, "mapping keys must be plain text")
            raw = self.scalar(key_node, line)
            if raw is None or isinstance(raw, bool):
                raise self.fail(
                    line,
                    f"the key '{key_node.value}' is read as {_KEY_WORDS[raw]} by YAML; "
                    f"quote it: '{key_node.value}'",
                )
            key = str(raw)
            if key in out:
                first = self.lines.lines[(*path, key)]
                raise self.fail(line, f"duplicate key '{key}' (first defined on line {first})")
            self.lines.lines[(*path, key)] = line
            out[key] = self.convert(value_node, (*path, key))
        return out
