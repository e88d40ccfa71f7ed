"""Which questions to ask next: those the engine still needs, a group at a time.

Pure functions, tested without Streamlit. A question answered "don't know" is not asked again.
"""

from __future__ import annotations

from collections.abc import Iterable

from procurement.ruleset import RuleSet

__all__ = ["first_step", "next_step", "progress"]


def first_step(ruleset: RuleSet, group: str) -> tuple[str, ...]:
    """The opening questions: every fact of ``group`` (e.g. the purchase itself)."""
    return tuple(f for f, spec in ruleset.facts.items() if spec.group == group)


def next_step(
    ruleset: RuleSet, missing: Iterable[str], asked: Iterable[str]
) -> tuple[str, ...] | None:
    """The next questions: the still-missing facts of the first group that has any."""
    asked_set = set(asked)
    remaining = [f for f in missing if f not in asked_set]
    if not remaining:
        return None
    group = ruleset.facts[remaining[0]].group
    return tuple(f for f in remaining if ruleset.facts[f].group == group)


def progress(answered: int, missing: int) -> float:
    """Share of the questions that matter which are answered (1.0 when nothing is missing)."""
    total = answered + missing
    return 1.0 if total == 0 else answered / total
