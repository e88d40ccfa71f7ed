"""The engine: a validated case in, an :class:`Evaluation` out. Three-valued throughout.

For every route (or variant), its rules are tried from the highest priority down. The
first rule that holds decides the status, unless a higher rule whose answer is unknown
would give another status: then the status is ``uncertain`` and the facts that rule reads
are missing. A rule that decides by an unconfirmed figure gives ``uncertain`` too.

A derived amount that its facts do not yet pin down (the EU threshold before the buyer
type is known) is the range spanning every amount it could still be, so a value below all
of them is decided without asking.

The recommended route is the lowest-ranked candidate that holds. While a candidate before
it is undecided, no route is recommended: the routes that could still be keep their legal
status (``possible``), say what the choice waits for, and those facts are missing. So a
decided status only ever moves from ``possible`` to ``recommended``. In obligation and
warning conditions, ``route.<id>`` is the set of outcomes that route could still end with
(a :class:`OneOf`): once another route is recommended, a route that is still uncertain
cannot become the recommended one, so a duty of the recommended route alone does not apply
to it, not even as "may apply".
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from procurement.core.amounts import ResolvedAmount
from procurement.core.conditions import Interval, OneOf
from procurement.core.evaluation import (
    AmountRef,
    Evaluation,
    FactList,
    Listed,
    Quantity,
    Reason,
    TargetResult,
    TraceEntry,
)
from procurement.core.facts_input import Case
from procurement.core.model.common import Listing, Status
from procurement.core.ruleset import Compiled, CompiledDerived, CompiledRule, RuleSet, Target
from procurement.core.selection import select

__all__ = ["Run", "aggregate_status", "evaluate"]

_STATUS_ORDER: tuple[Status, ...] = ("recommended", "uncertain", "possible", "not_possible")
_ROUTE_PREFIX = "route."


def aggregate_status(statuses: list[Status]) -> Status:
    """A route's status from its variants': recommended, else uncertain, else possible."""
    for status in _STATUS_ORDER:
        if status in statuses:
            return status
    return "not_possible"


def _hull(values: list[Any]) -> Interval:
    lows = [v.lo if isinstance(v, Interval) else v for v in values]
    highs = [v.hi if isinstance(v, Interval) else v for v in values]
    return Interval(min(lows), max(highs))


@lru_cache(maxsize=4096)
def _sorted(names: frozenset[str]) -> tuple[str, ...]:
    """A condition's names in a stable order (sorted once per condition, not per case)."""
    return tuple(sorted(names))


def _open(value: Any) -> bool:
    """Whether a value is not settled: unknown, or one of several."""
    return value is None or isinstance(value, OneOf)


def _one_of(options: set[Any]) -> Any:
    """The one value, or a :class:`OneOf` when there are several."""
    return next(iter(options)) if len(options) == 1 else OneOf(frozenset(options))


