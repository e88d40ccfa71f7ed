"""Which questions to ask next: those that can still change the answer, a group at a time.

Pure functions, tested without Streamlit. The order is the rules' own (``rules/facts.yaml``):
what the buyer wants and the purchase first, the counterpart before the IOP questions, and
so on. A step asks the group of the first question the engine is waiting for, with every
question of that group that could still change the result, so a group is asked once. The
number of steps left is counted from the facts that could still change the result
(``Evaluation.open_facts``), which only shrinks as questions are answered: the count never
grows while the user goes forward. A question answered "don't know" is not asked again,
unless the recommendation waits for it and the user asks to answer it after all.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass

from procurement.clauses.library import ClauseLibrary
from procurement.clauses.propose import Proposal
from procurement.core.ruleset import RuleSet

__all__ = [
    "FIRST_GROUP",
    "MEMO_GROUP",
    "REOPEN_GROUP",
    "Plan",
    "first_step",
    "group_order",
    "memo_candidates",
    "memo_facts",
    "next_step",
    "plan",
    "progress",
]

FIRST_GROUP = "purchase"
# The questions the decision memo's clause proposals still read, asked after the rest.
MEMO_GROUP = "memo"
# Questions answered "don't know" that the recommendation waits for, asked again on request.
REOPEN_GROUP = "reopen"


@dataclass(frozen=True)
class Plan:
    """Where the questionnaire stands.

    ``next`` is the next step's group and facts (None when nothing is left to ask),
    ``remaining`` the steps still to come (an upper bound that never grows), and
    ``waiting_on`` the questions already asked but unanswered that the recommendation still
    waits for.
    """

    next: tuple[str, tuple[str, ...]] | None
    remaining: int
    waiting_on: tuple[str, ...]


def group_order(ruleset: RuleSet) -> list[str]:
    """The questionnaire's groups in the order their first fact is declared."""
    return list(dict.fromkeys(spec.group for spec in ruleset.facts.values() if spec.group))


def first_step(ruleset: RuleSet, group: str = FIRST_GROUP) -> tuple[str, ...]:
    """The opening questions: every fact of ``group`` (what the buyer wants, the purchase)."""
    return tuple(f for f, spec in ruleset.facts.items() if spec.group == group)


def _group_of_first(ruleset: RuleSet, facts: Collection[str]) -> str | None:
    for fact, spec in ruleset.facts.items():
        if fact in facts:
            return spec.group
    return None


def next_step(
    ruleset: RuleSet,
    missing: Iterable[str],
    asked: Iterable[str],
    open_facts: Iterable[str] = (),
) -> tuple[str, ...] | None:
    """The next questions: the group of the first missing fact not yet asked, with every
    fact of that group that is missing or could still change the result."""
    asked_set = set(asked)
    remaining = {f for f in missing if f not in asked_set}
    if not remaining:
        return None
    group = _group_of_first(ruleset, remaining)
    wanted = remaining | {f for f in open_facts if f not in asked_set}
    return tuple(f for f, spec in ruleset.facts.items() if f in wanted and spec.group == group)


def plan(
    ruleset: RuleSet,
    *,
    missing: Collection[str],
    open_facts: Collection[str],
    asked: Collection[str],
    answered: Collection[str],
    memo_facts: Collection[str] = (),
    memo_candidates: Collection[str] = (),
    memo_done: bool = False,
    recommended: bool = False,
    reopen_done: bool = False,
) -> Plan:
    """The next step, the steps left, and what the recommendation waits for.

    ``memo_facts`` are the unanswered facts the clause proposals for the recommended route
    read (asked in a last step of their own, once: ``memo_done`` when it has been);
    ``memo_candidates`` every fact any clause could read, which keeps a place for that step
    in the count until it is known whether it is needed. While no route is ``recommended``,
    the questions answered "don't know" that the recommendation waits for are asked once more
    in a step of their own (``reopen_done`` when they have been), and a place is kept for that
    step in the count as long as it could be needed.
    """
    step = next_step(ruleset, missing, asked, open_facts)
    unasked_open = {f for f in open_facts if f not in asked}
    groups = {ruleset.facts[f].group for f in unasked_open}
    memo_left = (
        [] if memo_done else [f for f in ruleset.facts if f in memo_facts and f not in asked]
    )
    memo_place = not memo_done and any(
        f not in asked and f not in answered for f in memo_candidates
    )
    waiting = tuple(f for f in ruleset.facts if f in missing and f in asked and f not in answered)
    reopen_place = not recommended and not reopen_done and bool(open_facts)
    nxt: tuple[str, tuple[str, ...]] | None = None
    if step is not None:
        nxt = (ruleset.facts[step[0]].group or "", step)
    elif memo_left:
        nxt = (MEMO_GROUP, tuple(memo_left))
    elif waiting and reopen_place:
        nxt = (REOPEN_GROUP, waiting)
    remaining = len(groups) + (1 if memo_place or memo_left else 0) + (1 if reopen_place else 0)
    return Plan(nxt, remaining, waiting)


def memo_candidates(library: ClauseLibrary, ruleset: RuleSet) -> frozenset[str]:
    """Every fact some clause's condition reads (what a memo could ask about)."""
    names = {n for condition in library.conditions.values() for n in condition.names}
    return frozenset(n for n in names if n in ruleset.facts)


def memo_facts(proposals: Iterable[Proposal]) -> tuple[str, ...]:
    """The unanswered facts the clause proposals for the recommended route depend on ("föreslås
    eftersom … är obesvarat"), so that the questionnaire can ask them."""
    found: dict[str, None] = {}
    for proposal in proposals:
        found.update(dict.fromkeys(proposal.depends_on))
    return tuple(found)


def progress(answered: int, missing: int) -> float:
    """Share of the questions that matter which are answered (1.0 when nothing is missing)."""
    total = answered + missing
    return 1.0 if total == 0 else answered / total
