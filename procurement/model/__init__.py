"""The YAML rule format as frozen pydantic models (one file = one :class:`RuleFile`)."""

from procurement.model.amounts import Amount, AmountPeriod, Source
from procurement.model.common import Reference, Text
from procurement.model.decisions import (
    Constraint,
    DerivedCase,
    DerivedValue,
    Obligation,
    Recommendation,
    Route,
    Rule,
    Variant,
    Warning_,
)
from procurement.model.facts import EnumValue, Fact
from procurement.model.rulefile import RuleFile, RulesetMeta

__all__ = [
    "Amount",
    "AmountPeriod",
    "Constraint",
    "DerivedCase",
    "DerivedValue",
    "EnumValue",
    "Fact",
    "Obligation",
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
