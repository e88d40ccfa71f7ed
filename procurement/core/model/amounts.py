"""Dated amounts: thresholds, limits and other figures that change over time."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Literal

from pydantic import Field, model_validator

from procurement.core.limits import NUMBER_LIMIT
from procurement.core.model.common import Identifier, Strict, Text

__all__ = [
    "Amount",
    "AmountPeriod",
    "CitedSource",
    "LocalAmount",
    "LocalAmountsFile",
    "Source",
    "Unit",
]

Unit = Literal["SEK", "EUR", "months", "days", "share", "SEK_per_EUR"]


class Source(Strict):
    """Where a figure comes from: a document title and, where there is one, its address."""

    title: str = Field(min_length=1)
    url: str | None = None


class CitedSource(Source):
    """A source cited for guidance or a model text, and whether it is confirmed."""

    verified: bool = True


class AmountPeriod(Strict):
    """The figure in force from ``valid_from`` to ``valid_to`` (inclusive; open when null).

    ``value`` is in the amount's unit and may be null when it is not yet known (the SEK
    value of a threshold not yet published); ``eur`` is the EUR figure a SEK threshold
    corresponds to. ``verified`` tells whether ``value`` is confirmed in a source, and
    ``eur_verified`` whether ``eur`` is (by default the same as ``verified``).
    """

    valid_from: dt.date
    valid_to: dt.date | None = None
    value: float | None = None
    eur: float | None = None
    verified: bool
    eur_verified: bool | None = None
    source: Source
    note: Text | None = None

    @model_validator(mode="after")
    def _check(self) -> AmountPeriod:
        if self.valid_to is not None and self.valid_to < self.valid_from:
            raise ValueError(f"valid_to {self.valid_to} is before valid_from {self.valid_from}")
        if self.value is None and self.eur is None:
            raise ValueError("a period needs 'value' or 'eur' (or both)")
        if self.value is None and self.verified:
            raise ValueError("a period without 'value' cannot be 'verified: true'")
        if self.eur_verified is not None and self.eur is None:
            raise ValueError("'eur_verified' is only for a period with 'eur'")
        for name in ("value", "eur"):
            number = getattr(self, name)
            if number is not None and number < 0:
                raise ValueError(f"'{name}' must be >= 0")
            if number is not None and number >= NUMBER_LIMIT:
                raise ValueError(f"'{name}' must be less than {NUMBER_LIMIT:_}")
        return self

    @property
    def eur_confirmed(self) -> bool | None:
        """Whether the EUR figure is confirmed: ``eur_verified``, or else ``verified``
        (None when there is no EUR figure)."""
        if self.eur is None:
            return None
        return self.verified if self.eur_verified is None else self.eur_verified

    def covers(self, day: dt.date) -> bool:
        """Whether ``day`` lies in this period."""
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


def _check_no_overlap(periods: list[AmountPeriod]) -> None:
    """Raise ValueError when two periods overlap."""
    ordered = sorted(periods, key=lambda p: p.valid_from)
    for before, after in itertools.pairwise(ordered):
        if before.valid_to is None or before.valid_to >= after.valid_from:
            raise ValueError(
                f"periods overlap: the one from {before.valid_from} runs into "
                f"the one from {after.valid_from}"
            )


class Amount(Strict):
    """A named figure with its dated periods, in one unit."""

    id: Identifier
    label: Text
    unit: Unit
    periods: list[AmountPeriod] = Field(min_length=1)

    @model_validator(mode="after")
    def _check_periods(self) -> Amount:
        _check_no_overlap(self.periods)
        return self

    def period_on(self, day: dt.date) -> AmountPeriod | None:
        """The period in force on ``day``, or None."""
        for period in self.periods:
            if period.covers(day):
                return period
        return None


class LocalAmount(Strict):
    """Periods of a shipped amount entered by an administrator (a local override).

    ``label`` and ``unit`` may be left out; given, they must match the shipped amount's.
    Each period replaces the shipped period with the same dates, or adds one where none is.
    """

    id: Identifier
    label: Text | None = None
    unit: Unit | None = None
    periods: list[AmountPeriod] = Field(min_length=1)

    @model_validator(mode="after")
    def _check_periods(self) -> LocalAmount:
        _check_no_overlap(self.periods)
        return self


class LocalAmountsFile(Strict):
    """A file of local amounts: the ``amounts`` section of the rule format, and nothing else."""

    amounts: list[LocalAmount] = Field(min_length=1)
