"""Analysis by enumeration: every complete case over the facts a group of conditions reads
(each finite value; dates and numbers on both sides of every boundary), evaluated with the
engine's own derivation and closures."""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from typing import Any

from procurement.authoring.analysis.domains import domains
from procurement.authoring.analysis.findings import Finding
from procurement.core.engine import Run
from procurement.core.facts_input import Case
from procurement.core.model.common import STATUSES
from procurement.core.ruleset import Compiled, RuleSet
from procurement.core.selection import select

__all__ = ["CaseSpace", "example_of", "semantic_findings"]

# A group whose cases exceed this is sampled along each fact instead of fully enumerated.
MAX_CASES = 250 * 1000


class CaseSpace:
    """Complete cases over chosen facts, with the derived values computed once per key."""

    def __init__(self, rs: RuleSet) -> None:
        self.rs = rs
        self.domains: dict[str, list[Any]] = domains(rs)
        routes = list(rs.routes)
        for target in rs.targets:
            self.domains[f"route.{target}"] = list(STATUSES)
        self.domains["recommended_route"] = [*routes, None]
        self.derived_facts = sorted(
            {f for d in rs.derived for c in d.cases for f in c.facts}
            | {f for d in rs.derived if d.expression for f in d.expression.facts}
        )
        self._cache: dict[tuple[Any, ...], dict[str, Any]] = {}
        self._statuses: dict[tuple[Any, ...], dict[str, str]] = {}

    def names(self, compiled: Sequence[Compiled]) -> list[str]:
        """What to enumerate for these conditions: the facts they read directly or through
        derived values, the route outcomes they read (as values of their own), and the date."""
        found = {"as_of"} if "as_of" in self.rs.facts else set()
        for c in compiled:
            for name in c.condition.names:
                if (
                    name in self.rs.facts
                    or name.startswith("route.")
                    or name == "recommended_route"
                ):
                    found.add(name)
                elif name in self.rs.derived_by_id:
                    found |= self.derived_inputs(name)
        return sorted(found)

    def derived_inputs(self, name: str) -> set[str]:
        """The facts a derived value reads, through other derived values too."""
        derived = self.rs.derived_by_id[name]
        parts = list(derived.cases) + ([derived.expression] if derived.expression else [])
        out: set[str] = set()
        for c in parts:
            for n in c.condition.names:
                if n in self.rs.facts:
                    out.add(n)
                elif n in self.rs.derived_by_id and n != name:
                    out |= self.derived_inputs(n)
        return out

    def outcome_cases(self, names: Sequence[str]) -> list[dict[str, Any]]:
        """Consistent route outcomes: at most one target recommended (and, with it, the
        recommended route); the others possible, not possible or uncertain."""
        routes = [n for n in names if n.startswith("route.")]
        wants_rec = "recommended_route" in names
        if not routes and not wants_rec:
            return [{}]
        others = [s for s in STATUSES if s != "recommended"]
        out: list[dict[str, Any]] = []
        targets = list(self.rs.targets)
        for rec in [*targets, None]:
            base: dict[str, Any] = {}
            if wants_rec:
                base["recommended_route"] = rec.split(".")[0] if rec else None
            named = [r for r in routes if r.removeprefix("route.") != rec]
            for combo in itertools.product(others, repeat=len(named)):
                case = dict(base)
                case.update(zip(named, combo, strict=True))
                for r in routes:
                    ident = r.removeprefix("route.")
                    if rec is not None and (ident == rec or rec.startswith(f"{ident}.")):
                        case[r] = "recommended"
                out.append(case)
        return out

    def values(self, facts: dict[str, Any]) -> dict[str, Any]:
        """The evaluation values of a case: amounts on its date, derived values, facts."""
        key = tuple(facts.get(f) for f in ("as_of", *self.derived_facts))
        base = self._cache.get(key)
        if base is None:
            known = {f: facts[f] for f in self.derived_facts if f in facts}
            as_of = facts.get("as_of", self.rs.meta.supported_from)
            run = Run(self.rs, Case(facts=known, as_of=as_of, as_of_defaulted=False))
            run.derive()
            base = dict(run.values)
            self._cache[key] = base
        out = dict(base)
        out.update(facts)
        return out

    def cases(self, names: Sequence[str]) -> Iterator[dict[str, Any]]:
        """Every combination of the facts' values with every consistent set of outcomes
        (fewer, one fact varied at a time, when there would be too many)."""
        facts = [n for n in names if n in self.domains and not n.startswith("route.")]
        facts = [n for n in facts if n != "recommended_route"]
        outcomes = self.outcome_cases(names)
        pools = [self.domains[n] for n in facts]
        size = len(outcomes)
        for pool in pools:
            size *= len(pool)
        if size <= MAX_CASES:
            combos: Iterator[tuple[Any, ...]] = itertools.product(*pools)
        else:
            combos = _one_at_a_time(pools)
        routes = [n for n in names if n.startswith("route.")]
        for combo in combos:
            case = dict(zip(facts, combo, strict=True))
            decided = self.statuses(case) if routes else {}
            for outcome in outcomes:
                if all(_consistent(decided.get(r), outcome[r]) for r in routes):
                    yield {**case, **outcome}

    def statuses(self, facts: dict[str, Any]) -> dict[str, str]:
        """What the rules already decide for each route given only these facts
        (``route.<target>`` → status; ``uncertain`` where the facts do not settle it)."""
        known = {f: v for f, v in facts.items() if f in self.rs.facts}
        key = tuple(sorted((k, str(v)) for k, v in known.items()))
        cached = self._statuses.get(key)
        if cached is None:
            as_of = known.get("as_of", self.rs.meta.supported_from)
            run = Run(self.rs, Case(facts=known, as_of=as_of, as_of_defaulted=False))
            run.derive()
            cached = {
                f"route.{ident}": run.decide(target).status
                for ident, target in self.rs.targets.items()
            }
            self._statuses[key] = cached
        return cached


