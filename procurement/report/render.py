"""Rendering an :class:`Evaluation` into an :class:`Assessment` in Swedish or English."""

from __future__ import annotations

import datetime as dt
import string
from functools import lru_cache
from typing import Any, overload

from procurement.core.conditions import Interval
from procurement.core.evaluation import (
    AmountRef,
    Evaluation,
    FactList,
    Quantity,
    Reason,
    TraceEntry,
)
from procurement.core.formatting import format_fact_value, format_number, format_quantity
from procurement.core.model import Text
from procurement.core.model.common import Lang
from procurement.core.ruleset import RuleSet
from procurement.report.assessment import (
    AmountUse,
    Assessment,
    ObligationOut,
    ReasonOut,
    RouteOut,
    RulesetInfo,
    ThresholdOut,
    TraceOut,
    VariantOut,
    WarningOut,
)

__all__ = [
    "Renderer",
    "jsonable",
    "render",
    "trace_out",
    "unconfirmed_references",
    "unconfirmed_warning",
]

_FORMATTER = string.Formatter()


@lru_cache(maxsize=2048)
def _template(source: str) -> tuple[tuple[str, str | None], ...]:
    """A message's literal parts and parameter names, parsed once."""
    return tuple((literal, name) for literal, name, _spec, _conv in _FORMATTER.parse(source))


class Renderer:
    """Formats texts of one evaluation in one language."""

    def __init__(self, ruleset: RuleSet, evaluation: Evaluation, lang: Lang) -> None:
        self.rs = ruleset
        self.ev = evaluation
        self.lang = lang
        self.unknown = ruleset.message("unknown_value").get(lang)
        self._amount_uses: dict[str, AmountUse] = {}

    def amount(self, name: str) -> str:
        ident = self.ev.derived_amounts.get(name, name)
        resolved = self.ev.amounts.get(ident)
        if resolved is None or resolved.value is None:
            return self.unknown
        if isinstance(resolved.value, Interval):
            eur = resolved.period.eur if resolved.period else None
            if eur is None:
                return self.unknown
            template = self.rs.message("amount_without_sek").get(self.lang)
            return template.format(eur=format_quantity(eur, "EUR", self.lang))
        return format_quantity(resolved.value, resolved.amount.unit, self.lang)

    def value(self, name: str, params: dict[str, Any]) -> str:
        if name in params:
            return self.param(params[name])
        if name in self.rs.facts:
            value = self.ev.values.get(name)
            if value is None:
                return self.unknown
            yes, no = (self.rs.message(k).get(self.lang) for k in ("yes", "no"))
            return format_fact_value(self.rs.facts[name], value, self.lang, yes, no)
        derived = self.rs.derived_by_id.get(name)
        if derived is not None and derived.spec.type == "number":
            value = self.ev.values.get(name)
            if value is None or isinstance(value, Interval):
                return self.unknown
            return format_quantity(value, derived.spec.unit, self.lang)
        if derived is not None and derived.spec.type == "enum":
            value = self.ev.values.get(name)
            for option in derived.spec.values or []:
                if option.id == value:
                    return option.label.get(self.lang)
            return self.unknown
        return self.amount(name)

    def param(self, value: Any) -> str:
        if value is None:
            return self.unknown
        if isinstance(value, FactList):
            return "; ".join(self.rs.facts[f].label.get(self.lang) for f in value.ids)
        if isinstance(value, AmountRef):
            return self.amount(value.id)
        if isinstance(value, Text):
            return value.get(self.lang)
        if isinstance(value, dt.date):
            return value.isoformat()
        if isinstance(value, Quantity):
            if value.value is None:
                return self.unknown
            return format_quantity(value.value, value.unit, self.lang)
        if isinstance(value, (int, float)):
            return format_number(value, self.lang)
        return str(value)

    def text(self, template: Text, params: dict[str, Any] | None = None) -> str:
        source = template.get(self.lang)
        params = params or {}
        parts: list[str] = []
        for literal, name in _template(source):
            parts.append(literal)
            if name is not None:
                parts.append(self.value(name, params))
        return "".join(parts)

    def reason(self, reason: Reason) -> ReasonOut:
        params = dict(reason.params or {})
        if "amount" in params and isinstance(params["amount"], AmountRef):
            ident = self.ev.derived_amounts.get(params["amount"].id, params["amount"].id)
            params["amount"] = self.rs.amounts[ident].label
        return ReasonOut(
            text=self.text(reason.text, params),
            references=[r.ref for r in reason.references],
            unconfirmed_references=[r.ref for r in reason.references if not r.verified],
        )

    def amount_use(self, ident: str) -> AmountUse:
        """The amount ``ident`` as used on the case's date (made once per rendering)."""
        use = self._amount_uses.get(ident)
        if use is None:
            use = self._amount_uses[ident] = self._make_amount_use(ident)
        return use

    def _make_amount_use(self, ident: str) -> AmountUse:
        resolved = self.ev.amounts[ident]
        period = resolved.period
        value = resolved.value
        exact = None if isinstance(value, Interval) else _number(value)
        return AmountUse(
            id=ident,
            label=resolved.amount.label.get(self.lang),
            value=exact,
            unit=resolved.amount.unit,
            eur=_number(period.eur) if period else None,
            valid_from=period.valid_from if period else None,
            valid_to=period.valid_to if period else None,
            source=period.source.title if period else None,
            url=period.source.url if period else None,
            confirmed=resolved.confirmed,
            estimated_range=[_number(value.lo), _number(value.hi)]
            if isinstance(value, Interval)
            else None,
            eur_confirmed=period.eur_confirmed if period else None,
            entered_locally=period is not None
            and self.rs.local_period(ident, period.valid_from) is not None,
        )


