"""A finding of the rule analysis: what is wrong, where, and a case that shows it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

__all__ = ["KINDS", "Finding"]

KINDS = {
    "never_fires": "a rule whose condition holds for no case",
    "shadowed": "a rule that holds only where a higher-priority rule of its route holds too",
    "conflict": "two items that both hold for the same case and give different answers",
    "never_decided": "a condition that is unknown for every case, so it never decides anything",
    "zero_divisor": "a condition left unknown for some case because it divides by zero there",
    "gap": "a case for which a route or a derived value gets no status or no reason",
    "amount_hole": "a date between two periods of an amount that no period covers",
    "unused_fact": "a declared fact that no condition, expression or text reads",
    "unasked_fact": "a fact that conditions read but the questionnaire never asks",
    "no_reference": "a rule, recommendation, duty or warning without a legal reference",
}


@dataclass(frozen=True)
class Finding:
    """One finding, with the file and line of the item and an example case."""

    kind: str
    file: str
    line: int
    message: str
    example: dict[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        text = f"{self.file}:{self.line}: {self.kind}: {self.message}"
        if self.example:
            shown = ", ".join(
                f"{k}={v.isoformat() if isinstance(v, dt.date) else v}"
                for k, v in self.example.items()
            )
            text += f" (example: {shown})"
        return text