def _consistent(decided: str | None, outcome: str) -> bool:
    """Whether an enumerated outcome fits what the rules decide from the known facts: a
    route ruled out stays out; a possible one may also be the recommended one."""
    if decided is None or decided == "uncertain":
        return True
    if decided == "possible":
        return outcome in ("possible", "recommended")
    return outcome == decided


def _one_at_a_time(pools: list[list[Any]]) -> Iterator[tuple[Any, ...]]:
    base = [pool[0] for pool in pools]
    for i, pool in enumerate(pools):
        for value in pool:
            combo = list(base)
            combo[i] = value
            yield tuple(combo)


def example_of(case: dict[str, Any]) -> dict[str, Any]:
    return {
        k: v for k, v in case.items() if not k.startswith("route.") and k != "recommended_route"
    }


def _targets(space: CaseSpace) -> list[Finding]:
    rs = space.rs
    out: list[Finding] = []
    for target_id, target in rs.targets.items():
        rules = target.rules  # in priority order, as the engine tries them
        if not rules:
            continue
        names = space.names([cr.compiled for cr in rules])
        statuses = [cr.rule.status for cr in rules]
        seen_true: dict[str, dict[str, Any]] = {}
        seen_open: set[str] = set()
        decisive: set[str] = set()
        gap: dict[str, Any] | None = None
        for case in space.cases(names):
            values = space.values(case)
            outcomes = [cr.compiled.condition.evaluate(values) for cr in rules]
            for cr, result in zip(rules, outcomes, strict=True):
                if result is None:
                    seen_open.add(cr.rule.id)
                elif result is True:
                    seen_true.setdefault(cr.rule.id, case)
            # The engine's own policy: the decisive rule and those whose reasons are added.
            selection = select(statuses, outcomes, target.default_status)
            decisive.update(rules[i].rule.id for i in selection.counting())
            settled_by_default = selection.winner is None and selection.settled
            if settled_by_default and target.default_reason is None and gap is None:
                gap = case
        for cr in rules:
            c = cr.compiled
            if cr.rule.id not in seen_true and cr.rule.id not in seen_open:
                out.append(
                    Finding(
                        "never_fires",
                        c.file,
                        c.line,
                        f"rule '{cr.rule.id}' ({target_id}) holds for no case",
                    )
                )
            elif cr.rule.id in seen_true and cr.rule.id not in decisive:
                higher = [
                    r.rule.id
                    for r in rules
                    if r.rule.priority > cr.rule.priority and r.rule.status != cr.rule.status
                ]
                out.append(
                    Finding(
                        "shadowed",
                        c.file,
                        c.line,
                        f"rule '{cr.rule.id}' ({target_id}) never counts: wherever it holds, a "
                        f"higher-priority rule with another status holds too ({', '.join(higher)})",
                        example_of(seen_true[cr.rule.id]),
                    )
                )
        if gap is not None:
            c = rules[-1].compiled
            out.append(
                Finding(
                    "gap",
                    c.file,
                    c.line,
                    f"'{target_id}': no rule holds and the route has no default reason, so the "
                    "status would come without a reason",
                    example_of(gap),
                )
            )
    return out


