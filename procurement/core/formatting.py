"""Swedish-first formatting of numbers, amounts, dates and fact values (via Babel)."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Any

from babel.numbers import format_decimal

from procurement.core.model import Fact
from procurement.core.model.common import Lang

__all__ = ["format_fact_value", "format_number", "format_quantity"]

_LOCALES = {"sv": "sv_SE", "en": "en_GB"}
_LARGEST = 10**15
_UNITS: dict[str, dict[str, str]] = {
    "SEK": {"sv": "{n} kr", "en": "SEK {n}"},
    "EUR": {"sv": "{n} euro", "en": "EUR {n}"},
    "months": {"sv": "{n} månader", "en": "{n} months"},
    "days": {"sv": "{n} dagar", "en": "{n} days"},
    "share": {"sv": "{n} %", "en": "{n}%"},
    "SEK_per_EUR": {"sv": "{n} kr per euro", "en": "SEK {n} per EUR"},
    "persons": {"sv": "{n} personer", "en": "{n} persons"},
    "hours": {"sv": "{n} timmar", "en": "{n} hours"},
    "years": {"sv": "{n} år", "en": "{n} years"},
}
_ONE: dict[str, dict[str, str]] = {
    "months": {"sv": "{n} månad", "en": "{n} month"},
    "days": {"sv": "{n} dag", "en": "{n} day"},
    "persons": {"sv": "{n} person", "en": "{n} person"},
    "hours": {"sv": "{n} timme", "en": "{n} hour"},
    "years": {"sv": "{n} år", "en": "{n} year"},
}


@lru_cache(maxsize=4096)  # Babel's formatting is slow and the same amounts recur
def format_number(value: float, lang: Lang) -> str:
    """A number in the language's format: 700 000 (sv), 700,000 (en); spaces are no-break."""
    if abs(value) >= _LARGEST:  # beyond Babel's decimal context; never a real amount
        return f"{value:.6g}"
    return format_decimal(value, format="#,##0.####", locale=_LOCALES[lang])


def format_quantity(value: float, unit: str | None, lang: Lang) -> str:
    """A number with its unit, e.g. '700 000 kr' or '30 %' for a share of 0.3."""
    if unit == "share":
        value = round(value * 100, 4)
    text = format_number(value, lang)
    table = _ONE if value == 1 and (unit or "") in _ONE else _UNITS
    pattern = table.get(unit or "", {}).get(lang, "{n}")
    return pattern.format(n=text)


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
