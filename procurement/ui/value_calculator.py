"""The contract value under 5 kap. LOU, from its parts, with the working shown."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["ValueParts", "estimate"]


@dataclass(frozen=True)
class ValueParts:
    """The parts of a contract's estimated value, all excluding VAT."""

    per_year: float = 0.0
    years: float = 0.0
    extension_years: float = 0.0
    options: float = 0.0
    premiums: float = 0.0
    similar_contracts_12_months: float = 0.0


def estimate(parts: ValueParts) -> tuple[float, list[tuple[str, float]]]:
    """The total and its working: each part's contribution, in the order they are added."""
    working = [
        ("base", parts.per_year * parts.years),
        ("extensions", parts.per_year * parts.extension_years),
        ("options", parts.options),
        ("premiums", parts.premiums),
        ("similar", parts.similar_contracts_12_months),
    ]
    return sum(v for _, v in working), working