class Run:
    """The state of one evaluation (shared by route assessment and checks)."""

    def __init__(self, ruleset: RuleSet, case: Case, trace: bool = True) -> None:
        self.rs = ruleset
        self.tracing = trace
        self.case = case
        self.known = case.facts
        self.amounts: Mapping[str, ResolvedAmount] = ruleset.amounts_on(case.as_of)
        self.values: dict[str, Any] = {k: v.value for k, v in self.amounts.items()}
        self.values.update(case.facts)
        self.derived_amounts: dict[str, str] = {}
        self.hull_members: dict[str, list[str]] = {}
        self.derived_missing: dict[str, set[str]] = {}
        self.outcome_missing: dict[str, set[str]] = {}
        self.used: dict[str, None] = {}
        self.trace: list[TraceEntry] = []
        self.missing: set[str] = set()
        self.conflicts: list[str] = []
        # Unanswered facts that could still change the result (a superset of the missing).
        self.open: set[str] = set()
        self.pending: set[str] = set()
        self.promotable: set[str] = set()
        # Targets that could still be recommended while the recommendation is open, and the
        # facts their recommendations still wait for.
        self.open_candidates: set[str] = set()
        self.candidate_missing: dict[str, set[str]] = {}
        # Whether some candidate still open is sure to hold (so some route will be chosen).
        self.settles = False

    # --- helpers -------------------------------------------------------------------------
    def missing_for(self, compiled: Compiled) -> set[str]:
        """The unanswered facts that could settle ``compiled``, read through derived values
        and outcomes rather than every fact they might depend on."""
        out: set[str] = set()
        for name in compiled.condition.names:
            if name in self.rs.facts:
                if name not in self.known:
                    out.add(name)
            elif name in self.derived_missing:
                out |= self.derived_missing[name]
            elif name in self.outcome_missing and _open(self.values.get(name)):
                out |= self.outcome_missing[name]
        return out

    def concrete(self, names: frozenset[str]) -> list[str]:
        """The amounts behind ``names`` (a derived amount stands for the one it resolved to,
        or for every amount it could still be)."""
        out: list[str] = []
        for name in _sorted(names):
            if name in self.hull_members:
                out.extend(self.hull_members[name])
                continue
            ident = self.derived_amounts.get(name, name)
            if ident in self.amounts:
                out.append(ident)
        return out

    def use(self, compiled: Compiled) -> None:
        if not compiled.amounts:
            return
        for ident in self.concrete(compiled.amounts):
            self.used.setdefault(ident, None)

    def record(
        self,
        step: str,
        ident: str,
        target: str | None,
        compiled: Compiled,
        result: bool | None,
        outcome: str | None,
        decisive: bool,
    ) -> None:
        if not self.tracing:
            return
        self.trace.append(
            TraceEntry(
                step,
                ident,
                target,
                compiled.condition.source,
                result,
                outcome,
                decisive,
                _sorted(compiled.facts),
                tuple(self.concrete(compiled.amounts)) if compiled.amounts else (),
            )
        )

    def ordered(self, facts: set[str]) -> tuple[str, ...]:
        return tuple(f for f in self.rs.facts if f in facts)

    def message(self, key: str, **params: Any) -> Reason:
        return Reason(self.rs.message(key), (), params or None)

    # --- derived values ------------------------------------------------------------------
    def derive(self) -> dict[str, str | None]:
        outputs: dict[str, str | None] = {}
        for derived in self.rs.derived:
            value = self.derive_one(derived)
            if derived.spec.output:
                outputs[derived.spec.id] = value
                if value is None:
                    self.missing |= self.derived_missing.get(derived.spec.id, set())
        return outputs

    def derive_one(self, derived: CompiledDerived) -> Any:
        spec = derived.spec
        if derived.expression is not None:
            return self.derive_number(derived, derived.expression)
        results = [c.condition.evaluate(self.values) for c in derived.cases]
        chosen = [i for i, r in enumerate(results) if r is True]
        pick = chosen[0] if len(chosen) == 1 else None
        if len(chosen) > 1:
            self.conflicts.append(spec.id)
        value: Any = None
        if pick is not None:
            case = spec.cases[pick]
            if spec.type == "amount":
                name = case.amount or ""
                if name in self.hull_members:
                    self.hull_members[spec.id] = self.hull_members[name]
                else:
                    self.derived_amounts[spec.id] = self.derived_amounts.get(name, name)
                value = self.values.get(name)
            else:
                value = case.value
        elif not chosen and spec.type == "amount":
            open_cases = [spec.cases[i].amount or "" for i, r in enumerate(results) if r is None]
            candidates = [self.values.get(name) for name in open_cases]
            if open_cases and all(v is not None for v in candidates):
                value = _hull(candidates)
                self.hull_members[spec.id] = self.concrete(frozenset(open_cases))
        undetermined = pick is None
        if undetermined:
            self.derived_missing[spec.id] = set().union(
                *(
                    self.missing_for(c)
                    for c, r in zip(derived.cases, results, strict=True)
                    if r is None
                )
            )
            self.open |= self.derived_missing[spec.id]
        for i, (case, compiled) in enumerate(zip(spec.cases, derived.cases, strict=True)):
            outcome = case.value if spec.type == "enum" else case.amount
            self.record("derived", spec.id, None, compiled, results[i], outcome, i == pick)
            if results[i] is not False:
                self.use(compiled)
        self.values[spec.id] = value
        return value

    def derive_number(self, derived: CompiledDerived, expression: Compiled) -> Any:
        value = expression.condition.evaluate(self.values)
        if value is None:
            self.derived_missing[derived.spec.id] = self.missing_for(expression)
            self.open |= self.derived_missing[derived.spec.id]
        known = value is not None
        shown = str(value) if known else None
        self.record("derived", derived.spec.id, None, expression, known or None, shown, known)
        self.use(expression)
        self.values[derived.spec.id] = value
        return value

    # --- routes --------------------------------------------------------------------------
    def decide(self, target: Target) -> TargetResult:
        results: list[tuple[CompiledRule, bool | None]] = [
            (cr, cr.compiled.condition.evaluate(self.values)) for cr in target.rules
        ]
        selection = select(
            [cr.rule.status for cr in target.rules],
            [outcome for _, outcome in results],
            target.default_status,
        )
        rules = target.rules
        winner = rules[selection.winner] if selection.winner is not None else None
        pending = [rules[i] for i in selection.pending]
        blocking = [rules[i] for i in selection.blocking]
        decided = selection.status
        result = TargetResult(target.id, decided)
        self.note_open(pending, decided, winner is not None and bool(self.unconfirmed(winner)))
        influencing = True
        for cr, outcome in results:
            decisive = cr is winner and not blocking
            self.record(
                "rule", cr.rule.id, target.id, cr.compiled, outcome, cr.rule.status, decisive
            )
            if influencing:
                self.use(cr.compiled)
            if cr is winner:
                influencing = False
        if blocking:
            self.undecided(result, blocking, winner)
        elif winner is None:
            if target.default_reason is not None:
                result.reasons.append(Reason(target.default_reason))
        else:
            support = [rules[i] for i in selection.supporting]
            self.decided(result, winner, support, pending)
        return result

    def unconfirmed(self, rule: CompiledRule) -> list[str]:
        """The amounts ``rule`` reads whose figure is in force but not confirmed."""
        return [
            a
            for a in self.concrete(rule.compiled.amounts)
            if (p := self.amounts[a].period) is not None and not p.verified and p.value is not None
        ]

    def note_open(self, pending: list[CompiledRule], decided: str, unconfirmed: bool) -> None:
        """Note the facts that could still change a target's status: those of each rule
        still unknown above the deciding one, when some rule below it (or the decision
        itself) would give another status. Answering facts only ever shrinks this set."""
        for i, rule in enumerate(pending):
            below = [p.rule.status for p in pending[i + 1 :]] + [decided]
            if unconfirmed or any(status != rule.rule.status for status in below):
                self.open |= self.missing_for(rule.compiled)

    def undecided(
        self, result: TargetResult, blocking: list[CompiledRule], winner: CompiledRule | None
    ) -> None:
        result.status = "uncertain"
        for rule in blocking:
            result.missing |= self.missing_for(rule.compiled)
        if result.missing:
            result.reasons.append(
                self.message("depends_on", facts=FactList(self.ordered(result.missing)))
            )
        named: set[str] = set()
        for rule in blocking:
            for ident in self.concrete(rule.compiled.amounts):
                resolved = self.amounts[ident]
                if ident in named or not (resolved.estimated or resolved.value is None):
                    continue
                named.add(ident)
                key = "near_unconfirmed_amount" if resolved.estimated else "missing_amount"
                result.reasons.append(
                    self.message(key, amount=AmountRef(ident), value=AmountRef(ident))
                )
        if winner is not None:
            result.reasons.append(Reason(winner.rule.reason, tuple(winner.rule.references)))

    def decided(
        self,
        result: TargetResult,
        winner: CompiledRule,
        support: list[CompiledRule],
        pending: list[CompiledRule],
    ) -> None:
        result.decided_by = winner.rule.id
        result.reasons.append(Reason(winner.rule.reason, tuple(winner.rule.references)))
        unconfirmed = self.unconfirmed(winner)
        if unconfirmed and result.status != "uncertain":
            result.status = "uncertain"
            # A higher rule, still unknown, could decide without the unconfirmed figure.
            for rule in pending:
                result.missing |= self.missing_for(rule.compiled)
            for ident in unconfirmed:
                result.reasons.append(
                    Reason(
                        self.rs.message("unconfirmed_figure"),
                        tuple(winner.rule.references),
                        {"amount": AmountRef(ident), "value": AmountRef(ident)},
                    )
                )
            return
        for cr in support:
            result.reasons.append(Reason(cr.rule.reason, tuple(cr.rule.references)))

    def aggregate(self, targets: dict[str, TargetResult]) -> dict[str, TargetResult]:
        routes: dict[str, TargetResult] = {}
        for route in self.rs.routes.values():
            if not route.variants:
                routes[route.id] = targets[route.id]
                continue
            parts = [targets[f"{route.id}.{v.id}"] for v in route.variants]
            status = aggregate_status([p.status for p in parts])
            merged = TargetResult(route.id, status)
            seen: set[tuple[int, str]] = set()
            for part in parts:
                merged.missing |= part.missing
                if part.status != status and status != "not_possible":
                    continue
                for reason in part.reasons:
                    key = (id(reason.text), repr(reason.params))
                    if key not in seen:
                        seen.add(key)
                        merged.reasons.append(reason)
            routes[route.id] = merged
        return routes

    # --- recommendation ------------------------------------------------------------------
    def choose(self, targets: dict[str, TargetResult], chosen: str) -> str | None:
        """The authority's own choice among the possible routes (for a decision memo)."""
        target = targets[chosen]
        if target.status != "possible":
            return None
        target.status = "recommended"
        target.reasons.insert(0, self.message("route_chosen"))
        self.trace.append(
            TraceEntry("choice", chosen, chosen, "", True, "recommended", True, (), ())
        )
        return chosen

    def recommend(self, targets: dict[str, TargetResult]) -> str | None:
        blocked_on: TargetResult | None = None
        for rec, compiled in self.rs.recommendations:
            target = targets[rec.target]
            legal = {"possible": True, "not_possible": False}.get(target.status)
            cond = compiled.condition.evaluate(self.values)
            if legal is False or cond is False:
                truth: bool | None = False
            else:
                truth = True if legal and cond else None
            decisive = truth is True and blocked_on is None
            self.record(
                "recommendation", rec.id, rec.target, compiled, truth, "recommended", decisive
            )
            if truth is not False:
                self.use(compiled)
            if truth is None:
                self.open |= self.missing_for(compiled) | target.missing
            if blocked_on is None:
                if truth is True:
                    target.status = "recommended"
                    target.reasons.insert(0, Reason(rec.reason, tuple(rec.references)))
                    return rec.target
                if truth is None:
                    blocked_on = target
                    self.pending = self.missing_for(compiled) | target.missing
            if blocked_on is not None and truth is not False:
                self.open_candidates.add(rec.target)
                if truth is None:
                    waiting = self.candidate_missing.setdefault(rec.target, set())
                    waiting |= self.missing_for(compiled)
                self.settles = self.settles or truth is True
                if target.status == "possible":
                    self.mark_promotable(target, blocked_on)
        self.missing |= self.pending
        return None

    def mark_promotable(self, target: TargetResult, blocked_on: TargetResult) -> None:
        if target.id in self.promotable:
            return
        self.promotable.add(target.id)
        if self.pending:
            message = self.message(
                "recommendation_pending", facts=FactList(self.ordered(self.pending))
            )
        else:
            label = self.rs.targets[blocked_on.id].label
            message = self.message("recommendation_pending_unsettled", route=label)
        target.reasons.insert(0, message)

    def expose_outcomes(
        self, targets: dict[str, TargetResult], routes: dict[str, TargetResult]
    ) -> None:
        """Make route statuses readable by obligations and warnings: each route's status, or
        while it is open the outcomes it could still end with."""
        for ident, result in [*targets.items(), *routes.items()]:
            name = _ROUTE_PREFIX + ident
            options = {result.status}
            if result.status == "uncertain":
                options = {"possible", "not_possible", "uncertain"}
            promotable = result.status != "not_possible" and any(
                t == ident or t.startswith(ident + ".") for t in self.open_candidates
            )
            waiting: set[str] = set()
            if promotable:
                options.add("recommended")
                waiting = set(self.pending)
                for target, facts in self.candidate_missing.items():
                    if target == ident or target.startswith(ident + "."):
                        waiting |= facts
            self.values[name] = _one_of(options)
            self.outcome_missing[name] = result.missing | waiting

    def expose_recommendation(self, picked: str | None) -> str | None:
        """The recommended route, readable by conditions; while open, the routes it could
        still be (and unknown when it could also end with none)."""
        route = picked.split(".")[0] if picked else None
        if picked is not None or not self.open_candidates:
            self.values["recommended_route"] = route
        else:
            options: set[str | None] = {t.split(".")[0] for t in self.open_candidates}
            if not self.settles:
                options.add(None)
            self.values["recommended_route"] = _one_of(options)
        self.outcome_missing["recommended_route"] = self.pending
        return route

    # --- obligations and warnings -------------------------------------------------------
    def listed(self, items: tuple[Any, ...], step: str, *, allow_unknown: bool) -> list[Listed]:
        out: dict[str, Listed] = {}
        for spec, compiled in items:
            result = compiled.condition.evaluate(self.values)
            self.record(step, spec.id, None, compiled, result, spec.output_id, result is True)
            if result is False or (result is None and not allow_unknown):
                continue
            self.use(compiled)
            status: Listing = "applies" if result else "may_apply"
            if result is None:
                self.missing |= self.missing_for(compiled)
                if allow_unknown:
                    self.open |= self.missing_for(compiled)
            previous = out.get(spec.output_id)
            if previous is None or (previous.status == "may_apply" and status == "applies"):
                reason = Reason(spec.text, tuple(spec.references))
                out[spec.output_id] = Listed(spec.output_id, spec.id, reason, status)
        return list(out.values())

    def engine_warnings(self) -> list[Listed]:
        out: list[Listed] = []
        meta = self.rs.meta

        def warn(ident: str, key: str, **params: Any) -> None:
            out.append(Listed(ident, "engine", self.message(key, **params), "applies"))

        if self.case.as_of_defaulted:
            warn("as_of_defaulted", "warning_as_of_defaulted", date=self.case.as_of)
        if self.case.as_of > meta.checked_until:
            warn(
                "rules_currency",
                "warning_rules_currency",
                checked_until=meta.checked_until,
                date=self.case.as_of,
                note=meta.currency_note,
            )
        for ident in self.used:
            resolved = self.amounts[ident]
            period = resolved.period
            if period is None:
                warn(
                    "amount_not_in_force",
                    "warning_amount_not_in_force",
                    amount=AmountRef(ident),
                    date=self.case.as_of,
                )
            elif period.value is None:
                value = resolved.value
                low, high = (value.lo, value.hi) if isinstance(value, Interval) else (None, None)
                unit = resolved.amount.unit
                warn(
                    "unconfirmed_amount",
                    "warning_unconfirmed_amount",
                    amount=AmountRef(ident),
                    eur=Quantity(period.eur, "EUR"),
                    valid_from=period.valid_from,
                    valid_to=period.valid_to,
                    low=Quantity(low, unit),
                    high=Quantity(high, unit),
                )
            elif not period.verified:
                warn(
                    "unconfirmed_figure",
                    "warning_unconfirmed_figure",
                    amount=AmountRef(ident),
                    value=AmountRef(ident),
                )
        for ident in self.conflicts:
            warn("rule_conflict", "warning_rule_conflict", id=ident)
        return out


