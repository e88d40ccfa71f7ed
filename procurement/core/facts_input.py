"""Turning raw answers (JSON values or CSV text) into a validated, typed case."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from procurement.core.errors import InputError, UnsupportedDateError, shown
from procurement.core.model import Fact
from procurement.core.model.common import Lang
from procurement.core.numbers import NumberError, parse_number
from procurement.core.ruleset import RuleSet
from procurement.core.suggest import did_you_mean

__all__ = ["Case", "parse_case", "parse_value"]

_TRUE = {"true", "ja", "yes", "1", "sant"}
_FALSE = {"false", "nej", "no", "0", "falskt"}
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# Beyond any real contract value; also keeps arithmetic and formatting well-behaved.
_MAX_NUMBER = 10**15


@dataclass(frozen=True)
class Case:
    """A validated case: known facts only (absent means unknown), and the date applied."""

    facts: Mapping[str, Any]
    as_of: dt.date
    as_of_defaulted: bool


def parse_case(
    ruleset: RuleSet,
    data: Mapping[str, Any],
    *,
    text: bool = False,
    row: int | None = None,
    today: dt.date | None = None,
    lang: str = "en",
) -> Case:
    """Validate raw answers against the declared facts; raise :class:`InputError` naming the field.

    ``text=True`` reads values written as text (CSV cells): '' is unknown, 'ja'/'true' true.
    """
    if not isinstance(data, Mapping):
        raise InputError("case", "expected a JSON object whose keys are fact ids", row)
    facts: dict[str, Any] = {}
    for key, raw in data.items():
        fact = ruleset.facts.get(str(key))
        if fact is None:
            hint = did_you_mean(str(key), ruleset.facts)
            raise InputError(str(key), f"unknown fact{hint}", row)
        value = parse_value(fact, raw, text=text, row=row, lang=lang)
        if value is not None:
            facts[fact.id] = value
    defaulted = False
    date_fact = next((f for f in ruleset.facts.values() if f.default == "today"), None)
    if date_fact is not None and date_fact.id not in facts:
        facts[date_fact.id] = today or dt.date.today()
        defaulted = True
    as_of: dt.date = facts[date_fact.id] if date_fact else (today or dt.date.today())
    if as_of < ruleset.meta.supported_from:
        template = ruleset.message("unsupported_date").get("sv" if lang == "sv" else "en")
        raise UnsupportedDateError(
            date_fact.id if date_fact else "as_of",
            template.format(
                date=as_of.isoformat(), supported_from=ruleset.meta.supported_from.isoformat()
            ),
            row,
        )
    for constraint, compiled in ruleset.constraints:
        if compiled.condition.evaluate(facts) is True:
            message = constraint.message.get("sv" if lang == "sv" else "en")
            raise InputError(constraint.field, message, row)
    return Case(facts, as_of, defaulted)


def parse_value(
    fact: Fact, raw: Any, *, text: bool = False, row: int | None = None, lang: str = "en"
) -> Any:
    """One answer, typed; None when unknown. Raise InputError saying what was expected.

    Numbers written as text are read the Swedish way (procurement.core.numbers): "1 800 000",
    "1,8"; an ambiguous "1.800" is refused, its message in ``lang``."""
    if raw is None or (isinstance(raw, float) and math.isnan(raw) and text):
        return None
    if text:
        if not isinstance(raw, str):
            raw = str(raw)
        raw = raw.strip()
        if raw == "":
            return None
    kind = fact.type
    if kind == "bool":
        return _bool(fact, raw, text, row)
    if kind in ("number", "integer"):
        if text and isinstance(raw, str):
            return _number_text(fact, raw, row, "sv" if lang == "sv" else "en")
        return _number(fact, raw, row)
    if kind == "enum":
        allowed = fact.value_ids()
        if not isinstance(raw, str) or raw not in allowed:
            hint = did_you_mean(str(raw), allowed) if isinstance(raw, str) else ""
            raise InputError(
                fact.id, f"expected one of {', '.join(allowed)}, got {shown(raw)}{hint}", row
            )
        return raw
    if kind == "date":
        if isinstance(raw, dt.date) and not isinstance(raw, dt.datetime):
            return raw
        if isinstance(raw, str) and _ISO_DATE.fullmatch(raw):
            try:
                return dt.date.fromisoformat(raw)
            except ValueError:
                pass
        raise InputError(fact.id, f"expected a date YYYY-MM-DD, got {shown(raw)}", row)
    raise InputError(fact.id, f"unsupported fact type {kind}", row)  # pragma: no cover


def _bool(fact: Fact, raw: Any, text: bool, row: int | None) -> bool:
    if isinstance(raw, bool):
        return raw
    if text and isinstance(raw, str):
        low = raw.lower()
        if low in _TRUE:
            return True
        if low in _FALSE:
            return False
    raise InputError(fact.id, f"expected true or false, got {shown(raw)}", row)


def _number_text(fact: Fact, raw: str, row: int | None, lang: Lang) -> int | float:
    """A number written in a table cell: Swedish, or a point where it can only be decimals."""
    try:
        value = parse_number(
            raw,
            "sv",
            label=fact.id,
            integer=fact.type == "integer",
            minimum=fact.minimum,
            unit=fact.unit,
            message_lang=lang,
            point_decimal=True,
        )
    except NumberError as exc:
        raise NumberError(fact.id, exc.reason, exc.detail, row) from None
    assert value is not None  # the cell was not blank
    return value


def _number(fact: Fact, raw: Any, row: int | None) -> int | float:
    expected = "a whole number" if fact.type == "integer" else "a number"
    if fact.minimum is not None:
        expected += f" >= {fact.minimum:g}"
    value: Any = raw
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise InputError(fact.id, f"expected {expected}, got {shown(raw)}", row)
    if abs(value) >= _MAX_NUMBER or (isinstance(value, float) and not math.isfinite(value)):
        raise InputError(fact.id, f"expected {expected} below 10^15, got {shown(raw)}", row)
    if fact.type == "integer":
        if value != int(value):
            raise InputError(fact.id, f"expected {expected}, got {shown(raw)}", row)
        value = int(value)
    elif isinstance(value, float) and value.is_integer():
        value = int(value)
    if fact.minimum is not None and value < fact.minimum:
        raise InputError(fact.id, f"expected {expected}, got {shown(raw)}", row)
    number: int | float = value
    return number
