"""Swedish-first formatting of numbers, amounts, dates and fact values (via Babel)."""

from __future__ import annotations

import datetime as dt
from functools import cache, lru_cache
from typing import Any

from babel.numbers import format_decimal

from procurement.core.limits import NUMBER_LIMIT
from procurement.core.model import Fact
from procurement.core.model.common import Lang
from procurement.core.texts import texts

__all__ = ["format_fact_value", "format_number", "format_quantity"]

_LOCALES = {"sv": "sv_SE", "en": "en_GB"}
_TEXTS = texts("numbers")


@cache
def _unit_pattern(unit: str, one: bool, lang: Lang) -> str:
    """How ``lang`` writes a number with ``unit`` ('{n} kr'), for exactly 1 when ``one``;
    '{n}' for a unit without words (data/texts/numbers.yaml: ``unit_<unit>``,
    ``unit_one_<unit>``)."""
    if one and f"unit_one_{unit}" in _TEXTS:
        return _TEXTS(f"unit_one_{unit}", lang)
    return _TEXTS(f"unit_{unit}", lang) if f"unit_{unit}" in _TEXTS else "{n}"


@lru_cache(maxsize=4096)  # Babel's formatting is slow and the same amounts recur
def format_number(value: float, lang: Lang) -> str:
    """A number in the language's format: 700 000 (sv), 700,000 (en); spaces are no-break."""
    if abs(value) >= NUMBER_LIMIT:  # beyond Babel's decimal context; never a real amount
        return f"{value:.6g}"
    return format_decimal(value, format="#,##0.####", locale=_LOCALES[lang])


def format_quantity(value: float, unit: str | None, lang: Lang) -> str:
    """A number with its unit, e.g. '700 000 kr' or '30 %' for a share of 0.3."""
    if unit == "share":
        value = round(value * 100, 4)
    text = format_number(value, lang)
    return _unit_pattern(unit or "", value == 1, lang).format(n=text)


def format_fact_value(fact: Fact, value: Any, lang: Lang, yes: str, no: str) -> str:
    """A fact's value as a user reads it."""
    if isinstance(value, bool):
        return yes if value else no
    if fact.type == "enum":
        for option in fact.values or []:
            if option.id == value:
                return option.label.get(lang)
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (int, float)):
        return format_quantity(value, fact.unit, lang)
    return str(value)
