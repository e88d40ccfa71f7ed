"""A text field for a number, read the way the interface language writes it
(procurement.core.numbers): "1 800 000" and "1,8" in Swedish. What was understood is shown under
the field ("1 800 000 kr"); what cannot be understood is shown as an error, never guessed.

Streamlit's own number input reads "1,8" as 18, so no page uses it for typed numbers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import streamlit as st

from procurement.core.formatting import format_number, format_quantity
from procurement.core.model.common import Lang
from procurement.core.numbers import NumberError, parse_number
from procurement.ui import keys
from procurement.ui.plain import plain
from procurement.ui.texts import t

__all__ = ["NumberSpec", "Reading", "number_field", "read_number", "set_number"]

Number = int | float


@dataclass(frozen=True)
class NumberSpec:
    """What a field accepts: its label (named in errors), whole numbers only, bounds, unit."""

    label: str
    integer: bool = False
    minimum: float | None = None
    maximum: float | None = None
    unit: str | None = None


@dataclass(frozen=True)
class Reading:
    """The field's value (None when blank or wrong) and, when wrong, why."""

    value: Number | None
    error: NumberError | None = None

    @property
    def ok(self) -> bool:
        """True when the field is blank or holds a number."""
        return self.error is None


def _read(text: Any, spec: NumberSpec, written: Lang, lang: Lang) -> Reading:
    try:
        value = parse_number(
            str(text or ""),
            written,
            label=spec.label,
            integer=spec.integer,
            minimum=spec.minimum,
            maximum=spec.maximum,
            unit=spec.unit,
            message_lang=lang,
        )
    except NumberError as exc:
        return Reading(None, exc)
    return Reading(value)


def set_number(key: str, value: Number | None, lang: Lang) -> None:
    """Put ``value`` into the field ``key`` as ``lang`` writes it ('' for None); for callbacks
    and before the field is drawn."""
    st.session_state[key] = "" if value is None else format_number(value, lang)
    st.session_state[keys.written_in(key)] = lang


def read_number(key: str, spec: NumberSpec, lang: Lang) -> Reading:
    """The number in the field ``key`` now (read in the language it was written in)."""
    written = st.session_state.get(keys.written_in(key), lang)
    return _read(st.session_state.get(key), spec, "en" if written == "en" else "sv", lang)


def number_field(
    key: str,
    spec: NumberSpec,
    lang: Lang,
    *,
    initial: Number | None = None,
    on_value: Callable[[Number | None], None] | None = None,
    help: str | None = None,
    placeholder: str | None = None,
    unanswered: bool = False,
    echo: bool = True,
) -> Reading:
    """Draw the field (starting from ``initial`` when Streamlit has no text for it) with what
    it understood, or the error, under it. ``on_value`` gets each new value, None when the
    text is blank or wrong; ``unanswered`` says in the error that the answer is not kept."""
    if key not in st.session_state:
        set_number(key, initial, lang)
    elif st.session_state.get(keys.written_in(key), lang) != lang:
        # The language changed: a number is rewritten the new way (the same value).
        before = read_number(key, spec, lang)
        if before.ok:
            set_number(key, before.value, lang)

    def changed() -> None:
        st.session_state[keys.written_in(key)] = lang
        if on_value is not None:
            reading = read_number(key, spec, lang)
            on_value(reading.value if reading.ok else None)

    st.text_input(
        spec.label,
        key=key,
        help=help,
        placeholder=placeholder,
        on_change=changed,
        max_chars=60,
    )
    reading = read_number(key, spec, lang)
    if reading.error is not None:
        message = plain(str(reading.error))
        if unanswered:
            message += "  \n" + t("number_not_kept", lang)
        st.error(message, icon=":material/error:")
    elif reading.value is not None and echo:
        st.caption(plain(format_quantity(reading.value, spec.unit, lang)))
    return reading
