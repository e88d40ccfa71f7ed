"""The answers: a typed object kept in session state, apart from the widgets' own keys."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["Answers", "answers"]


@dataclass
class Answers:
    """Answers to the fact questions of one rule set; absent means unknown."""

    facts: dict[str, Any] = field(default_factory=dict)
    steps: list[tuple[str, ...]] = field(default_factory=list)

    def set(self, fact: str, value: Any) -> None:
        """Record an answer; None forgets it (unknown)."""
        if value is None:
            self.facts.pop(fact, None)
        else:
            self.facts[fact] = value

    def as_json(self) -> dict[str, Any]:
        """The answers as a facts JSON object (the command line's format)."""
        return {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in self.facts.items()}


def answers(state: Any, key: str) -> Answers:
    """The answers object stored under ``key`` in ``state`` (created on first use)."""
    if key not in state:
        state[key] = Answers()
    return state[key]
