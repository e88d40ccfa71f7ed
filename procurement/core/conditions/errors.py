"""Errors raised while parsing or checking a condition."""

from __future__ import annotations

from procurement.core.errors import VagvalError

__all__ = ["ConditionError"]


class ConditionError(VagvalError):
    """A condition is outside the language; ``column`` is 1-based within the condition text."""

    def __init__(self, message: str, column: int) -> None:
        self.message = message
        self.column = column
        super().__init__(f"{message} (column {column})")
