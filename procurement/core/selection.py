"""How a route's rules settle its status: the one policy the engine applies and the rule
lint reasons about.

A target's rules are tried in priority order (highest first). The first rule that holds
decides, else the target keeps its default status. A rule still unknown above the decision
*blocks* it when it would give another status: then the status is ``uncertain``. Rules below
the decision that hold with the same status support it (their reasons are added).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from procurement.core.model.common import Status

__all__ = ["Selection", "select"]


@dataclass(frozen=True, slots=True)
class Selection:
    """What a target's rules decide, by the rules' positions in priority order."""

    status: Status  # the winner's status, else the default (before any blocking)
    winner: int | None  # the first rule that holds
    pending: tuple[int, ...]  # rules still unknown above the winner (or all, without one)
    blocking: tuple[int, ...]  # pending rules that would give another status
    supporting: tuple[int, ...]  # rules below the winner that hold with its status

    @property
    def settled(self) -> bool:
        """Whether no unknown rule could change the status."""
        return not self.blocking

    def counting(self) -> tuple[int, ...]:
        """The rules whose reasons make the settled status: the winner and its support."""
        if not self.settled or self.winner is None:
            return ()
        return (self.winner, *self.supporting)


def select(
    statuses: Sequence[Status], outcomes: Sequence[bool | None], default: Status
) -> Selection:
    """The selection among rules with ``statuses`` (priority order) whose conditions came
    out as ``outcomes`` (True, False or None for unknown)."""
    winner: int | None = None
    pending: list[int] = []
    for i, outcome in enumerate(outcomes):
        if outcome is True:
            winner = i
            break
        if outcome is None:
            pending.append(i)
    status = statuses[winner] if winner is not None else default
    blocking = tuple(i for i in pending if statuses[i] != status)
    supporting: tuple[int, ...] = ()
    if winner is not None:
        supporting = tuple(
            i
            for i in range(winner + 1, len(outcomes))
            if outcomes[i] is True and statuses[i] == status
        )
    return Selection(status, winner, tuple(pending), blocking, supporting)
