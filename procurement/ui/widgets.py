"""One input widget per declared fact, reading from and writing to the typed answers."""

from __future__ import annotations

import datetime as dt
from typing import Any

import streamlit as st

from procurement.core.formatting import format_fact_value
from procurement.core.model import Fact
from procurement.core.model.common import Lang
from procurement.ui.number_field import NumberSpec, number_field
from procurement.ui.state import Answers
from procurement.ui.texts import t

__all__ = ["fact_input"]


def fact_input(fact: Fact, answers: Answers, lang: Lang, prefix: str) -> None:
    """Render the question for ``fact``, keyed ``prefix + fact.id`` (``prefix`` from
    procurement.ui.keys); its answer is copied into ``answers`` on change."""
    key = f"{prefix}{fact.id}"
    current = answers.facts.get(fact.id)
    label = fact.label.get(lang)
    help_text = fact.help.get(lang) if fact.help else None

    def store() -> None:
        answers.set(fact.id, _clean(fact, st.session_state[key]))

    if fact.type in ("bool", "enum"):
        options: list[Any] = (
            [None, True, False] if fact.type == "bool" else [None, *fact.value_ids()]
        )
        if key not in st.session_state:
            st.session_state[key] = current if current in options else None
        st.radio(
            label,
            options,
            key=key,
            help=help_text,
            horizontal=fact.type == "bool",
            on_change=store,
            format_func=lambda v: _option_label(fact, v, lang),
        )
    elif fact.type in ("number", "integer"):
        spec = NumberSpec(
            label, integer=fact.type == "integer", minimum=fact.minimum, unit=fact.unit
        )
        number_field(
            key,
            spec,
            lang,
            initial=current,
            on_value=lambda value: answers.set(fact.id, value),
            help=help_text,
            placeholder=t("number_placeholder", lang),
            unanswered=True,
        )
    elif fact.type == "date":
        if key not in st.session_state:
            st.session_state[key] = current
        st.date_input(label, key=key, help=help_text, on_change=store, format="YYYY-MM-DD")


def _option_label(fact: Fact, value: Any, lang: Lang) -> str:
    if value is None:
        return t("unknown_option", lang)
    if isinstance(value, bool):
        return t("yes" if value else "no", lang)
    return format_fact_value(fact, value, lang, t("yes", lang), t("no", lang))


def _clean(fact: Fact, value: Any) -> Any:
    if value is None:
        return None
    if fact.type == "date" and isinstance(value, dt.datetime):
        return value.date()
    return value
