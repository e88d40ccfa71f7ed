"""The public result: the :class:`Assessment` of interface.md, rendered in one language."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from procurement.core.model.common import Listing, Status

__all__ = [
    "AmountUse",
    "Assessment",
    "ObligationOut",
    "ReasonOut",
    "RouteOut",
    "RulesetInfo",
    "ThresholdOut",
    "TraceOut",
    "VariantOut",
    "WarningOut",
    "chosen_target",
]


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True)


class ReasonOut(_Out):
    """A plain-language reason with its legal references."""

    text: str
    references: list[str]
    unconfirmed_references: list[str] = []


class VariantOut(_Out):
    """The status of one variant of a route."""

    label: str
    status: Status
    reasons: list[ReasonOut]


class RouteOut(_Out):
    """The status of one route, why, and what it still needs."""

    label: str
    status: Status
    reasons: list[ReasonOut]
    missing_facts: list[str] = []
    variants: dict[str, VariantOut] | None = None


class ObligationOut(_Out):
    """A duty that follows; ``may_apply`` when it depends on an unanswered question."""

    id: str
    text: str
    references: list[str]
    status: Listing = "applies"
    checklist: list[str] = []
    checklist_source: str | None = None


class WarningOut(_Out):
    """Something the user must weigh: unconfirmed amounts, narrow exceptions, unsettled law."""

    id: str
    text: str
    references: list[str] = []


class AmountUse(_Out):
    """An amount as used on the case's date, with its date range and source."""

    id: str
    label: str
    value: int | float | None
    unit: str
    eur: int | float | None = None
    valid_from: dt.date | None
    valid_to: dt.date | None
    source: str | None
    url: str | None
    confirmed: bool
    estimated_range: list[int | float] | None = None
    # Whether the EUR figure is confirmed (null when there is none).
    eur_confirmed: bool | None = None
    # Entered by the installation's administrator (VAGVAL_LOCAL_AMOUNTS), not shipped.
    entered_locally: bool = False


class ThresholdOut(AmountUse):
    """An amount used by the assessment, and under which names it was used."""

    used_as: list[str] = []


class TraceOut(_Out):
    """One evaluated condition."""

    step: str
    id: str
    target: str | None
    condition: str
    result: Literal["true", "false", "unknown"]
    outcome: str | None
    decisive: bool
    facts: dict[str, Any]
    amounts: list[AmountUse]


class RulesetInfo(_Out):
    """Which rules were applied and how current their sources are."""

    id: str
    version: str
    reviewed: dt.date
    checked_until: dt.date


class Assessment(_Out):
    """Facts in, assessment out: the keys of interface.md, plus a few more."""

    as_of: dt.date
    ruleset_version: str
    language: Literal["sv", "en"]
    value_band: Literal[
        "below_direct_award_limit", "below_eu_threshold", "above_eu_threshold", "uncertain"
    ]
    thresholds: dict[str, ThresholdOut]
    routes: dict[str, RouteOut]
    recommended_route: str | None
    # The recommended route as a target: ``route.variant`` for a route with variants (e.g.
    # ``reserved_contract.4_18``), else the route id; null like ``recommended_route``.
    recommended_target: str | None = None
    obligations: list[ObligationOut]
    warnings: list[WarningOut]
    missing_facts: list[str]
    facts: dict[str, Any]
    ruleset: RulesetInfo
    trace: list[TraceOut]


def chosen_target(assessment: Assessment) -> str | None:
    """The recommended route of an assessment as a target id (``route.variant`` when the
    route has variants): the assessment's own ``recommended_target``, or for one saved before
    it carried that, the variant marked recommended."""
    if assessment.recommended_target is not None:
        return assessment.recommended_target
    route_id = assessment.recommended_route
    if route_id is None:
        return None
    route = assessment.routes[route_id]
    for variant_id, variant in (route.variants or {}).items():
        if variant.status == "recommended":
            return f"{route_id}.{variant_id}"
    return route_id
