"""Routes, rules, recommendations, obligations, warnings, derived values and constraints."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from procurement.core.model.amounts import CitedSource
from procurement.core.model.common import (
    Identifier,
    References,
    Status,
    Strict,
    Text,
    check_unique_ids,
)
from procurement.core.model.facts import EnumValue

__all__ = [
    "Check",
    "Constraint",
    "Criterion",
    "DerivedCase",
    "DerivedValue",
    "Obligation",
    "Outcomes",
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
    checklist: list[Text] = Field(default_factory=list)
    checklist_source: CitedSource | None = None

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
    """A value computed from facts: a choice or an amount by mutually exclusive cases, or a
    number by an arithmetic ``expression`` (unknown when an operand is, or on division by 0)."""

    id: Identifier
    type: Literal["enum", "amount", "number"]
    label: Text
    output: bool = False
    values: list[EnumValue] | None = None
    cases: list[DerivedCase] = Field(default_factory=list)
    expression: str | None = None
    unit: Literal["SEK", "EUR", "months", "days", "share"] | None = None

    @model_validator(mode="after")
    def _check(self) -> DerivedValue:
        if self.unit is not None and self.type != "number":
            raise ValueError("'unit' is only for a derived number")
        if self.type == "number":
            if self.expression is None or self.cases:
                raise ValueError("a derived number needs 'expression' and no 'cases'")
            return self
        if self.expression is not None or not self.cases:
            raise ValueError(f"a derived {self.type} needs 'cases' and no 'expression'")
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


class Criterion(Strict):
    """One criterion of a check: met when ``when`` holds, not met when it fails, else unknown.

    ``verified: false`` marks a criterion the sources do not confirm: failing it alone never
    gives a firm "not met" for the check.
    """

    id: Identifier
    label: Text
    when: str
    verified: bool = True
    met: Text
    not_met: Text
    evidence: list[Text] = Field(default_factory=list)
    references: References


class Outcomes(Strict):
    """What a check's status is called when all criteria are met, one fails, or some are open."""

    met: Identifier
    not_met: Identifier
    open: Identifier


class Check(Strict):
    """A test of a supplier (or anything else) made of criteria, all of which must be met."""

    id: Identifier
    label: Text
    description: Text | None = None
    outcomes: Outcomes
    criteria: list[Criterion] = Field(min_length=1)
    values: list[Identifier] = Field(default_factory=list)
    references: References

    @model_validator(mode="after")
    def _check(self) -> Check:
        check_unique_ids(self.criteria, "criterion")
        return self
