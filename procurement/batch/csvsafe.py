"""Neutralising spreadsheet formulas in exported cells (CSV/Excel injection)."""

from __future__ import annotations

from typing import Any

import pandas as pd

__all__ = ["neutralise", "neutralise_frame"]

_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """Prefix a text cell that a spreadsheet would run as a formula with an apostrophe."""
    if isinstance(value, str) and value.startswith(_TRIGGERS):
        return "'" + value
    return value


def neutralise_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` with every text cell neutralised (column names too)."""
    out = frame.map(neutralise)
    out.columns = [neutralise(str(c)) for c in out.columns]
    return out
