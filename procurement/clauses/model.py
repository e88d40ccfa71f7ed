"""The clause library's format: social clause texts with fill-in variables, as data."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from procurement.core.model.amounts import CitedSource
from procurement.core.model.common import Identifier, References, Strict, Text, check_unique_ids

__all__ = [
    "CATEGORIES",
    "LEVELS",
    "PLACEMENTS",
    "Choice",
    "Clause",
    "ClauseFile",
    "Variable",
]

Category = Literal[
    "employment",
    "labour_law",
    "reservation_notice",
    "award_criterion",
    "accessibility",
    "supply_chain",
    "follow_up",
    "partnership",
]
Placement = Literal[
    "qualification_requirement",
    "technical_specification",
    "award_criterion",
    "special_contract_condition",
    "notice",
    "partnership_agreement",
]
Level = Literal["bas", "avancerad", "spjutspets"]
CATEGORIES: tuple[str, ...] = Category.__args__  # type: ignore[attr-defined]
PLACEMENTS: tuple[str, ...] = Placement.__args__  # type: ignore[attr-defined]
LEVELS: tuple[str, ...] = Level.__args__  # type: ignore[attr-defined]


class Choice(Strict):
    """One allowed value of a choice variable."""

    id: Identifier
    label: Text


class Variable(Strict):
    """A fill-in value of a clause text: number of positions, months, target group..."""

    id: Identifier
    label: Text
    type: Literal["integer", "number", "text", "choice"]
    help: Text | None = None
    minimum: float | None = None
    maximum: float | None = None
    unit: Literal["SEK", "months", "persons", "hours", "share", "days"] | None = None
    choices: list[Choice] | None = None
    max_length: int = Field(default=300, ge=1, le=2000)

    @model_validator(mode="after")
    def _check_shape(self) -> Variable:
        if self.type == "choice" and not self.choices:
            raise ValueError("a variable of type 'choice' needs 'choices'")
        if self.type != "choice" and self.choices is not None:
            raise ValueError(f"'choices' is only for type 'choice', not '{self.type}'")
        check_unique_ids(self.choices or [], "choice")
        numeric = self.type in ("integer", "number")
        if not numeric and (self.minimum, self.maximum, self.unit) != (None, None, None):
            raise ValueError("'minimum', 'maximum' and 'unit' are only for numbers")
        if self.minimum is not None and self.maximum is not None and self.minimum > self.maximum:
            raise ValueError("'minimum' is greater than 'maximum'")
        return self


class Clause(Strict):
    """One social clause: where it goes, its text, how it is verified, and its legal basis."""

    id: Identifier
    title: Text
    category: Category
    placement: Placement
    level: Level
    routes: list[str] = Field(min_length=1)
    contract_types: list[Identifier] = Field(min_length=1)
    when: str | None = None
    required_by: Identifier | None = None
    excluded_by: Identifier | None = None  # not proposed when this duty applies
    comply_or_explain: bool = True
    variables: list[Variable] = Field(default_factory=list)
    text: Text
    verification: Text
    proportionality: Text
    references: References
    sources: list[CitedSource] = Field(default_factory=list)

    @model_validator(mode="after")
    def _check(self) -> Clause:
        if not self.references:
            raise ValueError("a clause needs at least one legal reference in 'references'")
        check_unique_ids(self.variables, "variable")
        return self


class ClauseFile(Strict):
    """One file of the clause library."""

    clauses: list[Clause] = Field(min_length=1)