def evaluate(
    ruleset: RuleSet, case: Case, chosen: str | None = None, *, trace: bool = True
) -> Evaluation:
    """Evaluate a validated case against the rule set.

    ``chosen`` is a route or variant id the authority has picked (for a decision memo): when
    it is ``possible`` it takes the place of the recommendation, so that the duties follow
    the route actually taken. Any other status leaves the recommendation to the rules.
    ``trace=False`` leaves the trace empty (for batches, which do not show it).
    """
    run = Run(ruleset, case, trace)
    outputs = run.derive()
    targets = {ident: run.decide(target) for ident, target in ruleset.targets.items()}
    if chosen is not None and chosen not in targets:
        raise KeyError(chosen)
    picked = (run.choose(targets, chosen) if chosen else None) or run.recommend(targets)
    routes = run.aggregate(targets)
    run.expose_outcomes(targets, routes)
    recommended_route = run.expose_recommendation(picked)
    obligations = run.listed(ruleset.obligations, "obligation", allow_unknown=True)
    warnings = run.engine_warnings() + run.listed(ruleset.warnings, "warning", allow_unknown=False)
    for result in [*routes.values(), *targets.values()]:
        if result.status == "uncertain":
            run.missing |= result.missing
    missing = [f for f in ruleset.facts if f in run.missing and f not in case.facts]
    open_facts = [f for f in ruleset.facts if f in run.open | run.missing and f not in case.facts]
    return Evaluation(
        as_of=case.as_of,
        as_of_defaulted=case.as_of_defaulted,
        values=run.values,
        amounts=run.amounts,
        derived_amounts=run.derived_amounts,
        outputs=outputs,
        targets=targets,
        routes=routes,
        recommended_route=recommended_route,
        recommended_target=picked,
        obligations=obligations,
        warnings=warnings,
        missing_facts=missing,
        open_facts=open_facts,
        used_amounts=list(run.used),
        trace=run.trace,
    )
