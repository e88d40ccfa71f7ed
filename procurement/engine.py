"""The engine: a validated case in, an :class:`Evaluation` out. Three-valued throughout.

For every route (or variant), its rules are tried from the highest priority down. The
first rule that holds decides the status, unless a higher rule whose answer is unknown
would give another status: then the status is ``uncertain`` and the facts that rule reads
are missing. A rule that decides by an unconfirmed figure gives ``uncertain`` too. The
recommended route is the lowest-ranked candidate that holds; while a candidate before it
is undecided, no route is recommended: the routes that could still be keep their legal
status (``possible``), say what the choice waits for, and those facts are missing.
So a decided status only ever moves from ``possible`` to ``recommended``.
"""

from __future__ import annotations

from typing import Any

from procurement.amounts import ResolvedAmount, resolve_amounts
from procurement.conditions import Interval
from procurement.evaluation import (
    AmountRef,
    Evaluation,
    FactList,
    Listed,
    Quantity,
    Reason,
    TargetResult,
    TraceEntry,
)
from procurement.facts_input import Case
from procurement.ruleset import Compiled, CompiledRule, RuleSet, Target

__all__ = ["aggregate_status", "evaluate"]

_STATUS_ORDER = ("recommended", "uncertain", "possible", "not_possible")


def aggregate_status(statuses: list[str]) -> str:
    """A route's status from its variants': recommended, else uncertain, else possible."""
    for status in _STATUS_ORDER:
        if status in statuses:
            return status
    return "not_possible"


