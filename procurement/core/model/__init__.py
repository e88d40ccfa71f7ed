"""The YAML rule format as frozen pydantic models (one file = one :class:`RuleFile`)."""

from procurement.core.model.amounts import (
    Amount,
    AmountPeriod,
    CitedSource,
    LocalAmount,
    LocalAmountsFile,
    Source,
)
from procurement.core.model.common import Reference, Text
from procurement.core.model.decisions import (
    Check,
    Constraint,
    Criterion,
    DerivedCase,
    DerivedValue,
    Obligation,
    Outcomes,
    Recommendation,
    Route,
    Rule,
    Variant,
    Warning_,
)
from procurement.core.model.facts import EnumValue, Fact
from procurement.core.model.rulefile import RuleFile, RulesetMeta

__all__ = [
    "Amount",
    "AmountPeriod",
    "Check",
    "CitedSource",
    "Constraint",
    "Criterion",
    "DerivedCase",
    "DerivedValue",
    "EnumValue",
    "Fact",
    "LocalAmount",
    "LocalAmountsFile",
    "Obligation",
    "Outcomes",
    "Recommendation",
    "Reference",
    "Route",
    "Rule",
    "RuleFile",
    "RulesetMeta",
    "Source",
    "Text",
    "Variant",
    "Warning_",
]
