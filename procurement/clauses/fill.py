"""Filling a clause: checking each variable's value and putting it into the text."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from typing import Any

from procurement.clauses.model import Clause, Variable
from procurement.core.document_text import character_name, unfit_character
from procurement.core.errors import InputError
from procurement.core.formatting import format_number, format_quantity
from procurement.core.limits import NUMBER_LIMIT
from procurement.core.model.common import Lang
from procurement.core.ruleset import RuleSet
from procurement.core.suggest import did_you_mean
from procurement.core.texts import texts

__all__ = ["amount_texts", "check_value", "expected", "fill_text", "format_value"]

Value = int | float | str
_T = texts("clauses")


class _Amounts(dict[str, str]):
    """Formatted amounts for a text; a missing one is an error naming it."""

    def __init__(self, values: Mapping[str, str], where: str) -> None:
        super().__init__(values)
        self.where = where

    def __missing__(self, key: str) -> str:
        raise InputError(f"{self.where}.{key}", "no amount given for this placeholder")


def expected(var: Variable, lang: Lang) -> str:
    """What a variable accepts, in words: 'ett heltal ≥ 1', 'ett av: a, b'."""
    if var.type == "choice":
        options = ", ".join(f"'{c.id}' ({c.label.get(lang)})" for c in var.choices or [])
        return _T("expect_choice", lang, options=options)
    if var.type == "text":
        return _T("expect_text", lang, n=var.max_length)
    kind = _T("expect_integer" if var.type == "integer" else "expect_number", lang)
    bounds = []
    if var.minimum is not None:
        bounds.append(f"≥ {format_number(var.minimum, lang)}")
    if var.maximum is not None:
        bounds.append(f"≤ {format_number(var.maximum, lang)}")
    return " ".join([kind, *bounds])


def check_value(var: Variable, raw: Any, field: str, lang: Lang) -> Value:
    """``raw`` as the variable's type, or :class:`InputError` naming ``field``."""

    def bad() -> InputError:
        return InputError(field, _T("bad_value", lang, expected=expected(var, lang), got=raw))

    if var.type == "text":
        if not isinstance(raw, str):
            raise bad()
        unfit = unfit_character(raw)
        if unfit is not None:
            raise InputError(field, _T("control_character", lang, char=character_name(unfit)))
        text = " ".join(raw.split())
        if not text or len(text) > var.max_length:
            raise bad()
        return text
    if var.type == "choice":
        if not isinstance(raw, str) or raw not in {c.id for c in var.choices or []}:
            raise bad()
        return raw
    if isinstance(raw, bool) or not isinstance(raw, (int, float)):
        raise bad()
    if (isinstance(raw, int) and abs(raw) >= NUMBER_LIMIT) or not math.isfinite(raw):
        raise bad()
    if var.type == "integer":
        if isinstance(raw, float) and not raw.is_integer():
            raise bad()
        raw = int(raw)
    if (var.minimum is not None and raw < var.minimum) or (
        var.maximum is not None and raw > var.maximum
    ):
        raise bad()
    value: int | float | str = raw
    return value


def format_value(var: Variable, value: Value, lang: Lang) -> str:
    """A checked value as it reads in the clause text."""
    if var.type == "choice":
        return next(c.label.get(lang) for c in var.choices or [] if c.id == value)
    if var.type == "text":
        return str(value)
    return format_quantity(float(value), var.unit, lang)


def amount_texts(ruleset: RuleSet, day: dt.date, lang: Lang) -> dict[str, str]:
    """Every amount in force on ``day``, formatted, for ``{amount}`` placeholders in
    clause texts (an amount with no confirmed figure reads as 'not given')."""
    out: dict[str, str] = {}
    for ident, resolved in ruleset.amounts_on(day).items():
        value = resolved.value
        if isinstance(value, (int, float)) and resolved.period and resolved.period.verified:
            out[ident] = format_quantity(value, resolved.amount.unit, lang)
        else:
            out[ident] = _T("not_given", lang)
    return out


def fill_text(
    clause: Clause,
    values: Mapping[str, Any],
    lang: Lang,
    field: str = "",
    amounts: Mapping[str, str] | None = None,
) -> str:
    """The clause text with every variable filled; :class:`InputError` names the first one
    that is missing or invalid (``field`` prefixes its name, e.g. ``clauses[0].variables``).
    ``amounts`` are the formatted amounts of :func:`amount_texts`."""
    where = field or clause.id
    shown: dict[str, str] = dict(amounts or {})
    for var in clause.variables:
        name = f"{where}.{var.id}"
        if values.get(var.id) is None:
            raise InputError(
                name,
                _T(
                    "missing_value",
                    lang,
                    label=var.label.get(lang),
                    clause=clause.title.get(lang),
                    expected=expected(var, lang),
                ),
            )
        shown[var.id] = format_value(var, check_value(var, values[var.id], name, lang), lang)
    unknown = sorted(set(values) - {v.id for v in clause.variables})
    if unknown:
        declared = ", ".join(v.id for v in clause.variables) or "–"
        hint = did_you_mean(unknown[0], [v.id for v in clause.variables])
        raise InputError(
            f"{where}.{unknown[0]}", _T("unknown_variable", lang, known=declared) + hint
        )
    return clause.text.get(lang).format_map(_Amounts(shown, where))