class _Run:
    """The state of one evaluation."""

    def __init__(self, ruleset: RuleSet, case: Case) -> None:
        self.rs = ruleset
        self.case = case
        self.known = case.facts
        key = ("amounts", case.as_of)
        cached = ruleset.cache.get(key)
        if cached is None:
            cached = resolve_amounts(ruleset, case.as_of)
            ruleset.cache[key] = cached
        self.amounts: dict[str, ResolvedAmount] = cached  # type: ignore[assignment]
        self.values: dict[str, Any] = {k: v.value for k, v in self.amounts.items()}
        self.values.update(case.facts)
        self.derived_amounts: dict[str, str] = {}
        self.used: dict[str, None] = {}
        self.trace: list[TraceEntry] = []
        self.missing: set[str] = set()
        self.conflicts: list[str] = []

    # --- helpers -------------------------------------------------------------------------
    def unknown_facts(self, compiled: Compiled) -> set[str]:
        return {f for f in compiled.facts if f not in self.known}

    def concrete(self, names: frozenset[str]) -> list[str]:
        out = []
        for name in sorted(names):
            ident = self.derived_amounts.get(name, name)
            if ident in self.amounts:
                out.append(ident)
        return out

    def use(self, compiled: Compiled) -> None:
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
        self.trace.append(
            TraceEntry(
                step,
                ident,
                target,
                compiled.condition.source,
                result,
                outcome,
                decisive,
                tuple(sorted(compiled.facts)),
                tuple(self.concrete(compiled.amounts)),
            )
        )

    def estimated_amounts(self, compiled: Compiled) -> list[str]:
        return [a for a in self.concrete(compiled.amounts) if self.amounts[a].estimated]

    # --- derived values ------------------------------------------------------------------
    def derive(self) -> dict[str, str | None]:
        outputs: dict[str, str | None] = {}
        self.derived_missing: dict[str, set[str]] = {}
        for derived in self.rs.derived:
            spec = derived.spec
            results = [c.condition.evaluate(self.values) for c in derived.cases]
            chosen = [i for i, r in enumerate(results) if r is True]
            pick = chosen[0] if len(chosen) == 1 else None
            if len(chosen) > 1:
                self.conflicts.append(spec.id)
            for i, (case, compiled) in enumerate(zip(spec.cases, derived.cases, strict=True)):
                outcome = case.value if spec.type == "enum" else case.amount
                self.record("derived", spec.id, None, compiled, results[i], outcome, i == pick)
                if results[i] is not False:
                    self.use(compiled)
            value: Any = None
            if pick is not None:
                case = spec.cases[pick]
                if spec.type == "amount":
                    ident = self.derived_amounts.get(case.amount or "", case.amount or "")
                    self.derived_amounts[spec.id] = ident
                    value = self.values.get(ident)
                    self.used.setdefault(ident, None)
                else:
                    value = case.value
            self.values[spec.id] = value
            if value is None:
                self.derived_missing[spec.id] = set().union(
                    *(
                        self.unknown_facts(c)
                        for c, r in zip(derived.cases, results, strict=True)
                        if r is None
                    )
                )
            if spec.output:
                outputs[spec.id] = value
                if value is None:
                    self.missing |= self.derived_missing[spec.id]
        return outputs

    # --- routes --------------------------------------------------------------------------
    def decide(self, target: Target) -> TargetResult:
        results: list[tuple[CompiledRule, bool | None]] = [
            (cr, cr.compiled.condition.evaluate(self.values)) for cr in target.rules
        ]
        winner: CompiledRule | None = None
        pending: list[CompiledRule] = []
        for cr, result in results:
            if result is True:
                winner = cr
                break
            if result is None:
                pending.append(cr)
        decided = winner.rule.status if winner else target.default_status
        blocking = [p for p in pending if p.rule.status != decided]
        result = TargetResult(target.id, decided)
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
            result.status = "uncertain"
            for p in blocking:
                result.missing |= self.unknown_facts(p.compiled)
            if result.missing:
                result.reasons.append(
                    Reason(
                        self.rs.message("depends_on"),
                        (),
                        {"facts": FactList(self.ordered(result.missing))},
                    )
                )
            for p in blocking:
                for ident in self.estimated_amounts(p.compiled):
                    result.reasons.append(self.near_amount(ident))
            if winner is not None:
                result.reasons.append(Reason(winner.rule.reason, tuple(winner.rule.references)))
            return result
        if winner is None:
            if target.default_reason is not None:
                result.reasons.append(Reason(target.default_reason))
            return result
        result.decided_by = winner.rule.id
        result.reasons.append(Reason(winner.rule.reason, tuple(winner.rule.references)))
        unconfirmed = [
            a
            for a in self.concrete(winner.compiled.amounts)
            if (p := self.amounts[a].period) is not None and not p.verified and p.value is not None
        ]
        if unconfirmed and decided != "uncertain":
            result.status = "uncertain"
            for ident in unconfirmed:
                result.reasons.append(
                    Reason(
                        self.rs.message("unconfirmed_figure"),
                        (),
                        {"amount": AmountRef(ident), "value": AmountRef(ident)},
                    )
                )
            return result
        for cr, outcome in results:
            if (
                outcome is True
                and cr is not winner
                and cr.rule.status == decided
                and cr.rule.priority < winner.rule.priority
            ):
                result.reasons.append(Reason(cr.rule.reason, tuple(cr.rule.references)))
        return result

    def near_amount(self, ident: str) -> Reason:
        return Reason(
            self.rs.message("near_unconfirmed_amount"),
            (),
            {"amount": AmountRef(ident), "value": AmountRef(ident)},
        )

    def ordered(self, facts: set[str]) -> tuple[str, ...]:
        return tuple(f for f in self.rs.facts if f in facts)

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
                if part.status == status or status == "not_possible":
                    for reason in part.reasons:
                        key = (id(reason.text), repr(reason.params))
                        if key not in seen:
                            seen.add(key)
                            merged.reasons.append(reason)
            routes[route.id] = merged
        return routes

    def recommend(self, targets: dict[str, TargetResult]) -> str | None:
        blocked = False
        picked: str | None = None
        for rec, compiled in self.rs.recommendations:
            target = targets[rec.target]
            legal = {"possible": True, "not_possible": False}.get(target.status)
            cond = compiled.condition.evaluate(self.values)
            truth = False if legal is False or cond is False else (True if legal and cond else None)
            self.record(
                "recommendation",
                rec.id,
                rec.target,
                compiled,
                truth,
                "recommended",
                truth is True and not blocked,
            )
            if truth is not False:
                self.use(compiled)
            if not blocked:
                if truth is True:
                    picked = rec.target
                    target.status = "recommended"
                    target.reasons.insert(0, Reason(rec.reason, tuple(rec.references)))
                    break
                if truth is None:
                    blocked = True
                    self.pending = self.unknown_facts(compiled) | target.missing
                    self.pending_near = not self.pending
            if blocked and truth is not False and target.status == "possible":
                if self.pending:
                    message = Reason(
                        self.rs.message("recommendation_pending"),
                        (),
                        {"facts": FactList(self.ordered(self.pending))},
                    )
                else:
                    message = Reason(self.rs.message("recommendation_pending_near_amount"))
                target.reasons.insert(0, message)
        self.missing |= self.pending
        return picked

    # --- obligations and warnings -------------------------------------------------------
    def listed(self, items: tuple, step: str, *, allow_unknown: bool) -> list[Listed]:
        out: dict[str, Listed] = {}
        for spec, compiled in items:
            result = compiled.condition.evaluate(self.values)
            self.record(step, spec.id, None, compiled, result, spec.output_id, result is True)
            if result is False or (result is None and not allow_unknown):
                continue
            self.use(compiled)
            status = "applies" if result else "may_apply"
            if result is None:
                self.missing |= self.unknown_facts(compiled)
            previous = out.get(spec.output_id)
            if previous is None or (previous.status == "may_apply" and status == "applies"):
                out[spec.output_id] = Listed(
                    spec.output_id, spec.id, Reason(spec.text, tuple(spec.references)), status
                )
        return list(out.values())

    def engine_warnings(self) -> list[Listed]:
        out: list[Listed] = []
        msg = self.rs.message
        meta = self.rs.meta
        if self.case.as_of_defaulted:
            out.append(
                Listed(
                    "as_of_defaulted",
                    "engine",
                    Reason(msg("warning_as_of_defaulted"), (), {"date": self.case.as_of}),
                    "applies",
                )
            )
        if self.case.as_of > meta.checked_until:
            out.append(
                Listed(
                    "rules_currency",
                    "engine",
                    Reason(
                        msg("warning_rules_currency"),
                        (),
                        {
                            "checked_until": meta.checked_until,
                            "date": self.case.as_of,
                            "note": meta.currency_note,
                        },
                    ),
                    "applies",
                )
            )
        for ident in self.used:
            resolved = self.amounts[ident]
            period = resolved.period
            if period is None:
                out.append(
                    Listed(
                        "amount_not_in_force",
                        "engine",
                        Reason(
                            msg("warning_amount_not_in_force"),
                            (),
                            {"amount": AmountRef(ident), "date": self.case.as_of},
                        ),
                        "applies",
                    )
                )
            elif resolved.estimated or (period.value is None):
                value = resolved.value
                low, high = (value.lo, value.hi) if isinstance(value, Interval) else (None, None)
                unit = resolved.amount.unit
                out.append(
                    Listed(
                        "unconfirmed_amount",
                        "engine",
                        Reason(
                            msg("warning_unconfirmed_amount"),
                            (),
                            {
                                "amount": AmountRef(ident),
                                "eur": Quantity(period.eur, "EUR"),
                                "valid_from": period.valid_from,
                                "valid_to": period.valid_to,
                                "low": Quantity(low, unit),
                                "high": Quantity(high, unit),
                            },
                        ),
                        "applies",
                    )
                )
            elif not period.verified:
                out.append(
                    Listed(
                        "unconfirmed_figure",
                        "engine",
                        Reason(
                            msg("warning_unconfirmed_figure"),
                            (),
                            {"amount": AmountRef(ident), "value": AmountRef(ident)},
                        ),
                        "applies",
                    )
                )
        for ident in self.conflicts:
            out.append(
                Listed(
                    "rule_conflict",
                    "engine",
                    Reason(msg("warning_rule_conflict"), (), {"id": ident}),
                    "applies",
                )
            )
        return out


