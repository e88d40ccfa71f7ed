"""Error types: one base class, specific subclasses that carry their context."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "InputError",
    "RuleIssue",
    "RuleLoadError",
    "UnsupportedDateError",
    "VagvalError",
]


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
    """A fact in a case is invalid: names the field and what was expected."""

    def __init__(self, field: str, message: str, row: int | None = None) -> None:
        self.field = field
        self.row = row
        self.detail = message
        prefix = f"row {row}: " if row is not None else ""
        super().__init__(f"{prefix}{field}: {message}")


class UnsupportedDateError(InputError):
    """The case's date lies before the first date the rules cover."""
