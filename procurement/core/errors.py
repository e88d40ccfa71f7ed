"""Error types: one base class, specific subclasses that carry their context."""

from __future__ import annotations

import traceback
import unicodedata
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "ECHO_LIMIT",
    "FIELD_LIMIT",
    "MESSAGE_LIMIT",
    "InputError",
    "RuleIssue",
    "RuleLoadError",
    "UnsupportedDateError",
    "VagvalError",
    "escaped",
    "origin",
    "shown",
]

ECHO_LIMIT = 80
"""The most characters of a value a message echoes (then an ellipsis)."""
FIELD_LIMIT = 160
"""The most characters of a field's name (a fact id, a column, a file name) in a message."""
MESSAGE_LIMIT = 1000
"""The most characters of what an :class:`InputError` says of its field."""
LINE_LIMIT = 1200
"""The most characters of one line of an error message (a row, a field and its message)."""
# Characters that are not shown as themselves: control characters (line breaks, ESC), format
# characters (bidirectional overrides, zero-width), lone surrogates, private use, unassigned,
# and the line and paragraph separators.
_UNSHOWN = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})
_ELLIPSIS = "…"


def _piece(char: str, quote: bool) -> str:
    """``char`` as a message shows it: itself, or escaped as in a Python string literal."""
    if unicodedata.category(char) in _UNSHOWN:
        return repr(char)[1:-1]  # \n, \x1b, \u202e, \ud800
    if quote and char in "\\'":
        return "\\" + char
    return char


def _cut(text: str, limit: int | None, quote: bool) -> str:
    pieces: list[str] = []
    size = 0
    for char in text:
        piece = _piece(char, quote)
        if limit is not None and size + len(piece) > limit:
            pieces.append(_ELLIPSIS)
            break
        pieces.append(piece)
        size += len(piece)
    return "".join(pieces)


def escaped(text: str, limit: int | None = ECHO_LIMIT) -> str:
    """``text`` safe to put in a one-line message: every character that is not shown as
    itself (a line break, an escape sequence, a lone surrogate, a bidirectional override) is
    written as Python writes it in a string literal (``\\n``, ``\\x1b``, ``\\ud800``), and
    beyond ``limit`` characters it is cut with an ellipsis (None: never cut)."""
    return _cut(text, limit, quote=False)


def shown(value: object, limit: int = ECHO_LIMIT) -> str:
    """A value a user gave, as an error message echoes it: a text in quotes, escaped like
    :func:`escaped` (and its quotes and backslashes too), anything else as Python writes it;
    cut to ``limit`` characters with an ellipsis."""
    if isinstance(value, str):
        return "'" + _cut(value, limit, quote=True) + "'"
    try:
        text = repr(value)
    except ValueError:  # an integer of more digits than Python writes
        text = f"<{type(value).__name__}>"
    return _cut(text, limit, quote=False)


def origin(exc: BaseException) -> str:
    """Where ``exc`` was raised, as a log or a bug report may name it without its message
    (which may quote what a user gave, or a secret): the innermost place in Vägval's own code
    it passed through, ``module:line``."""
    place = "?"
    for frame, line in traceback.walk_tb(exc.__traceback__):
        module = str(frame.f_globals.get("__name__", ""))
        if module == "procurement" or module.startswith("procurement."):
            place = f"{module}:{line}"
    return place


class VagvalError(Exception):
    """Base class of every error Vägval reports to a user."""


@dataclass(frozen=True)
class RuleIssue:
    """One problem in a rule file, located by file and line."""

    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"

    def short(self) -> str:
        """The issue with the file's name only (no directories, for users to see)."""
        return f"{Path(self.file).name}:{self.line}: {self.message}"


class RuleLoadError(VagvalError):
    """The rule files are invalid; carries every issue found, the first one first."""

    def __init__(self, issues: list[RuleIssue]) -> None:
        self.issues = issues
        super().__init__(str(issues[0]) if issues else "invalid rules")

    @classmethod
    def single(cls, file: str | Path, line: int, message: str) -> RuleLoadError:
        """Build an error holding one issue."""
        return cls([RuleIssue(str(file), line, message)])


class InputError(VagvalError):
    """A fact in a case is invalid: names the field and what was expected.

    ``str()`` is one line: the field (a user may have named it: a key, a column, a file) is
    cut to :data:`FIELD_LIMIT` characters and the message to :data:`MESSAGE_LIMIT`, and in
    both every
    character that is not shown as itself is escaped (:func:`escaped`); ``field`` and
    ``detail`` keep what was given."""

    def __init__(self, field: str, message: str, row: int | None = None) -> None:
        self.field = field
        self.row = row
        self.detail = message
        prefix = f"row {row}: " if row is not None else ""
        super().__init__(
            f"{prefix}{escaped(field, FIELD_LIMIT)}: {escaped(message, MESSAGE_LIMIT)}"
        )


class UnsupportedDateError(InputError):
    """The case's date lies before the first date the rules cover."""
