"""What the AppTest modules of the questionnaire share: which questions are on screen, how a
user answers one, and the step heading."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from procurement.core.formatting import format_number
from procurement.service import default_ruleset

__all__ = ["answer", "shown_facts", "step_heading", "step_total"]


def shown_facts(at: AppTest) -> list[str]:
    """The fact ids of the questions on screen, in page order."""
    widgets = (*at.radio, *at.text_input, *at.date_input)
    return [w.key.split(":", 1)[1] for w in widgets if w.key and w.key.startswith("route:")]


def answer(at: AppTest, fact_id: str, value: Any) -> None:
    """Set one question's widget as a user would (without running the script); numbers are
    typed the way the page's language writes them."""
    kind = default_ruleset().facts[fact_id].type
    key = f"route:{fact_id}"
    if kind in ("bool", "enum"):
        at.radio(key=key).set_value(value)
    elif kind in ("number", "integer"):
        lang = "en" if at.radio(key="lang").value == "en" else "sv"
        at.text_input(key=key).input("" if value is None else format_number(value, lang))
    elif kind == "date":
        value = dt.date.fromisoformat(value) if isinstance(value, str) else value
        at.date_input(key=key).set_value(value)
    else:  # pragma: no cover - a new fact type needs a new widget here
        pytest.fail(f"no widget for fact type {kind!r} ({fact_id})")


def step_heading(at: AppTest) -> str:
    """The step heading ("Steg n av N: …")."""
    return next(str(h.value) for h in at.subheader if str(h.value).startswith(("Steg", "Step")))


def step_total(at: AppTest) -> int:
    """The N of "Steg n av N"."""
    return int(step_heading(at).split(":")[0].split()[-1])
