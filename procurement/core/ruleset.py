"""The loaded rule set: frozen, validated and compiled, ready for the engine."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from procurement.core.amounts import ResolvedAmount, resolve_amounts
from procurement.core.conditions import CompiledCondition
from procurement.core.local_amounts import LocalPeriod
from procurement.core.model import (
    Amount,
    Check,
    Constraint,
    Criterion,
    DerivedValue,
    Fact,
    Obligation,
    Recommendation,
    Route,
    Rule,
    RulesetMeta,
    Text,
    Variant,
    Warning_,
)
from procurement.core.model.common import Status
from procurement.core.shared_cache import SharedCache

__all__ = [
    "BASE_MESSAGES",
    "CHECK_MESSAGES",
    "ENGINE_MESSAGES",
    "ROUTE_MESSAGES",
    "Compiled",
    "CompiledCheck",
    "CompiledDerived",
    "CompiledRule",
    "RuleSet",
    "Target",
]

# Message ids the engine renders, with the placeholders each may use. The texts are data.
# Every rule set needs the base messages; route and check messages only where it has those.
BASE_MESSAGES: dict[str, frozenset[str]] = {
    "amount_without_sek": frozenset({"eur"}),
    "unknown_value": frozenset(),
    "yes": frozenset(),
    "no": frozenset(),
    "warning_unconfirmed_amount": frozenset(
        {"amount", "eur", "valid_from", "valid_to", "low", "high"}
    ),
    "warning_unconfirmed_figure": frozenset({"amount", "value"}),
    "warning_amount_not_in_force": frozenset({"amount", "date"}),
    "warning_rules_currency": frozenset({"checked_until", "date", "note"}),
    "warning_as_of_defaulted": frozenset({"date"}),
    "warning_unconfirmed_references": frozenset({"references"}),
    "warning_rule_conflict": frozenset({"id"}),
    "unsupported_date": frozenset({"date", "supported_from"}),
}
ROUTE_MESSAGES: dict[str, frozenset[str]] = {
    "depends_on": frozenset({"facts"}),
    "near_unconfirmed_amount": frozenset({"amount", "value"}),
    "unconfirmed_figure": frozenset({"amount", "value"}),
    "recommendation_pending": frozenset({"facts"}),
    "recommendation_pending_unsettled": frozenset({"route"}),
    "route_chosen": frozenset(),
    "missing_amount": frozenset({"amount", "value"}),
}
CHECK_MESSAGES: dict[str, frozenset[str]] = {
    "answer_needed": frozenset({"facts"}),
    "criterion_unconfirmed": frozenset({"criterion"}),
    "criterion_unknown": frozenset({"facts"}),
}
ENGINE_MESSAGES: dict[str, frozenset[str]] = {**BASE_MESSAGES, **ROUTE_MESSAGES, **CHECK_MESSAGES}


@dataclass(frozen=True, slots=True)
class Compiled:
    """A compiled condition and everything it reads, directly or through derived values."""

    condition: CompiledCondition
    facts: frozenset[str]
    amounts: frozenset[str]
    file: str
    line: int


@dataclass(frozen=True, slots=True)
class CompiledRule:
    """A route rule with its compiled condition."""

    rule: Rule
    compiled: Compiled


@dataclass(frozen=True, slots=True)
class CompiledDerived:
    """A derived value with its compiled cases (or, for a number, its expression)."""

    spec: DerivedValue
    cases: tuple[Compiled, ...]
    expression: Compiled | None = None


@dataclass(frozen=True, slots=True)
class CompiledCheck:
    """A check with one compiled condition per criterion."""

    spec: Check
    criteria: tuple[tuple[Criterion, Compiled], ...]


@dataclass(frozen=True, slots=True)
class Target:
    """Something that gets a status: a route, or one variant of a route."""

    id: str
    route: Route
    variant: Variant | None
    default_status: Status
    default_reason: Text | None
    rules: tuple[CompiledRule, ...]

    @property
    def label(self) -> Text:
        """The target's label."""
        return self.variant.label if self.variant else self.route.label


@dataclass(frozen=True)
class RuleSet:
    """Everything the engine needs, loaded once and never changed."""

    meta: RulesetMeta
    version: str
    files: tuple[str, ...]
    facts: dict[str, Fact]
    amounts: dict[str, Amount]
    derived: tuple[CompiledDerived, ...]
    derived_by_id: dict[str, CompiledDerived]
    routes: dict[str, Route]
    targets: dict[str, Target]
    recommendations: tuple[tuple[Recommendation, Compiled], ...]
    obligations: tuple[tuple[Obligation, Compiled], ...]
    warnings: tuple[tuple[Warning_, Compiled], ...]
    constraints: tuple[tuple[Constraint, Compiled], ...]
    messages: dict[str, Text]
    checks: tuple[CompiledCheck, ...] = ()
    origins: dict[str, tuple[str, int]] = field(default_factory=dict)
    # Periods entered locally by an administrator (VAGVAL_LOCAL_AMOUNTS), not shipped.
    local_periods: tuple[LocalPeriod, ...] = ()
    # The amounts as they stand on each date asked for: made once, read-only, shared by
    # every session that uses this rule set; a copy made with dataclasses.replace starts
    # with its own, empty cache (init=False), so changed amounts are never read stale.
    amounts_by_day: SharedCache[dt.date, Mapping[str, ResolvedAmount]] = field(
        default_factory=SharedCache, init=False, compare=False, repr=False
    )

    def amounts_on(self, day: dt.date) -> Mapping[str, ResolvedAmount]:
        """Every amount as it stands on ``day``: resolved once per date, read-only."""
        return self.amounts_by_day.get(day, lambda: MappingProxyType(resolve_amounts(self, day)))

    def message(self, key: str) -> Text:
        """An engine message text."""
        return self.messages[key]

    def local_period(self, amount: str, valid_from: dt.date) -> LocalPeriod | None:
        """The local entry of an amount's period, when an administrator entered it."""
        for period in self.local_periods:
            if period.amount == amount and period.valid_from == valid_from:
                return period
        return None