def evaluate(ruleset: RuleSet, case: Case) -> Evaluation:
    """Evaluate a validated case against the rule set."""
    run = _Run(ruleset, case)
    outputs = run.derive()
    targets = {ident: run.decide(target) for ident, target in ruleset.targets.items()}
    run.pending = set()
    picked = run.recommend(targets)
    routes = run.aggregate(targets)
    for ident, result in targets.items():
        run.values[f"route.{ident}"] = None if result.status == "uncertain" else result.status
    for ident, result in routes.items():
        if ident not in targets:
            run.values[f"route.{ident}"] = None if result.status == "uncertain" else result.status
    recommended_route = targets[picked].id.split(".")[0] if picked else None
    run.values["recommended_route"] = recommended_route
    obligations = run.listed(ruleset.obligations, "obligation", allow_unknown=True)
    warnings = run.listed(ruleset.warnings, "warning", allow_unknown=False)
    warnings = run.engine_warnings() + warnings
    for result in routes.values():
        if result.status == "uncertain":
            run.missing |= result.missing
    for result in targets.values():
        if result.status == "uncertain":
            run.missing |= result.missing
    missing = [f for f in ruleset.facts if f in run.missing and f not in case.facts]
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
        used_amounts=list(run.used),
        trace=run.trace,
    )
