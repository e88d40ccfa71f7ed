"""Which clauses fit a case: by route, contract type, the clause's own condition, and duty."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from procurement.clauses.library import ClauseLibrary
from procurement.clauses.model import CATEGORIES, LEVELS, Clause
from procurement.report.assessment import Assessment

__all__ = [
    "Proposal",
    "applying_duties",
    "propose",
    "route_matches",
    "unsuited",
]


@dataclass(frozen=True)
class Proposal:
    """A clause offered for the case: ``required`` when a duty that applies calls for it;
    ``depends_on`` lists unanswered facts its condition still reads."""

    clause: Clause
    required: bool
    depends_on: tuple[str, ...] = ()


def route_matches(clause: Clause, target: str) -> bool:
    """Whether ``clause`` suits ``target`` (a route id, or ``route.variant``)."""
    route = target.split(".")[0]
    return any(r in (target, route) for r in clause.routes)


def unsuited(
    library: ClauseLibrary,
    clause: Clause,
    target: str | None,
    facts: Mapping[str, Any],
    duties: set[str],
) -> str | None:
    """Why ``clause`` is not proposed for ``target`` — ``route``, ``contract``, ``excluded``
    (a duty that applies makes it pointless) or ``condition`` (its condition is false for
    ``facts``) — or None when it fits (its condition may still be unknown)."""
    contract = facts.get("contract_type")
    condition = library.conditions.get(clause.id)
    if target is None or not route_matches(clause, target):
        return "route"
    if contract is not None and contract not in clause.contract_types:
        return "contract"
    if clause.excluded_by is not None and clause.excluded_by in duties:
        return "excluded"
    if condition is not None and condition.evaluate(facts) is False:
        return "condition"
    return None


def applying_duties(assessment: Assessment) -> set[str]:
    """The ids of the duties that apply (not those that only may apply)."""
    return {o.id for o in assessment.obligations if o.status == "applies"}


def propose(
    library: ClauseLibrary,
    assessment: Assessment,
    target: str,
    facts: Mapping[str, Any],
) -> list[Proposal]:
    """The clauses that fit ``target`` for a case with ``facts`` and its ``assessment``:
    required ones first, then by category and ambition level."""
    duties = applying_duties(assessment)
    out: list[Proposal] = []
    for clause in library.clauses.values():
        if unsuited(library, clause, target, facts, duties) is not None:
            continue
        condition = library.conditions.get(clause.id)
        depends: tuple[str, ...] = ()
        if condition is not None and condition.evaluate(facts) is None:
            depends = tuple(sorted(n for n in condition.names if n not in facts))
        required = clause.required_by is not None and clause.required_by in duties
        out.append(Proposal(clause, required, depends))
    out.sort(
        key=lambda p: (
            not p.required,
            CATEGORIES.index(p.clause.category),
            LEVELS.index(p.clause.level),
        )
    )
    return out
