"""The language-free result of evaluating a case: statuses, reasons, trace. Rendered later."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from procurement.core.amounts import ResolvedAmount
from procurement.core.model import Reference, Text
from procurement.core.model.common import Listing, Status

__all__ = [
    "AmountRef",
    "Evaluation",
    "FactList",
    "Listed",
    "Quantity",
    "Reason",
    "TargetResult",
    "TraceEntry",
]


@dataclass(frozen=True, slots=True)
class FactList:
    """Fact ids to be shown as their labels in a text."""

    ids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number with its unit, to be shown formatted in a text."""

    value: float | None
    unit: str


@dataclass(frozen=True, slots=True)
class AmountRef:
    """An amount to be shown formatted in a text."""

    id: str


@dataclass(frozen=True, slots=True)
class Reason:
    """A text template with its legal references and any parameters of its own."""

    text: Text
    references: tuple[Reference, ...] = ()
    params: dict[str, Any] | None = None


@dataclass
class TargetResult:
    """The status of a route or variant, why, and what it still needs."""

    id: str
    status: Status
    reasons: list[Reason] = field(default_factory=list)
    missing: set[str] = field(default_factory=set)
    decided_by: str | None = None


@dataclass(frozen=True, slots=True)
class Listed:
    """An obligation or warning that applies (or may apply)."""

    id: str
    rule_id: str
    reason: Reason
    status: Listing


@dataclass(frozen=True, slots=True)
class TraceEntry:
    """One condition evaluated: what it was, what it read and what came of it."""

    step: str
    id: str
    target: str | None
    condition: str
    result: bool | None
    outcome: str | None
    decisive: bool
    facts: tuple[str, ...]
    amounts: tuple[str, ...]


@dataclass
class Evaluation:
    """Everything the engine concluded about one case, before rendering in a language."""

    as_of: dt.date
    as_of_defaulted: bool
    values: dict[str, Any]
    amounts: Mapping[str, ResolvedAmount]
    derived_amounts: dict[str, str]
    outputs: dict[str, str | None]
    targets: dict[str, TargetResult]
    routes: dict[str, TargetResult]
    recommended_route: str | None
    recommended_target: str | None
    obligations: list[Listed]
    warnings: list[Listed]
    missing_facts: list[str]
    used_amounts: list[str]
    trace: list[TraceEntry]
    # Every unanswered fact that could still change the result: the missing facts and those
    # that may become missing as others are answered (this only shrinks as facts are added).
    open_facts: list[str] = field(default_factory=list)
