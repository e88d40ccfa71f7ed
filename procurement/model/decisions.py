"""Routes, rules, recommendations, obligations, warnings, derived values and constraints."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from procurement.model.common import (
    Identifier,
    References,
    Status,
    Strict,
    Text,
    check_unique_ids,
)
from procurement.model.facts import EnumValue

__all__ = [
    "Constraint",
    "DerivedCase",
    "DerivedValue",
    "Obligation",
    "Recommendation",
    "Route",
    "Rule",
    "Variant",
    "Warning_",
]

Target = str


class Variant(Strict):
    """A variant of a route (e.g. one kind of reserved contract)."""

    id: Identifier
    label: Text
    default_status: Status = "not_possible"
    default_reason: Text


class Route(Strict):
    """A route the buyer may take; its status comes from its rules or its variants."""

    id: Identifier
    label: Text
    description: Text | None = None
    default_status: Status = "not_possible"
    default_reason: Text | None = None
    variants: list[Variant] = Field(default_factory=list)

    @model_validator(mode="after")
    def _check(self) -> Route:
        if not self.variants and self.default_reason is None:
            raise ValueError("a route without variants needs 'default_reason'")
        return self


class Rule(Strict):
    """When ``when`` holds, ``target`` gets ``status``; the highest priority that holds wins."""

    id: Identifier
    target: Target
    priority: int = Field(ge=0)
    when: str
    status: Status
    reason: Text
    references: References


class Recommendation(Strict):
    """A candidate for the one route to take first; the lowest rank that holds wins."""

    id: Identifier
    rank: int = Field(ge=1)
    target: Target
    when: str = "true"
    reason: Text
    references: References


class Obligation(Strict):
    """A duty that follows when ``when`` holds (and may follow when it is unknown)."""

    id: Identifier
    obligation: Identifier | None = None
    when: str
    text: Text
    references: References

    @property
    def output_id(self) -> str:
        """The id shown in the assessment."""
        return self.obligation or self.id


class Warning_(Strict):
    """A warning shown when ``when`` holds."""

    id: Identifier
    warning: Identifier | None = None
    when: str
    text: Text
    references: References

    @property
    def output_id(self) -> str:
        """The id shown in the assessment."""
        return self.warning or self.id


class DerivedCase(Strict):
    """One case of a derived value: when ``when`` holds, the value is ``value`` or ``amount``."""

    when: str
    value: Identifier | None = None
    amount: Identifier | None = None


class DerivedValue(Strict):
    """A value computed from facts by mutually exclusive cases (a choice or an amount)."""

    id: Identifier
    type: Literal["enum", "amount"]
    label: Text
    output: bool = False
    values: list[EnumValue] | None = None
    cases: list[DerivedCase] = Field(min_length=1)

    @model_validator(mode="after")
    def _check(self) -> DerivedValue:
        key = "value" if self.type == "enum" else "amount"
        other = "amount" if self.type == "enum" else "value"
        for i, case in enumerate(self.cases):
            if getattr(case, key) is None or getattr(case, other) is not None:
                raise ValueError(f"case {i + 1}: a derived {self.type} case needs '{key}' only")
        if self.type == "enum" and not self.values:
            raise ValueError("a derived enum needs 'values'")
        check_unique_ids(self.values or [], "value")
        return self


class Constraint(Strict):
    """A combination of facts that is impossible; a case where ``when`` holds is refused."""

    id: Identifier
    field: Identifier
    when: str
    message: Text