def _derived(space: CaseSpace) -> list[Finding]:
    out: list[Finding] = []
    for derived in space.rs.derived:
        cases = list(derived.cases)
        if not cases:
            continue
        names = space.names(cases)
        conflict: dict[str, Any] | None = None
        gap: dict[str, Any] | None = None
        pair: tuple[int, int] = (0, 0)
        for case in space.cases(names):
            values = space.values(case)
            results = [c.condition.evaluate(values) for c in cases]
            true = [i for i, r in enumerate(results) if r is True]
            if len(true) > 1 and conflict is None:
                conflict, pair = case, (true[0], true[1])
            if all(r is False for r in results) and gap is None:
                gap = case
        spec = derived.spec
        if conflict is not None:
            first, second = cases[pair[0]], cases[pair[1]]
            out.append(
                Finding(
                    "conflict",
                    second.file,
                    second.line,
                    f"derived value '{spec.id}': cases {pair[0] + 1} and {pair[1] + 1} both hold "
                    f"('{first.condition.source}' and '{second.condition.source}')",
                    example_of(conflict),
                )
            )
        if gap is not None:
            out.append(
                Finding(
                    "gap",
                    cases[0].file,
                    cases[0].line,
                    f"derived value '{spec.id}': no case holds, so it has no value",
                    example_of(gap),
                )
            )
    return out


def _same_id(space: CaseSpace, what: str, pairs: Sequence[tuple[Any, Compiled]]) -> list[Finding]:
    """Items (duties or warnings) that share an output id must not apply together."""
    out: list[Finding] = []
    groups: dict[str, list[tuple[Any, Compiled]]] = {}
    for item, compiled in pairs:
        groups.setdefault(item.output_id, []).append((item, compiled))
    for output_id, items in groups.items():
        if len(items) < 2:
            continue
        names = space.names([c for _, c in items])
        for case in space.cases(names):
            values = space.values(case)
            true = [(i, c) for i, c in items if c.condition.evaluate(values) is True]
            if len(true) > 1:
                (a, _), (b, cb) = true[0], true[1]
                out.append(
                    Finding(
                        "conflict",
                        cb.file,
                        cb.line,
                        f"{what} '{output_id}': '{a.id}' and '{b.id}' both apply for the same "
                        "case, and only one of them is shown",
                        example_of(case),
                    )
                )
                break
    return out


def _never(space: CaseSpace, what: str, items: list[tuple[str, Compiled]]) -> list[Finding]:
    out = []
    for ident, compiled in items:
        if compiled.condition.source.strip() == "true":
            continue
        names = space.names([compiled])
        if not any(
            compiled.condition.evaluate(space.values(case)) is not False
            for case in space.cases(names)
        ):
            out.append(
                Finding(
                    "never_fires",
                    compiled.file,
                    compiled.line,
                    f"{what} '{ident}' holds for no case",
                )
            )
    return out


def semantic_findings(rs: RuleSet, space: CaseSpace | None = None) -> list[Finding]:
    """Never-firing and shadowed rules, conflicts and gaps, found by enumeration (over
    ``space``, made from ``rs`` when not given)."""
    space = space or CaseSpace(rs)
    out = _targets(space) + _derived(space)
    out += _same_id(space, "duty", rs.obligations) + _same_id(space, "warning", rs.warnings)
    out += _never(space, "recommendation", [(r.id, c) for r, c in rs.recommendations])
    out += _never(space, "duty", [(o.id, c) for o, c in rs.obligations])
    out += _never(space, "warning", [(w.id, c) for w, c in rs.warnings])
    criteria = [(f"{ch.spec.id}.{cr.id}", c) for ch in rs.checks for cr, c in ch.criteria]
    out += _never(space, "criterion", criteria)
    return out