def render(ruleset: RuleSet, evaluation: Evaluation, lang: Lang = "sv") -> Assessment:
    """Render an evaluation in ``lang``."""
    r = Renderer(ruleset, evaluation, lang)
    routes: dict[str, RouteOut] = {}
    for ident, route in ruleset.routes.items():
        result = evaluation.routes[ident]
        variants = None
        if route.variants:
            variants = {}
            for variant in route.variants:
                part = evaluation.targets[f"{ident}.{variant.id}"]
                variants[variant.id] = VariantOut(
                    label=variant.label.get(lang),
                    status=part.status,
                    reasons=[r.reason(x) for x in part.reasons],
                )
        routes[ident] = RouteOut(
            label=route.label.get(lang),
            status=result.status,
            reasons=[r.reason(x) for x in result.reasons],
            missing_facts=[f for f in ruleset.facts if f in result.missing],
            variants=variants,
        )
    used_as: dict[str, list[str]] = {}
    for name, ident in evaluation.derived_amounts.items():
        used_as.setdefault(ident, []).append(name)
    thresholds = {
        ident: ThresholdOut(**r.amount_use(ident).model_dump(), used_as=used_as.get(ident, []))
        for ident in evaluation.used_amounts
    }
    specs = {o.id: o for o, _ in ruleset.obligations}
    obligations = []
    for item in evaluation.obligations:
        out = r.reason(item.reason)
        spec = specs[item.rule_id]
        source = spec.checklist_source
        obligations.append(
            ObligationOut(
                id=item.id,
                text=out.text,
                references=out.references,
                status=item.status,
                checklist=[c.get(lang) for c in spec.checklist],
                checklist_source=" – ".join(filter(None, [source.title, source.url]))
                if source
                else None,
            )
        )
    warnings = []
    for item in evaluation.warnings:
        out = r.reason(item.reason)
        warnings.append(WarningOut(id=item.id, text=out.text, references=out.references))
    warnings += unconfirmed_warning(r, unconfirmed_references(evaluation))
    trace = [trace_out(r, evaluation.values, e) for e in evaluation.trace]
    band = evaluation.outputs.get("value_band")
    meta = ruleset.meta
    return Assessment(
        as_of=evaluation.as_of,
        ruleset_version=ruleset.version,
        language=lang,
        value_band=band or "uncertain",  # type: ignore[arg-type]
        thresholds=thresholds,
        routes=routes,
        recommended_route=evaluation.recommended_route,
        recommended_target=evaluation.recommended_target,
        obligations=obligations,
        warnings=warnings,
        missing_facts=evaluation.missing_facts,
        facts={
            f: jsonable(evaluation.values[f])
            for f in ruleset.facts
            if evaluation.values.get(f) is not None
        },
        ruleset=RulesetInfo(
            id=meta.id,
            version=ruleset.version,
            reviewed=meta.reviewed,
            checked_until=meta.checked_until,
        ),
        trace=trace,
    )


def unconfirmed_warning(r: Renderer, references: list[str]) -> list[WarningOut]:
    """The warning listing unconfirmed references, when there are any."""
    if not references:
        return []
    message = r.rs.message("warning_unconfirmed_references")
    text = r.text(message, {"references": ", ".join(references)})
    return [WarningOut(id="unconfirmed_references", text=text, references=references)]


def trace_out(r: Renderer, values: dict[str, Any], e: TraceEntry) -> TraceOut:
    """One trace entry, with the fact values it read and the amounts it used."""
    # Built from the engine's own trusted values: no validation needed.
    return TraceOut.model_construct(
        step=e.step,
        id=e.id,
        target=e.target,
        condition=e.condition,
        result="unknown" if e.result is None else ("true" if e.result else "false"),
        outcome=e.outcome,
        decisive=e.decisive,
        facts={f: jsonable(values.get(f)) for f in e.facts},
        amounts=[r.amount_use(a) for a in e.amounts],
    )


def unconfirmed_references(evaluation: Evaluation) -> list[str]:
    """Every unconfirmed reference cited by a shown reason, obligation or warning."""
    reasons: list[Reason] = []
    for result in list(evaluation.routes.values()) + list(evaluation.targets.values()):
        reasons.extend(result.reasons)
    reasons.extend(item.reason for item in evaluation.obligations + evaluation.warnings)
    found: dict[str, None] = {}
    for reason in reasons:
        for ref in reason.references:
            if not ref.verified:
                found.setdefault(ref.ref, None)
    return list(found)


@overload
def _number(value: float) -> float | int: ...
@overload
def _number(value: None) -> None: ...
def _number(value: float | None) -> float | int | None:
    """Integral floats as ints, so that 700000.0 reads 700000."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def jsonable(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    return value
