"""What the session keeps apart from the widgets' own keys (procurement.ui.keys names where):
the answers, and the saved assessment that is open."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from procurement.storage.records import SavedAssessment

__all__ = ["Answers", "SavedRef"]


@dataclass
class Answers:
    """Answers to the fact questions of one rule set; absent means unknown."""

    facts: dict[str, Any] = field(default_factory=dict)
    steps: list[tuple[str, ...]] = field(default_factory=list)
    forward: list[tuple[str, ...]] = field(default_factory=list)
    # The group a step was asked as, when it is not its questions' own (the memo's questions,
    # or questions asked again), by the step's position (1 for the first step).
    step_groups: dict[int, str] = field(default_factory=dict)

    def back(self) -> None:
        """Go back a step, remembering it so that Next shows the same questions again."""
        if len(self.steps) > 1:
            self.forward.append(self.steps.pop())

    def next(self, computed: tuple[str, ...] | None, group: str | None = None) -> None:
        """Go forward: to the step left by Back, or else to the ``computed`` next step
        (asked as ``group`` when that is not its questions' own)."""
        if self.forward:
            self.steps.append(self.forward.pop())
        elif computed is not None:
            self.steps.append(computed)
            if group is not None:
                self.step_groups[len(self.steps)] = group

    def group_of_current(self) -> str | None:
        """The group the current step was asked as, when it is not its questions' own."""
        return self.step_groups.get(len(self.steps))

    def asked(self) -> set[str]:
        """Every question shown so far, on this side of Back or the other."""
        return {f for step in [*self.steps, *self.forward] for f in step}

    def asked_as(self, group: str) -> bool:
        """Whether some step was asked as ``group``."""
        return group in self.step_groups.values()

    def set(self, fact: str, value: Any) -> None:
        """Record an answer; None forgets it (unknown)."""
        if value is None:
            self.facts.pop(fact, None)
        else:
            self.facts[fact] = value

    def as_json(self) -> dict[str, Any]:
        """The answers as a facts JSON object (the command line's format)."""
        return {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in self.facts.items()}


@dataclass(frozen=True)
class SavedRef:
    """What the session keeps of the saved assessment it has open."""

    id: str
    code: str
    revision: int
    title: str
    notes: str
    updated_at: dt.datetime
    ruleset_version: str
    fingerprint: str = ""  # the answers and choices as saved, to tell unsaved changes

    @classmethod
    def of(cls, saved: SavedAssessment, fingerprint: str = "") -> SavedRef:
        """The reference to ``saved`` as it was read or written."""
        return cls(
            saved.id,
            saved.code,
            saved.revision,
            saved.title,
            saved.notes,
            saved.updated_at,
            saved.ruleset_version,
            fingerprint,
        )
