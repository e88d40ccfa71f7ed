"""Comparing two results of the same case: which parts differ, shown side by side.

Used when a saved assessment is opened under today's rules (what would change) and by the
change report between two versions of the rules (``authoring/diff.py``). A result is reduced
to *aspects* – the recommended target, the value band, each route's and variant's status, the
duties, warnings and missing facts, or for supplier checks each check's and criterion's
status – and two are compared aspect by aspect.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from procurement.core.model.common import Lang, Text
from procurement.core.ruleset import RuleSet
from procurement.core.texts import texts
from procurement.report.assessment import Assessment, chosen_target
from procurement.report.check_report import CheckReport

__all__ = [
    "Aspect",
    "AspectTable",
    "aspects_table",
    "assessment_aspects",
    "check_aspects",
    "differences",
    "labels",
    "show_value",
]

# Shown first, with the error, when one result is an input error and the other is not.
HEADLINE = ("error", "recommended_route", "value_band")
_MAX_SHOWN = 200
_T = texts("comparison")
_STATUS = texts("report")


@dataclass(frozen=True)
class Aspect:
    """One part of the result that differs: ``old`` and ``new`` value (None: absent).

    Keys: ``error`` (the input error's text), ``recommended_route`` (the recommended target:
    a route id, or ``route.variant``), ``value_band``, ``route:<id>`` and
    ``variant:<route>.<variant>`` (statuses), ``obligations`` (sorted ``(id, status)`` pairs),
    ``warnings`` and ``missing_facts`` (ids); for supplier checks ``check:<id>`` and
    ``criterion:<check>.<criterion>`` (statuses).
    """

    key: str
    old: Any
    new: Any


def assessment_aspects(a: Assessment) -> dict[str, Any]:
    """The comparable result of a route assessment: aspect key -> value."""
    out: dict[str, Any] = {}
    out["recommended_route"] = chosen_target(a)
    out["value_band"] = a.value_band
    for route_id, route in a.routes.items():
        out[f"route:{route_id}"] = route.status
        for variant_id, variant in (route.variants or {}).items():
            out[f"variant:{route_id}.{variant_id}"] = variant.status
    out["obligations"] = tuple(sorted({(o.id, o.status) for o in a.obligations}))
    out["warnings"] = tuple(sorted({w.id for w in a.warnings}))
    out["missing_facts"] = tuple(a.missing_facts)
    return out


def check_aspects(report: CheckReport) -> dict[str, Any]:
    """The comparable result of the supplier checks: aspect key -> value."""
    out: dict[str, Any] = {}
    extra = report.model_extra or {}
    for check_id in report.checks:
        check = extra[check_id]
        out[f"check:{check_id}"] = check.status
        for criterion, status in check.criteria.items():
            out[f"criterion:{check_id}.{criterion}"] = status
    out["warnings"] = tuple(sorted({w.id for w in report.warnings}))
    out["missing_facts"] = tuple(report.missing_facts)
    return out


def differences(old: dict[str, Any], new: dict[str, Any]) -> tuple[Aspect, ...]:
    """The aspects whose values differ between two results, headline first on an error."""
    keys = list(dict.fromkeys([*old, *new]))
    if ("error" in old) != ("error" in new):
        keys = [k for k in keys if k in HEADLINE or k.startswith("check:")]
        keys = ["error", *(k for k in keys if k != "error")]
    return tuple(Aspect(k, old.get(k), new.get(k)) for k in keys if old.get(k) != new.get(k))


def labels(*rulesets: RuleSet) -> dict[str, Text]:
    """The labels of what aspects name: routes, variants, checks, criteria, value bands."""
    out: dict[str, Text] = {}
    for rs in rulesets:
        for route_id, route in rs.routes.items():
            out[route_id] = route.label
            for variant in route.variants:
                out[f"{route_id}.{variant.id}"] = variant.label
        for check in rs.checks:
            out[check.spec.id] = check.spec.label
            for criterion in check.spec.criteria:
                out[f"{check.spec.id}.{criterion.id}"] = criterion.label
        band = rs.derived_by_id.get("value_band")
        for value in (band.spec.values or []) if band else []:
            out[f"value_band:{value.id}"] = value.label
    return out


def show_value(value: Any) -> str:
    """A plain value as a short Markdown text (strings as code)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    text = " ".join(str(value).split())
    if len(text) > _MAX_SHOWN:
        text = text[: _MAX_SHOWN - 1] + "…"
    return f"`{text}`" if isinstance(value, str) else text


def cell(text: str) -> str:
    """Text for one Markdown table cell."""
    return " ".join(text.replace("|", "\\|").split())


class AspectTable:
    """Aspects as a Markdown table, with the rules' labels in one language."""

    def __init__(self, names: dict[str, Text], lang: Lang) -> None:
        self.names = names
        self.lang = lang

    def label(self, key: str) -> str:
        text = self.names.get(key)
        return text.get(self.lang) if text else key

    def status(self, status: str) -> str:
        try:
            return _STATUS(f"status_{status}", self.lang)
        except KeyError:
            return status

    def target(self, target: str) -> str:
        route, _, variant = target.partition(".")
        if not variant:
            return self.label(route)
        return f"{self.label(route)} – {self.label(target)}"

    def row_label(self, key: str) -> str:
        kind, _, ident = key.partition(":")
        if kind in ("route", "variant", "check", "criterion"):
            return self.target(ident)
        return _T(key, self.lang) if key in _T else key

    def value(self, key: str, value: Any, other: Any) -> str:
        if key == "error":
            return _T("valid", self.lang) if value is None else f"`{value}`"
        if value is None:
            return _T("none", self.lang)
        if key == "recommended_route":
            return self.target(value) if value else _T("no_recommendation", self.lang)
        if key == "value_band":
            return self.label(f"value_band:{value}")
        if key.partition(":")[0] in ("route", "variant", "check", "criterion"):
            return self.status(value)
        if key in ("obligations", "warnings", "missing_facts"):
            return self.items(key, value, other or ())
        return show_value(value)

    def items(self, key: str, items: tuple[Any, ...], other: tuple[Any, ...]) -> str:
        if not items:
            return _T("none", self.lang)
        shown = []
        for item in items:
            if key == "obligations":
                ident, status = item
                may = f" ({_T('may_apply', self.lang)})" if status == "may_apply" else ""
                text = f"`{ident}`{may}"
            else:
                text = f"`{item}`"
            shown.append(text if item in other else f"**{text}**")
        return ", ".join(shown)

    def table(self, aspects: Sequence[Aspect], old: str, new: str) -> list[str]:
        lines = [f"| | {cell(old)} | {cell(new)} |", "|---|---|---|"]
        for a in aspects:
            row = [
                self.row_label(a.key),
                self.value(a.key, a.old, a.new),
                self.value(a.key, a.new, a.old),
            ]
            lines.append("| " + " | ".join(cell(x) for x in row) + " |")
        return lines


def aspects_table(
    rules: RuleSet, aspects: Sequence[Aspect], old: str, new: str, lang: Lang = "sv"
) -> str:
    """A Markdown table of the aspects that differ, with column headings ``old`` and ``new``
    (e.g. a saved assessment against the same facts under today's rules)."""
    return "\n".join(AspectTable(labels(rules), lang).table(aspects, old, new)) + "\n"
