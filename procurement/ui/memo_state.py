"""The memo step's state: the authority's choices, kept apart from the widgets' keys."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from procurement.documents.memo.choices import MemoChoices

__all__ = ["DETAILS", "MemoDraft"]

DETAILS = ("title", "organisation", "case_number", "author")


@dataclass
class MemoDraft:
    """Route, clauses taken with their values, reasons for options not used, and details."""

    route: str | None = None
    route_reason: str = ""
    details: dict[str, str] = field(default_factory=dict)
    taken: dict[str, dict[str, Any]] = field(default_factory=dict)
    declined: dict[str, str] = field(default_factory=dict)

    def take(self, clause_id: str, on: bool) -> None:
        """Take a clause into the procurement, or leave it out (its values are kept)."""
        values = self.taken.pop(clause_id, None)
        if on:
            self.taken[clause_id] = values or {}
        elif values:
            self.taken[f"~{clause_id}"] = values

    def values(self, clause_id: str) -> dict[str, Any]:
        """The values entered for a clause, taken or not."""
        return self.taken.get(clause_id) or self.taken.get(f"~{clause_id}") or {}

    def set_value(self, clause_id: str, variable: str, value: Any) -> None:
        """Record one variable's value; None forgets it."""
        key = clause_id if clause_id in self.taken else f"~{clause_id}"
        values = self.taken.setdefault(key, {})
        if value is None or value == "":
            values.pop(variable, None)
        else:
            values[variable] = value

    def taken_ids(self) -> list[str]:
        """The clauses taken, in the order they were taken."""
        return [k for k in self.taken if not k.startswith("~")]

    def choices(self, proposed: Iterable[str], open_keys: Iterable[str]) -> dict[str, Any]:
        """The choices as the command line's ``--clauses`` JSON: only clauses still proposed
        and reasons for options still open."""
        proposed_ids = set(proposed)
        keys = set(open_keys)
        out: dict[str, Any] = {
            "route": self.route,
            "clauses": [
                {"id": c, "variables": dict(self.taken[c])}
                for c in self.taken_ids()
                if c in proposed_ids
            ],
            "declined": {k: v for k, v in self.declined.items() if k in keys and v.strip()},
        }
        if self.route_reason.strip():
            out["route_reason"] = self.route_reason
        out.update({k: v for k, v in self.details.items() if v and v.strip()})
        return out

    def saved_choices(self) -> dict[str, Any]:
        """Every choice, as the ``--clauses`` JSON, for saving the whole draft: all clauses
        taken and all reasons given, whether or not the current answers still propose them."""
        return self.choices(self.taken_ids(), self.declined)

    @classmethod
    def from_choices(cls, choices: MemoChoices) -> MemoDraft:
        """A draft holding saved choices (e.g. an uploaded ``--clauses`` file)."""
        return cls(
            route=choices.route,
            route_reason=choices.route_reason or "",
            details={k: getattr(choices, k) for k in DETAILS if getattr(choices, k)},
            taken={c.id: dict(c.variables) for c in choices.clauses},
            declined=dict(choices.declined),
        )
