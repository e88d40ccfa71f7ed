"""Declared facts: the questions a case answers."""

from __future__ import annotations

from typing import Literal

from pydantic import model_validator

from procurement.core.model.common import Identifier, Strict, Text, check_unique_ids

__all__ = ["EnumValue", "Fact", "FactType"]

FactType = Literal["bool", "number", "integer", "enum", "date"]


class EnumValue(Strict):
    """One allowed value of a choice fact."""

    id: Identifier
    label: Text
    help: Text | None = None


class Fact(Strict):
    """A fact a case may give; absent means unknown, never false."""

    id: Identifier
    type: FactType
    label: Text
    help: Text | None = None
    minimum: float | None = None
    unit: Literal["SEK", "EUR", "months", "days", "share"] | None = None
    values: list[EnumValue] | None = None
    default: Literal["today"] | None = None
    group: Identifier | None = None

    @model_validator(mode="after")
    def _check_shape(self) -> Fact:
        if self.type == "enum" and not self.values:
            raise ValueError("a fact of type 'enum' needs 'values'")
        check_unique_ids(self.values or [], "value")
        if self.type != "enum" and self.values is not None:
            raise ValueError(f"'values' is only for type 'enum', not '{self.type}'")
        if (self.minimum is not None or self.unit is not None) and self.type not in (
            "number",
            "integer",
        ):
            raise ValueError("'minimum' and 'unit' are only for numbers")
        if self.default == "today" and self.type != "date":
            raise ValueError("'default: today' is only for dates")
        return self

    def value_ids(self) -> list[str]:
        """The allowed values of an enum fact (empty for other types)."""
        return [v.id for v in self.values or []]
